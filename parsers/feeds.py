"""Listings (RSS and Atom feeds) into entries: pure, no I/O."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser

from parsers.errors import ParseError


@dataclass(frozen=True)
class ListingEntry:
    url: str
    title: str | None = None
    guid: str | None = None
    published_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class Listing:
    kind: str
    entries: tuple[ListingEntry, ...]
    title: str | None = None


def _when(entry: Any, key: str) -> datetime | None:
    # dict.get: FeedParserDict.get maps updated→published with a DeprecationWarning
    parsed = dict.get(entry, f"{key}_parsed")
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC) if parsed else None


def parse_listing(body: bytes, url: str, content_type: str | None = None) -> Listing:
    """Entries of an RSS or Atom feed, in listing order; entries without a link are skipped."""
    headers = {"content-type": content_type} if content_type else None
    feed = feedparser.parse(body, response_headers=headers, sanitize_html=False, resolve_relative_uris=False)
    if not feed.get("version") and not feed.entries:
        reason = feed.get("bozo_exception") or "not an RSS or Atom feed"
        raise ParseError(f"cannot read listing {url}: {reason}")
    entries = []
    for item in feed.entries:
        link = item.get("link")
        if not link:
            continue
        entries.append(
            ListingEntry(
                url=urljoin(url, str(link).strip()),
                title=item.get("title"),
                guid=item.get("id"),
                published_at=_when(item, "published"),
                updated_at=_when(item, "updated"),
            )
        )
    kind = "atom" if str(feed.get("version", "")).startswith("atom") else "rss"
    return Listing(kind=kind, entries=tuple(entries), title=feed.feed.get("title"))
