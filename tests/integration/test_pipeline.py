"""The pipeline run inline (no Celery) against the sample wire site served on 127.0.0.1."""

from __future__ import annotations

from worker.ingest.sources import SourceConfig, upsert_source
from worker.runtime.inline import poll_inline

ARTICLES = (
    "/world/berlin-night-trains.html",
    "/world/haftar-forces-pound-libya-capital.html",
    "/world/mexico-city-water-plant.html",
    "/world/tripoli-rockets-courier.html",
)


def _source(conn, site) -> int:
    upsert_source(conn, SourceConfig(name="sample", feed_url=site.url("/feed.xml")))
    conn.commit()
    return conn.execute("SELECT id FROM sources WHERE name = 'sample'").fetchone()["id"]


def _counts(conn):
    return {
        t: conn.execute(f"SELECT count(*) AS n FROM {t}").fetchone()["n"]
        for t in ("articles", "stories", "article_versions", "pages")
    }


def test_poll_fetches_every_listed_article_and_stores_it(conn, sample_site, settings):
    source_id = _source(conn, sample_site)
    summary = poll_inline(source_id, settings)
    assert summary.poll.status == "ok"
    assert sorted(f.outcome for f in summary.fetches) == ["new", "new", "new", "new"]
    # The partner site's copy of the AFP story joins the agency's story.
    assert _counts(conn) == {"articles": 4, "stories": 3, "article_versions": 4, "pages": 4}
    relations = conn.execute("SELECT url, relation, story_id FROM articles ORDER BY id").fetchall()
    by_page = {r["url"].rsplit("/", 1)[1]: r for r in relations}
    assert by_page["tripoli-rockets-courier.html"]["relation"] == "copy"
    assert (
        by_page["tripoli-rockets-courier.html"]["story_id"]
        == by_page["haftar-forces-pound-libya-capital.html"]["story_id"]
    )
    assert sorted(r.path for r in sample_site.requests if r.path.startswith("/world/")) == sorted(ARTICLES)
    source = conn.execute("SELECT * FROM sources").fetchone()
    assert source["last_success_at"] is not None and source["etag"] and source["last_error"] is None
    closed = conn.execute("SELECT outcome, count(*) AS n FROM pending_fetches WHERE closed_at IS NOT NULL GROUP BY 1")
    assert [(r["outcome"], r["n"]) for r in closed] == [("new", 4)]


def test_second_poll_of_unchanged_source_makes_one_conditional_request(conn, sample_site, settings):
    source_id = _source(conn, sample_site)
    poll_inline(source_id, settings)
    before, seen = _counts(conn), len(sample_site.requests)
    summary = poll_inline(source_id, settings)
    new_requests = sample_site.requests[seen:]
    assert summary.poll.status == "not_modified"
    assert [r.path for r in new_requests] == ["/feed.xml"]
    assert new_requests[0].headers.get("if-none-match")
    assert _counts(conn) == before


def test_updated_story_becomes_a_new_version(conn, sample_site, settings):
    source_id = _source(conn, sample_site)
    poll_inline(source_id, settings)
    path = "/world/berlin-night-trains.html"
    html = (
        sample_site.pages[path]
        .replace(
            "affordable for families.</p>",
            "affordable for families.</p><p>Tickets go on sale next month, the company added.</p>",
        )
        .replace("2020-04-14T09:10:00+02:00", "2020-04-14T11:00:00+02:00")
    )
    sample_site.set_page(path, html)
    summary = poll_inline(source_id, settings)
    assert [(f.url.rsplit("/", 1)[1], f.outcome, f.version) for f in summary.fetches] == [
        ("berlin-night-trains.html", "version", 2)
    ]
    row = conn.execute("SELECT version, body FROM articles WHERE url LIKE %s", ("%berlin%",)).fetchone()
    assert row["version"] == 2 and row["body"].endswith("the company added.")
    assert _counts(conn)["stories"] == 3


def _last_new_article_at(conn):
    return conn.execute("SELECT last_new_article_at FROM sources WHERE name = 'sample'").fetchone()[
        "last_new_article_at"
    ]


def test_last_new_article_at_moves_for_a_never_seen_url_only(conn, sample_site, settings):
    source_id = _source(conn, sample_site)
    poll_inline(source_id, settings)
    first = _last_new_article_at(conn)
    assert first is not None
    path = "/world/berlin-night-trains.html"
    sample_site.set_page(
        path, sample_site.pages[path].replace("2020-04-14T09:10:00+02:00", "2020-04-14T11:00:00+02:00")
    )
    summary = poll_inline(source_id, settings)
    assert [f.url for f in summary.fetches] == [sample_site.url(path)]  # re-fetched: its entry changed
    assert _last_new_article_at(conn) == first
    sample_site.set_page("/world/second-night-train.html", sample_site.pages[path])
    poll_inline(source_id, settings)
    assert _last_new_article_at(conn) > first


def test_page_that_fails_to_parse_is_kept_with_its_error(conn, sample_site, settings):
    sample_site.set_page("/world/broken.html", "<html><head><title>x</title></head><body></body></html>")
    source_id = _source(conn, sample_site)
    summary = poll_inline(source_id, settings)
    failed = [f for f in summary.fetches if f.outcome == "parse_failed"]
    assert len(failed) == 1 and failed[0].url.endswith("/world/broken.html")
    page = conn.execute("SELECT * FROM pages WHERE url LIKE '%broken%'").fetchone()
    assert page["parse_status"] == "failed" and "no article text" in page["parse_error"]
    assert page["body_gzip"] is not None
    row = conn.execute("SELECT * FROM pending_fetches WHERE url LIKE '%broken%'").fetchone()
    assert (row["outcome"], row["last_error"]) == ("parse_failed", page["parse_error"])


def test_missing_article_is_recorded_as_fetch_failure(conn, sample_site, settings):
    listed = sample_site.feed
    sample_site.feed = lambda: listed().replace(
        "</channel>",
        (f"<item><title>Gone</title><link>{sample_site.url('/world/vanished.html')}</link></item></channel>"),
    )
    summary = poll_inline(_source(conn, sample_site), settings)
    failures = [f for f in summary.fetches if f.outcome == "fetch_failed"]
    assert [f.url.rsplit("/", 1)[1] for f in failures] == ["vanished.html"]
    page = conn.execute("SELECT * FROM pages WHERE url LIKE '%vanished%'").fetchone()
    assert page["parse_status"] == "fetch_failed" and "404" in page["parse_error"]
    assert len(sample_site.requested("/world/vanished.html")) == 1
    row = conn.execute("SELECT * FROM pending_fetches WHERE url LIKE '%vanished%'").fetchone()
    assert (row["outcome"], row["last_error"], row["closed_at"] is not None) == (
        "fetch_failed",
        page["parse_error"],
        True,
    )


def test_failing_source_is_marked_with_its_error_and_backs_off(conn, settings):
    upsert_source(conn, SourceConfig(name="dead", feed_url="http://127.0.0.1:9/feed.xml"))
    conn.commit()
    source_id = conn.execute("SELECT id FROM sources").fetchone()["id"]
    summary = poll_inline(source_id, settings)
    assert summary.poll.status == "failed"
    row = conn.execute("SELECT * FROM sources").fetchone()
    assert row["consecutive_failures"] == 1 and "ConnectionError" in row["last_error"]
    assert row["backoff_seconds"] > 0
    assert conn.execute("SELECT next_poll_at > now() + interval '5 minutes' AS later FROM sources").fetchone()["later"]


def test_redelivered_fetch_changes_nothing(conn, sample_site, settings):
    """The same pending fetch run again (a redelivered task) asks for nothing and stores nothing; a revisit
    of the URL (a new pending fetch) asks for it conditionally and stores nothing new."""
    from worker.database import pending
    from worker.database.pending import Wanted
    from worker.database.states import PendingReason
    from worker.ingest.fetch import fetch_pending

    source_id = _source(conn, sample_site)
    path = "/world/haftar-forces-pound-libya-capital.html"
    [(first_id, url)] = pending.add(conn, source_id, [Wanted(sample_site.url(path), PendingReason.NEW)])
    conn.commit()
    first = fetch_pending(first_id, settings)
    before, asked = _counts(conn), len(sample_site.requested(path))
    again = fetch_pending(first_id, settings)
    assert (first.outcome, again.outcome, len(sample_site.requested(path))) == ("new", "skipped", asked)
    assert _counts(conn) == before
    [(revisit_id, _)] = pending.add(conn, source_id, [Wanted(url, PendingReason.REVISIT)])
    conn.commit()
    assert fetch_pending(revisit_id, settings).outcome == "not_modified"
    assert sample_site.requested(path)[-1].headers["if-none-match"]
    assert _counts(conn) == before
