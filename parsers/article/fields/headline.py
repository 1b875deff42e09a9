"""The article's own headline: structured data, then the OpenGraph headline, the page's <h1>, the title.

Each candidate is cleaned of the site name (" | Site", " - Site.de"); a truncated candidate ("…") loses to a
complete one that starts with it. A profile may name its site's source of truth instead (``headline_source``).
"""

from __future__ import annotations

import re

from bs4 import Tag

from parsers.article.document import Page
from parsers.article.fields.identity import is_site_name, name_key, site_names
from parsers.article.structured import as_text
from parsers.article.text import clean, fold, node_text

META_KEYS = ("og:title", "twitter:title")
TITLE_KEYS = ("dc.title", "headline", "sailthru.title", "title")
# " | Site", " - Site", " – Site", " :: Site", "｜Site" around page titles.
SITE_SEPARATOR = re.compile(r"\s+[|\-–—:·•»/]{1,2}\s+|\s*[｜|]\s*")
ELLIPSIS = ("…", "...")
MIN_HEADLINE = 8
# A headline element inside a breadcrumb trail is the trail's last step, not the page's headline.
BREADCRUMB_WORDS = frozenset({"breadcrumb", "breadcrumbs"})
NO_WORDS: frozenset[str] = frozenset()


def headline(page: Page, selector: str | None = None, source: str | None = None) -> str | None:
    h1 = _h1(page, selector)
    structured = _clean(as_text(page.article_ld.get("headline")) or as_text(page.article_ld.get("name")), page)
    social = next((_clean(page.meta[key], page) for key in META_KEYS if page.meta.get(key)), None)
    # A profile's selector is where its site prints the headline, unless it names another source.
    source = source or ("h1" if selector else "ld")
    preferred = {"og": (social, structured, h1), "h1": (h1, structured, social)}.get(source, (structured, social, h1))
    for candidate in preferred:
        if candidate and len(candidate) >= MIN_HEADLINE:
            return _complete(candidate, (h1, structured, social))
    for key in TITLE_KEYS:
        if page.meta.get(key):
            return _clean(page.meta[key], page)
    title = page.named("title")[:1]
    return _clean(node_text(title[0]), page) if title else None


def _h1(page: Page, selector: str | None) -> str | None:
    """The headline printed on the page: the first <h1> in the article, else the first (breadcrumbs skipped)."""
    tags = page.soup.select(selector) if selector else page.named("h1")[:6]
    best: str | None = None
    for tag in tags:
        text = node_text(tag)
        if len(text) < MIN_HEADLINE or (not selector and _in_breadcrumb(tag, page)):
            continue
        if selector or _inside_article(tag):
            return text
        best = best or text
    return best


def _in_breadcrumb(tag: Tag, page: Page) -> bool:
    return any(
        parent.get("itemprop") == "itemListElement" or page.words.get(id(parent), NO_WORDS) & BREADCRUMB_WORDS
        for parent in tag.parents
    )


def _inside_article(tag: Tag) -> bool:
    return any(parent.name in ("article", "main") or parent.get("itemprop") == "articleBody" for parent in tag.parents)


def _complete(candidate: str, others: tuple[str | None, ...]) -> str:
    """A truncated candidate ("… Klare Ansage…") is replaced by a complete one that starts with it."""
    stem = fold(candidate).rstrip(".… ")
    if not candidate.endswith(ELLIPSIS):
        return candidate
    for other in others:
        if other and not other.endswith(ELLIPSIS) and fold(other).startswith(stem):
            return other
    return candidate


def _clean(raw: str | None, page: Page) -> str | None:
    """Entities decoded, white space collapsed, the site's name cut off the ends."""
    if not raw:
        return None
    text = clean(raw)
    parts = SITE_SEPARATOR.split(text)
    if len(parts) == 1:
        return text
    # A "site name" that is the whole title (application-name set to the headline) names no site.
    names = site_names(page) - {name_key(text)}
    while len(parts) > 1 and is_site_name(parts[-1], names):
        parts.pop()
    while len(parts) > 1 and is_site_name(parts[0], names):
        parts.pop(0)
    if len(parts) == len(SITE_SEPARATOR.split(text)):
        return text
    # Re-join what is left with the separators printed between those parts.
    start = text.find(parts[0])
    end = text.rfind(parts[-1]) + len(parts[-1])
    return text[start:end].strip()
