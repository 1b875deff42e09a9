"""Reading a source's listing politely: conditional GET, unchanged bodies skipped, sitemap indexes followed.

An unchanged listing costs one request: a 304, or a 200 whose body hashes like last time. Only a changed
listing is parsed. A sitemap index is followed one level down, newest child sitemaps first, each child
asked for conditionally too (the validators of the last read of its URL): an unchanged child adds nothing.

Every body read and every failed request is noted as a ``ListingFetch`` for the caller to keep raw.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from parsers import ParseError
from parsers.listings import Listing, ListingEntry, filter_entries, parse_listing
from worker.network.http import FetchError, Response
from worker.network.politeness import Manners, PoliteFetcher

MAX_CHILD_SITEMAPS = 5
_OLDEST = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Validators:
    """What the last read of a listing URL left: its ETag and Last-Modified, sent back as If-None-Match
    and If-Modified-Since, and the digest of its body, which tells a 200 with the same body."""

    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None


def no_validators(url: str) -> Validators:
    return Validators()


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
    child_validators: Callable[[str], Validators] = no_validators
    """The validators of a child sitemap's URL (of the last body of it read)."""

    @property
    def validators(self) -> Validators:
        return Validators(self.etag, self.last_modified, self.last_hash)


@dataclass(frozen=True)
class ListingFetch:
    """One request of a poll to keep raw: a body read (``response``, ``entry_count`` when it parsed), or a
    failure (``error``, no body). ``child``: a child sitemap of the sitemap index read before it."""

    url: str
    response: Response | None = None
    entry_count: int | None = None
    error: Exception | None = None
    child: bool = False

    @property
    def status(self) -> int | None:
        return self.response.status if self.response else getattr(self.error, "status", None)


class ListingState(StrEnum):
    NOT_MODIFIED = "not_modified"  # a 304
    UNCHANGED = "unchanged"  # a 200 whose body hashes like the last one read
    CHANGED = "changed"  # parsed into entries


@dataclass(frozen=True)
class ListingResult:
    """``status``: whether the listing changed since the last read; only a changed one has ``entries``."""

    status: ListingState
    response: Response
    body_hash: str | None = None
    entries: tuple[ListingEntry, ...] = ()
    fetches: tuple[ListingFetch, ...] = ()

    @property
    def etag(self) -> str | None:
        return self.response.etag

    @property
    def last_modified(self) -> str | None:
        return self.response.last_modified


def body_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


@dataclass
class _Reads:
    """The requests of one poll, noting each body read and each failure in ``kept``."""

    fetcher: PoliteFetcher
    manners: Manners
    kept: list[ListingFetch]

    def fetch(self, url: str, known: Validators, *, child: bool) -> Response:
        try:
            return self.fetcher.fetch(url, self.manners, etag=known.etag, last_modified=known.last_modified)
        except FetchError as exc:
            if exc.kind.counts_against_source:  # a turn refused by our own rate limit sent no request
                self.kept.append(ListingFetch(url, error=exc, child=child))
            raise

    def parse(self, response: Response, parse: Callable[[Response], Listing], *, child: bool) -> Listing:
        try:
            listing = parse(response)
        except ParseError as exc:
            self.kept.append(ListingFetch(response.url, response, error=exc, child=child))
            raise
        self.kept.append(ListingFetch(response.url, response, entry_count=len(listing.entries), child=child))
        return listing


def _unchanged(response: Response, known: Validators) -> ListingState | None:
    if response.not_modified:
        return ListingState.NOT_MODIFIED
    return ListingState.UNCHANGED if body_hash(response.body) == known.body_hash else None


def read_listing(
    fetcher: PoliteFetcher,
    request: ListingRequest,
    max_children: int = MAX_CHILD_SITEMAPS,
    kept: list[ListingFetch] | None = None,
) -> ListingResult:
    """Fetch and parse the listing; raises FetchError or ListingError (a ParseError) on failure.

    The bodies read and the failed requests are appended to ``kept`` as they come, so that a caller
    can keep them even when an exception ends the read; ``ListingResult.fetches`` has them too.
    """
    reads = _Reads(fetcher, request.manners, [] if kept is None else kept)
    response = reads.fetch(request.url, request.validators, child=False)
    status = _unchanged(response, request.validators)
    if status:
        return ListingResult(status, response, None if response.not_modified else request.last_hash)
    listing = reads.parse(response, lambda r: _parse(r, request), child=False)
    if listing.kind == "sitemapindex":
        listing = _follow_index(reads, request, listing, max_children)
    entries = filter_entries(listing, request.url_pattern)
    return ListingResult(ListingState.CHANGED, response, body_hash(response.body), entries, tuple(reads.kept))


def _parse(response: Response, request: ListingRequest) -> Listing:
    return parse_listing(
        response.body, response.final_url, response.content_type, kind=request.kind, link_selector=request.link_selector
    )


def _parse_child(response: Response) -> Listing:
    return parse_listing(response.body, response.final_url, response.content_type, kind="sitemap")


def _follow_index(reads: _Reads, request: ListingRequest, index: Listing, limit: int) -> Listing:
    """Entries of the index's newest child sitemaps (by lastmod), one level down only; a child unchanged
    since its last read (304, or the same body) adds nothing: its entries were read then."""
    children = sorted(index.entries, key=lambda e: e.updated_at or _OLDEST, reverse=True)[:limit]
    entries: list[ListingEntry] = []
    for child in children:
        known = request.child_validators(child.url)
        response = reads.fetch(child.url, known, child=True)
        if _unchanged(response, known):
            continue
        listing = reads.parse(response, _parse_child, child=True)
        if listing.kind == "sitemap":
            entries.extend(listing.entries)
    return Listing(kind="sitemap", entries=tuple(entries), title=index.title)
