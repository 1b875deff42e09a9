"""The article's own headline: structured data first, then the page's <h1>, then cleaned titles."""

from __future__ import annotations

import re

from bs4 import Tag

from parsers.document import Page
from parsers.structured import as_text
from parsers.text import clean, fold, node_text

META_KEYS = ("og:title", "twitter:title", "title", "dc.title", "headline", "sailthru.title")
# " | Site", " - Site", " – Site", " :: Site" suffixes (and prefixes) of page titles.
SITE_SEPARATOR = re.compile(r"\s+[|\-–—:·•»]{1,2}\s+")
ELLIPSIS = ("…", "...")


def headline(page: Page, selector: str | None = None) -> str | None:
    h1 = _h1(page, selector)
    structured = as_text(page.article_ld.get("headline")) or as_text(page.article_ld.get("name"))
    if selector and h1:
        return h1
    if structured and not structured.endswith(ELLIPSIS):
        if h1 and fold(h1) != fold(structured) and _is_prefix_of(structured, h1):
            return h1
        return structured
    if h1:
        return h1
    for key in META_KEYS:
        value = page.meta.get(key)
        if value:
            return _strip_site(value, page)
    title = page.named("title")[:1]
    return _strip_site(node_text(title[0]), page) if title else None


def _h1(page: Page, selector: str | None) -> str | None:
    if selector:
        found = page.soup.select_one(selector)
        return node_text(found) or None if found else None
    best: str | None = None
    for tag in page.named("h1")[:6]:
        text = node_text(tag)
        if len(text) < 8:
            continue
        if _inside_article(tag):
            return text
        best = best or text
    return best


def _inside_article(tag: Tag) -> bool:
    for parent in tag.parents:
        if parent.name in ("article", "main") or parent.get("itemprop") == "articleBody":
            return True
    return False


def _is_prefix_of(short: str, long: str) -> bool:
    return fold(long).startswith(fold(short).rstrip(".…"))


def _strip_site(title: str, page: Page) -> str:
    site = (page.meta.get("og:site_name") or "").lower()
    parts = SITE_SEPARATOR.split(clean(title))
    if len(parts) == 1:
        return parts[0]
    if site:
        kept = [p for p in parts if p.lower() != site and site not in p.lower()]
        if kept:
            return " - ".join(kept)
    return max(parts, key=len)
