"""Listings into entries: every kind from a string, the unsafe ones refused."""

from __future__ import annotations

import contextlib
import gzip
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.listings import (
    ListingError,
    UnsafeXMLError,
    discover_feeds,
    filter_entries,
    parse_listing,
    sitemaps_from_robots,
    sniff_kind,
)
from parsers.listings.safexml import MAX_INFLATED_BYTES
from tests.payloads import BILLION_LAUGHS, EXTERNAL_ENTITY

BASE = "https://news.example.com/feeds/world.xml"

RSS2 = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>World</title>
<item><title>Dated</title><link>https://news.example.com/a/1</link><guid>id-1</guid>
  <pubDate>Tue, 02 Jun 2020 08:15:00 GMT</pubDate></item>
<item><title>No date at all</title><link>/a/2</link></item>
<item><title>Garbage date</title><link>https://news.example.com/a/3</link><pubDate>yesterday-ish</pubDate></item>
<item><title>No link</title><description>nothing to fetch</description></item>
<item><title>Permalink guid</title><guid isPermaLink="true">https://news.example.com/a/5</guid></item>
</channel></rss>"""

RSS1 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://news.example.com/"><title>RDF</title></channel>
<item rdf:about="https://news.example.com/r/1"><title>One</title><link>https://news.example.com/r/1</link>
<dc:date>2020-06-02T08:15:00Z</dc:date></item>
</rdf:RDF>"""

RSS091 = b"""<?xml version="1.0"?><rss version="0.91"><channel><title>Old</title>
<item><title>Old one</title><link>https://news.example.com/o/1</link></item></channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom wire</title>
<entry><title>A1</title><id>urn:uuid:1</id><link rel="alternate" href="https://news.example.com/x/1"/>
  <published>2020-06-02T08:15:00+02:00</published><updated>2020-06-02T09:00:00Z</updated></entry>
<entry><title>No dates</title><id>urn:uuid:2</id><link href="https://news.example.com/x/2"/></entry>
</feed>"""

JSON_FEED = b"""{"version": "https://jsonfeed.org/version/1.1", "title": "JSON wire", "items": [
 {"id": "1", "url": "https://news.example.com/j/1", "title": "J1", "date_published": "2020-06-02T08:15:00Z"},
 {"id": 2, "external_url": "/j/2", "date_modified": "not a date"},
 {"id": "3", "title": "no url"}, "junk"]}"""

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
 <url><loc>https://news.example.com/s/1</loc><lastmod>2020-06-02T09:00:00+00:00</lastmod>
  <news:news><news:publication><news:name>Ex</news:name><news:language>en</news:language></news:publication>
   <news:publication_date>2020-06-02T08:15:00Z</news:publication_date><news:title>S1</news:title></news:news>
 </url>
 <url><loc>https://news.example.com/s/2</loc><lastmod>2020-06-01</lastmod></url>
 <url><loc> </loc></url>
</urlset>"""

SITEMAP_INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
 <sitemap><loc>https://news.example.com/sitemap-news.xml</loc><lastmod>2020-06-02</lastmod></sitemap>
 <sitemap><loc>https://news.example.com/sitemap-2020.xml.gz</loc></sitemap>
</sitemapindex>"""

INDEX_PAGE = b"""<!DOCTYPE html><html><head><title>World news</title>
<link rel="alternate" type="application/rss+xml" href="/feeds/world.xml">
<link rel="alternate" type="application/atom+xml" href="https://news.example.com/atom">
<link rel="alternate" hreflang="fr" href="/fr/"><link rel="stylesheet" href="/s.css"></head><body>
<nav><a href="/">Home</a><a href="/about">About</a></nav>
<div class="teaser"><h2><a href="/world/2020/06/02/story-one#top">Story one</a></h2></div>
<div class="teaser"><h2><a href="https://news.example.com/world/2020/06/02/story-two">Story two</a></h2></div>
<div class="teaser"><h2><a href="https://elsewhere.example.org/world/x">Partner</a></h2></div>
<a href="mailto:desk@example.com">Mail</a><a href="javascript:void(0)">JS</a>
</body></html>"""


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_rss2_one_bad_entry_never_spoils_the_feed() -> None:
    listing = parse_listing(RSS2, BASE, "application/rss+xml")
    assert (listing.kind, listing.title) == ("rss", "World")
    assert [e.url for e in listing.entries] == [
        "https://news.example.com/a/1",
        "https://news.example.com/a/2",
        "https://news.example.com/a/3",
        "https://news.example.com/a/5",
    ]
    first, undated, garbage, _ = listing.entries
    assert (first.guid, first.title, first.published_at) == ("id-1", "Dated", at(2020, 6, 2, 8, 15))
    assert undated.published_at is None and garbage.published_at is None


def test_a_huge_author_is_cut_short_and_the_entry_kept() -> None:
    # feedparser looks for an e-mail address in the author with a pattern quadratic in runs of name characters.
    author = b"a" * 2_000_000
    body = RSS2.replace(b"<guid>id-1</guid>", b"<guid>id-1</guid><author>" + author + b"</author>")
    body = body.replace(b"<link>/a/2</link>", b"<link>/a/2</link><dc:creator><![CDATA[" + author + b"]]></dc:creator>")
    listing = parse_listing(body.replace(b"<rss ", b'<rss xmlns:dc="http://purl.org/dc/elements/1.1/" '), BASE)
    assert [e.url for e in listing.entries][:2] == ["https://news.example.com/a/1", "https://news.example.com/a/2"]
    assert listing.entries[0].guid == "id-1"


def test_rss1_and_rss091() -> None:
    rdf = parse_listing(RSS1, BASE)
    assert [(e.url, e.updated_at or e.published_at) for e in rdf.entries] == [
        ("https://news.example.com/r/1", at(2020, 6, 2, 8, 15))
    ]
    assert [e.url for e in parse_listing(RSS091, BASE).entries] == ["https://news.example.com/o/1"]


def test_atom() -> None:
    listing = parse_listing(ATOM, BASE, "application/atom+xml")
    assert (listing.kind, listing.title) == ("atom", "Atom wire")
    one, two = listing.entries
    assert (one.guid, one.published_at) == ("urn:uuid:1", at(2020, 6, 2, 6, 15))
    assert one.updated_at == at(2020, 6, 2, 9)
    assert (two.url, two.published_at) == ("https://news.example.com/x/2", None)


def test_json_feed() -> None:
    listing = parse_listing(JSON_FEED, BASE, "application/feed+json")
    assert (listing.kind, listing.title) == ("jsonfeed", "JSON wire")
    assert [(e.url, e.guid, e.published_at, e.updated_at) for e in listing.entries] == [
        ("https://news.example.com/j/1", "1", at(2020, 6, 2, 8, 15), None),
        ("https://news.example.com/j/2", "2", None, None),
    ]


def test_news_sitemap_and_gzip() -> None:
    for body in (NEWS_SITEMAP, gzip.compress(NEWS_SITEMAP)):
        listing = parse_listing(body, "https://news.example.com/sitemap-news.xml")
        assert listing.kind == "sitemap"
        one, two = listing.entries
        assert (one.url, one.title, one.published_at, one.updated_at) == (
            "https://news.example.com/s/1",
            "S1",
            at(2020, 6, 2, 8, 15),
            at(2020, 6, 2, 9),
        )
        assert (two.title, two.published_at, two.updated_at) == (None, None, at(2020, 6, 1))


def test_sitemap_index_yields_child_sitemaps() -> None:
    listing = parse_listing(SITEMAP_INDEX, "https://news.example.com/sitemap.xml", "application/xml")
    assert listing.kind == "sitemapindex"
    assert [e.url for e in listing.entries] == [
        "https://news.example.com/sitemap-news.xml",
        "https://news.example.com/sitemap-2020.xml.gz",
    ]


def test_html_index_default_same_host_links() -> None:
    listing = parse_listing(INDEX_PAGE, "https://news.example.com/world/", "text/html")
    assert listing.kind == "html" and listing.title == "World news"
    assert "https://news.example.com/world/2020/06/02/story-one" in [e.url for e in listing.entries]
    assert all(e.url.startswith("https://news.example.com/") for e in listing.entries)


def test_html_index_with_selector_and_pattern() -> None:
    listing = parse_listing(
        INDEX_PAGE, "https://news.example.com/world/", "text/html", kind="html", link_selector=".teaser h2 a"
    )
    assert [(e.url, e.title) for e in listing.entries] == [
        ("https://news.example.com/world/2020/06/02/story-one", "Story one"),
        ("https://news.example.com/world/2020/06/02/story-two", "Story two"),
        ("https://elsewhere.example.org/world/x", "Partner"),
    ]
    kept = filter_entries(listing, r"^https://news\.example\.com/world/\d{4}/")
    assert [e.title for e in kept] == ["Story one", "Story two"]


def test_bad_selector_is_a_listing_error() -> None:
    with pytest.raises(ListingError):
        parse_listing(INDEX_PAGE, BASE, kind="html", link_selector="a[[")


@pytest.mark.parametrize("kind", ["auto", "rss", "sitemap"])
@pytest.mark.parametrize("body", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion-laughs", "xxe"])
def test_entity_declarations_are_refused(body: bytes, kind: str) -> None:
    with pytest.raises(UnsafeXMLError, match="entity declarations refused"):
        parse_listing(body, BASE, "application/rss+xml", kind=kind)


def test_gzip_bomb_is_refused() -> None:
    bomb = gzip.compress(b"\0" * (MAX_INFLATED_BYTES + 1), compresslevel=9)  # 50 MiB that gzip makes 50 KB of
    assert len(bomb) < 100_000
    with pytest.raises(ListingError, match=f"gzip inflates past {MAX_INFLATED_BYTES} bytes"):
        parse_listing(bomb, "https://news.example.com/sitemap.xml.gz", "application/gzip")


def test_not_a_listing() -> None:
    with pytest.raises(ListingError):
        parse_listing(b"\x00\x01 plain nonsense", BASE, "text/plain")
    with pytest.raises(ListingError):
        parse_listing(b'{"hello": 1}', BASE, "application/json")


def test_sniff_kind() -> None:
    assert sniff_kind(b"\xef\xbb\xbf<?xml version='1.0'?>\n<!-- c --><urlset/>") == "sitemap"
    assert sniff_kind(b"<!DOCTYPE html>\n<html><body/></html>") == "html"
    assert sniff_kind(ATOM) == sniff_kind(RSS2) == "rss"
    assert sniff_kind(b'  {"version": "x"}') == "jsonfeed"


def test_discovery() -> None:
    assert discover_feeds(INDEX_PAGE, "https://news.example.com/world/") == (
        "https://news.example.com/feeds/world.xml",
        "https://news.example.com/atom",
    )
    robots = "User-agent: *\nDisallow: /private\nSitemap: https://news.example.com/sitemap.xml\nsitemap: /news.xml\n"
    assert sitemaps_from_robots(robots, "https://news.example.com/robots.txt") == (
        "https://news.example.com/sitemap.xml",
        "https://news.example.com/news.xml",
    )


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(["auto", "rss", "sitemap", "jsonfeed", "html"]))
def test_any_bytes_give_a_listing_or_a_listing_error(body: bytes, kind: str) -> None:
    with contextlib.suppress(ListingError):
        parse_listing(body, BASE, kind=kind)
