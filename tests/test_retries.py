"""Article fetch retries through the Celery task (run eagerly: each retry runs at once, in order)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.faultserver import FaultServer, Page, Sequence, Status
from tests.support import article_html
from worker.http import FetchError
from worker.tasks import FETCH_RETRIES, THROTTLED_RETRIES, fetch_article, retry_countdown

pytestmark = pytest.mark.usefixtures("fresh_politeness")


def run_task(conn: Any, url: str) -> dict[str, Any]:
    result = fetch_article.apply(args=(url, None))
    conn.commit()
    return dict(result.get())


def pages(conn: Any) -> list[tuple[str, str | None]]:
    rows = conn.execute("SELECT parse_status, parse_error FROM pages ORDER BY id").fetchall()
    return [(r["parse_status"], r["parse_error"]) for r in rows]


def test_500_burst_is_retried_then_stored(conn: Any, fault_server: FaultServer) -> None:
    url = fault_server.route("/news/1", Sequence(Status(500), Status(502), Page(article_html("One"))))
    assert run_task(conn, url)["outcome"] == "new"
    assert len(fault_server.requests_to("/news/1")) == 3
    assert pages(conn) == [("parsed", None)]  # the failed tries leave no rows


def test_429_with_retry_after_then_success(conn: Any, fault_server: FaultServer) -> None:
    busy = Status(429, headers=(("Retry-After", "7"),))
    url = fault_server.route("/news/1", Sequence(busy, Page(article_html("One"))))
    assert run_task(conn, url)["outcome"] == "new"
    assert len(fault_server.requests_to("/news/1")) == 2


def test_persistent_failure_is_recorded_after_the_retries(conn: Any, fault_server: FaultServer) -> None:
    url = fault_server.route("/news/1", Status(503))
    assert run_task(conn, url)["outcome"] == "fetch_failed"
    assert len(fault_server.requests_to("/news/1")) == FETCH_RETRIES + 1
    assert pages(conn) == [("fetch_failed", "server_error: HTTP 503")]


def test_gone_is_not_retried(conn: Any, fault_server: FaultServer) -> None:
    url = fault_server.route("/news/1", Status(404))
    assert run_task(conn, url)["outcome"] == "fetch_failed"
    assert len(fault_server.requests_to("/news/1")) == 1
    assert pages(conn) == [("fetch_failed", "gone: HTTP 404: URL gone")]


def test_retry_countdown() -> None:
    limited = FetchError("429", url="u", kind="rate_limited", status=429, retryable=True, retry_after=120)
    assert retry_countdown(0, limited) is not None and retry_countdown(0, limited) >= 120  # type: ignore[operator]
    assert retry_countdown(FETCH_RETRIES, limited) is None
    assert retry_countdown(0, FetchError("404", url="u", kind="gone")) is None
    throttled = FetchError("busy", url="h", kind="throttled", retryable=True, retry_after=2.0)
    countdown = retry_countdown(FETCH_RETRIES + 3, throttled)
    assert countdown is not None and 2.0 <= countdown <= 4.0
    assert retry_countdown(THROTTLED_RETRIES, throttled) is None
    backoffs = [retry_countdown(n, FetchError("t", url="u", kind="timeout", retryable=True)) for n in range(5)]
    assert all(b is not None and 0 <= b <= 30 * 2**n for n, b in enumerate(backoffs))
