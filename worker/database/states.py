"""Closed sets of values the worker writes to the database, one StrEnum each.

schema.sql allows exactly these (a CHECK constraint, or the column's comment where there is none);
``tests/unit/worker/database/test_states.py`` keeps the two from drifting. The story relation of an
article is ``parsers.similarity.neardup.Relation``, decided there.
"""

from __future__ import annotations

from enum import StrEnum


class ParseStatus(StrEnum):
    """``pages.parse_status``: what became of a fetched page."""

    PENDING = "pending"
    PARSED = "parsed"
    DUPLICATE = "duplicate"
    FAILED = "failed"
    FETCH_FAILED = "fetch_failed"
    NOT_MODIFIED = "not_modified"


class PollOutcome(StrEnum):
    """``sources.last_poll_status``: how the last poll of a source ended."""

    OK = "ok"
    NOT_MODIFIED = "not_modified"
    UNCHANGED = "unchanged"
    DEFERRED = "deferred"
    FAILED = "failed"


class PendingReason(StrEnum):
    """``pending_fetches.reason``: why a poll queued an article fetch."""

    NEW = "new"  # never fetched
    CHANGED = "changed"  # its listing entry changed (guid, dates)
    REVISIT = "revisit"  # one of the source's ``revisit_recent`` latest articles


class FetchOutcome(StrEnum):
    """``pending_fetches.outcome``: how a pending fetch closed (the store's outcomes, then the others)."""

    NEW = "new"
    VERSION = "version"
    UNCHANGED = "unchanged"
    DUPLICATE = "duplicate"
    NOT_MODIFIED = "not_modified"
    PARSE_FAILED = "parse_failed"
    FETCH_FAILED = "fetch_failed"


class ChangeKind(StrEnum):
    """``changes.kind``: what happened to an article (rows written by schema.sql's triggers)."""

    NEW = "new"
    VERSION = "version"
    MERGE = "merge"  # moved into another story when stories merged
    RELATION = "relation"
