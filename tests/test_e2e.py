"""End to end: a real Celery worker process (with beat) against the real Redis and PostgreSQL ingests the
sample wire site served on 127.0.0.1, and the rows are checked field by field."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from worker.sources import SourceConfig, upsert_source

pytestmark = pytest.mark.e2e


def _wait(conn, sql: str, expected: int, timeout: float = 60.0) -> int:
    deadline = time.monotonic() + timeout
    while True:
        value = conn.execute(sql).fetchone()["n"]
        conn.commit()
        if value >= expected or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


@pytest.fixture
def celery_worker(database, settings, tmp_path):
    env = os.environ | {"WIREFEED_TICK_SECONDS": "1"}
    with open(tmp_path / "worker.log", "w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "worker", "run", "--concurrency", "2", "--loglevel",
                                 "WARNING"], env=env, stdout=log, stderr=subprocess.STDOUT)
        yield proc
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_worker_and_beat_ingest_the_wire_site(conn, sample_site, celery_worker):
    upsert_source(conn, SourceConfig(name="sample", feed_url=sample_site.url("/feed.xml"), poll_interval=3600))
    conn.commit()
    assert _wait(conn, "SELECT count(*) AS n FROM pages WHERE parse_status <> 'pending'", 3) == 3

    haftar = conn.execute("SELECT * FROM articles WHERE url LIKE '%haftar%'").fetchone()
    assert haftar["headline"] == "Haftar forces pound Libya capital after losing towns"
    assert haftar["canonical_url"] == sample_site.url("/world/haftar-forces-pound-libya-capital.html")
    assert haftar["published_at"].isoformat() == "2020-04-14T05:42:00+00:00"
    assert "TRIPOLI, Libya (AFP) — The forces of Libyan military strongman" in haftar["body"]
    assert "quickly ground to a bloody stalemate." in haftar["body"]
    assert (haftar["version"], haftar["relation"], haftar["language"]) == (1, "original", "en")
    photo = conn.execute("SELECT * FROM photos WHERE article_id = %s", (haftar["id"],)).fetchone()
    assert photo["url"] == sample_site.url("/media/haftar-athens.jpg")
    assert photo["caption"].startswith("(FILES) In this file photo taken on January 17, 2020")

    berlin = conn.execute("SELECT * FROM articles WHERE url LIKE '%berlin%'").fetchone()
    assert berlin["headline"] == "Berlin expands night trains to Vienna and Zurich"
    assert berlin["published_at"].isoformat() == "2020-04-14T07:10:00+00:00"
    assert berlin["body"].endswith("ticket prices must stay affordable for families.")

    stories = conn.execute("SELECT count(*) AS n, sum(article_count) AS a FROM stories").fetchone()
    assert (stories["n"], stories["a"]) == (3, 3)
    source = conn.execute("SELECT * FROM sources").fetchone()
    assert source["last_success_at"] is not None and source["consecutive_failures"] == 0

    # A redelivered poll (the same task again) adds nothing: one conditional feed request, no article fetch.
    from worker.tasks import poll_source

    seen = len(sample_site.requests)
    poll_source.delay(source["id"])
    deadline = time.monotonic() + 30
    while len(sample_site.requests) == seen and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1.0)
    assert [r.path for r in sample_site.requests[seen:]] == ["/feed.xml"]
    counts = conn.execute("SELECT (SELECT count(*) FROM articles) AS a, (SELECT count(*) FROM pages) AS p, "
                          "(SELECT count(*) FROM article_versions) AS v").fetchone()
    assert (counts["a"], counts["p"], counts["v"]) == (3, 3, 3)
