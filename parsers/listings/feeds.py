"""RSS 0.9x/1.0/2.0 and Atom feeds through feedparser; one bad entry never makes the feed unusable."""

from __future__ import annotations

import calendar
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser

from parsers.listings.model import Listing, ListingEntry, ListingError
from parsers.listings.safexml import refuse_entity_declarations

# The text of a person element (RSS author, managingEditor, webMaster, dc:creator; Atom author, contributor and their
# name): feedparser searches it for an e-mail address with a pattern that backtracks through every run of name
# characters, and a feed with a 2 MB author took hours. Listings give no people to wirefeed: their text is cut short.
_PERSON_TEXT = re.compile(
    rb"(<(?:[\w.-]+:)?(?:author|creator|managingEditor|webMaster|contributor|name)\b[^<>]{0,1000}>(?:<!\[CDATA\[)?)"
    rb"([^<]{1000})[^<]*",
    re.IGNORECASE,
)


def _when(entry: Any, key: str) -> datetime | None:
    # dict.get, not entry.get: FeedParserDict maps a missing `updated` to `published` with a warning.
    parsed = dict.get(entry, f"{key}_parsed")
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), UTC) if parsed else None
    except (OverflowError, TypeError, ValueError):
        return None


def _link(entry: Any) -> str | None:
    link = entry.get("link")
    if not link:
        guid = str(entry.get("id") or "")
        link = guid if guid.startswith(("http://", "https://")) else None
    return str(link).strip() if link else None


def _entry(item: Any, base: str) -> ListingEntry | None:
    link = _link(item)
    if not link:
        return None
    return ListingEntry(
        url=urljoin(base, link),
        title=(str(item.get("title")).strip() or None) if item.get("title") else None,
        guid=str(item.get("id")) if item.get("id") else None,
        published_at=_when(item, "published"),
        updated_at=_when(item, "updated"),
    )


def parse_feed(body: bytes, url: str, content_type: str | None = None) -> Listing:
    """Entries of an RSS or Atom feed in listing order; entries without a link are skipped."""
    refuse_entity_declarations(body)
    body = _PERSON_TEXT.sub(rb"\1\2", body)
    headers = {"content-type": content_type} if content_type else None
    feed = feedparser.parse(body, response_headers=headers, sanitize_html=False, resolve_relative_uris=False)
    version = str(feed.get("version") or "")
    if not version and not feed.entries:
        reason = feed.get("bozo_exception") or "no RSS or Atom structure"
        raise ListingError(f"not a feed: {reason}")
    entries = tuple(e for item in feed.entries if (e := _entry(item, url)) is not None)
    title = feed.feed.get("title")
    return Listing(
        kind="atom" if version.startswith("atom") else "rss", entries=entries, title=str(title) if title else None
    )
