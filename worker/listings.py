"""Reading a source's listing politely: conditional GET, unchanged bodies skipped, sitemap indexes followed.

An unchanged listing costs one request: a 304, or a 200 whose body hashes like last time. Only a changed
listing is parsed. A sitemap index is followed one level down, newest child sitemaps first.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

from parsers.listings import Listing, ListingEntry, filter_entries, parse_listing
from worker.http import Response
from worker.politeness import Manners, PoliteFetcher

MAX_CHILD_SITEMAPS = 5
_OLDEST = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True)
class ListingRequest:
    """A source's listing and what the last poll remembered of it."""

    url: str
    kind: str = "auto"
    link_selector: str | None = None
    url_pattern: str | None = None
    manners: Manners = field(default_factory=Manners)
    etag: str | None = None
    last_modified: str | None = None
    last_hash: str | None = None


@dataclass(frozen=True)
class ListingResult:
    """``status``: not_modified (304), unchanged (same body hash), changed (parsed into ``entries``)."""

    status: str
    response: Response
    body_hash: str | None = None
    entries: tuple[ListingEntry, ...] = ()
    title: str | None = None

    @property
    def etag(self) -> str | None:
        return self.response.etag

    @property
    def last_modified(self) -> str | None:
        return self.response.last_modified


def body_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def read_listing(fetcher: PoliteFetcher, request: ListingRequest,
                 max_children: int = MAX_CHILD_SITEMAPS) -> ListingResult:
    """Fetch and parse the listing; raises FetchError or ListingError (a ParseError) on failure."""
    response = fetcher.fetch(request.url, request.manners, etag=request.etag,
                             last_modified=request.last_modified)
    if response.not_modified:
        return ListingResult("not_modified", response)
    digest = body_hash(response.body)
    if digest == request.last_hash:
        return ListingResult("unchanged", response, digest)
    listing = _parse(response, request)
    if listing.kind == "sitemapindex":
        listing = _follow_index(fetcher, request, listing, max_children)
    entries = filter_entries(listing, request.url_pattern)
    return ListingResult("changed", response, digest, entries, listing.title)


def _parse(response: Response, request: ListingRequest) -> Listing:
    return parse_listing(response.body, response.final_url, response.content_type, kind=request.kind,
                         link_selector=request.link_selector)


def _follow_index(fetcher: PoliteFetcher, request: ListingRequest, index: Listing, limit: int) -> Listing:
    """Entries of the index's newest child sitemaps (by lastmod), one level down only."""
    children = sorted(index.entries, key=lambda e: e.updated_at or _OLDEST, reverse=True)[:limit]
    entries: list[ListingEntry] = []
    for child in children:
        response = fetcher.fetch(child.url, request.manners)
        listing = parse_listing(response.body, response.final_url, response.content_type, kind="sitemap")
        if listing.kind == "sitemap":
            entries.extend(listing.entries)
    return Listing(kind="sitemap", entries=tuple(entries), title=index.title)
