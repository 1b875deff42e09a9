"""Captions and photo credits printed as paragraphs of the body: small invented pages, one rule each."""

from __future__ import annotations

from parsers import parse_article

URL = "https://news.example.com/harbour/story-2"
P = "The harbour committee met on Tuesday to discuss the new ferry timetable for the coming winter."
Q = "Members agreed that the early morning crossing would move thirty minutes later from next month."
CAPTION = "The old ferry leaves the north pier at dawn on Monday, watched by a few early walkers."


def _paragraphs(inside: str) -> tuple[str, ...]:
    html = f"<html><body><article><h1>Ferry</h1><p>{P}</p>{inside}<p>{Q}</p></article></body></html>"
    return parse_article(html, URL, strict=True).paragraphs


def test_a_caption_and_credit_line_printed_as_paragraphs_beside_a_picture_leave_the_body() -> None:
    block = f"<div><span><img src='/a.jpg'></span><p>{CAPTION}</p><p>Image: Jane Example</p></div>"
    assert _paragraphs(block) == (P, Q)


def test_a_paragraph_repeating_a_figure_caption_and_its_credit_leaves_the_body() -> None:
    figure = f"<figure><img src='/a.jpg'><figcaption>{CAPTION} <span>Photo: Jane Example</span></figcaption></figure>"
    assert _paragraphs(f"{figure}<p>{CAPTION} Photo by Jane Example</p>") == (P, Q)


def test_a_credit_line_alone_leaves_the_body_but_a_sentence_about_photos_stays() -> None:
    sentence = "Photos of the crossing were shown to members, who said the pier needs repair."
    assert _paragraphs(f"<p>Foto: dpa</p><p>{sentence}</p>") == (P, sentence, Q)
