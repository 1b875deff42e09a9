"""Captions and photo credits that a page prints again as paragraphs of the body.

A paragraph that repeats a found photo's caption (perhaps with its credit after it: "… Photo by Jane Doe /AP"),
and a short credit line printed alone ("Photo: AFP", "Image: Jane Doe"), belong to the photo, not the story.
"""

from __future__ import annotations

from parsers.article.fields.credits import LABELLED, reads_as_credit
from parsers.article.model import Photo
from parsers.article.text import fold


def without_captions(paragraphs: tuple[str, ...], photos: tuple[Photo, ...]) -> tuple[str, ...]:
    """``paragraphs`` without the photos' captions and the credit lines printed among them (all of them when
    nothing else is left: a body is never emptied)."""
    captions = [(fold(photo.caption), fold(photo.credit or "")) for photo in photos if photo.caption]
    kept = tuple(
        text for text in paragraphs if not _credit_line(text) and not (captions and _repeats(fold(text), captions))
    )
    return kept or paragraphs


def _credit_line(text: str) -> bool:
    """A labelled credit printed as a paragraph of its own."""
    return LABELLED.match(text) is not None and reads_as_credit(text, names=False)


def _repeats(text: str, captions: list[tuple[str, str]]) -> bool:
    """The paragraph is a caption, or a caption and then its credit (and little else: "(Jane Doe/AP)")."""
    for caption, credit in captions:
        if text == caption:
            return True
        if (
            credit
            and text.startswith(caption)
            and text.rstrip(")").endswith(credit)
            and len(text) <= len(caption) + 2 * len(credit) + 20
        ):
            return True
    return False
