from __future__ import annotations

import gzip
from datetime import UTC, datetime

from parsers import Article, Dateline, Photo
from worker.database.store import save_page, store_article
from worker.network.http import Response

NOW = datetime(2020, 4, 14, 6, 0, tzinfo=UTC)
PARAS = ("TRIPOLI first paragraph of the story about the rockets.", "Second paragraph with more facts.")


def _article(url: str, paragraphs=PARAS, headline="Haftar forces pound Libya capital") -> Article:
    return Article(
        url=url,
        canonical_url=url,
        headline=headline,
        paragraphs=paragraphs,
        dateline=Dateline(text="TRIPOLI, Libya (AFP) —", city="Tripoli", country="Libya", agency="AFP"),
        photos=(Photo(url="http://x.test/a.jpg", caption="A caption", credit="ARIS MESSINIS / AFP"),),
        published_at="2020-04-14T05:42:00+00:00",
        agency="AFP",
        language="en",
    )


def _store(conn, url, article):
    page = save_page(
        conn,
        source_id=None,
        url=url,
        response=Response(url=url, final_url=url, status=200, headers={}, body=b"<html>x</html>", fetched_at=NOW),
    )
    return store_article(conn, url=url, source_id=None, article=article, page_id=page, fetched_at=NOW)


def _count(conn, table):
    return conn.execute(f"SELECT count(*) AS n FROM {table}").fetchone()["n"]


def test_new_article_writes_article_version_photos_story_and_keeps_raw_page(conn):
    stored = _store(conn, "http://x.test/a", _article("http://x.test/a"))
    assert (stored.outcome, stored.version) == ("new", 1)
    row = conn.execute("SELECT * FROM articles").fetchone()
    assert (row["headline"], row["dateline_city"], row["dateline_agency"], row["relation"]) == (
        "Haftar forces pound Libya capital",
        "Tripoli",
        "AFP",
        "original",
    )
    assert row["body"] == "\n\n".join(PARAS)
    photo = conn.execute("SELECT * FROM photos").fetchone()
    assert (photo["position"], photo["caption"], photo["credit"]) == (0, "A caption", "ARIS MESSINIS / AFP")
    story = conn.execute("SELECT * FROM stories").fetchone()
    assert (story["first_article_id"], story["article_count"]) == (row["id"], 1)
    page = conn.execute("SELECT * FROM pages").fetchone()
    assert gzip.decompress(page["body_gzip"]) == b"<html>x</html>"
    assert (page["parse_status"], page["article_id"]) == ("parsed", row["id"])


def test_refetch_of_same_page_adds_nothing(conn):
    _store(conn, "http://x.test/a", _article("http://x.test/a"))
    again = _store(conn, "http://x.test/a?utm_source=rss#top", _article("http://x.test/a?utm_source=rss"))
    assert again.outcome == "unchanged"
    assert [_count(conn, t) for t in ("articles", "article_versions", "stories", "photos")] == [1, 1, 1, 1]


def test_changed_content_at_same_url_is_a_new_version(conn):
    first = _store(conn, "http://x.test/a", _article("http://x.test/a"))
    updated = _store(conn, "http://x.test/a", _article("http://x.test/a", (*PARAS, "A new third paragraph.")))
    assert (updated.outcome, updated.version, updated.article_id) == ("version", 2, first.article_id)
    versions = conn.execute("SELECT version, body FROM article_versions ORDER BY version").fetchall()
    assert [v["version"] for v in versions] == [1, 2]
    assert versions[1]["body"].endswith("A new third paragraph.")
    assert conn.execute("SELECT version FROM articles").fetchone()["version"] == 2


def test_same_text_on_another_url_is_recorded_against_the_stored_article(conn):
    first = _store(conn, "http://x.test/a", _article("http://x.test/a"))
    copy = _store(conn, "http://y.test/b", _article("http://y.test/b", headline="Another headline"))
    assert (copy.outcome, copy.article_id) == ("duplicate", first.article_id)
    urls = {r["url"] for r in conn.execute("SELECT url FROM article_urls")}
    assert urls == {"http://x.test/a", "http://y.test/b"}
    assert _count(conn, "articles") == 1


def test_new_article_notifies_listeners(conn, database):
    from worker import database as db

    with db.connect(database, autocommit=True) as listener:
        listener.execute("LISTEN wirefeed_articles")
        _store(conn, "http://x.test/a", _article("http://x.test/a"))
        conn.commit()
        notes = list(listener.notifies(timeout=5, stop_after=1))
    assert notes and '"relation" : "original"' in notes[0].payload


def test_page_changed_to_text_stored_elsewhere_is_not_a_version(conn):
    first = _store(conn, "http://x.test/a", _article("http://x.test/a"))
    other = _store(conn, "http://x.test/b", _article("http://x.test/b", ("Quite different text.",)))
    moved = _store(conn, "http://x.test/b", _article("http://x.test/b"))
    assert (moved.outcome, moved.article_id) == ("duplicate", first.article_id)
    assert conn.execute("SELECT version FROM articles WHERE id = %s", (other.article_id,)).fetchone()["version"] == 1


def test_a_page_kept_before_its_store_failed_gives_no_validators(conn):
    """The next fetch of its URL must be unconditional: a 304 would close the fetch with nothing stored."""
    from worker.database import pending, q
    from worker.database.states import PendingReason
    from worker.ingest.sources import SourceConfig, upsert_source

    url = "http://x.test/a"
    upsert_source(conn, SourceConfig(name="x", feed_url="http://x.test/feed.xml"))
    source = conn.execute("SELECT id FROM sources WHERE name = 'x'").fetchone()["id"]
    [(pending_id, _)] = pending.add(conn, source, [pending.Wanted(url, PendingReason.NEW)])
    response = Response(url=url, final_url=url, status=200, headers={"etag": '"v1"'}, body=b"<html>x</html>")
    kept = save_page(conn, source_id=source, url=url, response=response)
    assert conn.execute(q("pending_fetch_page_headers"), {"id": pending_id}).fetchone() is None
    store_article(conn, url=url, source_id=source, article=_article(url), page_id=kept, fetched_at=NOW)
    assert conn.execute(q("pending_fetch_page_headers"), {"id": pending_id}).fetchone()["headers"] == {"etag": '"v1"'}
