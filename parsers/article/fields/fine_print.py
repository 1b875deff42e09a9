"""Fine print: the body's last paragraph set in italics or small print, as sites set the footer, credit line or
newsletter pitch they put under a story they copied ("<p><em>This story was provided by ...</em></p>").

Only marks the paragraph (``Article.fine_print``); the body keeps it. Story labels never count it as new text.
"""

from __future__ import annotations

import re

from bs4 import Tag
from bs4.element import NavigableString

from parsers.article.boilerplate import class_words
from parsers.article.text import elements, fold, node_text

BLOCKS = frozenset({"p", "div"})
TAIL_BLOCKS = 4
"""Blocks looked at from the end of the container for the last paragraph."""
MAX_FINE_PRINT = 300
"""Characters: a longer last paragraph is story text, however it is set."""
FINE_TAGS = frozenset({"em", "i", "small", "sub", "sup"})
FINE_CLASS_WORDS = frozenset({"italic", "italics", "small", "smaller", "fine", "footnote", "disclaimer", "smallprint"})
FINE_STYLE = re.compile(r"font-style\s*:\s*italic|font-size\s*:\s*(?:x{0,2}-?small|smaller|0?\.\d+\s*(?:em|rem))", re.I)
# Elements that only carry text on: their words are fine print when all they hold is.
CARRIERS = frozenset({"a", "span", "strong", "b", "font", "p", "div"})


def fine_print(container: Tag | None, paragraphs: tuple[str, ...]) -> bool:
    """True when the block printing the body's last paragraph sets all its text in italics or small print."""
    if container is None or not paragraphs or len(paragraphs[-1]) > MAX_FINE_PRINT:
        return False
    last = fold(paragraphs[-1])
    blocks = [b for b in elements(container, BLOCKS) if not any(True for _ in elements(b, BLOCKS))]
    for block in reversed(blocks[-TAIL_BLOCKS:]):
        if fold(node_text(block)) == last:
            return _fine(block)
    return False


def _set_fine(tag: Tag) -> bool:
    if tag.name in FINE_TAGS:
        return True
    style = tag.attrs.get("style")
    return bool(style and FINE_STYLE.search(str(style))) or bool(class_words(tag) & FINE_CLASS_WORDS)


def _fine(node: Tag) -> bool:
    """All of the visible text under ``node`` is set in italics or small print."""
    if _set_fine(node):
        return True
    if node.name not in CARRIERS:
        return False
    printed = False
    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString and child.strip():
                return False
        elif isinstance(child, Tag) and node_text(child):
            if not _fine(child):
                return False
            printed = True
    return printed
