"""Article fetch retries through the Celery task and the pending row it carries.

A failed try is written on the pending row (attempts, error, next try) and the task acknowledged: nothing
waits in the broker. The tests run the task each time the row is due, its wait skipped (what the beat tick
does when the time comes), and assert what the server was asked (its log), what PostgreSQL holds afterwards
and what the broker holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from celery.exceptions import Retry

from tests.integration.faultserver import FaultServer, Page, Reply, Reset, Sequence, Sleep, Status, Truncated
from tests.integration.support import (
    article_html,
    broker_messages,
    make_due,
    pending_fetch,
    pending_rows,
)
from worker.ingest import schedule
from worker.runtime.settings import Settings, get_settings
from worker.runtime.tasks import THROTTLED_COUNTDOWN, THROTTLED_RETRIES, fetch_article, tick

pytestmark = pytest.mark.usefixtures("fresh_politeness")


def run_task(conn: Any, url: str, **options: Any) -> dict[str, Any]:
    """Run the fetch of a new pending row of ``url`` until it closes, each retry when it is due."""
    pending_id = pending_fetch(conn, url)
    while True:
        result = dict(fetch_article.apply(args=(pending_id,), **options).get())
        if result["outcome"] != "retry":
            conn.commit()
            return result
        make_due(conn, pending_id)


def run_in_worker(pending_id: int, retries: int = 0) -> dict[str, Any]:
    """The task's body as a worker runs it (not eagerly): a Celery retry would be a message on the broker."""
    fetch_article.push_request(
        id="retry-test", args=[pending_id], kwargs={}, retries=retries, is_eager=False, called_directly=False
    )
    try:
        return dict(fetch_article.run(pending_id))
    finally:
        fetch_article.pop_request()


def pages(conn: Any) -> list[tuple[int | None, str, str | None]]:
    rows = conn.execute("SELECT status, parse_status, parse_error FROM pages ORDER BY id").fetchall()
    return [(r["status"], r["parse_status"], r["parse_error"]) for r in rows]


def articles(conn: Any) -> list[str]:
    return [r["headline"] for r in conn.execute("SELECT headline FROM articles ORDER BY id")]


@pytest.fixture
def short_read_timeout(monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """The task reads its settings from the environment: a read timeout the tests can wait out."""
    monkeypatch.setenv("WIREFEED_READ_TIMEOUT", "0.3")
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()


@pytest.fixture
def empty_broker(settings: Settings) -> Settings:
    broker_messages(settings)
    return settings


def test_500_burst_is_retried_then_stored(conn: Any, fault_server: FaultServer) -> None:
    url = fault_server.route("/news/1", Sequence(Status(500), Status(502), Page(article_html("One"))))
    assert run_task(conn, url)["outcome"] == "new"
    assert len(fault_server.requests_to("/news/1")) == 3
    assert pages(conn) == [(200, "parsed", None)]  # the failed tries leave no rows
    assert articles(conn) == ["One"]
    [row] = pending_rows(conn)
    assert (row["outcome"], row["attempts"], row["last_error"]) == ("new", 2, "server_error: HTTP 502")


TRANSIENT: dict[str, Reply] = {
    "timeout": Sleep(5, Page(article_html("Late"))),
    "connection": Reset(),
    "truncated": Truncated(b"<html><body><article><p>Half a sto", claimed_length=4000),
}


@pytest.mark.parametrize("kind", sorted(TRANSIENT))
def test_network_fault_is_retried_then_stored(
    conn: Any, fault_server: FaultServer, short_read_timeout: Settings, kind: str
) -> None:
    url = fault_server.route("/news/1", Sequence(TRANSIENT[kind], Page(article_html("One"))))
    assert run_task(conn, url)["outcome"] == "new"
    assert len(fault_server.requests_to("/news/1")) == 2
    assert pages(conn) == [(200, "parsed", None)]
    assert articles(conn) == ["One"]


def test_429_with_retry_after_then_success(conn: Any, fault_server: FaultServer) -> None:
    busy = Status(429, headers=(("Retry-After", "7"),))
    url = fault_server.route("/news/1", Sequence(busy, Page(article_html("One"))))
    assert run_task(conn, url)["outcome"] == "new"
    assert len(fault_server.requests_to("/news/1")) == 2
    assert pages(conn) == [(200, "parsed", None)]


def test_retry_after_schedules_the_next_try_no_sooner_on_the_row(
    conn: Any, fault_server: FaultServer, empty_broker: Settings
) -> None:
    """The retry is not a message waiting in the broker: the row says when, the tick hands it over then."""
    pending_id = pending_fetch(conn, fault_server.route("/news/1", Status(429, headers=(("Retry-After", "120"),))))
    before = datetime.now(UTC)
    assert run_in_worker(pending_id)["outcome"] == "retry"
    assert broker_messages(empty_broker) == []  # acknowledged: nothing waits in the broker
    [row] = pending_rows(conn)
    assert (row["attempts"], row["last_error"], row["closed_at"]) == (
        1,
        "rate_limited: HTTP 429 Too Many Requests",
        None,
    )
    assert row["next_attempt_at"] >= before + timedelta(seconds=120)
    assert (row["claimed_until"], row["enqueued_at"]) == (None, None)
    assert len(fault_server.requests_to("/news/1")) == 1
    assert pages(conn) == []  # not dropped, not recorded: the row holds it
    conn.execute("UPDATE sources SET next_poll_at = now() + interval '1 hour'")  # no poll due
    conn.commit()
    assert tick.run() == 0 and broker_messages(empty_broker) == []  # not due yet
    make_due(conn, pending_id)
    tick.run()
    assert [m["args"] for m in broker_messages(empty_broker)] == [[pending_id]]


def test_retries_used_up_leave_the_row_open_with_its_error(conn: Any, fault_server: FaultServer) -> None:
    pending_id = pending_fetch(conn, fault_server.route("/news/1", Status(503)))
    quick = schedule.FETCH_RETRIES + 1
    for _ in range(quick):
        before = datetime.now(UTC)
        assert run_in_worker(pending_id)["outcome"] == "retry"
        [row] = pending_rows(conn)
        make_due(conn, pending_id)
    assert (row["attempts"], row["closed_at"], row["last_error"]) == (quick, None, "server_error: HTTP 503")
    assert row["next_attempt_at"] >= before + timedelta(seconds=0.9 * schedule.FETCH_LATER_SECONDS)
    assert len(fault_server.requests_to("/news/1")) == quick
    assert pages(conn) == []


def test_persistent_failure_is_recorded_when_given_up(conn: Any, fault_server: FaultServer) -> None:
    url = fault_server.route("/news/1", Status(503))
    assert run_task(conn, url)["outcome"] == "fetch_failed"
    assert len(fault_server.requests_to("/news/1")) == schedule.FETCH_GIVE_UP_AFTER
    assert pages(conn) == [(503, "fetch_failed", "server_error: HTTP 503")]
    [row] = pending_rows(conn)
    assert (row["outcome"], row["attempts"], row["last_error"]) == (
        "fetch_failed",
        schedule.FETCH_GIVE_UP_AFTER - 1,  # the last failure closes the row instead of counting a try
        "server_error: HTTP 503",
    )


def test_throttled_turns_leave_the_error_retries_whole(conn: Any, fault_server: FaultServer) -> None:
    """A task that waited ten turns for a busy host still has its retries for a real error."""
    url = fault_server.route("/news/1", Sequence(Status(503), Page(article_html("One"))))
    assert run_task(conn, url, retries=10)["outcome"] == "new"
    assert len(fault_server.requests_to("/news/1")) == 2
    assert pages(conn) == [(200, "parsed", None)]


@pytest.fixture
def slow_host(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """One request per 20 s for every host, and no waiting for a slot inside the task."""
    monkeypatch.setenv("WIREFEED_PER_HOST_RPS", "0.05")
    monkeypatch.setenv("WIREFEED_MAX_RATE_WAIT", "0")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_our_rate_limit_is_a_short_countdown_then_a_wait_on_the_row(
    conn: Any, fault_server: FaultServer, empty_broker: Settings, slow_host: None
) -> None:
    """The robots.txt download takes the host's only slot: the page's turn is refused by our own limit."""
    pending_id = pending_fetch(conn, fault_server.route("/news/1", Page(article_html("One"))))
    with pytest.raises(Retry) as info:
        run_in_worker(pending_id)
    assert isinstance(info.value.when, float) and 0 < info.value.when <= THROTTLED_COUNTDOWN
    [message] = broker_messages(empty_broker)
    assert (message["args"], message["headers"]["retries"]) == ([pending_id], 1)
    [row] = pending_rows(conn)
    assert (row["attempts"], row["claimed_until"], row["closed_at"]) == (0, None, None)  # no failure counted
    assert row["enqueued_at"] is not None  # the countdown brings it back: the tick leaves it alone

    assert run_in_worker(pending_id, retries=THROTTLED_RETRIES)["outcome"] == "deferred"  # its turns used up
    assert broker_messages(empty_broker) == []
    [row] = pending_rows(conn)
    assert (row["attempts"], row["enqueued_at"], row["closed_at"], row["last_error"]) == (0, None, None, None)
    assert row["next_attempt_at"] > datetime.now(UTC)  # when the host has a slot: the tick hands it over then
    assert [r.path for r in fault_server.log] == ["/robots.txt"]


@pytest.mark.parametrize("status", [404, 410])
def test_gone_is_not_retried(conn: Any, fault_server: FaultServer, status: int) -> None:
    url = fault_server.route("/news/1", Status(status))
    assert run_task(conn, url)["outcome"] == "fetch_failed"
    assert len(fault_server.requests_to("/news/1")) == 1
    assert pages(conn) == [(status, "fetch_failed", f"gone: HTTP {status}: URL gone")]
    [row] = pending_rows(conn)
    assert (row["outcome"], row["attempts"], row["last_error"]) == ("fetch_failed", 0, pages(conn)[0][2])
