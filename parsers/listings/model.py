"""What a listing (feed, sitemap, index page) yields: entries pointing at article pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum

from parsers.errors import ParseError


class ListingKind(StrEnum):
    """The kind of listing a source is configured with (``sources.kind``); AUTO sniffs it from each response.

    The one definition: the worker's source settings and CLI take their choices from it, and a unit test holds
    schema.sql's CHECK on ``sources.kind`` to the same values.
    """

    AUTO = "auto"
    RSS = "rss"
    ATOM = "atom"
    JSONFEED = "jsonfeed"
    SITEMAP = "sitemap"
    HTML = "html"


@dataclass(frozen=True)
class ListingEntry:
    url: str
    title: str | None = None
    guid: str | None = None
    published_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class Listing:
    """``kind``: rss, atom, jsonfeed, sitemap, sitemapindex (entries are child sitemaps to fetch), html."""

    kind: str
    entries: tuple[ListingEntry, ...]
    title: str | None = None


class ListingError(ParseError):
    """The body is not a listing of the expected kind, or is unsafe to parse."""


class UnsafeXMLError(ListingError):
    """The document declares XML entities (billion laughs, external entities): refused, never expanded."""


def parse_timestamp(text: str | None) -> datetime | None:
    """An ISO 8601 / W3C datetime (``2024-05-01``, ``…T10:00Z``, with offset) in UTC; None when unreadable."""
    if not text:
        return None
    value = text.strip()
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        try:
            day = date.fromisoformat(value[:10])
        except ValueError:
            return None
        when = datetime(day.year, day.month, day.day)
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
