"""Page furniture that stays in the body (captions and credits printed as paragraphs, sign-in and paywall
notices, pitches, "Read also" lines): small invented pages, one rule each."""

from __future__ import annotations

from parsers import parse_article

URL = "https://news.example.com/harbour/story-3"
P = "The harbour committee met on Tuesday to discuss the new ferry timetable for the coming winter."
Q = "Members agreed that the early morning crossing would move thirty minutes later from next month."
CAPTION = "The old ferry leaves the north pier at dawn on Monday, watched by a few early walkers."


def _paragraphs(inside: str) -> tuple[str, ...]:
    html = f"<html><body><article><h1>Ferry</h1><p>{P}</p>{inside}<p>{Q}</p></article></body></html>"
    return parse_article(html, URL, strict=True).paragraphs


def test_sign_in_and_paywall_notices_in_several_languages_leave_the_body() -> None:
    notices = (
        "Already a subscriber? Sign in here.",
        "Don't have an account? Create one for free.",
        "You have read 3 of 5 free articles this month.",
        "Déjà abonné ? Connectez-vous.",
        "¿Ya eres suscriptor? Inicia sesión.",
        "Sie haben 4 von 5 kostenlosen Artikeln gelesen.",
        "［有料会員限定］ この記事は会員限定です。",
    )
    assert _paragraphs("".join(f"<p>{notice}</p>" for notice in notices)) == (P, Q)


def test_a_sentence_of_the_story_about_subscribers_stays() -> None:
    sentence = "Subscribers to the ferry pass will keep their old fares until the end of the year, the board said."
    assert _paragraphs(f"<p>{sentence}</p>") == (P, sentence, Q)


def test_read_also_lines_in_several_languages_leave_the_body() -> None:
    lines = ("Leia também: O novo porto abre em maio", "Sur le même sujet", "Noticia relacionada", "İlgili haberler")
    assert _paragraphs("".join(f"<p>{line}</p>" for line in lines)) == (P, Q)


def test_affiliate_and_contact_pitches_leave_the_body() -> None:
    pitches = (
        "If you buy something using links in our stories, we may earn a commission.",
        "Get in touch with our news team by emailing us at news@example.com.",
        "Thanks for signing up!",
    )
    assert _paragraphs("".join(f"<p>{pitch}</p>" for pitch in pitches)) == (P, Q)


def test_a_caption_and_credit_line_printed_as_paragraphs_beside_a_picture_leave_the_body() -> None:
    block = f"<div><span><img src='/a.jpg'></span><p>{CAPTION}</p><p>Image: Jane Example</p></div>"
    assert _paragraphs(block) == (P, Q)


def test_a_paragraph_repeating_a_figure_caption_and_its_credit_leaves_the_body() -> None:
    figure = f"<figure><img src='/a.jpg'><figcaption>{CAPTION} <span>Photo: Jane Example</span></figcaption></figure>"
    assert _paragraphs(f"{figure}<p>{CAPTION} Photo by Jane Example</p>") == (P, Q)


def test_a_paragraph_repeating_a_caption_and_its_credit_in_brackets_leaves_the_body() -> None:
    figure = f"<figure><img src='/a.jpg'><figcaption>{CAPTION} (Jane Example/AP)</figcaption></figure>"
    assert _paragraphs(f"{figure}<p>{CAPTION} (Jane Example/AP)</p>") == (P, Q)


def test_a_credit_line_alone_leaves_the_body_but_a_sentence_about_photos_stays() -> None:
    sentence = "Photos of the crossing were shown to members, who said the pier needs repair."
    assert _paragraphs(f"<p>Foto: dpa</p><p>{sentence}</p>") == (P, sentence, Q)


def test_teaser_cards_printed_as_articles_after_the_story_article_leave_the_body() -> None:
    card = (
        "<article><div><a href='/other-{0}' class='overlay'></a><div><header><span>Kicker {0}</span> "
        "<span>Another headline of the region, number {0} today</span></header></div></div></article>"
    )
    cards = "".join(card.format(i) for i in range(8))
    # The story's last paragraph is printed after its <article>: the body is the page's <main>, cards and all.
    story = f"<article><h1>Ferry</h1><p>{P}</p><p>{Q}</p></article><div><p>{CAPTION}</p></div>"
    html = f"<html><body><main>{story}<div>{cards}</div></main></body></html>"
    assert parse_article(html, URL, strict=True).paragraphs == (P, Q, CAPTION)


def test_pitches_for_the_full_story_in_the_paper_or_behind_the_paywall_leave_the_body() -> None:
    pitches = (
        "For the full story and more photos, subscribe now to the Harbour Gazette.",
        "To read the rest of this story, pick up a copy of Thursday's print edition.",
        "Read the full story in this week's edition, on sale now.",
        "Pick up a copy of the Gazette for more on the ferry.",
        "Subscribe today for unlimited access to local news.",
        "Become a subscriber and support local journalism.",
    )
    assert _paragraphs("".join(f"<p>{pitch}</p>" for pitch in pitches)) == (P, Q)
    # a sentence of the story that tells of a full story or a copy stays
    sentence = "For the full story of the ferry, the committee said, residents should read the report in the library."
    assert _paragraphs(f"<p>{sentence}</p>") == (P, sentence, Q)
