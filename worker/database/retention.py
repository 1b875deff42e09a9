"""Retention of what grows without end: rows (or raw bodies) past a retention are removed, a batch at a time.

A :class:`Rule` names two SQL blocks (``worker/database/sql/*.sql``): one that reads the ids and sizes of rows past
the retention, in id order after a given id, a batch at most; one that removes the rows of a batch. :func:`sweep`
walks the table once in id order (keyset paging: a batch never reads rows an earlier batch went past) and commits
each batch in a transaction of its own, so a prune of millions of rows holds no lock long and writes no huge
transaction, and what it removed stays removed if it is stopped. A dry run reads the same batches and removes
nothing.

The rules: raw page bodies (``WIREFEED_PAGE_RETENTION_DAYS``, none by default; never the page of an article's
latest version), change feed rows (``WIREFEED_CHANGE_RETENTION_DAYS``; ``changes_pruned`` keeps the highest id
pruned, for consumers), raw listings (``WIREFEED_LISTING_RETENTION_DAYS``; never the last body of a listing URL),
closed pending fetches (``WIREFEED_PENDING_RETENTION_DAYS``). The beat runs each hourly (worker.runtime.tasks),
``wirefeed prune [--dry-run]`` all of them at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from worker.database import Connection, q
from worker.runtime.settings import Settings


@dataclass(frozen=True)
class Rule:
    """One kind of row that grows without end. ``past``: the block of (id, bytes) past the retention; ``remove``:
    the block removing the ids of a batch (RETURNING id); ``lock``: a block locking them first, when a row selected
    may stop being prunable before it goes; ``setting``: the Settings field of its retention in days (None:
    forever)."""

    what: str
    setting: str
    past: str
    remove: str
    batch: int = 1000
    lock: str | None = None


PAGE_BODIES = Rule(
    "page bodies", "page_retention_days", "page_bodies_past_retention", "prune_page_bodies", 200, "lock_pages"
)
CHANGES = Rule("change rows", "change_retention_days", "changes_past_retention", "prune_changes", 5000)
LISTING_FETCHES = Rule(
    "listing fetches", "listing_retention_days", "listing_fetches_past_retention", "prune_listing_fetches", 500
)
PENDING_FETCHES = Rule(
    "closed pending fetches", "pending_retention_days", "pending_fetches_past_retention", "prune_pending_fetches"
)
RULES = (PAGE_BODIES, CHANGES, LISTING_FETCHES, PENDING_FETCHES)


@dataclass(frozen=True)
class Pruned:
    """What a sweep removed (or, in a dry run, would remove): how many rows, and their size in bytes."""

    what: str
    rows: int = 0
    bytes: int = 0
    kept_forever: bool = False

    def describe(self, verb: str) -> str:
        """One line: ``pruned 12 page bodies (3.4 MB)``, with ``verb`` (pruned, would prune)."""
        if self.kept_forever:
            return f"{self.what}: kept forever (no retention set)"
        return f"{verb} {self.rows} {self.what}" + (f" ({_size(self.bytes)})" if self.bytes else "")


def retention(rule: Rule, settings: Settings) -> timedelta | None:
    """How long ``rule``'s rows are kept, None for ever."""
    days: float | None = getattr(settings, rule.setting)
    return None if days is None else timedelta(days=days)


def sweep(conn: Connection, rule: Rule, older_than: timedelta | None, *, dry_run: bool = False) -> Pruned:
    """Remove ``rule``'s rows older than ``older_than`` (None: nothing), a batch per transaction; with ``dry_run``
    only count them. The caller's open transaction, if any, is committed first."""
    if older_than is None:
        return Pruned(rule.what, kept_forever=True)
    conn.commit()
    rows = size = after = 0
    params = {"seconds": older_than.total_seconds(), "limit": rule.batch}
    while batch := conn.execute(q(rule.past), params | {"after": after}).fetchall():
        after = int(batch[-1]["id"])
        sizes = {int(r["id"]): int(r["bytes"] or 0) for r in batch}
        gone = list(sizes) if dry_run else _remove(conn, rule, list(sizes))
        rows, size = rows + len(gone), size + sum(sizes[i] for i in gone)
        conn.commit()
    return Pruned(rule.what, rows, size)


def _remove(conn: Connection, rule: Rule, ids: list[int]) -> list[int]:
    if rule.lock:
        conn.execute(q(rule.lock), {"ids": ids})
    return [int(r["id"]) for r in conn.execute(q(rule.remove), {"ids": ids})]


def changes_pruned_through(conn: Connection) -> int:
    """The change feed's horizon: every change with an id up to this one is gone (0 when none was pruned)."""
    row = conn.execute(q("changes_pruned_through")).fetchone()
    return int(row["through_id"]) if row else 0


def _size(count: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("kB", 1 << 10)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}"
    return f"{count} bytes"
