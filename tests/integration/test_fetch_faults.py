"""Every fault of the fault-injecting server, end to end through a poll into real PostgreSQL.

Each case asserts what the server was asked (its own log) and what was stored: an article fetch that failed for
good is a ``pages`` row with ``parse_status = 'fetch_failed'``, its error and the HTTP status that failed it, and
its pending row closed with the error; one that may succeed later keeps its pending row open with the error (its
next try is the worker's: tests/integration/test_retries.py). Run inline, a poll tries each URL once. A failed
listing is the source's health (last error, failures in a row, backoff, pause).
"""

from __future__ import annotations

import dataclasses
import gzip
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest

from tests.integration.faultserver import (
    PNG_BYTES,
    FaultServer,
    Page,
    Redirect,
    Reply,
    Reset,
    Sleep,
    StalledListener,
    Status,
    Stream,
    Trickle,
    Truncated,
)
from tests.integration.support import (
    DATE,
    add_source,
    article_html,
    counts,
    nothing_stored,
    one_article_site,
    paths,
    pending_rows,
    rss,
    source_row,
)
from tests.payloads import BILLION_LAUGHS, EXTERNAL_ENTITY
from worker.network.http import FailureKind
from worker.runtime.inline import poll_inline
from worker.runtime.settings import Settings

pytestmark = pytest.mark.usefixtures("fresh_politeness")

RSS = "application/rss+xml"
HUGE = Stream(b"<p>" + b"x" * 65533, count=64)  # 4 MiB against a 1 MiB limit
SMALL_PAGES = {"max_page_bytes": 1024 * 1024}
TRICKLE_TIMEOUTS = {"read_timeout": 1.0, "total_timeout": 0.5}  # a trickle of 20 bytes every 50 ms


@dataclass(frozen=True)
class Fault:
    """A reply served where the listing or the article should be, and what must come of it."""

    reply: Reply
    kind: str  # FetchError.kind (or exception class) that starts the stored error
    status: int | None = None  # HTTP status kept with the failure
    also: tuple[tuple[str, Reply], ...] = ()  # further routes (redirect targets)
    requested: tuple[str, ...] = ()  # paths asked for after the faulty one, in order
    settings: dict[str, Any] = field(default_factory=dict)
    guarded: bool = False  # the private-address guard on, the test server alone allowed
    paused: bool = False  # a listing failure that pauses the source at once
    body_kept: bool = False  # a listing body that came whole but did not parse is kept with its error

    def serve(self, server: FaultServer, path: str) -> None:
        server.route(path, self.reply)
        for route, reply in self.also:
            server.route(route, reply)

    def settings_for(self, settings: Settings, server: FaultServer) -> Settings:
        guard: dict[str, Any] = {"allow_private_addresses": False, "private_allowlist": (server.netloc,)}
        return dataclasses.replace(settings, **self.settings, **(guard if self.guarded else {}))


def chain(prefix: str, hops: int, end: Reply) -> tuple[tuple[str, Reply], ...]:
    """``prefix``1 → ``prefix``2 → … → ``prefix``<hops>, which answers ``end``."""
    return (*((f"{prefix}{i}", Redirect(f"{prefix}{i + 1}", 301)) for i in range(1, hops)), (f"{prefix}{hops}", end))


ARTICLE_FAULTS = {
    "read timeout": Fault(Sleep(5, Page(article_html("Late"))), "timeout", settings={"read_timeout": 0.3}),
    "connection reset": Fault(Reset(), "connection"),
    "truncated body": Fault(Truncated(b"<html><body><article><p>Half a sto", claimed_length=4000), "truncated", 200),
    "500": Fault(Status(500), "server_error", 500),
    "429 with Retry-After": Fault(Status(429, headers=(("Retry-After", "30"),)), "rate_limited", 429),
    "404": Fault(Status(404), "gone", 404),
    "410": Fault(Status(410), "gone", 410),
    "403": Fault(Status(403), "client_error", 403),
    "oversized page": Fault(HUGE, "too_large", 200, settings=SMALL_PAGES),
    "binary served as html": Fault(Status(200, PNG_BYTES, "text/html"), "bad_content_type", 200),
    "pdf content type": Fault(Status(200, b"%PDF-1.4", "application/pdf"), "bad_content_type", 200),
    "redirect loop": Fault(
        Redirect("/news/1b"), "redirect_loop", also=(("/news/1b", Redirect("/news/1")),), requested=("/news/1b",)
    ),
    "six redirects": Fault(
        Redirect("/r1"),
        "too_many_redirects",
        also=chain("/r", 7, Page(article_html("Far"))),
        requested=("/r1", "/r2", "/r3", "/r4", "/r5"),
    ),
    "redirect to a private address": Fault(
        Redirect("http://169.254.169.254/latest/meta-data/"), "private_address", guarded=True
    ),
    "private address on the second hop": Fault(
        Redirect("/hop"),
        "private_address",
        guarded=True,
        also=(("/hop", Redirect("http://10.0.0.1/admin")),),
        requested=("/hop",),
    ),
}


@pytest.mark.parametrize("name", list(ARTICLE_FAULTS))
def test_article_fault_is_recorded_not_dropped(
    conn: Any, settings: Settings, fault_server: FaultServer, name: str
) -> None:
    fault = ARTICLE_FAULTS[name]
    fault.serve(fault_server, "/news/1")
    feed = rss(("One", fault_server.url("/news/1"), DATE))
    source_id = add_source(conn, fault_server.route("/feed.xml", Page(feed, RSS)))
    summary = poll_inline(source_id, fault.settings_for(settings, fault_server))

    retried = FailureKind(fault.kind).retryable
    outcome = "retry" if retried else "fetch_failed"
    assert [(f.outcome, (f.error or "").split(":")[0]) for f in summary.fetches] == [(outcome, fault.kind)]
    assert paths(fault_server) == ["/robots.txt", "/feed.xml", "/news/1", *fault.requested]
    assert_recorded(conn, fault_server.url("/news/1"), source_id, fault.kind, fault.status, retried=retried)
    row = source_row(conn)
    assert (row["consecutive_failures"], row["last_poll_status"]) == (0, "ok")  # the listing was fine

    seen, before = len(fault_server.log), counts(conn)
    poll_inline(source_id, settings)  # the same listing again: the failed URL is not asked for again
    assert paths(fault_server, seen) == ["/feed.xml"]
    assert counts(conn) == before  # nor is the same listing body kept twice


def assert_recorded(conn: Any, url: str, source_id: int, kind: str, status: int | None, *, retried: bool) -> None:
    """A failure to try again is on the open pending row; one given up is a page row, and closes the row."""
    [pending] = pending_rows(conn)
    assert pending["last_error"].startswith(kind + ":")
    if retried:
        assert (pending["closed_at"], pending["attempts"]) == (None, 1)
        assert counts(conn) == nothing_stored() | {"listing_entries": 1, "listing_fetches": 1}
        return
    assert (pending["outcome"], pending["attempts"]) == ("fetch_failed", 0)
    assert counts(conn) == nothing_stored() | {"pages": 1, "listing_entries": 1, "listing_fetches": 1}
    page = conn.execute("SELECT * FROM pages").fetchone()
    assert (page["url"], page["source_id"], page["parse_status"], page["status"], page["body_gzip"]) == (
        url,
        source_id,
        "fetch_failed",
        status,
        None,
    )
    assert page["parse_error"] == pending["last_error"]


def test_connect_timeout_is_recorded(
    conn: Any, settings: Settings, fault_server: FaultServer, stalled_listener: StalledListener
) -> None:
    """A host that never completes the TCP handshake: the connect timeout, not the read timeout, ends it."""
    article = stalled_listener.url("/news/1")
    feed = fault_server.route("/feed.xml", Page(rss(("One", article, DATE)), RSS))
    source_id = add_source(conn, feed, ignore_robots=True)  # no robots.txt from the stalled host first
    summary = poll_inline(source_id, dataclasses.replace(settings, connect_timeout=0.3, read_timeout=30))
    assert [(f.outcome, (f.error or "").split(":")[0]) for f in summary.fetches] == [("retry", "timeout")]
    assert "ConnectTimeout" in (summary.fetches[0].error or "")
    assert paths(fault_server) == ["/feed.xml"]
    assert_recorded(conn, article, source_id, "timeout", None, retried=True)


def test_robots_disallowed_article_is_never_requested(conn: Any, settings: Settings, fault_server: FaultServer) -> None:
    fault_server.route("/robots.txt", Page(b"User-agent: *\nDisallow: /news/\n", "text/plain"))
    source_id = add_source(conn, one_article_site(fault_server))
    summary = poll_inline(source_id, settings)
    assert [f.outcome for f in summary.fetches] == ["fetch_failed"]
    assert paths(fault_server) == ["/robots.txt", "/feed.xml"]
    page = conn.execute("SELECT * FROM pages").fetchone()
    assert (page["parse_status"], page["status"]) == ("fetch_failed", None)
    assert page["parse_error"].startswith("robots_disallowed: robots.txt disallows " + fault_server.url("/news/1"))
    assert counts(conn) == nothing_stored() | {"pages": 1, "listing_entries": 1, "listing_fetches": 1}


LISTING_FAULTS = {
    "read timeout": Fault(Sleep(5, Page(rss(), RSS)), "timeout", settings={"read_timeout": 0.3}),
    "trickled past the total timeout": Fault(
        Trickle(rss(*[("One", "/news/1", DATE)] * 40), 0.05, 20, RSS), "timeout", 200, settings=TRICKLE_TIMEOUTS
    ),
    "connection reset": Fault(Reset(), "connection"),
    "truncated body": Fault(
        Truncated(rss(("One", "/news/1", DATE))[:60], claimed_length=4000, content_type=RSS), "truncated", 200
    ),
    "500": Fault(Status(500), "server_error", 500),
    "429 with Retry-After": Fault(Status(429, headers=(("Retry-After", "5000"),)), "rate_limited", 429),
    "403": Fault(Status(403), "client_error", 403),
    "404": Fault(Status(404), "gone", 404, paused=True),
    "410": Fault(Status(410), "gone", 410, paused=True),
    "oversized listing": Fault(HUGE, "too_large", 200, settings=SMALL_PAGES),
    "binary served as rss": Fault(Status(200, PNG_BYTES, RSS), "bad_content_type", 200),
    "redirect loop": Fault(Redirect("/feed.xml"), "redirect_loop"),
    "redirect to a private address": Fault(
        Redirect("http://169.254.169.254/latest/meta-data/"), "private_address", guarded=True, paused=True
    ),
    "billion laughs": Fault(Page(BILLION_LAUGHS, RSS), "UnsafeXMLError", 200, body_kept=True),
    "external entity": Fault(Page(EXTERNAL_ENTITY, RSS), "UnsafeXMLError", 200, body_kept=True),
}


@pytest.mark.parametrize("name", list(LISTING_FAULTS))
def test_listing_fault_is_kept_in_the_source_health(
    conn: Any, settings: Settings, fault_server: FaultServer, name: str
) -> None:
    fault = LISTING_FAULTS[name]
    fault.serve(fault_server, "/feed.xml")
    source_id = add_source(conn, fault_server.url("/feed.xml"), poll_interval=300)
    summary = poll_inline(source_id, fault.settings_for(settings, fault_server))

    assert (summary.poll.status, summary.fetches) == ("failed", [])
    assert paths(fault_server) == ["/robots.txt", "/feed.xml", *fault.requested]
    assert counts(conn) == nothing_stored() | {"listing_fetches": 1}
    row = source_row(conn)
    kept = conn.execute("SELECT * FROM listing_fetches").fetchone()
    assert (kept["url"], kept["source_id"], kept["parent_id"], kept["status"], kept["error"]) == (
        fault_server.url("/feed.xml"),
        source_id,
        None,
        fault.status,
        row["last_error"],
    )
    body = fault.reply.body if isinstance(fault.reply, Page) and fault.body_kept else None
    assert (gzip.decompress(kept["body_gzip"]) if kept["body_gzip"] else None) == body
    assert kept["entry_count"] is None
    assert (row["consecutive_failures"], row["last_poll_status"], row["last_success_at"]) == (1, "failed", None)
    assert row["last_error"].startswith(fault.kind + ":") and row["last_error_at"] == row["last_poll_at"]
    retry_after = 5000 if name == "429 with Retry-After" else 0
    assert row["backoff_seconds"] >= max(270, retry_after)  # 300 s ± 10 %, never sooner than Retry-After
    if fault.paused:
        assert row["paused_reason"] and row["next_poll_at"] == row["paused_until"] > row["last_poll_at"]
    else:
        assert (row["paused_reason"], row["paused_until"]) == (None, None)
        assert row["next_poll_at"] - row["last_poll_at"] == timedelta(seconds=300 + row["backoff_seconds"])


def test_robots_disallowed_listing_pauses_without_a_request(
    conn: Any, settings: Settings, fault_server: FaultServer
) -> None:
    fault_server.route("/robots.txt", Page(b"User-agent: *\nDisallow: /feed.xml\n", "text/plain"))
    source_id = add_source(conn, one_article_site(fault_server))
    summary = poll_inline(source_id, settings)
    assert summary.poll.status == "failed"
    assert paths(fault_server) == ["/robots.txt"]
    row = source_row(conn)
    assert row["consecutive_failures"] == 1 and row["last_error"].startswith("robots_disallowed:")
    assert row["paused_reason"].startswith("robots.txt disallows the listing")
    assert counts(conn) == nothing_stored() | {"listing_fetches": 1}
    kept = conn.execute("SELECT status, error, body_gzip FROM listing_fetches").fetchone()
    assert (kept["status"], kept["error"], kept["body_gzip"]) == (None, row["last_error"], None)


def test_total_timeout_ends_a_trickled_body(conn: Any, settings: Settings, fault_server: FaultServer) -> None:
    """20 bytes every 50 ms: every read is far within the 1 s read timeout, the 4 000 bytes would take 10 s.

    WIREFEED_TOTAL_TIMEOUT (0.5 s here) ends the download mid-body, not once the body is complete.
    """
    page = article_html("Slow", "x" * 4000)[:4000]
    fault_server.route("/news/1", Trickle(page, every=0.05, step=20))
    source_id = add_source(
        conn, fault_server.route("/feed.xml", Page(rss(("One", fault_server.url("/news/1"), DATE)), RSS))
    )
    slow = dataclasses.replace(settings, **TRICKLE_TIMEOUTS)
    summary = poll_inline(source_id, slow)

    assert [(f.outcome, f.error) for f in summary.fetches] == [("retry", "timeout: body took too long")]
    assert paths(fault_server) == ["/robots.txt", "/feed.xml", "/news/1"]
    assert 0 < fault_server.bytes_sent("/news/1") < len(page)  # the server was cut off mid-body
    assert_recorded(conn, fault_server.url("/news/1"), source_id, "timeout", 200, retried=True)
    assert pending_rows(conn)[0]["last_error"] == "timeout: body took too long"
