"""Near-duplicate detection through the real store path: copies, updates, separate stories, merges."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.dedup_quality import store_variant
from bench.syndication import PARTNERS, Variant, load_text_articles
from parsers import Article
from tests.paths import ARTICLES, STUBS
from worker import database as db
from worker.database import dedup
from worker.database.store import save_page, store_article

NOW = datetime(2020, 4, 14, 6, 0, tzinfo=UTC)


def body(name: str, directory: Path = ARTICLES) -> tuple[str, ...]:
    text = (directory / f"{name}.txt").read_text(encoding="utf-8").split("\n", 2)[2]
    return tuple(p.strip() for p in text.split("\n\n") if p.strip())


def store(conn, url: str, paragraphs: tuple[str, ...], headline: str = "Headline") -> int:
    with conn.transaction():
        outcome = store_variant(conn, Variant("", "", url, headline, paragraphs, ""), NOW)
    return outcome.article_id


def article(conn, article_id: int) -> dict:
    return conn.execute("SELECT story_id, relation FROM articles WHERE id = %s", (article_id,)).fetchone()


def test_copies_on_other_sites_join_the_story_which_keeps_its_original(conn):
    afp = body("afp-tripoli-rockets")
    original = store(conn, "https://afp.example/a", afp)
    trimmed = store(conn, "https://partner-one.example/a", afp[:-2])
    edited = [afp[0], afp[2], afp[1], *afp[3:]]
    edited[7] = edited[7].replace("60 and 70", "65 and 70")
    swapped = store(conn, "https://partner-two.example/a", tuple(edited))
    story = article(conn, original)["story_id"]
    assert [article(conn, i) for i in (original, trimmed, swapped)] == [
        {"story_id": story, "relation": "original"},
        {"story_id": story, "relation": "copy"},
        {"story_id": story, "relation": "copy"},
    ]
    first = conn.execute("SELECT first_article_id, article_count FROM stories WHERE id = %s", (story,)).fetchone()
    assert first == {"first_article_id": original, "article_count": 3}


def test_a_later_article_with_new_paragraphs_is_an_update(conn):
    afp = body("afp-tripoli-rockets")
    original = store(conn, "https://afp.example/a", afp[:-2])
    update = store(conn, "https://afp.example/a-updated", (afp[0], afp[-1], *afp[1:-2], afp[-2]))
    assert article(conn, update) == {"story_id": article(conn, original)["story_id"], "relation": "update"}


def test_same_event_written_separately_is_another_story(conn):
    ids = [
        store(conn, f"https://site.example/{name}", body(name))
        for name in (
            "afp-tripoli-rockets",
            "wire-tripoli-shelling",
            "tripoli-airport-reopens",
            "harbour-bridge-repairs",
        )
    ]
    assert len({article(conn, i)["story_id"] for i in ids}) == 4


def test_a_paywall_stub_is_never_fuzzy_matched(conn):
    brief = body("council-budget-brief", STUBS)
    first = store(conn, "https://citydesk.example/budget", brief)
    copy = store(conn, "https://partner.example/budget", (*brief[:1], "Read the full story on our website."))
    assert article(conn, first)["story_id"] != article(conn, copy)["story_id"]
    assert conn.execute("SELECT count(*) AS n FROM dedup_keys").fetchone()["n"] == 0


def test_a_footer_printed_by_three_stories_is_boilerplate_and_joins_nothing(conn):
    footer = PARTNERS[0].footer
    stories = load_text_articles(ARTICLES)
    ids = [store(conn, f"https://herald.example/{s.key}", (*s.paragraphs[:3], footer)) for s in stories]
    assert len({article(conn, i)["story_id"] for i in ids}) == len(stories)
    boilerplate = conn.execute(
        "SELECT count(*) AS n FROM paragraph_sightings GROUP BY paragraph_key ORDER BY n DESC LIMIT 1"
    ).fetchone()
    assert boilerplate["n"] == len(stories)
    afp = body("afp-tripoli-rockets")
    original = store(conn, "https://afp.example/a", afp)
    footed = store(conn, "https://herald.example/afp-copy", (*afp, footer))
    assert article(conn, footed) == {"story_id": article(conn, original)["story_id"], "relation": "copy"}


def test_an_article_matching_two_stories_merges_them_into_the_oldest(conn):
    afp = body("afp-tripoli-rockets")
    head, tail = afp[:5], afp[4:]
    first = store(conn, "https://one.example/head", head)
    second = store(conn, "https://two.example/tail", tail)
    assert article(conn, first)["story_id"] != article(conn, second)["story_id"]
    bridge = store(conn, "https://three.example/full", afp)
    oldest = article(conn, first)["story_id"]
    assert {article(conn, i)["story_id"] for i in (first, second, bridge)} == {oldest}
    assert article(conn, second)["relation"] == "copy"
    assert conn.execute("SELECT count(*) AS n FROM stories").fetchone()["n"] == 1


def test_a_new_version_is_indexed_so_copies_of_it_join_the_story(conn):
    afp, other = body("afp-tripoli-rockets"), body("harbour-bridge-repairs")
    first = store(conn, "https://afp.example/a", afp)
    store(conn, "https://afp.example/a", other)  # the page now carries another text: a new version
    copy = store(conn, "https://partner.example/bridge", other[:-1])
    assert article(conn, copy)["story_id"] == article(conn, first)["story_id"]


def test_prune_forgets_keys_older_than_the_window(conn):
    store(conn, "https://afp.example/a", body("afp-tripoli-rockets"))
    conn.execute("UPDATE dedup_keys SET indexed_at = now() - interval '8 days'")
    conn.execute("UPDATE paragraph_sightings SET seen_at = now() - interval '8 days'")
    pruned = dedup.prune(conn, timedelta(days=7))
    assert pruned["keys"] > 40 and pruned["sightings"] > 0
    copy = store(conn, "https://partner.example/a", body("afp-tripoli-rockets")[:-1])
    assert article(conn, copy)["relation"] == "original"


def test_the_prune_task_is_scheduled_and_uses_the_configured_window(conn, monkeypatch):
    from worker.runtime.celery_app import app
    from worker.runtime.settings import get_settings
    from worker.runtime.tasks import prune_dedup_index

    assert app.conf.beat_schedule["wirefeed-prune-dedup-index"]["task"] == prune_dedup_index.name
    store(conn, "https://afp.example/a", body("afp-tripoli-rockets"))
    conn.commit()
    conn.execute("UPDATE dedup_keys SET indexed_at = now() - interval '3 days'")
    conn.commit()
    monkeypatch.setenv("WIREFEED_DEDUP_WINDOW_DAYS", "2")
    get_settings.cache_clear()
    try:
        assert prune_dedup_index.run()["keys"] > 40
    finally:
        get_settings.cache_clear()


def test_a_merge_waits_for_an_article_joining_one_of_the_merged_stories(database):
    afp = body("afp-tripoli-rockets")
    with db.connect(database, autocommit=True) as setup:
        head = store(setup, "https://one.example/head", afp[:5])
        tail = store(setup, "https://two.example/tail", afp[4:])
        oldest, merged = article(setup, head)["story_id"], article(setup, tail)["story_id"]
    # Another worker is adding an article to the story about to be merged away; it commits later.
    with db.connect(database) as joiner:
        joiner.execute(
            "INSERT INTO articles (story_id, url, canonical_url, content_hash) VALUES (%s, %s, %s, 'late')",
            (merged, "https://late.example/a", "https://late.example/a"),
        )
        bridge: dict[str, int] = {}

        def store_bridge() -> None:
            with db.connect(database, autocommit=True) as conn:
                bridge["id"] = store(conn, "https://three.example/full", afp)

        merging = threading.Thread(target=store_bridge)
        merging.start()
        merging.join(timeout=2)
        assert merging.is_alive()  # waiting for the joiner, not failing on its reference
        joiner.commit()
    merging.join(timeout=30)
    with db.connect(database) as conn:
        stories = conn.execute("SELECT DISTINCT story_id FROM articles").fetchall()
        assert "id" in bridge and stories == [{"story_id": oldest}]


def test_amp_and_tracked_urls_of_a_stored_page_add_nothing(conn):
    afp = body("afp-tripoli-rockets")
    first = store(conn, "https://news.example/world/tripoli", afp)
    for again in (
        "https://news.example/world/tripoli/amp/",
        "https://NEWS.example:443/world/tripoli?utm_source=x#top",
        "https://news.example/world/tripoli?outputType=amp&fbclid=1",
    ):
        assert store(conn, again, afp) == first
    amp = Article(
        url="https://amp.news.example/t",
        canonical_url="https://news.example/world/tripoli",
        headline="Headline",
        paragraphs=afp,
    )  # rel=canonical given by the parser
    with conn.transaction():
        page = save_page(conn, source_id=None, url=amp.url, response=None)
        stored = store_article(conn, url=amp.url, source_id=None, article=amp, page_id=page, fetched_at=NOW)
    assert (stored.outcome, stored.article_id) == ("unchanged", first)
    counts = conn.execute("SELECT (SELECT count(*) FROM articles) AS a, (SELECT count(*) FROM article_versions) AS v")
    assert counts.fetchone() == {"a": 1, "v": 1}
