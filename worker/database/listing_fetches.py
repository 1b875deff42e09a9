"""Listing responses kept raw in ``listing_fetches``, like article pages in ``pages``: nothing is lost.

A poll keeps every listing body it read (the source's listing, and the child sitemaps of a sitemap index
linked to the index's row) and every failed listing request with its error (a turn refused by our own rate
limit sent no request and keeps nothing). A 304 or an unchanged body keeps nothing, so an unchanged source
still costs one request and no row. The last body read of each child sitemap URL also gives the validators
of its next conditional request (the source's own listing keeps them on its sources row); pruning spares
the last body read of every URL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta

from worker.database import Connection, q
from worker.database.store import raw_response
from worker.ingest.listing import ListingFetch, Validators
from worker.network.http import MAX_ERROR, describe


def keep(
    conn: Connection, source_id: int, fetches: Iterable[ListingFetch], dropped_by: Exception | None = None
) -> None:
    """Store the poll's listing fetches in the caller's transaction. ``dropped_by``: the error that ended
    the poll, so that the bodies it read were not used; they are kept with that reason as their error."""
    parent_id: int | None = None
    for fetch in fetches:
        row = conn.execute(
            q("insert_listing_fetch"),
            {
                "source_id": source_id,
                "parent_id": parent_id if fetch.child else None,
                "url": fetch.url,
                **raw_response(fetch.response, fetch.status),
                "entry_count": fetch.entry_count,
                "error": _error(fetch, dropped_by),
            },
        ).fetchone()
        if row is not None and not fetch.child:
            parent_id = int(row["id"])


def _error(fetch: ListingFetch, dropped_by: Exception | None) -> str | None:
    if fetch.error is not None:
        return describe(fetch.error)[:MAX_ERROR]
    if dropped_by is not None:  # a body read, but the poll ended before its entries were used
        return f"not read: the poll ended on {describe(dropped_by)}"[:MAX_ERROR]
    return None


def validators_of(conn: Connection, source_id: int) -> Callable[[str], Validators]:
    """The validators of a listing URL of the source: those of its last body read, or none."""

    def lookup(url: str) -> Validators:
        row = conn.execute(q("listing_validators"), {"source_id": source_id, "url": url}).fetchone()
        if row is None:
            return Validators()
        return Validators(row["etag"], row["last_modified"], row["body_sha256"])

    return lookup


def prune(conn: Connection, older_than: timedelta) -> int:
    """Forget listing fetches older than ``older_than``, except the last body read of each listing URL."""
    return conn.execute(q("prune_listing_fetches"), {"seconds": older_than.total_seconds()}).rowcount
