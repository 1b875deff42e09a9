"""Sitemaps (sitemaps.org) with the Google News extension, and sitemap indexes.

A sitemap index yields its child sitemaps as entries (kind ``sitemapindex``): the poller fetches them.
Elements are matched by local name, since real sitemaps get their namespaces wrong.
"""

from __future__ import annotations

from urllib.parse import urljoin

from lxml import etree

from parsers.listings.model import Listing, ListingEntry, ListingError, parse_timestamp
from parsers.listings.safexml import local_name, parse_xml


def _children(element: etree._Element) -> dict[str, etree._Element]:
    """First descendant of each local name (``loc``, ``lastmod``, ``publication_date``, ``title``, …)."""
    found: dict[str, etree._Element] = {}
    for node in element.iter():
        found.setdefault(local_name(node), node)
    return found


def _text(node: etree._Element | None) -> str | None:
    return (node.text or "").strip() or None if node is not None else None


def _url_entry(node: etree._Element, base: str) -> ListingEntry | None:
    parts = _children(node)
    loc = _text(parts.get("loc"))
    if not loc:
        return None
    news = parts.get("news")
    news_parts = _children(news) if news is not None else {}
    return ListingEntry(
        url=urljoin(base, loc),
        title=_text(news_parts.get("title")),
        published_at=parse_timestamp(_text(news_parts.get("publication_date"))),
        updated_at=parse_timestamp(_text(parts.get("lastmod"))),
    )


def parse_sitemap(body: bytes, url: str) -> Listing:
    root = parse_xml(body)
    kind = local_name(root).lower()
    if kind not in ("urlset", "sitemapindex"):
        raise ListingError(f"not a sitemap: root element <{local_name(root)}>")
    wanted = "url" if kind == "urlset" else "sitemap"
    nodes = (n for n in root if local_name(n) == wanted)
    entries = tuple(e for n in nodes if (e := _url_entry(n, url)) is not None)
    return Listing(kind="sitemap" if kind == "urlset" else "sitemapindex", entries=entries)
