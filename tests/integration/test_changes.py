"""The change feed: a row per change, ids in commit order, NOTIFY on commit only, `wirefeed changes`."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import pytest
from click.testing import CliRunner

from parsers import Article
from tests.integration.private_services import private_postgres, requires_servers
from worker import database as db
from worker.database import changes, dedup
from worker.database.ready import schema_version
from worker.database.store import Stored, save_page, store_article
from worker.network.http import Response
from worker.runtime.cli import main

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
WORDS = [
    "rockets",
    "port",
    "harvest",
    "senate",
    "court",
    "flood",
    "strike",
    "vaccine",
    "border",
    "ferry",
    "budget",
    "drought",
    "summit",
    "ceasefire",
]


def _text(rng: random.Random) -> tuple[str, ...]:
    """Two short paragraphs of random words: too short to be fuzzy-matched, so each is a story of its own."""
    return tuple(" ".join(rng.choice(WORDS) for _ in range(12)) + "." for _ in range(2))


def _store(conn: db.Connection, url: str, paragraphs: tuple[str, ...], headline: str = "A headline") -> Stored:
    article = Article(url=url, canonical_url=url, headline=headline, paragraphs=paragraphs)
    response = Response(url=url, final_url=url, status=200, headers={}, body=b"<html/>", fetched_at=NOW)
    page = save_page(conn, source_id=None, url=url, response=response)
    return store_article(conn, url=url, source_id=None, article=article, page_id=page, fetched_at=NOW)


def _all_changes(conn: db.Connection) -> list[dict[str, Any]]:
    return list(changes.replay(conn, 0))


def test_new_version_and_unchanged_and_duplicate(conn):
    rng = random.Random(1)
    text = _text(rng)
    first = _store(conn, "http://x.test/a", text)
    conn.commit()
    assert _store(conn, "http://x.test/a", text).outcome == "unchanged"
    assert _store(conn, "http://y.test/copy", text).outcome == "duplicate"
    conn.commit()
    second = _store(conn, "http://x.test/a", (*text, "A new paragraph."), headline="Updated headline")
    conn.commit()
    rows = _all_changes(conn)
    assert [(r["kind"], r["article_id"], r["version"], r["headline"]) for r in rows] == [
        ("new", first.article_id, 1, "A headline"),
        ("version", second.article_id, 2, "Updated headline"),
    ]
    assert rows[0]["url"] == "http://x.test/a" and rows[0]["relation"] == "original"
    assert rows[0]["id"] < rows[1]["id"] and rows[0]["committed_at"] <= rows[1]["committed_at"]


def test_story_merge_and_relation_change(conn):
    rng = random.Random(2)
    kept = _store(conn, "http://x.test/a", _text(rng))
    moved = _store(conn, "http://x.test/b", _text(rng))
    conn.commit()
    dedup.merge_stories(conn, kept.story_id, [moved.story_id])
    conn.commit()
    conn.execute("UPDATE articles SET relation = 'update' WHERE id = %s", (moved.article_id,))
    conn.commit()
    merge, relation = _all_changes(conn)[2:]
    assert (merge["kind"], merge["article_id"], merge["story_id"], merge["previous_story_id"]) == (
        "merge",
        moved.article_id,
        kept.story_id,
        moved.story_id,
    )
    assert (merge["relation"], merge["previous_relation"]) == ("copy", "original")
    assert (relation["kind"], relation["relation"], relation["previous_relation"]) == ("relation", "update", "copy")
    assert relation["previous_story_id"] is None


def test_upgrading_from_before_the_feed_writes_a_new_row_per_stored_article_without_notifying(conn, database):
    rng = random.Random(10)
    stored = [_store(conn, f"http://x.test/{i}", _text(rng)).article_id for i in range(3)]
    conn.commit()  # the change rows are written here
    conn.execute("DELETE FROM changes")
    conn.execute("DELETE FROM schema_version WHERE version >= 5")  # as a database before the change feed was
    conn.commit()
    with _listen(database) as listener:
        assert db.apply_schema(database) == schema_version()
        assert list(listener.notifies(timeout=0.5)) == []
    rows = _all_changes(conn)
    assert [(r["kind"], r["article_id"], r["version"]) for r in rows] == [("new", i, 1) for i in stored]


def test_rolled_back_store_leaves_no_change(conn):
    _store(conn, "http://x.test/a", _text(random.Random(3)))
    conn.rollback()
    assert _all_changes(conn) == []


def test_a_change_committed_after_a_later_one_is_still_read_once(database):
    """A stores, B stores and commits, the reader reads B; A commits: the reader resuming after B sees A."""
    rng = random.Random(4)
    with db.connect(database) as a, db.connect(database) as b, db.connect(database, autocommit=True) as reader:
        stored_a = _store(a, "http://x.test/a", _text(rng))
        stored_b = _store(b, "http://x.test/b", _text(rng))
        b.commit()
        first = changes.since(reader, 0)
        assert [r["article_id"] for r in first] == [stored_b.article_id]
        last = first[-1]["id"]
        a.commit()
        assert [r["article_id"] for r in changes.since(reader, last)] == [stored_a.article_id]
        assert changes.since(reader, changes.since(reader, last)[-1]["id"]) == []


def _waiting_for_lock(conn: db.Connection, pid: int) -> bool:
    row = conn.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone()
    return row is not None and row["wait_event_type"] == "Lock"


def test_a_transaction_holding_an_id_makes_later_commits_wait(database):
    """A takes its change id early (SET CONSTRAINTS ALL IMMEDIATE fires the deferred trigger now), then B commits:
    B waits for A, so B's higher id never becomes visible before A's lower one."""
    rng = random.Random(5)
    with db.connect(database) as a, db.connect(database) as b, db.connect(database, autocommit=True) as reader:
        _store(a, "http://x.test/a", _text(rng))
        a.execute("SET CONSTRAINTS ALL IMMEDIATE")
        _store(b, "http://x.test/b", _text(rng))
        committing = threading.Thread(target=b.commit)
        committing.start()
        while not _waiting_for_lock(reader, b.info.backend_pid):
            assert committing.is_alive(), "B committed while A held a lower change id"
        assert changes.since(reader, 0) == []
        a.commit()
        committing.join()
        rows = changes.since(reader, 0)
        assert [r["url"] for r in rows] == ["http://x.test/a", "http://x.test/b"]


def _writer(url: str, writer: int, count: int, failures: list[BaseException]) -> None:
    """Stores ``count`` articles, each in its own transaction, and a second version of every third one."""
    rng = random.Random(writer)
    try:
        with db.connect(url, autocommit=True) as conn:
            for i in range(count):
                text = _text(rng)
                with conn.transaction():
                    _store(conn, f"http://w{writer}.test/{i}", text)
                if i % 3 == 0:
                    with conn.transaction():
                        _store(conn, f"http://w{writer}.test/{i}", (*text, f"Update {i}."))
    except BaseException as exc:
        failures.append(exc)


def _consume(url: str, last: int, rows: int) -> tuple[list[int], int]:
    """A consumer run: its own connection, reading id > last until it has read ``rows`` (or caught up)."""
    seen: list[int] = []
    with db.connect(url, autocommit=True) as conn:
        while len(seen) < rows:
            batch = changes.since(conn, last, limit=7)
            if not batch:
                break
            seen.extend(int(r["id"]) for r in batch)
            last = seen[-1]
    return seen, last


def test_four_writers_and_a_consumer_stopped_and_resumed_see_every_change_once(database):
    writers, per_writer = 4, 30
    failures: list[BaseException] = []
    threads = [threading.Thread(target=_writer, args=(database, w, per_writer, failures)) for w in range(writers)]
    for thread in threads:
        thread.start()
    seen: list[int] = []
    last = 0
    while any(t.is_alive() for t in threads):
        run, last = _consume(database, last, rows=25)  # a consumer that stops after 25 rows and starts again
        seen.extend(run)
    for thread in threads:
        thread.join()
    assert failures == []
    seen.extend(_consume(database, last, rows=10**6)[0])
    with db.connect(database) as conn:
        stored = [int(r["id"]) for r in _all_changes(conn)]
        kinds = conn.execute("SELECT kind, count(*) AS n FROM changes GROUP BY kind ORDER BY kind").fetchall()
    assert seen == sorted(set(seen)), "a change was read twice or out of order"
    assert seen == stored, "a committed change was never read"
    assert {r["kind"]: r["n"] for r in kinds} == {"new": writers * per_writer, "version": writers * per_writer // 3}


def _listen(database: str) -> db.Connection:
    listener = db.connect(database, autocommit=True)
    listener.execute("LISTEN wirefeed_articles")
    return listener


def test_notify_is_sent_on_commit_only_and_carries_the_change(conn, database):
    rng = random.Random(6)
    with _listen(database) as listener:
        _store(conn, "http://x.test/rolled-back", _text(rng))
        conn.rollback()
        stored = _store(conn, "http://x.test/a", _text(rng), headline="Port reopens")
        assert list(listener.notifies(timeout=0, stop_after=1)) == []
        conn.commit()
        notes = list(listener.notifies(timeout=5, stop_after=1))
    payload = json.loads(notes[0].payload)
    row = _all_changes(conn)[0]
    assert payload == {
        "change_id": row["id"],
        "kind": "new",
        "article_id": stored.article_id,
        "story_id": stored.story_id,
        "previous_story_id": None,
        "version": 1,
        "relation": "original",
        "source_id": None,
        "url": "http://x.test/a",
        "headline": "Port reopens",
        "truncated": False,
    }


def test_a_very_long_headline_is_cut_by_characters_and_a_huge_url_left_out(conn, database):
    rng = random.Random(7)
    headline = 'Été "rouge" à Dakar — ' * 500
    huge_url = "http://x.test/" + "é" * 9000
    with _listen(database) as listener:
        _store(conn, "http://x.test/long", _text(rng), headline=headline)
        _store(conn, huge_url, _text(rng), headline="Short")
        conn.commit()
        notes = list(listener.notifies(timeout=5, stop_after=2))
    long_one, huge_one = (json.loads(n.payload) for n in notes)
    assert all(len(n.payload.encode()) < 8000 for n in notes)
    assert long_one["headline"] == headline[:299] + "…" and long_one["truncated"]
    assert (huge_one["url"], huge_one["headline"], huge_one["truncated"]) == (None, None, True)
    assert [r["headline"] for r in _all_changes(conn)] == [headline, "Short"]  # the rows keep everything


def test_changes_command_prints_json_lines_from_an_id(conn):
    rng = random.Random(8)
    for i in range(3):
        _store(conn, f"http://x.test/{i}", _text(rng))
    conn.commit()
    ids = [r["id"] for r in _all_changes(conn)]
    result = CliRunner().invoke(main, ["changes", "--since", str(ids[0])], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["id"], r["kind"], r["url"]) for r in lines] == [
        (ids[1], "new", "http://x.test/1"),
        (ids[2], "new", "http://x.test/2"),
    ]
    assert datetime.fromisoformat(lines[0]["committed_at"])


def test_changes_command_refuses_ninjs_for_now(database):
    result = CliRunner().invoke(main, ["changes", "--format", "ninjs"])
    assert result.exit_code != 0 and "not available yet" in result.output


@contextmanager
def _follow(env: dict[str, str]) -> Iterator[subprocess.Popen[str]]:
    """`wirefeed changes --follow` in a process of its own, killed at the end if still running."""
    with subprocess.Popen(
        [sys.executable, "-m", "worker", "changes", "--follow"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        try:
            yield proc
        finally:
            if proc.poll() is None:
                proc.kill()


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_changes_follow_streams_new_changes_and_stops_cleanly(conn, database, stop):
    rng = random.Random(9)
    _store(conn, "http://x.test/before", _text(rng))
    conn.commit()
    with _follow(os.environ.copy()) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        assert json.loads(proc.stdout.readline())["url"] == "http://x.test/before"
        _store(conn, "http://x.test/after", _text(rng))
        conn.commit()
        assert json.loads(proc.stdout.readline())["url"] == "http://x.test/after"
        proc.send_signal(stop)
        assert proc.wait(timeout=30) == 0
        assert "Traceback" not in proc.stderr.read()


@requires_servers
def test_changes_follow_reads_on_after_the_server_restarts(tmp_path):
    rng = random.Random(11)
    with private_postgres() as server:
        url = server.wirefeed_database()
        with _follow({**os.environ, "DATABASE_URL": url}) as proc:
            assert proc.stdout is not None
            with db.connect(url) as writer:
                _store(writer, "http://x.test/before", _text(rng))
            assert json.loads(proc.stdout.readline())["url"] == "http://x.test/before"
            server.restart()  # the follower's session is cut
            with db.connect(url) as writer:
                _store(writer, "http://x.test/after", _text(rng))
            after = json.loads(proc.stdout.readline())
            assert (after["url"], after["kind"]) == ("http://x.test/after", "new")
            proc.send_signal(signal.SIGINT)
            assert proc.wait(timeout=30) == 0
