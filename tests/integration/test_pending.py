"""Pending fetches held in PostgreSQL: written with the poll, claimed once, closed with the outcome, handed to
the broker again by the tick when nobody holds them; the poll holds no connection while it fetches the listing.
(Failed tries rescheduled on the row: test_retries.py.)

Each test asserts what the server was asked (its log), what PostgreSQL holds, and what the broker holds.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest

from tests.integration.faultserver import FaultServer, LoggedRequest, Page, Reply, Sleep
from tests.integration.support import (
    DATE,
    add_source,
    article_html,
    broker_messages,
    one_article_site,
    pending_rows,
    rss,
)
from worker.ingest.fetch import fetch_pending
from worker.ingest.poll import poll_source
from worker.runtime.settings import Settings
from worker.runtime.tasks import REQUEUE_BATCH, fetch_article, tick

pytestmark = pytest.mark.usefixtures("fresh_politeness")


@pytest.fixture
def empty_broker(settings: Settings) -> Settings:
    broker_messages(settings)
    return settings


def two_article_site(server: FaultServer) -> str:
    server.route("/news/1", Page(article_html("One"), etag='"a1"'))
    server.route("/news/2", Page(article_html("Two")))
    feed = rss(("One", server.url("/news/1"), DATE), ("Two", server.url("/news/2"), DATE))
    return server.route("/feed.xml", Page(feed, "application/rss+xml"))


def test_the_poll_writes_a_pending_row_per_url_in_its_transaction(
    conn: Any, settings: Settings, fault_server: FaultServer
) -> None:
    source_id = add_source(conn, two_article_site(fault_server))
    handed: list[int] = []
    summary = poll_source(source_id, settings, handed.append)
    pending = pending_rows(conn)
    assert [r["id"] for r in pending] == handed and len(summary.enqueued) == 2
    assert [(r["url"].rsplit("/", 1)[1], r["reason"], r["source_id"]) for r in pending] == [
        ("1", "new", source_id),
        ("2", "new", source_id),
    ]
    entries = {r["url"]: r["entry_key"] for r in conn.execute("SELECT url, entry_key FROM listing_entries")}
    assert {r["url"]: r["entry_key"] for r in pending} == entries
    assert all(r["closed_at"] is None and r["enqueued_at"] is not None and r["attempts"] == 0 for r in pending)
    # One transaction: the rows, the entries and the poll's outcome were committed together.
    xmins = conn.execute(
        "SELECT (SELECT array_agg(DISTINCT xmin::text) FROM pending_fetches) AS p,"
        " (SELECT array_agg(DISTINCT xmin::text) FROM listing_entries) AS e"
    ).fetchone()
    assert len(xmins["p"]) == 1 and xmins["p"] == xmins["e"]
    assert [r.path for r in fault_server.log] == ["/robots.txt", "/feed.xml"]  # the poll fetches no article

    fetched = [fetch_pending(pending_id, settings) for pending_id in handed]
    assert [f.outcome for f in fetched] == ["new", "new"]
    closed = pending_rows(conn)
    assert [r["outcome"] for r in closed] == ["new", "new"] and all(r["closed_at"] for r in closed)
    assert all(r["claimed_until"] is None for r in closed)


def test_a_url_already_pending_is_not_queued_twice(conn: Any, settings: Settings, fault_server: FaultServer) -> None:
    """Another source listing the same URL, or the next poll of a changed listing, adds no second open row."""
    feed_url = two_article_site(fault_server)
    first = add_source(conn, feed_url)
    other = fault_server.route("/other.xml", Page(rss(("One", fault_server.url("/news/1"), DATE)), "text/xml"))
    conn.execute("INSERT INTO sources (name, feed_url) VALUES ('other', %s)", (other,))
    conn.commit()
    second = conn.execute("SELECT id FROM sources WHERE name = 'other'").fetchone()["id"]
    handed: list[int] = []
    poll_source(first, settings, handed.append)
    assert poll_source(second, settings, handed.append).enqueued == []
    assert len(handed) == 2 and len(pending_rows(conn)) == 2


def test_the_same_task_delivered_three_times_fetches_and_stores_once(
    conn: Any, settings: Settings, fault_server: FaultServer
) -> None:
    source_id = add_source(conn, one_article_site(fault_server))
    handed: list[int] = []
    poll_source(source_id, settings, handed.append)
    [pending_id] = handed
    outcomes = [fetch_article.apply(args=(pending_id,)).get()["outcome"] for _ in range(3)]
    assert outcomes == ["new", "skipped", "skipped"]
    assert len(fault_server.requests_to("/news/1")) == 1
    conn.commit()
    stored = conn.execute("SELECT (SELECT count(*) FROM articles) AS a, (SELECT count(*) FROM pages) AS p").fetchone()
    assert (stored["a"], stored["p"]) == (1, 1)


def test_copies_of_a_task_running_at_once_fetch_once(conn: Any, settings: Settings, fault_server: FaultServer) -> None:
    fault_server.route("/news/1", Sleep(1.0, Page(article_html("One"))))
    fault_server.route("/feed.xml", Page(rss(("One", fault_server.url("/news/1"), DATE)), "application/rss+xml"))
    source_id = add_source(conn, fault_server.url("/feed.xml"))
    handed: list[int] = []
    poll_source(source_id, settings, handed.append)
    outcomes: list[str] = []
    copies = [
        threading.Thread(target=lambda: outcomes.append(fetch_pending(handed[0], settings).outcome)) for _ in range(3)
    ]
    for copy in copies:
        copy.start()
    for copy in copies:
        copy.join()
    assert sorted(outcomes) == ["new", "skipped", "skipped"]
    assert len(fault_server.requests_to("/news/1")) == 1


def test_a_closed_rows_task_does_nothing(conn: Any, settings: Settings, fault_server: FaultServer) -> None:
    source_id = add_source(conn, one_article_site(fault_server))
    handed: list[int] = []
    poll_source(source_id, settings, handed.append)
    conn.execute("UPDATE pending_fetches SET closed_at = now(), outcome = 'new'")
    conn.commit()
    assert fetch_article.apply(args=(handed[0],)).get()["outcome"] == "skipped"
    assert fault_server.requests_to("/news/1") == []
    assert conn.execute("SELECT count(*) AS n FROM pages").fetchone()["n"] == 0


def insert_rows(conn: Any, source_id: int, **states: str) -> dict[str, int]:
    """Open pending rows, one per state: SQL assignments applied to a fresh row."""
    ids = {}
    for name, assignments in states.items():
        row = conn.execute(
            "INSERT INTO pending_fetches (source_id, url, reason, enqueued_at) VALUES (%s, %s, 'new', now())"
            " RETURNING id",
            (source_id, f"http://127.0.0.1:9/{name}"),
        ).fetchone()
        conn.execute(f"UPDATE pending_fetches SET {assignments} WHERE id = %s", (row["id"],))
        ids[name] = row["id"]
    conn.commit()
    return ids


def test_the_tick_queues_again_the_rows_nobody_holds(
    conn: Any, fault_server: FaultServer, empty_broker: Settings
) -> None:
    source_id = add_source(conn, fault_server.url("/feed.xml"))
    conn.execute("UPDATE sources SET next_poll_at = now() + interval '1 hour'")  # no poll due
    ids = insert_rows(
        conn,
        source_id,
        lost_in_the_broker="enqueued_at = now() - interval '1 hour'",
        never_handed="enqueued_at = NULL",
        worker_killed="enqueued_at = now() - interval '1 hour', claimed_until = now() - interval '1 second'",
        just_handed="enqueued_at = now()",
        held="enqueued_at = now() - interval '1 hour', claimed_until = now() + interval '5 minutes'",
        waiting_for_its_retry="enqueued_at = NULL, next_attempt_at = now() + interval '1 minute'",
        closed="enqueued_at = NULL, closed_at = now(), outcome = 'new'",
    )
    assert tick.run() == 0  # polls queued
    messages = broker_messages(empty_broker)
    assert {m["task"] for m in messages} == {"wirefeed.fetch_article"}
    assert sorted(m["args"][0] for m in messages) == sorted(
        ids[k] for k in ("lost_in_the_broker", "never_handed", "worker_killed")
    )
    assert all(m["headers"]["expires"] for m in messages)  # a copy the tick made redundant is dropped unrun
    assert tick.run() == 0 and broker_messages(empty_broker) == []  # handed just now: not again


def test_the_tick_queues_a_bounded_batch(conn: Any, fault_server: FaultServer, empty_broker: Settings) -> None:
    source_id = add_source(conn, fault_server.url("/feed.xml"))
    conn.execute("UPDATE sources SET next_poll_at = now() + interval '1 hour'")
    conn.execute(
        "INSERT INTO pending_fetches (source_id, url, reason) "
        "SELECT %s, 'http://127.0.0.1:9/' || n, 'new' FROM generate_series(1, %s) AS n",
        (source_id, REQUEUE_BATCH + 10),
    )
    conn.commit()
    tick.run()
    assert len(broker_messages(empty_broker)) == REQUEUE_BATCH
    tick.run()
    assert len(broker_messages(empty_broker)) == 10


def test_the_poll_holds_no_connection_while_it_fetches_the_listing(
    conn: Any, settings: Settings, fault_server: FaultServer
) -> None:
    """While the server answers the listing (and a child sitemap), the database has no session of the test's
    database in a transaction and no lock held but the observer's own."""
    seen: list[dict[str, Any]] = []

    def observe(reply: Reply) -> Any:
        def answer(request: LoggedRequest) -> Reply:
            with conn.cursor() as cur:
                cur.execute(
                    "SELECT (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    "        AND pid <> pg_backend_pid() AND state <> 'idle') AS busy,"
                    " (SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid)"
                    "   WHERE a.datname = current_database() AND l.pid <> pg_backend_pid()) AS locks"
                )
                seen.append(dict(cur.fetchone()))
            conn.rollback()
            return reply

        return answer

    child = fault_server.url("/sm-1.xml")
    index = f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>{child}</loc></sitemap></sitemapindex>'
    urlset = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{fault_server.url("/news/1")}</loc></url></urlset>'
    fault_server.route("/sitemap.xml", observe(Page(index.encode(), "application/xml")))
    fault_server.route("/sm-1.xml", observe(Page(urlset.encode(), "application/xml")))
    source_id = add_source(conn, fault_server.url("/sitemap.xml"))
    summary = poll_source(source_id, settings, lambda pending_id: None)
    assert (summary.status, len(summary.enqueued)) == ("ok", 1)
    assert seen == [{"busy": 0, "locks": 0}, {"busy": 0, "locks": 0}]


def test_a_second_poll_while_the_first_holds_the_source_does_nothing(
    conn: Any, settings: Settings, fault_server: FaultServer
) -> None:
    second: list[Any] = []

    def while_first_fetches(request: LoggedRequest) -> Reply:
        if not second:
            second.append(poll_source(source_id, settings, lambda pending_id: None))
        return Page(rss(("One", fault_server.url("/news/1"), DATE)), "application/rss+xml")

    fault_server.route("/feed.xml", while_first_fetches)
    source_id = add_source(conn, fault_server.url("/feed.xml"))
    first = poll_source(source_id, settings, lambda pending_id: None)
    assert (first.status, second[0].status) == ("ok", "busy")
    assert len(fault_server.requests_to("/feed.xml")) == 1
    row = conn.execute("SELECT polling_until, last_poll_status FROM sources").fetchone()
    assert (row["polling_until"], row["last_poll_status"]) == (None, "ok")


def test_a_large_listing_is_written_in_batches(conn: Any, settings: Settings, fault_server: FaultServer) -> None:
    """Rows written by one statement share its command id (cmin): the entries and the pending rows of a
    5,000-entry sitemap take one statement each, whether new or seen again in a changed body."""
    size = 5000

    def sitemap(marker: str) -> Page:
        urls = "".join(f"<url><loc>{fault_server.url(f'/a/{i}')}</loc></url>" for i in range(size))
        body = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset><!-- {marker} -->'
        return Page(body.encode(), "application/xml")

    fault_server.route("/sitemap.xml", sitemap("first"))
    source_id = add_source(conn, fault_server.url("/sitemap.xml"))
    assert len(poll_source(source_id, settings, lambda pending_id: None).enqueued) == size
    statements = "SELECT count(*) AS n, count(DISTINCT cmin::text) AS statements FROM {}"
    conn.commit()
    assert dict(conn.execute(statements.format("listing_entries")).fetchone()) == {"n": size, "statements": 1}
    assert dict(conn.execute(statements.format("pending_fetches")).fetchone()) == {"n": size, "statements": 1}
    fault_server.route("/sitemap.xml", sitemap("second"))
    assert poll_source(source_id, settings, lambda pending_id: None).enqueued == []  # pending already
    conn.commit()
    assert dict(conn.execute(statements.format("listing_entries")).fetchone()) == {"n": size, "statements": 1}


def test_closed_rows_are_pruned_after_the_retention(
    conn: Any, fault_server: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from worker.runtime.celery_app import app
    from worker.runtime.settings import get_settings
    from worker.runtime.tasks import prune_pending_fetches

    assert app.conf.beat_schedule["wirefeed-prune-pending-fetches"]["task"] == prune_pending_fetches.name
    source_id = add_source(conn, fault_server.url("/feed.xml"))
    ids = insert_rows(
        conn,
        source_id,
        closed_long_ago="closed_at = now() - interval '3 days', outcome = 'new'",
        closed_lately="closed_at = now() - interval '1 day', outcome = 'new'",
        open_long_ago="first_seen_at = now() - interval '30 days'",
    )
    monkeypatch.setenv("WIREFEED_PENDING_RETENTION_DAYS", "2")
    get_settings.cache_clear()
    try:
        assert prune_pending_fetches.run() == 1
    finally:
        get_settings.cache_clear()
    assert [r["id"] for r in pending_rows(conn)] == [ids["closed_lately"], ids["open_long_ago"]]


def test_only_the_holders_retry_claims_a_held_row(conn: Any, fault_server: FaultServer, settings: Settings) -> None:
    """A task whose try met a database fault may not have released its row: its retry (same task id, next try)
    claims it again at once; any other task, or the same try delivered twice, waits for the lease to lapse."""
    from worker import database as db
    from worker.database import pending

    source_id = add_source(conn, fault_server.url("/feed.xml"))
    ids = insert_rows(conn, source_id, held="enqueued_at = now()")
    with db.connection(settings) as first:
        assert pending.claim(first, ids["held"], 300, pending.Holder("task-a", 0)) is not None
    with db.connection(settings) as other:
        assert pending.claim(other, ids["held"], 300, pending.Holder("task-b", 0)) is None
        assert pending.claim(other, ids["held"], 300) is None
        assert pending.claim(other, ids["held"], 300, pending.Holder("task-a", 0)) is None  # delivered twice
    with db.connection(settings) as retry:
        assert pending.claim(retry, ids["held"], 300, pending.Holder("task-a", 1)) is not None
    with db.connection(settings) as late_twin:
        assert pending.claim(late_twin, ids["held"], 300, pending.Holder("task-a", 1)) is None
