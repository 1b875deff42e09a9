"""Article fetch retries through the Celery task (run eagerly: each retry runs at once, in order).

Each test asserts what the server was asked (its log) and what PostgreSQL holds afterwards.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import redis
from celery.exceptions import Retry

from tests.integration.faultserver import FaultServer, Page, Reply, Reset, Sequence, Sleep, Status, Truncated
from tests.integration.support import article_html, queue_key
from worker.network.http import FailureKind, FetchError
from worker.runtime.settings import Settings, get_settings
from worker.runtime.tasks import FETCH_RETRIES, THROTTLED_RETRIES, fetch_article, retry_countdown

pytestmark = pytest.mark.usefixtures("fresh_politeness")


def run_task(conn: Any, url: str, **options: Any) -> dict[str, Any]:
    result = fetch_article.apply(args=(url, None), **options)
    conn.commit()
    return dict(result.get())


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


def test_500_burst_is_retried_then_stored(conn: Any, fault_server: FaultServer) -> None:
    url = fault_server.route("/news/1", Sequence(Status(500), Status(502), Page(article_html("One"))))
    assert run_task(conn, url)["outcome"] == "new"
    assert len(fault_server.requests_to("/news/1")) == 3
    assert pages(conn) == [(200, "parsed", None)]  # the failed tries leave no rows
    assert articles(conn) == ["One"]


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


def test_retry_after_schedules_the_next_try_no_sooner(conn: Any, fault_server: FaultServer, settings: Settings) -> None:
    """Outside eager mode the retry is a message on the broker, due when Retry-After said."""
    broker, queue = redis.Redis.from_url(settings.redis_url), queue_key(settings)
    broker.delete(queue)
    url = fault_server.route("/news/1", Status(429, headers=(("Retry-After", "120"),)))
    before = datetime.now(UTC)
    fetch_article.push_request(
        id="retry-after-test",
        args=[url, None],
        kwargs={},
        retries=0,
        is_eager=False,
        called_directly=False,
        delivery_info={},
    )
    try:
        with pytest.raises(Retry) as info:
            fetch_article.run(url, None)
    finally:
        fetch_article.pop_request()
    [raw] = broker.lrange(queue, 0, -1)
    broker.delete(queue)
    message = json.loads(raw)
    args, kwargs, _ = json.loads(base64.b64decode(message["body"]))
    assert isinstance(info.value.when, float) and info.value.when >= 120
    assert (args, kwargs, message["headers"]["retries"]) == ([url, None], {"failures": 1}, 1)
    assert datetime.fromisoformat(message["headers"]["eta"]) >= before + timedelta(seconds=120)
    assert len(fault_server.requests_to("/news/1")) == 1
    conn.commit()
    assert pages(conn) == []  # not dropped, not recorded: the retry is queued


def test_persistent_failure_is_recorded_after_the_retries(conn: Any, fault_server: FaultServer) -> None:
    url = fault_server.route("/news/1", Status(503))
    assert run_task(conn, url)["outcome"] == "fetch_failed"
    assert len(fault_server.requests_to("/news/1")) == FETCH_RETRIES + 1
    assert pages(conn) == [(503, "fetch_failed", "server_error: HTTP 503")]


def test_throttled_turns_leave_the_error_retries_whole(conn: Any, fault_server: FaultServer) -> None:
    """A task that waited ten turns for a busy host still has its retries for a real error."""
    url = fault_server.route("/news/1", Sequence(Status(503), Page(article_html("One"))))
    assert run_task(conn, url, retries=10)["outcome"] == "new"
    assert len(fault_server.requests_to("/news/1")) == 2
    assert pages(conn) == [(200, "parsed", None)]


@pytest.mark.parametrize("status", [404, 410])
def test_gone_is_not_retried(conn: Any, fault_server: FaultServer, status: int) -> None:
    url = fault_server.route("/news/1", Status(status))
    assert run_task(conn, url)["outcome"] == "fetch_failed"
    assert len(fault_server.requests_to("/news/1")) == 1
    assert pages(conn) == [(status, "fetch_failed", f"gone: HTTP {status}: URL gone")]


def test_retry_countdown() -> None:
    limited = FetchError("429", url="u", kind=FailureKind.RATE_LIMITED, status=429, retry_after=120)
    countdown = retry_countdown(limited, 0, 0)
    assert countdown is not None and countdown >= 120
    assert retry_countdown(limited, FETCH_RETRIES, 0) is None
    assert retry_countdown(limited, 0, THROTTLED_RETRIES) is not None  # waiting turns are not failures
    assert retry_countdown(FetchError("404", url="u", kind=FailureKind.GONE), 0, 0) is None
    throttled = FetchError("busy", url="h", kind=FailureKind.THROTTLED, retry_after=2.0)
    countdown = retry_countdown(throttled, FETCH_RETRIES, 3)
    assert countdown is not None and 2.0 <= countdown <= 4.0
    assert retry_countdown(throttled, 0, THROTTLED_RETRIES) is None
    timeout = FetchError("t", url="u", kind=FailureKind.TIMEOUT)
    backoffs = [retry_countdown(timeout, n, 0) for n in range(FETCH_RETRIES)]
    assert all(b is not None and 27 * 2**n <= b <= 33 * 2**n for n, b in enumerate(backoffs))  # 30 s × 2ⁿ ± 10 %
