"""The pipeline's Prometheus metrics (README "Monitoring"), counted where the work happens.

The stages call the few functions below with what they already hold; nothing here touches the database, the
broker or the network, and nothing of the worker's but the fetch errors is imported: the poll, fetch and store
code stays free of Prometheus. What is computed from the database and the broker at scrape time (queue
depth, backlog, sources by health) is worker.runtime.exporter's, which also serves the metrics over HTTP and
sums those of a prefork worker's processes (prometheus_client's multi-process mode).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from prometheus_client import Counter, Histogram

from parsers import ParseError
from parsers.article.fields.body_fallback import FALLBACK
from worker.network.http import FetchError


class Stage(StrEnum):
    """The timed stages of one article, in order (``wirefeed_stage_duration_seconds``)."""

    LISTING_FETCH = "listing_fetch"  # the listing and its child sitemaps, read and parsed
    PAGE_FETCH = "page_fetch"
    PARSE = "parse"
    STORE = "store"  # the transaction that stores the article and closes its pending row, commit included


class FetchKind(StrEnum):
    LISTING = "listing"
    PAGE = "page"


# Seconds: a fast local parse (milliseconds) up to a slow download (the total timeout is 120 s).
STAGE_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0)
# Seconds from a URL's first listing to its stored row: a tick and a fetch, up to a day of retries.
FEED_TO_ROW_BUCKETS = (1.0, 5.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0, 4 * 3600.0, 86400.0)

POLLS = Counter("wirefeed_polls", "Polls of a source's listing, by source and outcome.", ["source", "outcome"])
FETCHES = Counter(
    "wirefeed_fetches",
    "HTTP requests of listings and article pages, by status class (2xx, 3xx, 4xx, 5xx; error: no response).",
    ["kind", "status_class"],
)
PAGES = Counter(
    "wirefeed_pages",
    "Fetched article pages by parse outcome: parsed, fallback (parsed by the fallback body extraction), "
    "duplicate (a text stored already), failed.",
    ["outcome"],
)
ARTICLES = Counter("wirefeed_articles", "New articles stored, by relation to their story.", ["relation"])
FETCH_OUTCOMES = Counter(
    "wirefeed_fetch_outcomes",
    "Tries of pending fetches by outcome (new, version, unchanged, duplicate, not_modified, parse_failed, "
    "fetch_failed, retry, deferred, throttled, skipped).",
    ["outcome"],
)
STAGE_SECONDS = Histogram(
    "wirefeed_stage_duration_seconds", "Time spent in each stage of ingestion.", ["stage"], buckets=STAGE_BUCKETS
)
FEED_TO_ROW_SECONDS = Histogram(
    "wirefeed_feed_to_row_seconds",
    "From a URL's first listing (its pending fetch's first_seen_at) to the commit of its article or version.",
    buckets=FEED_TO_ROW_BUCKETS,
)


def status_class(status: int | None) -> str:
    """``2xx``..``5xx`` for an HTTP status, ``error`` when no response arrived."""
    return f"{status // 100}xx" if status and 100 <= status < 600 else "error"


@dataclass
class _Fetching:
    """An HTTP fetch being timed: :meth:`record` notes the response's status."""

    status: int | None = None

    def record(self, response: Any) -> Any:
        """``response`` (a Response, or a listing read that holds one), its status noted."""
        self.status = getattr(getattr(response, "response", response), "status", None)
        return response


@contextmanager
def fetching(kind: FetchKind) -> Iterator[_Fetching]:
    """Time a listing or page fetch and count its status class. A fetch that fails counts the status that
    failed it (none: ``error``), but one our own rate limit refused sent no request and is not counted; a
    listing that arrived but did not parse counts as the 2xx it was."""
    stage = Stage.LISTING_FETCH if kind is FetchKind.LISTING else Stage.PAGE_FETCH
    fetch = _Fetching()
    with STAGE_SECONDS.labels(stage).time():
        try:
            yield fetch
        except FetchError as exc:
            if exc.kind.counts_against_source:
                FETCHES.labels(kind, status_class(exc.status)).inc()
            raise
        except ParseError:
            FETCHES.labels(kind, "2xx").inc()
            raise
    FETCHES.labels(kind, status_class(fetch.status)).inc()


def timed(stage: Stage) -> Any:
    """A context manager and decorator observing the time of ``stage``."""
    return STAGE_SECONDS.labels(stage).time()


def polled(source: str, outcome: str) -> None:
    POLLS.labels(source, outcome).inc()


def fetch_ended(outcome: str) -> None:
    FETCH_OUTCOMES.labels(outcome).inc()


def parse_failed() -> None:
    PAGES.labels("failed").inc()


def stored(outcome: str, relation: str | None, warnings: tuple[str, ...], first_seen_at: datetime) -> None:
    """After the commit of a parsed page's article: its page, its new article, its latency from the feed."""
    duplicate = outcome in ("duplicate", "unchanged")
    PAGES.labels("duplicate" if duplicate else "fallback" if FALLBACK in warnings else "parsed").inc()
    if outcome == "new" and relation:
        ARTICLES.labels(relation).inc()
    if outcome in ("new", "version"):
        FEED_TO_ROW_SECONDS.observe(max(0.0, (datetime.now(UTC) - first_seen_at).total_seconds()))
