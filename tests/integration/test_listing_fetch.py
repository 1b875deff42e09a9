"""Reading listings over HTTP: conditional GET, unchanged bodies, sitemap indexes, unsafe feeds."""

from __future__ import annotations

import pytest
import redis

from parsers.listings import UnsafeXMLError
from tests.integration.faultserver import FaultServer, Page
from tests.integration.support import polite
from tests.payloads import BILLION_LAUGHS
from worker.ingest.listing import ListingRequest, read_listing
from worker.network.http import FetchError

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>One</title><link>/news/1</link><guid>g1</guid></item>
<item><title>Two</title><link>/news/2</link><guid>g2</guid></item>
<item><title>Ad</title><link>/promo/3</link></item>
</channel></rss>"""


def test_changed_then_not_modified(fault_server: FaultServer, redis_client: redis.Redis, prefix: str) -> None:
    url = fault_server.route("/feed.xml", Page(RSS, "application/rss+xml", etag='"e1"', last_modified=1.7e9))
    fetcher = polite(fault_server, redis_client, prefix)
    first = read_listing(fetcher, ListingRequest(url, url_pattern=r"/news/"))
    assert first.status == "changed"
    assert [e.url for e in first.entries] == [fault_server.url("/news/1"), fault_server.url("/news/2")]
    again = ListingRequest(url, etag=first.etag, last_modified=first.last_modified, last_hash=first.body_hash)
    assert read_listing(fetcher, again).status == "not_modified"
    feed_requests = fault_server.requests_to("/feed.xml")
    assert len(feed_requests) == 2 and feed_requests[1].header("If-None-Match") == '"e1"'


def test_same_body_without_validators_is_unchanged(
    fault_server: FaultServer, redis_client: redis.Redis, prefix: str
) -> None:
    url = fault_server.route("/feed.xml", Page(RSS, "application/rss+xml"))
    fetcher = polite(fault_server, redis_client, prefix)
    first = read_listing(fetcher, ListingRequest(url))
    second = read_listing(fetcher, ListingRequest(url, last_hash=first.body_hash))
    assert (second.status, second.entries) == ("unchanged", ())


SITEMAP_INDEX = """<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{base}/sm-old.xml</loc><lastmod>2019-01-01</lastmod></sitemap>
<sitemap><loc>{base}/sm-new.xml</loc><lastmod>2020-06-02</lastmod></sitemap>
<sitemap><loc>{base}/sm-mid.xml</loc><lastmod>2020-01-01</lastmod></sitemap>
</sitemapindex>"""


def _sitemap(*paths: str) -> bytes:
    urls = "".join(f"<url><loc>{p}</loc></url>" for p in paths)
    return f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()


def test_sitemap_index_follows_newest_children(
    fault_server: FaultServer, redis_client: redis.Redis, prefix: str
) -> None:
    base = fault_server.url("")
    index = SITEMAP_INDEX.format(base=base).encode()
    url = fault_server.route("/sitemap.xml", Page(index, "application/xml"))
    for name in ("old", "new", "mid"):
        fault_server.route(f"/sm-{name}.xml", Page(_sitemap(f"{base}/{name}/1"), "application/xml"))
    result = read_listing(polite(fault_server, redis_client, prefix), ListingRequest(url), max_children=2)
    assert [e.url for e in result.entries] == [f"{base}/new/1", f"{base}/mid/1"]
    assert [r.path for r in fault_server.log] == ["/robots.txt", "/sitemap.xml", "/sm-new.xml", "/sm-mid.xml"]


def test_billion_laughs_feed_is_refused(fault_server: FaultServer, redis_client: redis.Redis, prefix: str) -> None:
    url = fault_server.route("/evil.xml", Page(BILLION_LAUGHS, "application/rss+xml"))
    with pytest.raises(UnsafeXMLError):
        read_listing(polite(fault_server, redis_client, prefix), ListingRequest(url))


def test_robots_disallowed_listing(fault_server: FaultServer, redis_client: redis.Redis, prefix: str) -> None:
    fault_server.route("/robots.txt", Page(b"User-agent: *\nDisallow: /feeds/\n", "text/plain"))
    url = fault_server.route("/feeds/world.xml", Page(RSS, "application/rss+xml"))
    with pytest.raises(FetchError) as info:
        read_listing(polite(fault_server, redis_client, prefix), ListingRequest(url))
    assert info.value.kind == "robots_disallowed"
    assert fault_server.requests_to("/feeds/world.xml") == []


def test_gzipped_sitemap_file(fault_server: FaultServer, redis_client: redis.Redis, prefix: str) -> None:
    import gzip

    body = gzip.compress(_sitemap(fault_server.url("/news/1")))
    url = fault_server.route("/sitemap.xml.gz", Page(body, "application/x-gzip"))
    result = read_listing(polite(fault_server, redis_client, prefix), ListingRequest(url))
    assert [e.url for e in result.entries] == [fault_server.url("/news/1")]
