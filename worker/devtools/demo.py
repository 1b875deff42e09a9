"""``wirefeed demo``: the service end to end on an embedded default.

Finds (or starts) PostgreSQL and Redis, applies the schema, serves the bundled sample wire site when no
sources are configured, runs a real Celery worker with beat until the stories are in, prints them, stops.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import click
import psycopg

from worker import database as db
from worker.devtools.sample_site import SITE_DIR, SampleSite
from worker.devtools.services import resolve_services
from worker.runtime.settings import redact
from worker.runtime.tables import articles_table

SAMPLE_SOURCE = "sample-wire"


def _database_url(server_url: str) -> str:
    if os.environ.get("DATABASE_URL"):
        return server_url
    return psycopg.conninfo.make_conninfo(server_url, dbname="wirefeed")


def _configured_sources(url: str) -> list[str]:
    with db.connect(url) as conn:
        rows = conn.execute("SELECT name FROM sources WHERE enabled AND name <> %s", (SAMPLE_SOURCE,)).fetchall()
    return [r["name"] for r in rows]


def _add_sample_source(url: str, feed_url: str) -> None:
    from worker.ingest.sources import SourceConfig, upsert_source

    with db.connect(url) as conn:
        upsert_source(conn, SourceConfig(name=SAMPLE_SOURCE, feed_url=feed_url, poll_interval=60))
        conn.execute(
            "UPDATE sources SET next_poll_at = now(), etag = NULL, last_modified = NULL, "
            "last_listing_hash = NULL WHERE name = %s",
            (SAMPLE_SOURCE,),
        )


def _wait_for_pages(url: str, since: datetime, expected: int, timeout: int) -> int:
    """Wait until ``expected`` pages fetched after ``since`` are processed (or, for 0, until none come)."""
    deadline, count, stable_since = time.monotonic() + timeout, -1, time.monotonic()
    while time.monotonic() < deadline:
        with db.connect(url) as conn:
            row = conn.execute(
                "SELECT count(*) AS n FROM pages WHERE parse_status <> 'pending' AND fetched_at >= %s", (since,)
            ).fetchone()
        now_count = int(row["n"]) if row else 0
        if now_count != count:
            count, stable_since = now_count, time.monotonic()
        if (expected and count >= expected) or (not expected and time.monotonic() - stable_since > 20):
            return count
        time.sleep(0.5)
    return count


def run_demo(state: Path, timeout: int) -> int:
    with resolve_services(state) as services:
        url = _database_url(services.database_url)
        db.ensure_database(url)
        db.apply_schema(url)
        click.echo(f"PostgreSQL: {redact(url)}{' (private)' if services.private else ''}")
        click.echo(f"Redis: {redact(services.redis_url)}")
        site = None
        configured = _configured_sources(url)
        if not configured:
            site = SampleSite()
            _add_sample_source(url, site.url("/feed.xml"))
            click.echo(f"No sources configured: serving the sample wire site at {site.base_url}")
        env = os.environ | {
            "DATABASE_URL": url,
            "REDIS_URL": services.redis_url,
            "WIREFEED_TICK_SECONDS": "2",
            "WIREFEED_ALLOW_PRIVATE_ADDRESSES": "1"
            if site
            else os.environ.get("WIREFEED_ALLOW_PRIVATE_ADDRESSES", "0"),
        }
        cmd = [sys.executable, "-m", "worker", "run", "--concurrency", "2", "--loglevel", "WARNING", "--quiet"]
        started = datetime.now(UTC)
        proc = subprocess.Popen(cmd, env=env)
        try:
            expected = len(list(SITE_DIR.glob("*.html"))) if site else 0
            processed = _wait_for_pages(url, started, expected, timeout)
            click.echo(f"{processed} pages fetched and processed by the worker")
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=60)
            if site:
                site.close()
        with db.connect(url) as conn:
            rows = conn.execute(db.q("latest_articles"), {"limit": 50, "since": started}).fetchall()
            total = conn.execute(db.q("stats")).fetchone() or {}
        click.echo(articles_table(rows))
        click.echo(
            f"\n{len(rows)} articles seen in this run; the database holds {total.get('articles')} "
            f"articles in {total.get('stories')} stories. See them with `wirefeed articles`."
        )
        return 0 if rows else 1
