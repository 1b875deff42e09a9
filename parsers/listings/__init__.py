"""Listings into entries: RSS/Atom, JSON Feed, news sitemaps and indexes, HTML index pages. Pure, no I/O.

``parse_listing`` reads any of them; ``kind`` forces one (a source's configured kind), ``auto`` sniffs.
"""

from __future__ import annotations

import re

from parsers.listings.discovery import discover_feeds, sitemaps_from_robots
from parsers.listings.feeds import parse_feed
from parsers.listings.html_index import parse_html_index
from parsers.listings.jsonfeed import parse_json_feed
from parsers.listings.model import (
    Listing,
    ListingEntry,
    ListingError,
    ListingKind,
    UnsafeXMLError,
    parse_timestamp,
)
from parsers.listings.safexml import gunzip_if_needed
from parsers.listings.sitemaps import parse_sitemap

__all__ = [
    "Listing",
    "ListingEntry",
    "ListingError",
    "ListingKind",
    "UnsafeXMLError",
    "discover_feeds",
    "filter_entries",
    "parse_listing",
    "parse_timestamp",
    "sitemaps_from_robots",
    "sniff_kind",
]

# The kind names a source may be configured with, in declaration order.
KINDS = tuple(kind.value for kind in ListingKind)
_ROOT = re.compile(rb"\s*<([A-Za-z_][\w:.-]*)")
_SKIP = re.compile(rb"\s*(<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(\[.*?\])?\s*>)", re.DOTALL | re.IGNORECASE)
_SITEMAP_ROOTS = (b"urlset", b"sitemapindex")


def _root_name(body: bytes) -> bytes:
    """Local name of the first element, skipping the prolog (declaration, comments, doctype)."""
    pos = 3 if body.startswith(b"\xef\xbb\xbf") else 0
    while m := _SKIP.match(body, pos):
        pos = m.end()
    m = _ROOT.match(body, pos)
    return m.group(1).split(b":")[-1].lower() if m else b""


def sniff_kind(body: bytes, content_type: str | None = None) -> ListingKind:
    """jsonfeed, sitemap, html or rss (which covers Atom and RDF: feedparser tells them apart)."""
    declared = (content_type or "").lower()
    if "json" in declared or body.lstrip()[:1] == b"{":
        return ListingKind.JSONFEED
    root = _root_name(body)
    if root in _SITEMAP_ROOTS:
        return ListingKind.SITEMAP
    if root == b"html" or (not root and "html" in declared):
        return ListingKind.HTML
    return ListingKind.RSS


def parse_listing(
    body: bytes, url: str, content_type: str | None = None, *, kind: str = "auto", link_selector: str | None = None
) -> Listing:
    """Entries of the listing at ``url``; raises ListingError (a ParseError) when it is none, and nothing else:
    a surprise from a third-party parser on hostile input becomes a ListingError too."""
    try:
        return _parse(gunzip_if_needed(body), url, content_type, kind, link_selector)
    except ListingError:
        raise
    except Exception as exc:
        raise ListingError(f"unreadable listing: {type(exc).__name__}: {exc}") from exc


def _parse(body: bytes, url: str, content_type: str | None, kind: str, link_selector: str | None) -> Listing:
    chosen = sniff_kind(body, content_type) if kind == ListingKind.AUTO else kind
    if chosen == ListingKind.JSONFEED:
        return parse_json_feed(body, url)
    if chosen == ListingKind.SITEMAP:
        return parse_sitemap(body, url)
    if chosen == ListingKind.HTML:
        return parse_html_index(body, url, link_selector)
    if chosen in (ListingKind.RSS, ListingKind.ATOM):
        return parse_feed(body, url, content_type)
    raise ListingError(f"unknown listing kind {kind!r}")


def filter_entries(listing: Listing, url_pattern: str | None) -> tuple[ListingEntry, ...]:
    """Entries whose URL matches the source's allowed article pattern (all when there is none)."""
    if not url_pattern:
        return listing.entries
    pattern = re.compile(url_pattern)
    return tuple(e for e in listing.entries if pattern.search(e.url))
