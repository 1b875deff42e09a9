"""The README's example queries for consumers, run as wirefeed_reader against a few stored articles.

The SQL is read from README.md (each block marked ``<!-- example: NAME -->``), so the README shows what runs."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from bench.syndication import BaseStory, load_text_articles
from parsers import Article, Dateline, Photo
from tests.paths import ARTICLES, ROOT
from worker.database.store import save_page, store_article
from worker.ingest.sources import SourceConfig, upsert_source
from worker.network.http import Response

_EXAMPLE = re.compile(r"<!-- example: ([\w-]+) -->\n```sql\n(.*?)```", re.DOTALL)
AFP_URL = "https://www.afp.example/en/news/haftar-forces-pound-libya-capital"
PARTNER_URL = "https://news.partner.example/world/libya-rockets"
PHOTO = Photo(
    url="https://www.afp.example/photos/tripoli.jpg", caption="Smoke over Tripoli", credit="MAHMUD TURKIA / AFP"
)


def consumer_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme[readme.index("## The schema, for consumers") : readme.index("## Running it in production")]


def examples() -> dict[str, str]:
    return dict(_EXAMPLE.findall(consumer_section()))


def test_every_sql_block_for_consumers_is_an_example_run_here():
    assert set(examples()) == {
        "todays-afp-stories",
        "every-version-of-a-story",
        "copies-of-a-story",
        "changes-since",
        "changes-horizon",
    }
    assert consumer_section().count("```sql") == len(examples())


def store(conn, source: str | None, article: Article, fetched_at: datetime) -> None:
    source_id = None
    if source:
        source_id = conn.execute("SELECT id FROM sources WHERE name = %s", (source,)).fetchone()["id"]
    response = Response(
        url=article.url, final_url=article.url, status=200, headers={}, body=b"<html/>", fetched_at=fetched_at
    )
    page = save_page(conn, source_id=source_id, url=article.url, response=response)
    store_article(conn, url=article.url, source_id=source_id, article=article, page_id=page, fetched_at=fetched_at)


def wire(story: BaseStory, url: str, agency: str, published: datetime, **fields) -> Article:
    return Article(
        url=url,
        headline=story.headline,
        paragraphs=story.paragraphs,
        agency=agency,
        published_at=published.isoformat(),
        dateline=Dateline(text=f"TRIPOLI ({agency}) —", city="Tripoli", agency=agency),
        **fields,
    )


@pytest.fixture
def stored(conn):
    """Today: an AFP story (two versions, one photo) and a partner's copy, and a Reuters story; two days ago,
    another AFP story. Returns the connection acting as wirefeed_reader."""
    conn.execute("SET CONSTRAINTS ALL IMMEDIATE")  # change rows written as each article is stored, not at commit
    stories = {s.key: s for s in load_text_articles(ARTICLES)}
    now = conn.execute("SELECT now() AS t").fetchone()["t"]
    afp = stories["afp-tripoli-rockets"]
    for source in ("afp-world", "partner"):
        upsert_source(conn, SourceConfig(name=source, feed_url=f"https://{source}.example/rss"))
    first = wire(afp, AFP_URL, "AFP", now, photos=(PHOTO,))
    store(conn, "afp-world", first, now)
    copy = replace(wire(afp, PARTNER_URL, "AFP", now), paragraphs=afp.paragraphs[:-1])
    store(conn, "partner", copy, now + timedelta(minutes=5))
    update = replace(first, paragraphs=afp.paragraphs + afp.later_paragraphs[:1])
    store(conn, "afp-world", update, now + timedelta(minutes=10))
    old = stories["tripoli-airport-reopens"]
    store(conn, None, wire(old, old.url, "AFP", now - timedelta(days=2)), now)
    gdp = stories["mexico-gdp-wire"]
    store(conn, None, wire(gdp, gdp.url, "Reuters", now), now)
    conn.execute("SET ROLE wirefeed_reader")
    yield conn
    conn.rollback()


def run(conn, name: str) -> list[dict]:
    return conn.execute(examples()[name]).fetchall()


def test_todays_afp_stories_with_their_photos(stored):
    rows = run(stored, "todays-afp-stories")
    assert [(r["url"], r["photos"]) for r in rows] == [
        (AFP_URL, [{"url": PHOTO.url, "caption": PHOTO.caption, "credit": PHOTO.credit}])
    ]


def test_every_version_of_a_story(stored):
    rows = run(stored, "every-version-of-a-story")
    assert [(r["site"], r["relation"], r["version"]) for r in rows] == [
        ("www.afp.example", "original", 1),
        ("news.partner.example", "copy", 1),
        ("www.afp.example", "original", 2),
    ]


def test_all_copies_of_a_story_with_their_sites(stored):
    rows = run(stored, "copies-of-a-story")
    assert [(r["site"], r["source"], r["relation"], r["url"]) for r in rows] == [
        ("www.afp.example", "afp-world", "original", AFP_URL),
        ("news.partner.example", "partner", "copy", PARTNER_URL),
    ]


def test_the_change_feed_from_the_start(stored):
    rows = run(stored, "changes-since")
    assert [r["id"] for r in rows] == sorted(r["id"] for r in rows)
    assert [(r["url"], r["kind"], r["version"]) for r in rows if r["url"] == AFP_URL] == [
        (AFP_URL, "new", 1),
        (AFP_URL, "version", 2),
    ]
    assert sum(r["kind"] == "new" for r in rows) == 4  # the AFP story, its copy, the older AFP story, Reuters


def test_the_change_feeds_horizon(stored):
    assert [dict(r) for r in run(stored, "changes-horizon")] == [{"through_id": 0, "pruned_at": None}]  # none pruned
