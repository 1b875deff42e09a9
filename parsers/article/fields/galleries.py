"""Photo galleries embedded in a story: the legend of a slideshow printed as a list inside the story's text.

A gallery's legend is a list whose every item opens with the slide's counter ("1/50", "2 of 12") and holds that
photo's title, caption and credit. Printed between paragraphs of the story, it is a box of captions beside the
story, however much longer than the story it is; it neither chooses the body's container nor is printed in it.
A slideshow that is the story itself (slides after a lead, nothing after them) is not embedded and stays.
"""

from __future__ import annotations

import re

from bs4.element import Tag

from parsers.article.document import Page
from parsers.article.text import node_text

# The counter that opens each item of a gallery's legend: "1/50", "2 / 12", "3 of 12".
COUNTER = re.compile(r"\s*(\d{1,3})\s*(?:/|of)\s*(\d{1,3})(?!\d)")
MIN_SLIDES = 3
# How far above the legend the story's paragraphs may stand (the gallery wrapped in a widget or two).
LEVELS = 5
WORD = re.compile(r"[^\W_]")


def embedded_galleries(page: Page) -> frozenset[int]:
    """Ids of the lists that are the legend of a gallery printed between paragraphs of a story."""
    return frozenset(id(tag) for name in ("ul", "ol") for tag in page.named(name) if _embedded_legend(tag))


def _embedded_legend(listing: Tag) -> bool:
    items = listing.find_all("li", recursive=False)
    return len(items) >= MIN_SLIDES and _counted(items) and _between_paragraphs(listing)


def _counted(items: list[Tag]) -> bool:
    """Every item opens with a counter of the same total, numbered from the first up."""
    totals: set[str] = set()
    for number, item in enumerate(items, start=1):
        found = COUNTER.match(node_text(item))
        if not found or int(found.group(1)) != number:
            return False
        totals.add(found.group(2))
    return len(totals) == 1


def _between_paragraphs(listing: Tag) -> bool:
    """An ancestor close above the list prints paragraphs of text both before and after the branch holding it."""
    branch = listing
    for parent in list(listing.parents)[:LEVELS]:
        before = _paragraph(branch.find_previous_siblings("p"))
        after = _paragraph(branch.find_next_siblings("p"))
        if before and after:
            return True
        branch = parent
    return False


def _paragraph(siblings: list[Tag]) -> bool:
    return any(WORD.search(node_text(sibling)) for sibling in siblings)
