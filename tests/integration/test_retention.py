"""Retention: raw page bodies and change rows past their retention are pruned in batches, never an article's
latest page; `wirefeed prune [--dry-run]`; the hourly tasks; a consumer behind the pruned changes is told."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner

from parsers import Article
from worker import database as db
from worker.database import changes, retention
from worker.database.states import ParseStatus
from worker.database.store import mark_page, save_page, store_article
from worker.ingest.reparse import page_ids
from worker.network.http import Response
from worker.runtime.cli import main
from worker.runtime.settings import get_settings

FETCHED = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
MONTH = timedelta(days=30)
TEXT = ("Rockets fell on the port of Tripoli overnight, witnesses said.", "The harbour was closed at dawn.")
OTHER = ("The senate passed the harvest budget after a long night.", "Farmers had asked for it for years.")


def _page(conn: db.Connection, url: str, html: str) -> int:
    body = f"<html><body><h1>{url}</h1><p>{html}</p></body></html>".encode()
    response = Response(url=url, final_url=url, status=200, headers={}, body=body, fetched_at=FETCHED)
    return save_page(conn, source_id=None, url=url, response=response)


def _store(conn: db.Connection, url: str, paragraphs: tuple[str, ...], headline: str) -> int:
    """Store ``paragraphs`` fetched from ``url``; returns the page's id."""
    page_id = _page(conn, url, headline)
    article = Article(url=url, canonical_url=url, headline=headline, paragraphs=paragraphs)
    store_article(conn, url=url, source_id=None, article=article, page_id=page_id, fetched_at=FETCHED)
    conn.commit()
    return page_id


@pytest.fixture
def pages(conn: db.Connection) -> dict[str, int]:
    """An article in two versions re-fetched once unchanged, a copy of its text on another URL, a page that failed
    to parse, a failed fetch: all fetched 40 days ago. And a young article in two versions."""
    ids = {
        "v1": _store(conn, "http://wire.test/a", TEXT, "Rockets on Tripoli"),
        "v2": _store(conn, "http://wire.test/a", (*TEXT, "Three were hurt."), "Rockets on Tripoli port"),
        "refetch": _store(conn, "http://wire.test/a", (*TEXT, "Three were hurt."), "Rockets on Tripoli port"),
        "copy": _store(conn, "http://partner.test/a", (*TEXT, "Three were hurt."), "Rockets on Tripoli port"),
        "failed": _page(conn, "http://wire.test/broken", "no article here"),
    }
    mark_page(conn, ids["failed"], ParseStatus.FAILED, error="parse: no body")
    ids["fetch_failed"] = save_page(conn, source_id=None, url="http://wire.test/gone", response=None, error="http 410")
    ids["young_v1"] = _store(conn, "http://wire.test/b", OTHER, "Budget passed")
    ids["young_v2"] = _store(conn, "http://wire.test/b", (*OTHER, "It takes effect in May."), "Budget passed, at last")
    young = [ids["young_v1"], ids["young_v2"]]
    conn.execute("UPDATE pages SET fetched_at = now() - interval '40 days' WHERE id <> ALL(%s)", (young,))
    conn.execute("UPDATE pages SET fetched_at = now() - interval '1 day' WHERE id = ANY(%s)", (young,))
    conn.commit()
    return ids


def _bodies(conn: db.Connection) -> dict[int, tuple[int | None, bool]]:
    """Each page: (size of its stored body, or None when it has none; whether it was pruned)."""
    conn.commit()
    rows = conn.execute("SELECT id, octet_length(body_gzip) AS size, body_pruned_at FROM pages ORDER BY id")
    return {r["id"]: (r["size"], r["body_pruned_at"] is not None) for r in rows}


def _latest_pages_without_body(conn: db.Connection) -> int:
    row = conn.execute(
        "SELECT count(*) AS n FROM articles a JOIN pages p ON p.id = a.page_id WHERE p.body_gzip IS NULL"
    ).fetchone()
    assert row is not None
    return int(row["n"])


def test_a_dry_run_counts_what_would_go_and_changes_nothing(conn, pages):
    before = _bodies(conn)
    pruned = retention.sweep(conn, retention.PAGE_BODIES, MONTH, dry_run=True)
    doomed = [pages["v1"], pages["refetch"], pages["copy"], pages["failed"]]
    assert pruned.rows == 4 and pruned.bytes == sum(before[i][0] or 0 for i in doomed)
    assert _bodies(conn) == before


def test_old_bodies_go_but_never_an_articles_latest_page(conn, pages):
    before = _bodies(conn)
    pruned = retention.sweep(conn, dataclasses.replace(retention.PAGE_BODIES, batch=1), MONTH)  # a batch a page
    doomed = {pages["v1"], pages["refetch"], pages["copy"], pages["failed"]}
    assert pruned.rows == 4 and pruned.bytes == sum(before[i][0] or 0 for i in doomed)
    after = _bodies(conn)
    assert {i for i, (size, gone) in after.items() if gone} == doomed
    assert all(after[i] == (None, True) for i in doomed)
    assert all(after[i] == before[i] for i in after if i not in doomed)  # latest, young and failed fetch: as they were
    assert after[pages["v2"]][0] and after[pages["young_v1"]][0]  # the latest of the old article; a young superseded
    assert _latest_pages_without_body(conn) == 0
    assert retention.sweep(conn, retention.PAGE_BODIES, MONTH).rows == 0  # nothing left to prune
    assert sorted(page_ids(get_settings())) == [pages["v2"], pages["young_v2"]]  # what re-parse reads: the latest


def test_a_page_becoming_an_articles_latest_meanwhile_keeps_its_body(conn, pages, database):
    """A re-parse holds its page while it stores it: the prune waits for it, then sees the page is the latest."""
    with db.connect(database) as reparsing:
        reparsing.execute("SELECT id FROM pages WHERE id = %s FOR NO KEY UPDATE", (pages["v1"],))
        reparsing.execute("UPDATE articles SET page_id = %s WHERE page_id = %s", (pages["v1"], pages["v2"]))
        result: list[retention.Pruned] = []
        with db.connect(database) as pruning:
            sweeper = threading.Thread(
                target=lambda: result.append(retention.sweep(pruning, retention.PAGE_BODIES, MONTH))
            )
            sweeper.start()
            _wait_for_lock(conn)
            reparsing.commit()
            sweeper.join(timeout=60)
    assert result and result[0].rows == 3  # refetch, copy, failed; v1 became the latest and stays
    assert _bodies(conn)[pages["v1"]][0] and _latest_pages_without_body(conn) == 0
    assert retention.sweep(conn, retention.PAGE_BODIES, MONTH).rows == 1  # v2, the latest no more, on the next run


def _wait_for_lock(conn: db.Connection) -> None:
    for _ in range(600):
        conn.commit()
        row = conn.execute(
            "SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
        ).fetchone()
        if row and row["n"]:
            return
        time.sleep(0.05)
    raise AssertionError("the prune never waited for the page's lock")


def _changes(conn: db.Connection, count: int, old: int) -> list[int]:
    """``count`` articles stored, the change rows of the first ``old`` committed 100 days ago; the change ids."""
    for i in range(count):
        _store(conn, f"http://feed.test/{i}", (f"Story number {i} of the day, told at length.",), f"Story {i}")
    ids = [int(r["id"]) for r in conn.execute("SELECT id FROM changes ORDER BY id")]
    conn.execute("UPDATE changes SET committed_at = now() - interval '100 days' WHERE id <= %s", (ids[old - 1],))
    conn.commit()
    return ids


def test_old_change_rows_go_in_batches_and_the_horizon_says_so(conn):
    ids = _changes(conn, 5, old=3)
    dry = retention.sweep(conn, retention.CHANGES, timedelta(days=90), dry_run=True)
    assert dry.rows == 3 and dry.bytes > 0
    assert len(list(changes.replay(conn, 0))) == 5 and retention.changes_pruned_through(conn) == 0
    pruned = retention.sweep(conn, dataclasses.replace(retention.CHANGES, batch=2), timedelta(days=90))
    assert (pruned.rows, pruned.bytes) == (dry.rows, dry.bytes)
    assert [r["id"] for r in changes.replay(conn, ids[2])] == ids[3:]
    view = conn.execute("SELECT through_id, pruned_at FROM wirefeed_v1.changes_pruned").fetchone()
    assert view is not None and view["through_id"] == ids[2] and view["pruned_at"] is not None
    for behind in (0, ids[1]):
        with pytest.raises(changes.ChangesPruned) as caught:
            list(changes.replay(conn, behind))
        assert (caught.value.last, caught.value.through) == (behind, ids[2])


def test_a_consumer_behind_the_horizon_is_refused_with_the_way_back(conn):
    ids = _changes(conn, 3, old=2)
    retention.sweep(conn, retention.CHANGES, timedelta(days=90))
    runner = CliRunner()
    for command in (["changes", "--since", "0"], ["export", "--format", "jsonl", "--since", str(ids[0])]):
        result = runner.invoke(main, command)
        assert result.exit_code == 1, result.output
        assert "were pruned (WIREFEED_CHANGE_RETENTION_DAYS)" in result.output
        assert f"go on with --since {ids[1]}" in result.output
    result = runner.invoke(main, ["changes", "--since", str(ids[1])], catch_exceptions=False)
    assert result.exit_code == 0 and len(result.output.splitlines()) == 1


@contextmanager
def _env(**values: str) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        for name, value in values.items():
            patch.setenv(name, value)
        get_settings.cache_clear()
        try:
            yield
        finally:
            get_settings.cache_clear()


def test_prune_command_dry_run_then_prune(conn, pages):
    _changes(conn, 2, old=1)
    before = _bodies(conn)
    with _env(WIREFEED_PAGE_RETENTION_DAYS="30"):
        dry = CliRunner().invoke(main, ["prune", "--dry-run"], catch_exceptions=False)
        assert _bodies(conn) == before and retention.changes_pruned_through(conn) == 0
        done = CliRunner().invoke(main, ["prune"], catch_exceptions=False)
    lines = dry.output.splitlines()
    assert lines[0].startswith("would prune 4 page bodies (") and lines[1].startswith("would prune 1 change rows (")
    assert lines[2:] == ["would prune 0 listing fetches", "would prune 0 closed pending fetches"]
    assert done.output.splitlines() == [line.replace("would prune", "pruned") for line in lines]
    assert _latest_pages_without_body(conn) == 0 and retention.changes_pruned_through(conn) > 0


def test_raw_pages_are_kept_forever_unless_a_retention_is_set(conn, pages):
    before = _bodies(conn)
    result = CliRunner().invoke(main, ["prune"], catch_exceptions=False)
    assert result.output.splitlines()[0] == "page bodies: kept forever (no retention set)"
    assert _bodies(conn) == before


def test_the_hourly_tasks_prune_with_the_configured_retentions(conn, pages):
    from worker.runtime.celery_app import app
    from worker.runtime.tasks import prune_changes, prune_page_bodies

    schedule = app.conf.beat_schedule
    assert schedule["wirefeed-prune-page-bodies"]["task"] == prune_page_bodies.name
    assert schedule["wirefeed-prune-changes"]["task"] == prune_changes.name
    ids = _changes(conn, 3, old=1)
    assert prune_page_bodies.run() == 0  # raw pages: forever by default
    assert prune_changes.run() == 1  # change rows: 90 days by default
    assert retention.changes_pruned_through(conn) == ids[0]
    with _env(WIREFEED_PAGE_RETENTION_DAYS="30", WIREFEED_CHANGE_RETENTION_DAYS="forever"):
        assert prune_page_bodies.run() == 4
        assert prune_changes.run() == 0
    assert _latest_pages_without_body(conn) == 0
