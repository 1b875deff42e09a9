"""Listing bodies kept raw in listing_fetches, conditional requests for child sitemaps, and pruning.

Each test asserts what the server was asked (its own log) and what was stored.
"""

from __future__ import annotations

import gzip
from datetime import timedelta
from typing import Any

import pytest

from tests.integration.faultserver import FaultServer, Page, Sequence, Status
from tests.integration.support import DATE, add_source, article_html, counts, one_article_site, paths, rss
from worker.database import listing_fetches
from worker.runtime.inline import poll_inline
from worker.runtime.settings import Settings

pytestmark = pytest.mark.usefixtures("fresh_politeness")

XML = "application/xml"


def kept(conn: Any) -> list[dict[str, Any]]:
    """The listing_fetches rows, oldest first, with the path of their URL and the body uncompressed."""
    conn.commit()
    rows = conn.execute("SELECT * FROM listing_fetches ORDER BY id").fetchall()
    return [
        dict(r, path=r["url"].split("/", 3)[3], body=gzip.decompress(r["body_gzip"]) if r["body_gzip"] else None)
        for r in rows
    ]


def test_changed_listing_is_kept_raw_and_an_unchanged_one_is_not(
    conn: Any, settings: Settings, fault_server: FaultServer
) -> None:
    source_id = add_source(conn, one_article_site(fault_server, etag='"f1"'))
    poll_inline(source_id, settings)
    [first] = kept(conn)
    feed = rss(("One", fault_server.url("/news/1"), DATE))
    assert (first["path"], first["source_id"], first["parent_id"], first["status"]) == (
        "feed.xml",
        source_id,
        None,
        200,
    )
    assert (first["body"], first["body_size"], first["entry_count"], first["error"]) == (feed, len(feed), 1, None)
    assert first["headers"]["etag"] == '"f1"' and first["final_url"] == first["url"]

    poll_inline(source_id, settings)  # 304: nothing kept
    assert len(kept(conn)) == 1

    fault_server.route("/news/2", Page(article_html("Two")))
    changed = rss(("One", fault_server.url("/news/1"), DATE), ("Two", fault_server.url("/news/2"), DATE))
    fault_server.route("/feed.xml", Page(changed, "application/rss+xml", etag='"f2"'))
    poll_inline(source_id, settings)
    assert [(k["body"], k["entry_count"]) for k in kept(conn)] == [(feed, 1), (changed, 2)]


def sitemap_index(server: FaultServer, **lastmods: str) -> Page:
    items = "".join(
        f"<sitemap><loc>{server.url(f'/sm-{name}.xml')}</loc><lastmod>{day}</lastmod></sitemap>"
        for name, day in lastmods.items()
    )
    return Page(
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</sitemapindex>'.encode(), XML
    )


def sitemap(server: FaultServer, *paths: str, etag: str | None = None) -> Page:
    urls = "".join(f"<url><loc>{server.url(p)}</loc></url>" for p in paths)
    body = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()
    return Page(body, XML, etag=etag)


def sitemap_site(server: FaultServer, *articles: str) -> str:
    """A sitemap index of /sm-a.xml (newer, listing /a/1) and /sm-b.xml (listing /b/1), both with ETags."""
    for path in ("/a/1", "/b/1", *articles):
        server.route(path, Page(article_html(path)))
    server.route("/sm-a.xml", sitemap(server, "/a/1", etag='"a1"'))
    server.route("/sm-b.xml", sitemap(server, "/b/1", etag='"b1"'))
    return server.route("/sitemap.xml", sitemap_index(server, a="2020-06-02", b="2020-06-01"))


def test_child_sitemaps_are_kept_under_their_index(conn: Any, settings: Settings, fault_server: FaultServer) -> None:
    source_id = add_source(conn, sitemap_site(fault_server))
    summary = poll_inline(source_id, settings)
    assert sorted(f.outcome for f in summary.fetches) == ["new", "new"]
    index, child_a, child_b = kept(conn)
    assert [(k["path"], k["entry_count"], k["error"]) for k in (index, child_a, child_b)] == [
        ("sitemap.xml", 2, None),
        ("sm-a.xml", 1, None),
        ("sm-b.xml", 1, None),
    ]
    assert (index["parent_id"], child_a["parent_id"], child_b["parent_id"]) == (None, index["id"], index["id"])
    assert child_a["body"] == sitemap(fault_server, "/a/1").body and child_a["headers"]["etag"] == '"a1"'


def test_unchanged_child_sitemap_answers_304_and_fetches_no_article(
    conn: Any, settings: Settings, fault_server: FaultServer
) -> None:
    source_id = add_source(conn, sitemap_site(fault_server, "/b/2"))
    poll_inline(source_id, settings)
    before, seen = len(kept(conn)), len(fault_server.log)

    # The index changes (sm-b's lastmod) and so does sm-b; sm-a does not.
    fault_server.route("/sm-b.xml", sitemap(fault_server, "/b/1", "/b/2", etag='"b2"'))
    fault_server.route("/sitemap.xml", sitemap_index(fault_server, a="2020-06-02", b="2020-06-03"))
    summary = poll_inline(source_id, settings)

    assert [f.url for f in summary.fetches] == [fault_server.url("/b/2")]
    assert paths(fault_server, seen) == ["/sitemap.xml", "/sm-b.xml", "/sm-a.xml", "/b/2"]
    sm_b, sm_a = fault_server.requests_to("/sm-b.xml")[-1], fault_server.requests_to("/sm-a.xml")[-1]
    assert (sm_a.header("If-None-Match"), sm_b.header("If-None-Match")) == ('"a1"', '"b1"')
    assert [(k["path"], k["entry_count"]) for k in kept(conn)[before:]] == [("sitemap.xml", 2), ("sm-b.xml", 2)]
    assert summary.poll.entries == 2  # sm-b's; sm-a's single entry was read by the first poll


def test_child_with_the_same_body_and_no_validators_adds_nothing(
    conn: Any, settings: Settings, fault_server: FaultServer
) -> None:
    source_id = add_source(conn, sitemap_site(fault_server))
    fault_server.route("/sm-a.xml", sitemap(fault_server, "/a/1"))  # no ETag, no Last-Modified
    poll_inline(source_id, settings)
    fault_server.route("/sitemap.xml", sitemap_index(fault_server, a="2020-06-04", b="2020-06-01"))
    before, seen = counts(conn), len(fault_server.log)
    summary = poll_inline(source_id, settings)
    assert (summary.poll.status, summary.fetches) == ("ok", [])
    assert paths(fault_server, seen) == ["/sitemap.xml", "/sm-a.xml", "/sm-b.xml"]
    assert fault_server.requests_to("/sm-a.xml")[-1].header("If-None-Match") is None
    assert counts(conn) == before | {"listing_fetches": before["listing_fetches"] + 1}  # the index alone


def test_a_failed_child_fails_the_poll_and_its_siblings_are_read_again(
    conn: Any, settings: Settings, fault_server: FaultServer
) -> None:
    source_id = add_source(conn, sitemap_site(fault_server))
    fault_server.route("/sm-b.xml", Sequence(Status(503), sitemap(fault_server, "/b/1", etag='"b1"')))
    summary = poll_inline(source_id, settings)
    assert (summary.poll.status, summary.fetches) == ("failed", [])
    dropped = "not read: the poll ended on server_error: HTTP 503"
    assert [(k["path"], k["status"], k["error"], k["body"] is not None) for k in kept(conn)] == [
        ("sitemap.xml", 200, dropped, True),
        ("sm-a.xml", 200, dropped, True),
        ("sm-b.xml", 503, "server_error: HTTP 503", False),
    ]
    assert counts(conn)["listing_entries"] == 0

    seen = len(fault_server.log)
    summary = poll_inline(source_id, settings)  # sm-a's body was not used: asked for again, unconditionally
    assert sorted(f.url for f in summary.fetches) == [fault_server.url("/a/1"), fault_server.url("/b/1")]
    assert paths(fault_server, seen)[:3] == ["/sitemap.xml", "/sm-a.xml", "/sm-b.xml"]
    assert fault_server.requests_to("/sm-a.xml")[-1].header("If-None-Match") is None
    assert [k["error"] for k in kept(conn)[3:]] == [None, None, None]


def test_prune_keeps_the_last_body_read_of_each_listing(
    conn: Any, settings: Settings, fault_server: FaultServer
) -> None:
    url = fault_server.route(
        "/feed.xml",
        Sequence(
            Page(rss(), "application/rss+xml"), Status(500), Page(rss(("One", "/x", DATE)), "application/rss+xml")
        ),
    )
    source_id = add_source(conn, url)
    for _ in range(3):
        poll_inline(source_id, settings)
    conn.execute("UPDATE listing_fetches SET fetched_at = fetched_at - interval '40 days'")
    conn.commit()
    assert listing_fetches.prune(conn, timedelta(days=30)) == 2  # the first body and the failure
    assert [(k["status"], k["entry_count"]) for k in kept(conn)] == [(200, 1)]
    assert listing_fetches.prune(conn, timedelta(days=30)) == 0


def test_the_prune_task_is_scheduled_and_uses_the_configured_retention(
    conn: Any, settings: Settings, fault_server: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from worker.runtime.celery_app import app
    from worker.runtime.settings import get_settings
    from worker.runtime.tasks import prune_listing_fetches

    assert app.conf.beat_schedule["wirefeed-prune-listing-fetches"]["task"] == prune_listing_fetches.name
    source_id = add_source(conn, fault_server.route("/feed.xml", Status(500)))
    poll_inline(source_id, settings)
    conn.execute("UPDATE listing_fetches SET fetched_at = fetched_at - interval '3 days'")
    conn.commit()
    monkeypatch.setenv("WIREFEED_LISTING_RETENTION_DAYS", "2")
    get_settings.cache_clear()
    try:
        assert prune_listing_fetches.run() == 1
    finally:
        get_settings.cache_clear()
    assert kept(conn) == []
