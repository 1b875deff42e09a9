"""Finding a site's listings (``wirefeed sources discover URL``): the page's announced feeds and the
sitemaps its robots.txt names, fetched politely."""

from __future__ import annotations

from parsers.listings import discover_feeds, sitemaps_from_robots, sniff_kind
from worker.network.http import FetchError
from worker.network.politeness import PoliteFetcher
from worker.network.robots import robots_url


def discover(fetcher: PoliteFetcher, url: str) -> list[tuple[str, str]]:
    """(kind, URL) of every listing found: the URL itself when it is one, its feeds, then its sitemaps."""
    response = fetcher.fetch(url)
    found: list[tuple[str, str]] = []
    kind = sniff_kind(response.body, response.content_type)
    if kind != "html":
        found.append((kind, response.final_url))
    else:
        found += [("feed", feed) for feed in discover_feeds(response.body, response.final_url)]
    try:
        robots = fetcher.robots.get(url)
    except FetchError:
        return found
    found += [("sitemap", sitemap) for sitemap in sitemaps_from_robots(robots.text, robots_url(url))]
    return found
