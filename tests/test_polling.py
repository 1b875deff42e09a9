"""Polling against the fault-injecting server, end to end through the pipeline into real PostgreSQL.

Each test asserts what was requested (the server's log) and what was stored (the database).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import redis

from tests.faultserver import (
    BILLION_LAUGHS,
    PNG_BYTES,
    FaultServer,
    Page,
    Redirect,
    Reset,
    Sequence,
    Sleep,
    Status,
    Stream,
    Truncated,
)
from tests.support import DATE, add_source, article_html, rss
from worker.inline import poll_inline
from worker.settings import Settings

pytestmark = pytest.mark.usefixtures("fresh_politeness")


def counts(conn: Any) -> dict[str, int]:
    return {t: conn.execute(f"SELECT count(*) AS n FROM {t}").fetchone()["n"]
            for t in ("articles", "pages", "listing_entries", "article_versions")}


def source_row(conn: Any) -> dict[str, Any]:
    conn.commit()  # see the pipeline's committed writes in a fresh snapshot
    return dict(conn.execute("SELECT * FROM sources WHERE name = 'wire'").fetchone())


def paths(server: FaultServer, since: int = 0) -> list[str]:
    return [r.path for r in server.log[since:]]


def one_article_site(server: FaultServer, **feed: Any) -> str:
    server.route("/news/1", Page(article_html("One"), etag='"a1"'))
    return server.route("/feed.xml", Page(rss(("One", server.url("/news/1"), DATE)), "application/rss+xml",
                                          **feed))


def test_unchanged_source_costs_one_conditional_request(conn: Any, settings: Settings,
                                                        fault_server: FaultServer,
                                                        redis_client: redis.Redis) -> None:
    source_id = add_source(conn, one_article_site(fault_server, etag='"f1"', last_modified=1.7e9))
    first = poll_inline(source_id, settings)
    assert [f.outcome for f in first.fetches] == ["new"]
    assert paths(fault_server) == ["/robots.txt", "/feed.xml", "/news/1"]
    before, seen = counts(conn), len(fault_server.log)

    again = poll_inline(source_id, settings)
    assert again.poll.status == "not_modified" and again.fetches == []
    assert paths(fault_server, seen) == ["/feed.xml"]
    assert fault_server.log[-1].header("If-None-Match") == '"f1"'
    assert counts(conn) == before
    assert source_row(conn)["last_poll_status"] == "not_modified"

    for key in redis_client.scan_iter(match="wirefeed:robots:*"):
        redis_client.delete(key)  # the robots.txt cache expired
    seen = len(fault_server.log)
    poll_inline(source_id, settings)
    assert paths(fault_server, seen) == ["/robots.txt", "/feed.xml"]
    assert counts(conn) == before


def test_same_listing_body_without_validators_is_skipped(conn: Any, settings: Settings,
                                                         fault_server: FaultServer) -> None:
    source_id = add_source(conn, one_article_site(fault_server))
    poll_inline(source_id, settings)
    before, seen = counts(conn), len(fault_server.log)
    again = poll_inline(source_id, settings)
    assert (again.poll.status, paths(fault_server, seen)) == ("unchanged", ["/feed.xml"])
    assert counts(conn) == before


def test_changed_entry_refetches_its_page_conditionally(conn: Any, settings: Settings,
                                                        fault_server: FaultServer) -> None:
    source_id = add_source(conn, one_article_site(fault_server))
    poll_inline(source_id, settings)
    fault_server.route("/feed.xml", Page(rss(("One", fault_server.url("/news/1"), "Tue, 02 Jun 2020 10:00:00 GMT"),
                                             ("Two", fault_server.url("/news/2"), DATE)), "application/rss+xml"))
    fault_server.route("/news/2", Page(article_html("Two")))
    before, seen = counts(conn), len(fault_server.log)
    summary = poll_inline(source_id, settings)
    assert sorted(f.outcome for f in summary.fetches) == ["new", "not_modified"]
    assert sorted(paths(fault_server, seen)) == ["/feed.xml", "/news/1", "/news/2"]
    refetch = fault_server.requests_to("/news/1")[-1]
    assert refetch.header("If-None-Match") == '"a1"'
    assert counts(conn)["pages"] == before["pages"] + 1  # the 304 stores nothing


def test_revisit_recent_refetches_latest_articles(conn: Any, settings: Settings,
                                                  fault_server: FaultServer) -> None:
    source_id = add_source(conn, one_article_site(fault_server), revisit_recent=1)
    poll_inline(source_id, settings)
    seen = len(fault_server.log)
    summary = poll_inline(source_id, settings)
    assert summary.poll.status == "unchanged"
    assert paths(fault_server, seen) == ["/feed.xml", "/news/1"]
    assert [f.outcome for f in summary.fetches] == ["not_modified"]


FAULTS = {
    "timeout": (Sleep(5, Page(article_html("Late"))), {"read_timeout": 0.3}),
    "connection": (Reset(), {}),
    "truncated": (Truncated(b"<html><body><article><p>Half a sto", claimed_length=4000), {}),
    "gone": (Status(410), {}),
    "too_large": (Stream(b"<p>" + b"x" * 65533, count=64), {"max_page_bytes": 1024 * 1024}),
    "bad_content_type": (Status(200, PNG_BYTES, "text/html"), {}),
    "redirect_loop": (Redirect("/news/1"), {}),
}


@pytest.mark.parametrize("kind", sorted(FAULTS))
def test_article_fault_is_recorded_not_dropped(conn: Any, settings: Settings, fault_server: FaultServer,
                                               kind: str) -> None:
    reply, overrides = FAULTS[kind]
    fault_server.route("/news/1", reply)
    feed = rss(("One", fault_server.url("/news/1"), DATE))
    source_id = add_source(conn, fault_server.route("/feed.xml", Page(feed, "application/rss+xml")))
    summary = poll_inline(source_id, dataclasses.replace(settings, **overrides))
    assert [(f.outcome, f.error.split(":")[0] if f.error else None) for f in summary.fetches] == [
        ("fetch_failed", kind)]
    assert len(fault_server.requests_to("/news/1")) == 1
    page = conn.execute("SELECT * FROM pages").fetchone()
    assert (page["url"], page["parse_status"], page["body_gzip"]) == (fault_server.url("/news/1"),
                                                                      "fetch_failed", None)
    assert page["parse_error"].startswith(kind + ":")
    assert counts(conn)["articles"] == 0
    assert source_row(conn)["consecutive_failures"] == 0  # the listing was fine


def test_redirect_to_private_address_is_refused(conn: Any, settings: Settings,
                                                fault_server: FaultServer) -> None:
    fault_server.route("/news/1", Redirect("http://169.254.169.254/latest/meta-data/"))
    feed = rss(("One", fault_server.url("/news/1"), DATE))
    source_id = add_source(conn, fault_server.route("/feed.xml", Page(feed, "application/rss+xml")))
    guarded = dataclasses.replace(settings, allow_private_addresses=False,
                                  private_allowlist=(fault_server.netloc,))
    summary = poll_inline(source_id, guarded)
    assert [f.outcome for f in summary.fetches] == ["fetch_failed"]
    assert paths(fault_server) == ["/robots.txt", "/feed.xml", "/news/1"]
    error = conn.execute("SELECT parse_error FROM pages").fetchone()["parse_error"]
    assert error.startswith("private_address:") and "169.254.169.254" in error


def test_robots_disallowed_article_is_never_requested(conn: Any, settings: Settings,
                                                      fault_server: FaultServer) -> None:
    fault_server.route("/robots.txt", Page(b"User-agent: *\nDisallow: /news/\n", "text/plain"))
    source_id = add_source(conn, one_article_site(fault_server))
    summary = poll_inline(source_id, settings)
    assert [f.error.split(":")[0] for f in summary.fetches if f.error] == ["robots_disallowed"]
    assert paths(fault_server) == ["/robots.txt", "/feed.xml"]
    assert conn.execute("SELECT parse_status FROM pages").fetchone()["parse_status"] == "fetch_failed"


def test_failing_listing_backs_off_then_pauses(conn: Any, settings: Settings,
                                              fault_server: FaultServer) -> None:
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
    assert counts(conn) == {"articles": 0, "pages": 0, "listing_entries": 0, "article_versions": 0}


def test_success_clears_the_failures(conn: Any, settings: Settings, fault_server: FaultServer) -> None:
    fault_server.route("/news/1", Page(article_html("One")))
    feed = Page(rss(("One", fault_server.url("/news/1"), DATE)), "application/rss+xml")
    source_id = add_source(conn, fault_server.route("/feed.xml", Sequence(Status(503), feed)))
    poll_inline(source_id, settings)
    assert source_row(conn)["consecutive_failures"] == 1
    assert poll_inline(source_id, settings).poll.status == "ok"
    row = source_row(conn)
    assert (row["consecutive_failures"], row["backoff_seconds"], row["last_error"]) == (0, 0, None)


def test_gone_listing_pauses_at_once(conn: Any, settings: Settings, fault_server: FaultServer) -> None:
    source_id = add_source(conn, fault_server.route("/feed.xml", Status(410)))
    poll_inline(source_id, settings)
    row = source_row(conn)
    assert row["consecutive_failures"] == 1 and "gone" in row["paused_reason"]
    claimed = conn.execute("SELECT id FROM sources WHERE enabled AND next_poll_at <= now() "
                           "AND (paused_until IS NULL OR paused_until <= now())").fetchall()
    assert claimed == []


def test_billion_laughs_listing_fails_cleanly(conn: Any, settings: Settings, fault_server: FaultServer) -> None:
    source_id = add_source(conn, fault_server.route("/feed.xml", Page(BILLION_LAUGHS, "application/rss+xml")))
    summary = poll_inline(source_id, settings)
    assert summary.poll.status == "failed" and "entity declarations refused" in (summary.poll.error or "")
    assert paths(fault_server) == ["/robots.txt", "/feed.xml"]
    assert counts(conn) == {"articles": 0, "pages": 0, "listing_entries": 0, "article_versions": 0}
    assert source_row(conn)["last_error"].startswith("UnsafeXMLError")


def test_own_rate_limit_defers_without_a_failure(conn: Any, settings: Settings,
                                                 fault_server: FaultServer) -> None:
    source_id = add_source(conn, one_article_site(fault_server), per_host_rps=0.01)
    slow = dataclasses.replace(settings, per_host_rps=0.01, max_rate_wait=0.0)
    summary = poll_inline(source_id, slow)
    assert summary.poll.status == "deferred"
    row = source_row(conn)
    assert (row["consecutive_failures"], row["last_poll_status"]) == (0, "deferred")
    assert paths(fault_server) == ["/robots.txt"]  # the robots.txt download took the host's only slot


def test_poll_interval_follows_the_publishing_rate(conn: Any, settings: Settings,
                                                  fault_server: FaultServer) -> None:
    from email.utils import format_datetime

    now = datetime.now(UTC)
    items = [(f"N{i}", fault_server.url(f"/news/{i}"), format_datetime(now - timedelta(hours=i), usegmt=True))
             for i in range(6)]
    fault_server.route("/feed.xml", Page(rss(*items), "application/rss+xml"))
    for i in range(6):
        fault_server.route(f"/news/{i}", Page(article_html(f"N{i}")))
    source_id = add_source(conn, fault_server.url("/feed.xml"), poll_interval=300)
    poll_inline(source_id, settings)
    row = source_row(conn)
    assert row["current_interval"] == 1800  # hourly publishing: every half hour
    assert (row["next_poll_at"] - row["last_poll_at"]).total_seconds() == 1800


def test_failed_url_is_not_fetched_again_on_every_poll(conn: Any, settings: Settings,
                                                      fault_server: FaultServer) -> None:
    fault_server.route("/news/1", Status(404))
    fault_server.route("/news/2", Page(article_html("Two")))
    fault_server.route("/feed.xml", Page(rss(("One", fault_server.url("/news/1"), DATE)), "application/rss+xml"))
    source_id = add_source(conn, fault_server.url("/feed.xml"))
    poll_inline(source_id, settings)
    fault_server.route("/feed.xml", Page(rss(("One", fault_server.url("/news/1"), DATE),
                                             ("Two", fault_server.url("/news/2"), DATE)), "application/rss+xml"))
    summary = poll_inline(source_id, settings)
    assert [f.url for f in summary.fetches] == [fault_server.url("/news/2")]
    assert len(fault_server.requests_to("/news/1")) == 1
    rows = conn.execute("SELECT url, parse_status FROM pages ORDER BY id").fetchall()
    assert [(r["url"].rsplit("/", 1)[1], r["parse_status"]) for r in rows] == [("1", "fetch_failed"), ("2", "parsed")]
