"""Polling against the fault-injecting server, end to end through the pipeline into real PostgreSQL.

Each test asserts what was requested (the server's log) and what was stored (the database).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import redis

from tests.integration.faultserver import FaultServer, Page, Sequence, Status
from tests.integration.support import (
    DATE,
    add_source,
    article_html,
    counts,
    nothing_stored,
    one_article_site,
    paths,
    rss,
    source_row,
)
from worker.database import q
from worker.ingest.schedule import CLAIM_LEASE_SECONDS
from worker.network.robots import RobotsCache
from worker.runtime.inline import poll_inline
from worker.runtime.settings import Settings

pytestmark = pytest.mark.usefixtures("fresh_politeness")


LAST_MODIFIED = "Tue, 14 Nov 2023 22:13:20 GMT"  # 1.7e9
VALIDATORS = {  # what the listing's server sends, and the request header that must come back
    "etag and last-modified": ({"etag": '"f1"', "last_modified": 1.7e9}, ("If-None-Match", '"f1"')),
    "etag": ({"etag": '"f1"'}, ("If-None-Match", '"f1"')),
    "last-modified": ({"last_modified": 1.7e9}, ("If-Modified-Since", LAST_MODIFIED)),
}


@pytest.mark.parametrize("validators", list(VALIDATORS))
def test_unchanged_source_costs_one_conditional_request(
    conn: Any, settings: Settings, fault_server: FaultServer, redis_client: redis.Redis, validators: str
) -> None:
    feed, (header, value) = VALIDATORS[validators]
    source_id = add_source(conn, one_article_site(fault_server, **feed))
    first = poll_inline(source_id, settings)
    assert [f.outcome for f in first.fetches] == ["new"]
    assert paths(fault_server) == ["/robots.txt", "/feed.xml", "/news/1"]
    row = source_row(conn)
    assert (row["etag"], row["last_modified"]) == (feed.get("etag"), LAST_MODIFIED if "last_modified" in feed else None)
    before, seen = counts(conn), len(fault_server.log)

    again = poll_inline(source_id, settings)
    assert again.poll.status == "not_modified" and again.fetches == []
    assert paths(fault_server, seen) == ["/feed.xml"]
    assert fault_server.log[-1].header(header) == value
    assert counts(conn) == before
    assert source_row(conn)["last_poll_status"] == "not_modified"

    for key in redis_client.scan_iter(match=f"{settings.redis_prefix}{RobotsCache.KEYS}*"):
        redis_client.delete(key)  # the robots.txt cache expired
    seen = len(fault_server.log)
    poll_inline(source_id, settings)
    assert paths(fault_server, seen) == ["/robots.txt", "/feed.xml"]
    assert counts(conn) == before


def test_same_listing_body_without_validators_is_skipped(
    conn: Any, settings: Settings, fault_server: FaultServer
) -> None:
    source_id = add_source(conn, one_article_site(fault_server))
    poll_inline(source_id, settings)
    before, seen = counts(conn), len(fault_server.log)
    again = poll_inline(source_id, settings)
    assert (again.poll.status, paths(fault_server, seen)) == ("unchanged", ["/feed.xml"])
    assert counts(conn) == before


def feed_of(*entries: tuple[str, str, str]) -> Page:
    """An RSS feed of (path, guid, pubDate) entries."""
    items = "".join(
        f"<item><title>{path}</title><link>{{base}}{path}</link><guid>{guid}</guid><pubDate>{date}</pubDate></item>"
        for path, guid, date in entries
    )
    return Page(f'<rss version="2.0"><channel><title>T</title>{items}</channel></rss>'.encode(), "application/rss+xml")


ENTRY_CHANGES = {  # the first entry on the next poll, and whether its stored page is asked for again
    "new published date": (("/news/1", "g1", "Tue, 02 Jun 2020 10:00:00 GMT"), True),
    "new guid": (("/news/1", "g1-update-1", DATE), True),
    "same entry": (("/news/1", "g1", DATE), False),
}


@pytest.mark.parametrize("change", list(ENTRY_CHANGES))
def test_stored_url_is_fetched_again_only_when_its_entry_changed(
    conn: Any, settings: Settings, fault_server: FaultServer, change: str
) -> None:
    base = fault_server.url("")
    fault_server.route("/news/1", Page(article_html("One"), etag='"a1"'))
    fault_server.route("/news/2", Page(article_html("Two")))
    fault_server.route(
        "/feed.xml",
        Page(feed_of(("/news/1", "g1", DATE)).body.replace(b"{base}", base.encode()), "application/rss+xml"),
    )
    source_id = add_source(conn, fault_server.url("/feed.xml"))
    poll_inline(source_id, settings)
    first, refetched = ENTRY_CHANGES[change]
    listing = feed_of(first, ("/news/2", "g2", DATE))
    fault_server.route("/feed.xml", Page(listing.body.replace(b"{base}", base.encode()), listing.content_type))
    before, seen = counts(conn), len(fault_server.log)

    summary = poll_inline(source_id, settings)
    expected = ["/feed.xml", "/news/1", "/news/2"] if refetched else ["/feed.xml", "/news/2"]
    assert sorted(paths(fault_server, seen)) == expected
    assert sorted(f.outcome for f in summary.fetches) == (["new", "not_modified"] if refetched else ["new"])
    if refetched:
        assert fault_server.requests_to("/news/1")[-1].header("If-None-Match") == '"a1"'
    after = counts(conn)  # Two is new; the 304 for One stores nothing
    assert (after["pages"], after["articles"], after["article_versions"]) == (
        before["pages"] + 1,
        before["articles"] + 1,
        before["article_versions"] + 1,
    )


def test_revisit_recent_refetches_latest_articles(conn: Any, settings: Settings, fault_server: FaultServer) -> None:
    source_id = add_source(conn, one_article_site(fault_server), revisit_recent=1)
    poll_inline(source_id, settings)
    before, seen = counts(conn), len(fault_server.log)
    summary = poll_inline(source_id, settings)
    assert summary.poll.status == "unchanged"
    assert paths(fault_server, seen) == ["/feed.xml", "/news/1"]
    assert fault_server.log[-1].header("If-None-Match") == '"a1"'
    assert [f.outcome for f in summary.fetches] == ["not_modified"]
    assert counts(conn) == before


def test_failing_listing_backs_off_then_pauses(conn: Any, settings: Settings, fault_server: FaultServer) -> None:
    url = fault_server.route("/feed.xml", Status(500))
    source_id = add_source(conn, url, poll_interval=60)
    strict = dataclasses.replace(settings, pause_after_failures=3)
    for expected in (1, 2):
        assert poll_inline(source_id, strict).poll.status == "failed"
        row = source_row(conn)
        assert (row["consecutive_failures"], row["paused_reason"]) == (expected, None)
        assert row["backoff_seconds"] >= 54 * expected and row["last_error"].startswith("server_error")
    poll_inline(source_id, strict)
    row = source_row(conn)
    assert row["consecutive_failures"] == 3 and row["paused_reason"].startswith("3 failed polls in a row")
    assert row["paused_until"] is not None and row["next_poll_at"] == row["paused_until"]
    assert len(fault_server.requests_to("/feed.xml")) == 3
    assert counts(conn) == nothing_stored() | {"listing_fetches": 3}  # each failure, with its status
    kept = conn.execute("SELECT status, error, body_gzip FROM listing_fetches").fetchall()
    assert {(k["status"], k["error"], k["body_gzip"]) for k in kept} == {(500, "server_error: HTTP 500", None)}


def test_success_clears_the_failures(conn: Any, settings: Settings, fault_server: FaultServer) -> None:
    fault_server.route("/news/1", Page(article_html("One")))
    feed = Page(rss(("One", fault_server.url("/news/1"), DATE)), "application/rss+xml")
    source_id = add_source(conn, fault_server.route("/feed.xml", Sequence(Status(503), feed)))
    poll_inline(source_id, settings)
    assert source_row(conn)["consecutive_failures"] == 1
    assert poll_inline(source_id, settings).poll.status == "ok"
    row = source_row(conn)
    assert (row["consecutive_failures"], row["backoff_seconds"], row["last_error"]) == (0, 0, None)


@pytest.mark.parametrize("limit", ["the source's per_host_rps", "WIREFEED_PER_HOST_RPS"])
def test_own_rate_limit_defers_without_a_failure(
    conn: Any, settings: Settings, fault_server: FaultServer, limit: str
) -> None:
    """One request per 100 s for the host, set on the source (the default is 1000/s) or as the default."""
    per_source = limit.startswith("the source")
    source_id = add_source(conn, one_article_site(fault_server), per_host_rps=0.01 if per_source else None)
    slow = dataclasses.replace(settings, per_host_rps=1000.0 if per_source else 0.01, max_rate_wait=0.0)
    summary = poll_inline(source_id, slow)
    assert summary.poll.status == "deferred"
    row = source_row(conn)
    assert (row["consecutive_failures"], row["last_poll_status"], row["last_error"]) == (0, "deferred", None)
    assert row["next_poll_at"] > datetime.now(UTC) + timedelta(seconds=60)  # when the host has a slot again
    assert paths(fault_server) == ["/robots.txt"]  # the robots.txt download took the host's only slot
    assert counts(conn) == nothing_stored()


def test_source_rate_overrides_a_slower_default(conn: Any, settings: Settings, fault_server: FaultServer) -> None:
    source_id = add_source(conn, one_article_site(fault_server), per_host_rps=1000.0)
    summary = poll_inline(source_id, dataclasses.replace(settings, per_host_rps=0.01, max_rate_wait=0.0))
    assert (summary.poll.status, [f.outcome for f in summary.fetches]) == ("ok", ["new"])
    assert paths(fault_server) == ["/robots.txt", "/feed.xml", "/news/1"]


def test_poll_interval_follows_the_publishing_rate(conn: Any, settings: Settings, fault_server: FaultServer) -> None:
    from email.utils import format_datetime

    now = datetime.now(UTC)
    items = [
        (f"N{i}", fault_server.url(f"/news/{i}"), format_datetime(now - timedelta(hours=i), usegmt=True))
        for i in range(6)
    ]
    fault_server.route("/feed.xml", Page(rss(*items), "application/rss+xml"))
    for i in range(6):
        fault_server.route(f"/news/{i}", Page(article_html(f"N{i}")))
    source_id = add_source(conn, fault_server.url("/feed.xml"), poll_interval=300)
    poll_inline(source_id, settings)
    row = source_row(conn)
    assert row["current_interval"] == 1800  # hourly publishing: every half hour
    assert (row["next_poll_at"] - row["last_poll_at"]).total_seconds() == 1800

    # Adaptation turned off: the fitted interval is forgotten at the next poll, not kept until an edit.
    fault_server.route("/feed.xml", Page(rss(*items[:5]), "application/rss+xml"))
    poll_inline(source_id, dataclasses.replace(settings, adaptive_interval=False))
    row = source_row(conn)
    assert row["current_interval"] is None
    assert (row["next_poll_at"] - row["last_poll_at"]).total_seconds() == 300


def test_failed_url_is_not_fetched_again_on_every_poll(
    conn: Any, settings: Settings, fault_server: FaultServer
) -> None:
    fault_server.route("/news/1", Status(404))
    fault_server.route("/news/2", Page(article_html("Two")))
    fault_server.route("/feed.xml", Page(rss(("One", fault_server.url("/news/1"), DATE)), "application/rss+xml"))
    source_id = add_source(conn, fault_server.url("/feed.xml"))
    poll_inline(source_id, settings)
    fault_server.route(
        "/feed.xml",
        Page(
            rss(("One", fault_server.url("/news/1"), DATE), ("Two", fault_server.url("/news/2"), DATE)),
            "application/rss+xml",
        ),
    )
    summary = poll_inline(source_id, settings)
    assert [f.url for f in summary.fetches] == [fault_server.url("/news/2")]
    assert len(fault_server.requests_to("/news/1")) == 1
    rows = conn.execute("SELECT url, parse_status FROM pages ORDER BY id").fetchall()
    assert [(r["url"].rsplit("/", 1)[1], r["parse_status"]) for r in rows] == [("1", "fetch_failed"), ("2", "parsed")]


def test_paused_source_resumes_after_its_cool_down(conn: Any, settings: Settings, fault_server: FaultServer) -> None:
    """Due again at paused_until: a poll that fails is paused again at once, one that succeeds clears it all."""
    fault_server.route("/news/1", Page(article_html("One")))
    feed = Page(rss(("One", fault_server.url("/news/1"), DATE)), "application/rss+xml")
    source_id = add_source(conn, fault_server.route("/feed.xml", Sequence(Status(500), Status(500), feed)))
    strict = dataclasses.replace(settings, pause_after_failures=1)
    for _ in range(2):
        poll_inline(source_id, strict)
        row = source_row(conn)
        assert row["paused_reason"].startswith(f"{row['consecutive_failures']} failed polls in a row")
        conn.execute(
            "UPDATE sources SET paused_until = now() - interval '1 second', next_poll_at = now() - interval '1 second'"
        )  # the cool-down is over
        conn.commit()
        claimed = conn.execute(q("claim_due_sources"), {"limit": 10, "lease_seconds": CLAIM_LEASE_SECONDS}).fetchall()
        conn.commit()  # what the beat tick does: the source is due again
        assert [r["id"] for r in claimed] == [source_id]
    summary = poll_inline(source_id, strict)
    assert (summary.poll.status, [f.outcome for f in summary.fetches]) == ("ok", ["new"])
    row = source_row(conn)
    assert (row["consecutive_failures"], row["paused_reason"], row["paused_until"], row["backoff_seconds"]) == (
        0,
        None,
        None,
        0,
    )
    assert paths(fault_server) == ["/robots.txt", "/feed.xml", "/feed.xml", "/feed.xml", "/news/1"]
