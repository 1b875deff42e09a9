"""A wire site for the fault tests, on the fault server: an RSS listing of 200 small articles of distinct text
(no two are near-duplicates), the article pages behind a gate the test controls."""

from __future__ import annotations

import random

from tests.integration.faultserver import FaultServer, Gate, Page, Status
from tests.integration.support import DATE, rss

ARTICLES = 200
_VOCABULARY = (
    "minister council harbour grain tariff ceasefire ballot court river bridge union strike airline freight "
    "province mayor budget drought vaccine clinic senate ruling export quota pipeline refinery coalition "
    "protest verdict treaty border rescue flood storm market shares bank lender rates inflation wages "
    "factory rail port convoy summit envoy talks deal report inquiry police witness signed rejected approved "
    "delayed expanded cut raised warned said agreed announced closed opened"
)
_WORDS = _VOCABULARY.split()


def _paragraph(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(36)]
    return " ".join(words).capitalize() + "."


def article_page(number: int) -> bytes:
    """Article ``number``: a headline and three paragraphs of words drawn at random, seeded by the number."""
    rng = random.Random(number)
    title = f"Story {number}: {' '.join(rng.choice(_WORDS) for _ in range(5))}"
    paragraphs = "".join(f"<p>{_paragraph(rng)}</p>" for _ in range(3))
    return (
        f"<html lang='en'><head><title>{title}</title></head><body><article><h1>{title}</h1>{paragraphs}"
        "</article></body></html>"
    ).encode()


def serve_wire(server: FaultServer, gate: Gate, count: int = ARTICLES) -> tuple[str, list[str]]:
    """Route the listing, robots.txt and ``count`` article pages (through ``gate``); returns the listing's URL
    and the articles' URLs."""
    server.route("/robots.txt", Status(200, b"User-agent: *\nAllow: /\n"))
    urls = []
    for number in range(1, count + 1):
        urls.append(server.route(f"/news/{number}", gate.through(Page(article_page(number), etag=f'"a{number}"'))))
    items = [(f"Story {n}", url, DATE) for n, url in enumerate(urls, 1)]
    feed = server.route("/feed.xml", Page(rss(*items), "application/rss+xml", etag='"feed"'))
    return feed, urls
