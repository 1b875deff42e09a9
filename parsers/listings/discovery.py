"""Finding listings from a site: ``<link rel="alternate">`` feeds and robots.txt ``Sitemap:`` lines."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Tag

FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/rdf+xml",
    "text/xml",
    "application/xml",
)
_SITEMAP_LINE = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


def discover_feeds(body: bytes, url: str) -> tuple[str, ...]:
    """Feed URLs a page announces with ``<link rel="alternate" type="…">``, in page order."""
    soup = BeautifulSoup(body, "lxml")
    found: list[str] = []
    for link in soup.find_all("link", href=True):
        if not isinstance(link, Tag):
            continue
        rels = [r.lower() for r in (link.get("rel") or [])]
        kind = str(link.get("type") or "").split(";")[0].strip().lower()
        if "alternate" in rels and kind in FEED_TYPES:
            target = urljoin(url, str(link["href"]).strip())
            if target not in found:
                found.append(target)
    return tuple(found)


def sitemaps_from_robots(text: str, url: str) -> tuple[str, ...]:
    """Sitemap URLs named in a robots.txt (``Sitemap: https://…``)."""
    return tuple(dict.fromkeys(urljoin(url, m) for m in _SITEMAP_LINE.findall(text)))
