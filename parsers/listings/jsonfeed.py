"""JSON Feed 1.0/1.1 (https://jsonfeed.org/version/1.1)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urljoin

from parsers.listings.model import Listing, ListingEntry, ListingError, parse_timestamp


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _entry(item: Any, base: str) -> ListingEntry | None:
    if not isinstance(item, dict):
        return None
    link = _text(item.get("url")) or _text(item.get("external_url"))
    if not link:
        return None
    guid = item.get("id")
    return ListingEntry(
        url=urljoin(base, link),
        title=_text(item.get("title")),
        guid=str(guid) if guid is not None else None,
        published_at=parse_timestamp(_text(item.get("date_published"))),
        updated_at=parse_timestamp(_text(item.get("date_modified"))),
    )


def parse_json_feed(body: bytes, url: str) -> Listing:
    try:
        doc = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ListingError(f"not JSON: {exc}") from exc
    if not isinstance(doc, dict) or "jsonfeed.org" not in str(doc.get("version", "")):
        raise ListingError("not a JSON Feed (no jsonfeed.org version)")
    items = doc.get("items")
    entries = tuple(e for item in items if (e := _entry(item, url))) if isinstance(items, list) else ()
    return Listing(kind="jsonfeed", entries=entries, title=_text(doc.get("title")))
