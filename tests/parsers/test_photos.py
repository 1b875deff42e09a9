"""Photos: small pages written for one rule each, the exact photos asserted."""

from __future__ import annotations

from parsers import parse_article
from parsers.article import Photo

URL = "https://news.example.com/politics/story-1"
TEXT = "<p>" + "The council met on Monday to discuss the budget for the coming year. " * 3 + "</p>"
IMG = '<img src="/img/a.jpg">'
PHOTO = "https://news.example.com/img/a.jpg"


def _photos(inside: str, outside: str = "") -> tuple[Photo, ...]:
    html = f"<html><body>{outside}<article>{TEXT}{inside}{TEXT}</article></body></html>"
    return parse_article(html, URL, strict=True).photos


def test_credit_in_the_last_child_of_the_caption_is_split_off() -> None:
    figure = f"<figure>{IMG}<figcaption><span>Rain over the city.</span><span>Getty Images</span></figcaption></figure>"
    assert _photos(figure) == (Photo(PHOTO, "Rain over the city.", "Getty Images"),)


def test_credit_in_a_cite_after_the_caption_text_is_split_off() -> None:
    figure = f"<figure>{IMG}<figcaption><p>Rain over the city. <cite>AP</cite></p></figcaption></figure>"
    assert _photos(figure) == (Photo(PHOTO, "Rain over the city.", "AP"),)


def test_labelled_credit_in_a_classless_span_is_split_off() -> None:
    figure = f"<figure>{IMG}<figcaption>Regen über der Stadt <span>Foto: Jana Muster</span></figcaption></figure>"
    assert _photos(figure) == (Photo(PHOTO, "Regen über der Stadt", "Jana Muster"),)


def test_credit_printed_first_before_a_line_break_is_split_off() -> None:
    figure = f"<figure>{IMG}<figcaption><span>The Daily Example</span><br>Rain over the city.</figcaption></figure>"
    assert _photos(figure) == (Photo(PHOTO, "Rain over the city.", "The Daily Example"),)


def test_a_name_inside_the_caption_sentence_stays_in_the_caption() -> None:
    figure = f"<figure>{IMG}<figcaption>The mayor speaks in <span>Springfield</span></figcaption></figure>"
    assert _photos(figure) == (Photo(PHOTO, "The mayor speaks in Springfield", None),)


def test_emphasis_that_reads_as_no_credit_stays_in_the_caption() -> None:
    figure = (
        f"<figure>{IMG}<figcaption><span>Rain over the city.</span><em>more to come today</em></figcaption></figure>"
    )
    assert _photos(figure) == (Photo(PHOTO, "Rain over the city.more to come today", None),)


def test_alt_text_printed_after_the_image_is_its_caption_and_the_rest_its_credit() -> None:
    block = (
        '<div><picture><source srcset="/img/a.webp"><img src="/img/a.jpg" alt="Rain over the city centre">'
        "</picture></div><div><span>Rain over the city centre</span><small>© Jana Muster</small></div>"
    )
    assert _photos(block) == (Photo(PHOTO, "Rain over the city centre", "© Jana Muster"),)


def test_alt_text_printed_without_a_credit_is_a_caption_alone() -> None:
    block = '<div><img src="/img/a.jpg" alt="Rain over the city centre"></div><div>Rain over the city centre</div>'
    assert _photos(block) == (Photo(PHOTO, "Rain over the city centre", None),)


def test_alt_text_repeated_by_a_heading_or_a_paragraph_or_a_name_is_no_caption() -> None:
    teaser = '<div><img src="/img/a.jpg" alt="Budget talks stall again"></div><h3>Budget talks stall again</h3>'
    paragraph = (
        '<div><img src="/img/a.jpg" alt="Rain over the city centre"></div>'
        "<p>Rain over the city centre kept shoppers at home on Saturday, traders said.</p>"
    )
    avatar = '<div><img src="/img/a.jpg" alt="Jana Muster"></div><div>Jana Muster Politikwissenschaftlerin</div>'
    for block in (teaser, paragraph, avatar):
        assert all(photo.caption is None for photo in _photos(block))
