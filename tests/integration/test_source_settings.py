"""A source's settings at work in a poll: listing kinds, URL pattern, link selector, its own User-Agent and
headers, the licensed-feed robots.txt override; and the raw page kept with its status and headers.

Each test asserts what the server was asked (its log) and what was stored.
"""

from __future__ import annotations

import gzip
from typing import Any

import pytest

from tests.integration.faultserver import FaultServer, Page, Redirect
from tests.integration.support import DATE, add_source, article_html, counts, one_article_site, paths, rss
from tests.paths import FIXTURES
from worker.runtime.inline import poll_inline
from worker.runtime.settings import Settings

pytestmark = pytest.mark.usefixtures("fresh_politeness")

ATOM = """<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>W</title>
<entry><title>One</title><id>urn:1</id><link href="{base}/news/1"/><updated>2020-06-02T08:15:00Z</updated></entry>
<entry><title>Promo</title><id>urn:2</id><link href="{base}/promo/2"/></entry></feed>"""
JSON_FEED = """{{"version": "https://jsonfeed.org/version/1.1", "title": "W", "items": [
{{"id": "1", "url": "{base}/news/1", "date_published": "2020-06-02T08:15:00Z"}},
{{"id": "2", "url": "{base}/promo/2"}}]}}"""
NEWS_SITEMAP = """<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>{base}/news/1</loc><news:news><news:publication_date>2020-06-02T08:15:00Z</news:publication_date>
<news:title>One</news:title></news:news></url><url><loc>{base}/promo/2</loc></url></urlset>"""
INDEX = """<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{base}/sitemap-news.xml</loc><lastmod>2020-06-02</lastmod></sitemap></sitemapindex>"""
HTML_INDEX = """<html><head><title>World</title></head><body><nav><a href="/about">About</a></nav>
<div class="teaser"><a href="/news/1">One</a></div><div class="teaser"><a href="/promo/2">Promo</a></div>
</body></html>"""

KINDS = {  # kind: (listing path, content type, body, extra routes, listing requests, link selector)
    "atom": ("/atom.xml", "application/atom+xml", ATOM, (), (), None),
    "jsonfeed": ("/feed.json", "application/feed+json", JSON_FEED, (), (), None),
    "sitemap": ("/sitemap-news.xml", "application/xml", NEWS_SITEMAP, (), (), None),
    "sitemap index": (
        "/sitemap.xml",
        "application/xml",
        INDEX,
        (("/sitemap-news.xml", "application/xml", NEWS_SITEMAP),),
        ("/sitemap-news.xml",),
        None,
    ),
    "html": ("/world/", "text/html", HTML_INDEX, (), (), ".teaser a"),
}


@pytest.mark.parametrize("name", list(KINDS))
def test_every_listing_kind_is_polled_through(
    conn: Any, settings: Settings, fault_server: FaultServer, name: str
) -> None:
    """The source's kind, link selector and URL pattern decide which pages are fetched: /news/1, not /promo/2."""
    path, content_type, body, others, then, selector = KINDS[name]
    base = fault_server.url("")
    for route, kind, text in ((path, content_type, body), *others):
        fault_server.route(route, Page(text.format(base=base).encode(), kind))
    fault_server.route("/news/1", Page(article_html("One")))
    configured = "auto" if name == "sitemap index" else name
    source_id = add_source(
        conn, fault_server.url(path), kind=configured, url_pattern=r"/news/\d+$", link_selector=selector
    )
    summary = poll_inline(source_id, settings)
    assert (summary.poll.status, summary.poll.entries, [f.outcome for f in summary.fetches]) == ("ok", 1, ["new"])
    assert paths(fault_server) == ["/robots.txt", path, *then, "/news/1"]
    rows = conn.execute("SELECT url, source_id, headline FROM articles").fetchall()
    assert [(r["url"], r["source_id"], r["headline"]) for r in rows] == [(base + "/news/1", source_id, "One")]
    entries = conn.execute("SELECT url FROM listing_entries").fetchall()
    assert [r["url"] for r in entries] == [base + "/news/1"]


def test_source_user_agent_and_headers_are_sent(conn: Any, settings: Settings, fault_server: FaultServer) -> None:
    source_id = add_source(
        conn,
        one_article_site(fault_server),
        user_agent="wirefeed-licensed/1 (ops@example.org)",
        headers={"Authorization": "Bearer k"},
    )
    poll_inline(source_id, settings)
    sent = {r.path: (r.header("User-Agent"), r.header("Authorization")) for r in fault_server.log}
    assert sent == {
        "/robots.txt": (settings.user_agent, None),  # robots.txt is the host's, read once for all
        "/feed.xml": ("wirefeed-licensed/1 (ops@example.org)", "Bearer k"),
        "/news/1": ("wirefeed-licensed/1 (ops@example.org)", "Bearer k"),
    }
    assert counts(conn)["articles"] == 1


def test_global_user_agent_names_a_contact(settings: Settings) -> None:
    assert "@" in Settings.from_env({}).user_agent
    assert Settings.from_env({"WIREFEED_USER_AGENT": "acme-wire/2 (desk@acme.example)"}).user_agent == (
        "acme-wire/2 (desk@acme.example)"
    )


def test_licensed_feed_neither_downloads_nor_obeys_robots(
    conn: Any, settings: Settings, fault_server: FaultServer
) -> None:
    fault_server.route("/robots.txt", Page(b"User-agent: *\nDisallow: /\n", "text/plain"))
    source_id = add_source(conn, one_article_site(fault_server), ignore_robots=True)
    summary = poll_inline(source_id, settings)
    assert (summary.poll.status, [f.outcome for f in summary.fetches]) == ("ok", ["new"])
    assert paths(fault_server) == ["/feed.xml", "/news/1"]
    assert counts(conn)["articles"] == 1


def test_fetched_page_is_kept_raw_with_status_and_headers(
    conn: Any, settings: Settings, fault_server: FaultServer
) -> None:
    html = article_html("One")
    fault_server.route("/news/1", Redirect("/news/1.html", 301))
    fault_server.route("/news/1.html", Page(html, etag='"p1"', headers=(("X-Wire", "afp"),)))
    feed = (
        f'<rss version="2.0"><channel><item><link>{fault_server.url("/news/1")}</link>'
        f"<pubDate>{DATE}</pubDate></item></channel></rss>"
    )
    source_id = add_source(conn, fault_server.route("/feed.xml", Page(feed.encode(), "application/rss+xml")))
    poll_inline(source_id, settings)
    assert paths(fault_server) == ["/robots.txt", "/feed.xml", "/news/1", "/news/1.html"]
    page = conn.execute("SELECT * FROM pages").fetchone()
    assert (page["url"], page["final_url"], page["status"], page["parse_status"]) == (
        fault_server.url("/news/1"),
        fault_server.url("/news/1.html"),
        200,
        "parsed",
    )
    assert gzip.decompress(page["body_gzip"]) == html and page["body_size"] == len(html)
    assert (page["headers"]["etag"], page["headers"]["x-wire"], page["headers"]["content-type"]) == (
        '"p1"',
        "afp",
        "text/html; charset=utf-8",
    )


@pytest.mark.parametrize(("profile", "photos"), [("apnews", 11), (None, 0)])
def test_source_profile_parses_its_pages(
    conn: Any, settings: Settings, fault_server: FaultServer, profile: str | None, photos: int
) -> None:
    """A partner republishing AP pages in AP's template: the source's profile applies on the partner's host,
    in the poll and again in a re-parse."""

    from worker.ingest.reparse import reparse

    page = gzip.decompress((FIXTURES / "profiles/apnews-V1_1/page.html.gz").read_bytes())
    fault_server.route("/news/1", Page(page))
    source_id = add_source(
        conn,
        fault_server.route("/feed.xml", Page(rss(("One", fault_server.url("/news/1"), DATE)), "application/rss+xml")),
        profile=profile,
    )
    summary = poll_inline(source_id, settings)
    assert [f.outcome for f in summary.fetches] == ["new"]
    assert paths(fault_server) == ["/robots.txt", "/feed.xml", "/news/1"]
    conn.commit()
    assert conn.execute("SELECT count(*) AS n FROM photos").fetchone()["n"] == photos
    assert reparse(settings) == {"unchanged": 1}
    assert conn.execute("SELECT count(*) AS n FROM photos").fetchone()["n"] == photos


def test_unknown_profile_is_refused_when_the_source_is_configured() -> None:
    from worker.ingest.sources import SourceConfig

    with pytest.raises(ValueError, match="profile must be one of generic, afp, apnews"):
        SourceConfig(name="wire", feed_url="https://example.org/feed.xml", profile="reuters")
