"""Structured data embedded in a page: JSON-LD (incl. @graph) and meta tags (including ``<meta itemprop>``)."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from typing import Any

from bs4 import Tag

from parsers.article.text import clean

ARTICLE_TYPES = frozenset(
    {
        "newsarticle",
        "article",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "blogposting",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "liveblogposting",
        "socialmediaposting",
        "report",
        "scholarlyarticle",
        "techarticle",
        "askpublicnewsarticle",
        "posting",
    }
)
_META_KEYS = ("property", "name", "itemprop", "http-equiv")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
# XHTML-era wrappers around a script's JSON: "//<![CDATA[" … "//]]>", "/*<![CDATA[*/" … "/*]]>*/". The opening is
# matched at the start only and the closing searched for in the last few characters only: one pattern searched over
# the whole script backtracks through every run of white space (a megabyte of spaces took hours).
_CDATA_OPEN = re.compile(r"(?://|/\*)?\s*<!\[CDATA\[\s*(?:\*/)?")
_CDATA_CLOSE = re.compile(r"(?://|/\*)?[ \t\r\n]{0,16}\]\]>\s*(?:\*/)?\s*$")
_CDATA_CLOSE_REACH = 64


def json_ld_nodes(scripts: list[Tag]) -> tuple[dict[str, Any], ...]:
    """Every JSON-LD object in ``scripts``, flattened out of lists and @graph."""
    nodes: list[dict[str, Any]] = []
    for script in scripts:
        if "ld+json" not in str(script.get("type") or "").lower():
            continue
        data = _load(script.string or script.get_text())
        if data is not None:
            nodes.extend(_flatten(data))
    return tuple(nodes)


def _load(raw: str) -> Any:
    raw = _unwrap(raw.strip().removeprefix("<!--").removesuffix("-->").strip()).rstrip(";")
    if not raw:
        return None
    for attempt in (raw, _TRAILING_COMMA.sub(r"\1", raw)):
        try:
            return json.loads(attempt, strict=False)
        except ValueError:
            continue
    return None


def _unwrap(raw: str) -> str:
    """``raw`` without a CDATA wrapper, if it has one."""
    if opening := _CDATA_OPEN.match(raw):
        raw = raw[opening.end() :]
    if closing := _CDATA_CLOSE.search(raw, max(0, len(raw) - _CDATA_CLOSE_REACH)):
        raw = raw[: closing.start()]
    return raw.strip()


def _flatten(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item)
    elif isinstance(data, dict):
        graph = data.get("@graph")
        if graph is not None:
            yield from _flatten(graph)
        if "@type" in data or "headline" in data:
            yield data
        main = data.get("mainEntity")
        if isinstance(main, dict) and main.get("@type"):
            yield from _flatten(main)


def types_of(node: dict[str, Any]) -> set[str]:
    raw = node.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return {str(v).lower() for v in values if v}


def article_node(nodes: tuple[dict[str, Any], ...]) -> dict[str, Any]:
    """The JSON-LD node describing the article itself, or an empty dict."""
    best: dict[str, Any] = {}
    best_score = 0
    for node in nodes:
        score = 0
        if types_of(node) & ARTICLE_TYPES:
            score += 4
        if node.get("headline"):
            score += 2
        if node.get("articleBody"):
            score += 1
        if node.get("datePublished"):
            score += 1
        if score > best_score:
            best, best_score = node, score
    return best if best_score >= 3 else {}


def meta_tags(metas: list[Tag]) -> dict[str, str]:
    """First non-empty content of each meta tag, keyed by lower-cased property/name/itemprop."""
    found: dict[str, str] = {}
    for tag in metas:
        content = tag.get("content")
        if not content:
            continue
        for key in _META_KEYS:
            name = tag.get(key)
            if name:
                found.setdefault(str(name).strip().lower(), clean(str(content)))
    return found


def as_text(value: Any) -> str | None:
    """A JSON-LD value as one string (first item of a list, @value or name of an object)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name")
    # Structured strings are often HTML-escaped twice ("zerst&ouml;ren").
    return clean(html.unescape(str(value))) if value not in (None, "") else None
