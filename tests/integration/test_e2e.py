"""End to end: a real Celery worker process (with beat) against the real Redis and PostgreSQL ingests the
sample wire site served on 127.0.0.1, and the rows are checked field by field."""

from __future__ import annotations

import time

import pytest

from tests.integration.processes import worker_process
from worker.ingest.sources import SourceConfig, upsert_source

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
    with worker_process(tmp_path / "worker.log", {"WIREFEED_TICK_SECONDS": "1"}) as proc:
        yield proc


def test_worker_and_beat_ingest_the_wire_site(conn, sample_site, celery_worker):
    upsert_source(conn, SourceConfig(name="sample", feed_url=sample_site.url("/feed.xml"), poll_interval=3600))
    conn.commit()
    assert _wait(conn, "SELECT count(*) AS n FROM pages WHERE parse_status <> 'pending'", 4) == 4

    haftar = conn.execute("SELECT * FROM articles WHERE url LIKE '%haftar%'").fetchone()
    assert haftar["headline"] == "Haftar forces pound Libya capital after losing towns"
    assert haftar["canonical_url"] == sample_site.url("/world/haftar-forces-pound-libya-capital.html")
    assert haftar["published_at"].isoformat() == "2020-04-14T05:42:00+00:00"
    assert (
        haftar["dateline_text"],
        haftar["dateline_city"],
        haftar["dateline_country"],
        haftar["dateline_agency"],
    ) == ("TRIPOLI, Libya (AFP) —", "Tripoli", "Libya", "AFP")
    assert (haftar["byline"], haftar["authors"], haftar["agency"]) == (None, [], "AFP")
    assert haftar["copyright"] == "© Agence France-Presse"
    paragraphs = haftar["body"].split("\n\n")
    assert len(paragraphs) == 10
    assert paragraphs[0] == (
        "The forces of Libyan military strongman Khalifa Haftar rained rockets on the capital "
        "Tripoli early Tuesday after being ousted by government loyalists from a string of "
        "towns to its west."
    )
    assert paragraphs[-1].endswith(
        "since Haftar launched his battle for Tripoli which quickly ground to a bloody stalemate."
    )
    assert "©" not in haftar["body"] and "Photo by" not in haftar["body"]
    assert (haftar["version"], haftar["relation"], haftar["language"]) == (1, "original", "en")
    photo = conn.execute("SELECT * FROM photos WHERE article_id = %s", (haftar["id"],)).fetchone()
    assert photo["url"] == sample_site.url("/media/haftar-athens.jpg")
    assert photo["caption"].startswith("(FILES) In this file photo taken on January 17, 2020, Libyan strongman")
    assert photo["caption"].endswith("who launched his offensive on April 4 last year.")
    assert photo["credit"] == "ARIS MESSINIS / AFP"

    berlin = conn.execute("SELECT * FROM articles WHERE url LIKE '%berlin%'").fetchone()
    assert berlin["headline"] == "Berlin expands night trains to Vienna and Zurich"
    assert berlin["published_at"].isoformat() == "2020-04-14T07:10:00+00:00"
    assert (berlin["dateline_text"], berlin["dateline_city"], berlin["dateline_agency"]) == (
        "Berlin (dpa) -",
        "Berlin",
        "dpa",
    )
    assert (berlin["byline"], berlin["authors"]) == (
        "By Anna Schmidt and Jonas Weber, dpa",
        ["Anna Schmidt", "Jonas Weber"],
    )
    assert berlin["body"].startswith("Germany's rail operator will add two night train connections")
    assert berlin["body"].count("\n\n") == 3
    photo = conn.execute("SELECT * FROM photos WHERE article_id = %s", (berlin["id"],)).fetchone()
    assert (photo["caption"], photo["credit"]) == ("A night train waits at Berlin central station.", "Paul Zinken/dpa")

    mexico = conn.execute("SELECT * FROM articles WHERE url LIKE '%mexico%'").fetchone()
    assert (mexico["dateline_city"], mexico["dateline_agency"], mexico["agency"]) == ("Mexico City", "AP", "AP")
    assert mexico["published_at"].isoformat() == "2020-04-13T23:30:00+00:00"
    assert conn.execute("SELECT count(*) AS n FROM photos WHERE article_id = %s", (mexico["id"],)).fetchone()["n"] == 0

    courier = conn.execute("SELECT * FROM articles WHERE url LIKE '%courier%'").fetchone()
    assert courier["headline"] == "Rockets rain on Tripoli after Haftar loses western towns"
    assert courier["canonical_url"] == sample_site.url("/world/tripoli-rockets-courier.html")
    assert (courier["relation"], courier["story_id"]) == ("copy", haftar["story_id"])
    assert courier["dateline_text"] == "TRIPOLI, Libya (AFP) —"
    story = conn.execute("SELECT * FROM stories WHERE id = %s", (haftar["story_id"],)).fetchone()
    assert (story["first_article_id"], story["article_count"]) == (haftar["id"], 2)
    stories = conn.execute("SELECT count(*) AS n, sum(article_count) AS a FROM stories").fetchone()
    assert (stories["n"], stories["a"]) == (3, 4)
    source = conn.execute("SELECT * FROM sources").fetchone()
    assert source["last_success_at"] is not None and source["consecutive_failures"] == 0

    # A redelivered poll (the same task again) adds nothing: one conditional feed request, no article fetch.
    from worker.runtime.tasks import poll_source

    seen = len(sample_site.requests)
    poll_source.delay(source["id"])
    deadline = time.monotonic() + 30
    while len(sample_site.requests) == seen and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1.0)
    assert [r.path for r in sample_site.requests[seen:]] == ["/feed.xml"]
    counts = conn.execute(
        "SELECT (SELECT count(*) FROM articles) AS a, (SELECT count(*) FROM pages) AS p, "
        "(SELECT count(*) FROM article_versions) AS v"
    ).fetchone()
    assert (counts["a"], counts["p"], counts["v"]) == (4, 4, 4)


def test_the_worker_consumes_only_its_own_queue(conn, settings, redis_client, sample_site, celery_worker):
    """A task sent to another queue on the same Redis stays there while this worker ingests its own work."""
    from worker.runtime.tasks import poll_source

    elsewhere = SourceConfig(name="elsewhere", feed_url=sample_site.url("/feed.xml"), enabled=False)
    upsert_source(conn, elsewhere)
    conn.commit()
    elsewhere_id = conn.execute("SELECT id FROM sources WHERE name = 'elsewhere'").fetchone()["id"]
    other_queue = f"{settings.queue}-other"
    poll_source.apply_async((elsewhere_id,), queue=other_queue)

    upsert_source(conn, SourceConfig(name="sample", feed_url=sample_site.url("/feed.xml"), poll_interval=3600))
    conn.commit()
    assert _wait(conn, "SELECT count(*) AS n FROM pages WHERE parse_status <> 'pending'", 4) == 4
    assert redis_client.llen(settings.redis_prefix + other_queue) == 1
    assert conn.execute("SELECT last_poll_at FROM sources WHERE id = %s", (elsewhere_id,)).fetchone() == {
        "last_poll_at": None
    }
