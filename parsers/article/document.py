"""Decoding and parsing a page once, and the parsed page every field extractor reads."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bs4 import BeautifulSoup, Tag
from charset_normalizer import from_bytes

from parsers.article import tree
from parsers.article.boilerplate import NAMING_DATA, class_words
from parsers.article.structured import article_node, json_ld_nodes, meta_tags
from parsers.errors import ParseError

MAX_BYTES = 20_000_000
_HTML_TYPES = ("html", "xml", "text/plain")
_CHARSET_HTTP = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_CHARSET_META = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_TAG = re.compile(r"<\s*(?:!doctype|html|head|body|p|div|article|meta|title|h1)\b", re.IGNORECASE)


# Elements whose content is never article text, dropped before the tree is built (JSON-LD is kept): fewer
# elements make a faster tree. An element runs to the first closing tag of its name, as ``.*?</\1\s*>``
# would say; written out (text without "<", then any "<" that does not close it, never given back) the
# search is several times faster. tests/unit/parsers/article/test_document.py holds it to the plain pattern.
_INERT = re.compile(
    r"<(script|style|svg|template|iframe|nav|select|button)(?=[\s/>])[^>]*>"
    r"[^<]*+(?:<(?!/\1\s*>)[^<]*+)*+</\1\s*>|<!--.*?-->",
    re.IGNORECASE | re.DOTALL,
)


_FIGURE = re.compile(r"<fig(?:ure|caption)[\s>]", re.IGNORECASE)


# Attributes that say what an element is; elements with none of them have no class words.
_NAMING_ATTRS = frozenset({"class", "id", "role", "rel", *NAMING_DATA})
# The attributes besides class and id that class words read, and their part of the cache key when all absent.
_DATA_ATTRS = ("role", *NAMING_DATA)
_DATA_NAMES = frozenset(_DATA_ATTRS)
_NO_DATA_KEY = "|" * (len(_DATA_ATTRS) - 1)
_NO_WORDS: frozenset[str] = frozenset()


@dataclass
class Page:
    """A page parsed once: the tree, an index of its elements, its structured data."""

    url: str
    soup: BeautifulSoup
    ld: tuple[dict[str, Any], ...]
    article_ld: dict[str, Any]
    meta: dict[str, str]
    # Every element with a naming attribute (class, id, role, rel, NAMING_DATA), and every bare <p> and <div>,
    # in document order, with its class words.
    classed: tuple[tuple[Tag, frozenset[str]], ...] = ()
    # Elements by tag name, in document order.
    by_name: dict[str, list[Tag]] = field(default_factory=dict)
    # Class words by element id, for the elements of ``classed``.
    words: dict[int, frozenset[str]] = field(default_factory=dict)

    def named(self, name: str) -> list[Tag]:
        return self.by_name.get(name, [])


def decode(html: str | bytes, content_type: str | None) -> str:
    """Bytes to text: the HTTP charset, then the meta charset, then detection; UTF-8 wins when valid."""
    if isinstance(html, str):
        return html
    declared = _charset(content_type)
    if declared is None:
        match = _CHARSET_META.search(html[:4096])
        declared = match.group(1).decode("ascii", "replace") if match else None
    try:
        # Pages often declare a legacy charset and are served as UTF-8: valid UTF-8 is decisive.
        return html.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return html.decode(declared, errors="replace")
        except LookupError:
            pass
    best = from_bytes(html[:200_000]).best()
    return html.decode(best.encoding if best else "cp1252", errors="replace")


def _charset(content_type: str | None) -> str | None:
    match = _CHARSET_HTTP.search(content_type or "")
    return match.group(1) if match else None


def load(html: str | bytes, url: str, content_type: str | None = None) -> Page:
    """Parse ``html`` once into a ``Page``; ``ParseError`` when it is empty, huge or not HTML."""
    if html is None or not isinstance(html, (str, bytes)):
        raise ParseError("document is not text or bytes")
    if len(html) > MAX_BYTES:
        raise ParseError(f"document too large ({len(html)} > {MAX_BYTES})")
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime and not any(kind in mime for kind in _HTML_TYPES):
        raise ParseError(f"not an HTML document: {mime}")
    text = decode(html, content_type)
    if not text.strip():
        raise ParseError("empty document")
    if "\x00" in text:
        text = text.replace("\x00", "")
    if not _TAG.search(text[:100_000]):
        raise ParseError("no HTML markup found")
    # Class attributes stay strings (not split per element); class words are computed once per distinct value.
    soup, elements = tree.parse(_INERT.sub(_keep_json_ld, text))
    classed, by_name = _index(elements)
    if "body" not in by_name and "head" not in by_name:
        raise ParseError("no HTML document structure")
    ld = json_ld_nodes(by_name.get("script", []))
    return Page(
        url=url,
        soup=soup,
        ld=ld,
        article_ld=article_node(ld),
        meta=meta_tags(by_name.get("meta", [])),
        classed=classed,
        by_name=by_name,
        words={id(tag): tag_words for tag, tag_words in classed},
    )


def _keep_json_ld(match: re.Match[str]) -> str:
    """JSON-LD, and a button that holds a figure (an image viewer opened by clicking the photo) stay."""
    opening = match.group(0)[:200].lower()
    if opening.startswith("<script"):
        return match.group(0) if "ld+json" in opening else ""
    if opening.startswith("<button") and _FIGURE.search(match.group(0)):
        return match.group(0)
    return ""


def _index(elements: list[Tag]) -> tuple[tuple[tuple[Tag, frozenset[str]], ...], dict[str, list[Tag]]]:
    """One pass over the elements: by name, and class words of every element with a naming attribute."""
    classed: list[tuple[Tag, frozenset[str]]] = []
    by_name: dict[str, list[Tag]] = {}
    words_of: dict[tuple[str, str, str], frozenset[str]] = {}
    for node in elements:
        named = by_name.get(node.name)
        if named is None:
            by_name[node.name] = [node]
        else:
            named.append(node)
        attrs = node.attrs
        if attrs and not attrs.keys().isdisjoint(_NAMING_ATTRS):
            raw = attrs.get("class")
            key = (
                raw if isinstance(raw, str) else " ".join(raw or ()),
                str(attrs.get("id") or ""),
                _NO_DATA_KEY
                if attrs.keys().isdisjoint(_DATA_NAMES)
                else "|".join(str(attrs.get(name) or "") for name in _DATA_ATTRS),
            )
            words = words_of.get(key)
            if words is None:
                words = words_of[key] = frozenset(class_words(node))
            classed.append((node, words))
        elif node.name in ("p", "div"):
            classed.append((node, _NO_WORDS))
    return tuple(classed), by_name
