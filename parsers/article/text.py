"""Text normalisation shared by the field extractors."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

from bs4.element import NavigableString, PageElement, RubyParenthesisString, RubyTextString, Tag

from parsers.article import vocabulary
from parsers.typography import QUOTE_FOLDS

# Characters that carry no text: zero-width spaces and joiners, soft hyphens, BOM.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
# Screen-reader-only phrases some sites append to links (data/screen_reader_phrases/).
_SCREEN_READER = re.compile(rf",?\s*\(?(?:{vocabulary.alternation('screen_reader_phrases')})\)?", re.IGNORECASE)
# Every phrase of _SCREEN_READER has one of these words ("new", "neuen", "nouvel", …): the phrases are
# looked for only in text that has one, as searching them everywhere costs more than all the rest of clean().
_SCREEN_READER_HINT = re.compile("|".join(map(re.escape, vocabulary.words("screen_reader_hints"))), re.IGNORECASE)
_QUOTES = tuple(QUOTE_FOLDS.items())
# A <br> is kept as a marker so that two in a row can split paragraphs; clean() turns it into a space.
LINE_BREAK = "\ue000"
_BLANK_LINE = re.compile("\ue000\\s*\ue000[\\s\ue000]*")
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "button"})
# Printed strings: plain text, and ruby readings with their fallback parentheses ("尹錫悦（ユンソンニョル）");
# comments, CDATA and declarations are not printed.
_TEXT_STRINGS = frozenset({NavigableString, RubyTextString, RubyParenthesisString})
_BLOCK_SPACE = (" ", " ")
_NO_SPACE = ("", "")
_AROUND = dict.fromkeys(("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "tr"), _BLOCK_SPACE)
_READING = ("（", "）")


def clean(text: str | None) -> str:
    """Collapse white space, drop invisible characters and screen-reader phrases."""
    if not text:
        return ""
    # str.split() and re's \s agree on what is white space; splitting is faster than a substitution.
    text = " ".join(_INVISIBLE.sub("", text).replace(LINE_BREAK, " ").split())
    if _SCREEN_READER_HINT.search(text):
        # On collapsed white space: the pattern's \s* tried at each of a long run of blanks costs the run's square.
        text = " ".join(_SCREEN_READER.sub("", text).split())
    return text


def fold(text: str) -> str:
    """A comparison key: NFKC, unified quotes and dashes, collapsed white space, lower case."""
    text = unicodedata.normalize("NFKC", text)
    for quote, plain in _QUOTES:
        if quote in text:
            text = text.replace(quote, plain)
    return " ".join(text.split()).lower()


def node_text(node: Tag) -> str:
    """The visible text of a node, with inline elements joined and scripts skipped."""
    parts: list[str] = []
    _collect(node.contents, parts)
    return clean("".join(parts))


def node_paragraphs(node: Tag) -> list[str]:
    """The visible text of a node split where it prints an empty line (``<br><br>``)."""
    return run_paragraphs(node.contents)


def run_paragraphs(nodes: Iterable[PageElement]) -> list[str]:
    """The visible text of a run of sibling nodes, split where it prints an empty line."""
    parts: list[str] = []
    _collect(nodes, parts)
    return [text for chunk in _BLANK_LINE.split("".join(parts)) if (text := clean(chunk))]


def _collect(nodes: Iterable[PageElement], parts: list[str]) -> None:
    for child in nodes:
        kind = type(child)
        if kind is NavigableString:
            parts.append(child)  # type: ignore[arg-type]  # a NavigableString is a str
        elif isinstance(child, Tag):
            name = child.name
            if name in _SKIP_TAGS or (child.attrs and _hidden(child)):
                continue
            if name == "br":
                parts.append(LINE_BREAK)
                continue
            before, after = _AROUND.get(name, _NO_SPACE)
            if name == "rt" and child.find_previous_sibling("rp") is None:
                before, after = _READING  # a ruby reading without fallback parentheses of its own
            parts.append(before)
            _collect(child.contents, parts)
            parts.append(after)
        elif kind in _TEXT_STRINGS:
            parts.append(str(child))


_HIDDEN_CLASS = re.compile(
    r"(?:^|[\s_-])(?:sr-only|visually-?hidden|screen-?reader|a11y|hidden|hide)(?:$|[\s_-])", re.IGNORECASE
)


def _hidden(node: Tag) -> bool:
    attrs = node.attrs
    if not attrs:
        return False
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    cls = attrs.get("class")
    if cls and _HIDDEN_CLASS.search(" ".join(cls) if isinstance(cls, list) else str(cls)):
        return True
    style = attrs.get("style")
    return bool(style and "display:none" in str(style).replace(" ", "").lower())


def elements(node: Tag, names: frozenset[str] | None = None) -> Iterator[Tag]:
    """The elements under ``node`` in document order (optionally only those named), without find_all's
    filter machinery: a plain walk is several times faster on large trees."""
    for child in node.descendants:
        if isinstance(child, Tag) and (names is None or child.name in names):
            yield child


def ancestor(node: PageElement, names: frozenset[str]) -> Tag | None:
    """The nearest element above ``node`` with one of ``names``, without find_parent's filter machinery."""
    for parent in node.parents:
        if parent.name in names:
            return parent
    return None
