"""Decoding and parsing a page once, and the parsed page every field extractor reads."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bs4 import BeautifulSoup
from charset_normalizer import from_bytes

from parsers.errors import ParseError
from parsers.structured import article_node, json_ld_nodes, meta_tags

MAX_BYTES = 20_000_000
_HTML_TYPES = ("html", "xml", "text/plain")
_CHARSET_HTTP = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_CHARSET_META = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_TAG = re.compile(r"<\s*(?:!doctype|html|head|body|p|div|article|meta|title|h1)\b", re.IGNORECASE)


@dataclass
class Page:
    """A page parsed once: the tree, its structured data, and what extractors learned so far."""

    url: str
    soup: BeautifulSoup
    ld: tuple[dict[str, Any], ...]
    article_ld: dict[str, Any]
    meta: dict[str, str]
    notes: dict[str, Any] = field(default_factory=dict)


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
    soup = BeautifulSoup(text, "lxml")
    if soup.find("body") is None and soup.find("head") is None:
        raise ParseError("no HTML document structure")
    ld = json_ld_nodes(soup)
    return Page(url=url, soup=soup, ld=ld, article_ld=article_node(ld), meta=meta_tags(soup))
