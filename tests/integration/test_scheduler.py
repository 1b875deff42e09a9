"""The beat tick: due sources are claimed once, even by concurrent ticks, and enqueued on Redis."""

from __future__ import annotations

import json

import redis

from tests.integration.support import queue_key
from worker import database as db
from worker.ingest.schedule import CLAIM_LEASE_SECONDS
from worker.ingest.sources import SourceConfig, upsert_source


def _add(conn, name: str, **state) -> None:
    upsert_source(conn, SourceConfig(name=name, feed_url=f"https://{name}.example.org/rss"))
    for column, value in state.items():
        conn.execute(f"UPDATE sources SET {column} = %s WHERE name = %s", (value, name))
    conn.commit()


def _claim(url: str) -> list[str]:
    with db.connect(url) as conn:
        rows = conn.execute(db.q("claim_due_sources"), {"limit": 100, "lease_seconds": CLAIM_LEASE_SECONDS}).fetchall()
    return sorted(r["name"] for r in rows)


def test_only_due_enabled_unpaused_sources_are_claimed_and_only_once(database, conn):
    _add(conn, "due")
    _add(conn, "later")
    conn.execute("UPDATE sources SET next_poll_at = now() + interval '1 hour' WHERE name = 'later'")
    _add(conn, "off", enabled=False)
    _add(conn, "paused")
    conn.execute(
        "UPDATE sources SET paused_reason = 'x', paused_until = now() + interval '1 hour' WHERE name = 'paused'"
    )
    _add(conn, "pause-over")
    conn.execute(
        "UPDATE sources SET paused_reason = 'x', paused_until = now() - interval '1 minute' WHERE name = 'pause-over'"
    )
    conn.commit()
    assert _claim(database) == ["due", "pause-over"]
    assert _claim(database) == []


def test_concurrent_claims_never_share_a_source(database, conn):
    for n in range(20):
        _add(conn, f"s{n:02d}")
    with db.connect(database) as first, db.connect(database) as second:
        a = first.execute(db.q("claim_due_sources"), {"limit": 12, "lease_seconds": CLAIM_LEASE_SECONDS}).fetchall()
        b = second.execute(db.q("claim_due_sources"), {"limit": 12, "lease_seconds": CLAIM_LEASE_SECONDS}).fetchall()
        first.commit()
        second.commit()
    names_a, names_b = {r["name"] for r in a}, {r["name"] for r in b}
    assert len(names_a) == 12 and len(names_b) == 8 and not names_a & names_b


def test_tick_enqueues_one_poll_per_due_source(database, conn, settings):
    from worker.runtime.tasks import tick

    broker, queue = redis.Redis.from_url(settings.redis_url), queue_key(settings)
    broker.delete(queue)
    _add(conn, "a")
    _add(conn, "b")
    assert tick() == 2
    messages = [json.loads(m) for m in broker.lrange(queue, 0, -1)]
    assert sorted(m["headers"]["task"] for m in messages) == ["wirefeed.poll_source"] * 2
    assert tick() == 0
    broker.delete(queue)
