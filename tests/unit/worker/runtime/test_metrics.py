"""What the stages count (worker.runtime.metrics), read back from the process's registry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from prometheus_client import REGISTRY

from parsers import ParseError
from worker.network.http import FailureKind, FetchError
from worker.runtime import metrics


def _value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.mark.parametrize(
    ("status", "expected"), [(200, "2xx"), (304, "3xx"), (404, "4xx"), (503, "5xx"), (None, "error"), (999, "error")]
)
def test_status_class(status, expected):
    assert metrics.status_class(status) == expected


class _Response:
    status = 304


def test_a_fetch_counts_its_status_class_and_its_time():
    before = _value("wirefeed_fetches_total", kind="page", status_class="3xx")
    timed = _value("wirefeed_stage_duration_seconds_count", stage="page_fetch")
    with metrics.fetching(metrics.FetchKind.PAGE) as fetch:
        fetch.record(_Response())
    assert _value("wirefeed_fetches_total", kind="page", status_class="3xx") == before + 1
    assert _value("wirefeed_stage_duration_seconds_count", stage="page_fetch") == timed + 1


def _fail(kind: metrics.FetchKind, error: Exception) -> None:
    with pytest.raises(type(error)), metrics.fetching(kind):
        raise error


def test_a_failed_fetch_counts_the_status_that_failed_it_but_our_own_throttle_is_no_request():
    url = "https://wire.example/"
    counted = {c: _value("wirefeed_fetches_total", kind="listing", status_class=c) for c in ("5xx", "error", "2xx")}
    _fail(metrics.FetchKind.LISTING, FetchError("503", url=url, kind=FailureKind.SERVER_ERROR, status=503))
    _fail(metrics.FetchKind.LISTING, FetchError("dns", url=url, kind=FailureKind.DNS))
    _fail(metrics.FetchKind.LISTING, FetchError("later", url=url, kind=FailureKind.THROTTLED))
    _fail(metrics.FetchKind.LISTING, ParseError("not a feed"))  # it arrived: a 2xx that did not parse
    after = {c: _value("wirefeed_fetches_total", kind="listing", status_class=c) for c in ("5xx", "error", "2xx")}
    assert after == {"5xx": counted["5xx"] + 1, "error": counted["error"] + 1, "2xx": counted["2xx"] + 1}


def test_a_stored_page_counts_its_parse_outcome_its_new_article_and_its_latency():
    def pages() -> dict[str, float]:
        return {o: _value("wirefeed_pages_total", outcome=o) for o in ("parsed", "fallback", "duplicate", "failed")}

    before, copies = pages(), _value("wirefeed_articles_total", relation="copy")
    latency = _value("wirefeed_feed_to_row_seconds_count")
    seen = datetime.now(UTC) - timedelta(minutes=2)
    metrics.stored("new", "copy", (), seen)
    metrics.stored("version", None, ("body:fallback",), seen)
    metrics.stored("unchanged", None, ("body:fallback",), seen)
    metrics.parse_failed()
    after = pages()
    assert {o: after[o] - before[o] for o in after} == {"parsed": 1, "fallback": 1, "duplicate": 1, "failed": 1}
    assert _value("wirefeed_articles_total", relation="copy") == copies + 1
    assert _value("wirefeed_feed_to_row_seconds_count") == latency + 2
    assert _value("wirefeed_feed_to_row_seconds_bucket", le="60.0") < _value(
        "wirefeed_feed_to_row_seconds_bucket", le="300.0"
    )


def test_the_operators_multiprocess_directory_is_emptied_of_an_earlier_runs_files(tmp_path, monkeypatch):
    from worker.runtime import exporter

    (tmp_path / "counter_123.db").write_bytes(b"old")
    (tmp_path / "keep.txt").write_text("not ours")
    monkeypatch.setenv(exporter.MULTIPROC_ENV, str(tmp_path))
    assert exporter._empty_directory() == tmp_path
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]


def test_without_a_directory_the_worker_makes_a_temporary_one_its_children_inherit(monkeypatch):
    import os

    from worker.runtime import exporter

    monkeypatch.delenv(exporter.MULTIPROC_ENV, raising=False)
    path = exporter._empty_directory()
    try:
        assert os.environ[exporter.MULTIPROC_ENV] == str(path) and path.is_dir() and not any(path.iterdir())
    finally:
        exporter._remove_if_mine(path, os.getpid())
        os.environ.pop(exporter.MULTIPROC_ENV)
    assert not path.exists()


def test_a_port_in_use_is_a_warning_not_a_stop(monkeypatch, caplog):
    import socket

    from worker.runtime import exporter
    from worker.runtime.settings import Settings

    monkeypatch.setattr(exporter, "_serving", False)
    monkeypatch.delenv(exporter.MULTIPROC_ENV, raising=False)
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        exporter.serve(Settings(metrics_port=port), state=False)
    assert f"metrics not served on port {port}" in caplog.text
