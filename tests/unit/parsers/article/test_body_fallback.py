"""Unit tests of the body fallback (parsers.article.fields.body_fallback), each on a small page written for the
rule: the story is found however the page is built, and furniture stays out of it."""

from __future__ import annotations

from parsers import parse_article
from parsers.article.fields.body_fallback import FALLBACK

URL = "https://blog.example/2024/05/lighthouse"
FIRST = "The old lighthouse on the north cape was switched off last winter after a hundred and twenty years."
SECOND = "Volunteers from the village have since repainted the tower and repaired the spiral staircase inside."
THIRD = "They hope to open the gallery to visitors next summer, once the county has inspected the railings."
FOURTH = "Guided walks along the cliff path will start from the harbour car park every Saturday morning."
STORY = [FIRST, SECOND, THIRD, FOURTH]


def page(inner: str) -> str:
    return f"<html><head><title>The lighthouse</title></head><body>{inner}</body></html>"


def loose(texts: list[str]) -> str:
    """Text written straight into a <div> between <br>s, with a photo block among it (so the <div> is no leaf)."""
    return f"{texts[0]}<br><div class='separator'><img src='/tower.jpg'></div><br>" + "<br><br>".join(texts[1:])


def sidebar() -> str:
    """A column of other posts: short items and links, some with a line of summary."""
    items = "".join(
        f"<div class='item'><a href='/p{i}'>Another post number {i}</a><div>A short summary of post {i}.</div></div>"
        for i in range(6)
    )
    return f"<div class='column-right'><h3>Popular posts</h3>{items}</div>"


def test_loose_text_between_breaks_is_the_body_and_the_sidebar_stays_out() -> None:
    post = loose(STORY)
    html = page(
        f"<div class='outer'><div class='post'><h1>The lighthouse</h1><div class='entry'>{post}</div></div>"
        f"{sidebar()}</div>"
    )
    article = parse_article(html, URL)
    assert list(article.paragraphs) == STORY  # the container search reads loose text now; the fallback is spare


def test_paragraphs_written_straight_into_the_page_body() -> None:
    html = page("<h1>The lighthouse</h1>" + "".join(f"<p>{text}</p>" for text in STORY))
    article = parse_article(html, URL)
    assert list(article.paragraphs) == STORY
    assert FALLBACK in article.warnings


def test_a_plain_text_document_in_pre_beside_a_link_bar() -> None:
    bar = "<div class='bar'>" + " ".join(f"[<a href='/d{i}'>Doc {i}</a>]" for i in range(8)) + "</div>"
    html = page(f"{bar}<pre>{FIRST}\n{SECOND}\n\n{THIRD}</pre>")
    article = parse_article(html, URL)
    assert article.body == f"{FIRST} {SECOND} {THIRD}"
    assert "Doc 3" not in article.body


def test_a_whole_page_in_a_form_keeps_its_story_and_drops_the_controls() -> None:
    post = loose(STORY)
    controls = "<input type='hidden' name='state' value='x'><label>Search the site</label><input name='q'>"
    html = page(
        f"<form action='/default.aspx'>{controls}<div class='main'><h1>The lighthouse</h1>"
        f"<div class='text'>{post}</div></div></form>"
    )
    article = parse_article(html, URL)
    assert list(article.paragraphs) == STORY
    assert "Search the site" not in article.body


def test_the_only_text_of_a_gallery_page_sits_in_its_header() -> None:
    # The header's <div> holds a share list too, so it is no leaf: the container search scores nothing.
    slides = "".join(f"<div class='slide'><img src='/g{i}.jpg'></div>" for i in range(5))
    html = page(
        f"<header class='article-header'><h1>The lighthouse</h1><div><strong>May 2024</strong> "
        f"{FIRST} {SECOND} {THIRD}<ul class='share'><li><a href='/s'>Share</a></li></ul></div></header>"
        f"<div class='gallery'>{slides}</div>"
    )
    article = parse_article(html, URL)
    assert article.body.endswith(f"{FIRST} {SECOND} {THIRD}")


def test_a_short_box_of_paragraphs_gives_way_to_a_story_many_times_longer() -> None:
    # The container search scores <p> elements only: here a one-paragraph notice, while the story is loose text.
    notice = "<div class='notice'><p>This post was written before the lighthouse was sold to the county.</p></div>"
    post = loose(STORY * 2)
    html = page(f"{notice}<div class='post'><h1>The lighthouse</h1><div class='entry'>{post}</div></div>")
    article = parse_article(html, URL)
    assert article.paragraphs[: len(STORY)] == tuple(STORY)
    assert "sold to the county" not in article.body


def test_a_story_found_beside_longer_comments_and_teasers_is_kept_as_it_is() -> None:
    comments = "".join(
        f"<div class='comment'><p>Reader {i} wrote: I remember climbing the lighthouse as a child with my "
        f"grandfather, and the view from the top over the whole bay was simply unforgettable.</p></div>"
        for i in range(8)
    )
    teasers = "".join(
        f"<li><a href='/t{i}'>Other story {i}</a><p>A line about story {i} today.</p></li>" for i in range(8)
    )
    story = "".join(f"<p>{text}</p>" for text in STORY)
    html = page(
        f"<article><h1>The lighthouse</h1>{story}</article><section class='comments'>{comments}</section>"
        f"<ul class='teasers'>{teasers}</ul>"
    )
    article = parse_article(html, URL)
    assert list(article.paragraphs) == STORY
    assert FALLBACK not in article.warnings
