"""Listing responses kept raw in ``listing_fetches``, like article pages in ``pages``: nothing is lost.

A poll keeps every listing body it read (the source's listing, and the child sitemaps of a sitemap index
linked to the index's row) and every failed listing request with its error (a turn refused by our own rate
limit sent no request and keeps nothing). A 304 or an unchanged body keeps nothing, so an unchanged source
still costs one request and no row. The last body read of each child sitemap URL also gives the validators
of its next conditional request (the source's own listing keeps them on its sources row); pruning spares
the last body read of every URL. The rows are prepared (bodies compressed) before the poll's transaction opens.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from worker.database import Connection, q, retention
from worker.database.store import raw_response
from worker.ingest.listing import ListingFetch, Validators
from worker.network.http import MAX_ERROR, describe


@dataclass(frozen=True)
class KeptFetch:
    """A listing fetch ready to store: its columns, compressed before any transaction opens."""

    child: bool
    columns: dict[str, Any]


def prepare(fetches: Iterable[ListingFetch], dropped_by: Exception | None = None) -> list[KeptFetch]:
    """The rows of a poll's listing fetches. ``dropped_by``: the error that ended the poll, so that the bodies
    it read were not used; they are kept with that reason as their error."""
    return [
        KeptFetch(
            fetch.child,
            {
                "url": fetch.url,
                **raw_response(fetch.response, fetch.status),
                "entry_count": fetch.entry_count,
                "error": _error(fetch, dropped_by),
            },
        )
        for fetch in fetches
    ]


def keep(conn: Connection, source_id: int, fetches: Iterable[KeptFetch]) -> None:
    """Store the prepared listing fetches in the caller's transaction, each child sitemap linked to its index."""
    parent_id: int | None = None
    for fetch in fetches:
        params = {"source_id": source_id, "parent_id": parent_id if fetch.child else None, **fetch.columns}
        row = conn.execute(q("insert_listing_fetch"), params).fetchone()
        if row is not None and not fetch.child:
            parent_id = int(row["id"])


def _error(fetch: ListingFetch, dropped_by: Exception | None) -> str | None:
    if fetch.error is not None:
        return describe(fetch.error)[:MAX_ERROR]
    if dropped_by is not None:  # a body read, but the poll ended before its entries were used
        return f"not read: the poll ended on {describe(dropped_by)}"[:MAX_ERROR]
    return None


def validators(conn: Connection, source_id: int) -> dict[str, Validators]:
    """The validators of every listing URL of the source: those of its last body read (one query, read
    before the poll's requests, so that no connection is held while they run)."""
    rows = conn.execute(q("listing_validators"), {"source_id": source_id})
    return {r["url"]: Validators(r["etag"], r["last_modified"], r["body_sha256"]) for r in rows}


def prune(conn: Connection, older_than: timedelta) -> int:
    """Forget listing fetches older than ``older_than``, except the last body read of each listing URL (in batches,
    each committed: worker.database.retention)."""
    return retention.sweep(conn, retention.LISTING_FETCHES, older_than).rows
