"""`wirefeed export`: a story (an original with two versions, a copy, an update) and another story, parsed from
invented pages and stored through the real store path, exported as ninjs 2.2 and 3.1 and as jsonl; every ninjs item
is checked against the official schema."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from parsers import parse_article
from tests.ninjs_schemas import errors
from tests.paths import ARTICLES, SAMPLE_SITE
from worker.database.store import save_page, store_article
from worker.export.ninjs import article_uri, story_uri
from worker.export.stream import Selection, rows
from worker.ingest.sources import SourceConfig, upsert_source
from worker.network.http import Response
from worker.runtime.cli import main

NOW = datetime(2020, 6, 2, 9, 0, tzinfo=UTC)
ORIGINAL = "https://afp.example/world/tripoli"
COPY = "https://partner.example/news/libya-rockets"
UPDATE = "https://afp.example/world/tripoli-latest"
OTHER = "https://citydesk.example/local/bridge"


def paragraphs(name: str) -> list[str]:
    text = (ARTICLES / f"{name}.txt").read_text(encoding="utf-8").split("\n", 2)[2]
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def page(url: str, headline: str, body: list[str], photo: str, *, modified: str | None = None) -> str:
    meta = f'<meta property="article:modified_time" content="{modified}">' if modified else ""
    text = "".join(f"<p>{p}</p>" for p in body)
    return (
        f'<html lang="en"><head><title>{headline}</title><link rel="canonical" href="{url}">'
        '<meta property="article:published_time" content="2020-06-02T08:15:00+00:00">'
        f"{meta}</head><body><article><h1>{headline}</h1><p class='byline'>By Jane Doe</p>"
        f"<figure><img src='/img/{len(body)}.jpg' alt=''><figcaption>{photo}</figcaption></figure>"
        f"{text}<p>© 2020 AFP</p></article></body></html>"
    )


def store(conn: Any, source_id: int, url: str, html: str, fetched_at: datetime) -> int:
    response = Response(url=url, final_url=url, status=200, headers={}, body=html.encode(), fetched_at=fetched_at)
    with conn.transaction():
        page_id = save_page(conn, source_id=source_id, url=url, response=response)
        stored = store_article(
            conn, url=url, source_id=source_id, article=parse_article(html, url), page_id=page_id, fetched_at=fetched_at
        )
    return stored.story_id


def source(conn: Any, name: str) -> int:
    upsert_source(conn, SourceConfig(name=name, feed_url=f"https://{name}.example/rss"))
    conn.commit()
    return int(conn.execute("SELECT id FROM sources WHERE name = %s", (name,)).fetchone()["id"])


@pytest.fixture
def stories(conn) -> tuple[int, int]:
    """The Tripoli story (original in two versions, copy, update) and a bridge story; their ids."""
    conn.autocommit = True
    afp, partner, city = source(conn, "afp"), source(conn, "partner"), source(conn, "citydesk")
    afp_text = paragraphs("afp-tripoli-rockets")
    credit = "Smoke rises over Tripoli. (Photo by ARIS MESSINIS / AFP)"
    headline = "Haftar forces pound Libya capital"
    story = store(conn, afp, ORIGINAL, page(ORIGINAL, headline, afp_text[:-2], credit), NOW)
    store(
        conn,
        partner,
        COPY,
        page(COPY, headline, afp_text[:-3], "Rockets at night. (Photo by Mahmud Turkia / AFP)"),
        NOW,
    )
    reordered = [afp_text[0], afp_text[-1], *afp_text[1:-2], afp_text[-2]]
    store(conn, afp, UPDATE, page(UPDATE, headline + " after losing towns", reordered, credit), NOW)
    edited = [p.replace("loud explosions", "heavy explosions") for p in afp_text[:-2]]
    modified = "2020-06-02T10:30:00+00:00"
    store(conn, afp, ORIGINAL, page(ORIGINAL, headline, edited, credit, modified=modified), NOW + timedelta(hours=2))
    bridge = paragraphs("harbour-bridge-repairs")
    other = store(conn, city, OTHER, page(OTHER, "Bridge repairs", bridge, "The bridge. (City Desk)"), NOW)
    return story, other


def export(tmp_path: Path, *args: str) -> list[dict[str, Any]]:
    out = tmp_path / "export.jsonl"
    result = CliRunner().invoke(main, ["export", *args, "--output", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert f"exported {len(lines)} articles" in result.output
    return [json.loads(line) for line in lines]


def by_url(items: list[dict[str, Any]], version: str) -> dict[str, dict[str, Any]]:
    key = "altids" if version == "2.2" else "altIds"
    return {next(a["value"] for a in i[key] if a["role"] == "canonical-url"): i for i in items}


@pytest.mark.parametrize("version", ["2.2", "3.1"])
def test_every_item_validates_and_holds_the_article(stories, tmp_path, version):
    items = export(tmp_path, "--format", "ninjs", "--ninjs-version", version)
    assert len(items) == 4
    for item in items:
        assert errors(item, version) == []
    got = by_url(items, version)
    original = got[ORIGINAL]
    assert original["uri"] == article_uri(ORIGINAL)
    assert original["version"] == "2"
    assert original["headlines"] == [{"role": "main", "value": "Haftar forces pound Libya capital"}]
    assert original["located"] == "Tripoli, Libya"
    assert original["by"] == "By Jane Doe"
    assert original["language"] == "en"
    infosources = original["infosources" if version == "2.2" else "infoSources"]
    assert infosources == [{"name": "AFP", "role": "originator"}]
    assert original["copyrightnotice" if version == "2.2" else "copyrightNotice"] == "© 2020 AFP"
    assert "heavy explosions" in original["bodies"][0]["value"]
    created = ("firstcreated", "versioncreated") if version == "2.2" else ("firstCreated", "versionCreated")
    assert [original[k] for k in created] == ["2020-06-02T08:15:00+00:00", "2020-06-02T10:30:00+00:00"]
    assert got[COPY]["version"] == "1"


@pytest.mark.parametrize("version", ["2.2", "3.1"])
def test_photos_carry_caption_and_credit_and_the_story_links_its_articles(stories, tmp_path, version):
    got = by_url(export(tmp_path, "--format", "ninjs", "--ninjs-version", version), version)
    holder = "copyrightholder" if version == "2.2" else "copyrightHolder"
    photo = got[COPY]["associations"][0]
    assert photo["type"] == "picture"
    assert [d["value"] for d in photo["descriptions"]] == ["Rockets at night."]
    assert (photo["by"], photo[holder]) == ("Mahmud Turkia / AFP", "AFP")
    assert photo["renditions"][0]["href"].startswith("https://partner.example/img/")
    story = story_uri(ORIGINAL)
    links = {url: {a["name"]: a for a in got[url]["associations"][1:]} for url in (ORIGINAL, COPY, UPDATE)}
    assert {url: sorted(names) for url, names in links.items()} == {
        ORIGINAL: ["story"],
        COPY: ["original", "story"],
        UPDATE: ["original", "story"],
    }
    assert {links[url]["story"]["uri"] for url in links} == {story}
    assert links[COPY]["original"]["uri"] == links[UPDATE]["original"]["uri"] == got[ORIGINAL]["uri"]
    assert links[ORIGINAL]["story"]["headlines"] == [{"role": "main", "value": "Haftar forces pound Libya capital"}]
    if version == "3.1":
        assert [links[url]["story"]["rel"] for url in (ORIGINAL, COPY, UPDATE)] == ["original", "copy", "update"]
        assert links[UPDATE]["original"]["rel"] == "update-of"
    assert by_url(export(tmp_path, "--format", "ninjs"), "2.2")[OTHER]["associations"][1]["uri"] != story


def test_the_story_and_source_filters(stories, tmp_path):
    story, other = stories
    tripoli = export(tmp_path, "--format", "ninjs", "--story", str(story))
    assert sorted(by_url(tripoli, "2.2")) == sorted([ORIGINAL, COPY, UPDATE])
    assert list(by_url(export(tmp_path, "--format", "ninjs", "--story", str(other)), "2.2")) == [OTHER]
    assert sorted(by_url(export(tmp_path, "--format", "ninjs", "--source", "afp"), "2.2")) == [ORIGINAL, UPDATE]
    assert export(tmp_path, "--format", "ninjs", "--source", "afp", "--story", str(other)) == []
    assert export(tmp_path, "--format", "jsonl", "--source", "nobody") == []


def test_since_a_change_id_exports_the_articles_changed_after_it(stories, conn, tmp_path):
    changes = conn.execute("SELECT id, url, kind FROM changes ORDER BY id").fetchall()
    assert changes, "the stored fixture left change rows"
    assert export(tmp_path, "--format", "jsonl", "--since", str(changes[-1]["id"])) == []
    later = changes[len(changes) // 2]["id"]
    expected = {r["url"] for r in changes if r["id"] > later}
    assert {i["url"] for i in export(tmp_path, "--format", "jsonl", "--since", str(later))} == expected
    assert len(export(tmp_path, "--format", "ninjs", "--since", "0")) == 4


def test_jsonl_holds_our_fields(stories, tmp_path):
    items = {i["canonical_url"]: i for i in export(tmp_path, "--format", "jsonl")}
    original = items[ORIGINAL]
    assert (original["relation"], original["version"], original["source"]) == ("original", 2, "afp")
    assert original["dateline"]["text"] == "TRIPOLI, Libya (AFP) —"
    assert original["photos"] == [
        {
            "url": "https://afp.example/img/7.jpg",
            "caption": "Smoke rises over Tripoli.",
            "credit": "ARIS MESSINIS / AFP",
        }
    ]
    assert [items[u]["relation"] for u in (COPY, UPDATE)] == ["copy", "update"]
    assert items[OTHER]["story_id"] != original["story_id"]


def test_export_writes_to_stdout_by_default(stories):
    result = CliRunner().invoke(main, ["export", "--format", "ninjs", "--ninjs-version", "3.1"], catch_exceptions=False)
    items = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(items) == 4 and all(errors(i, "3.1") == [] for i in items)
    assert "exported 4 articles" in result.stderr


def test_every_sample_page_exports_valid_items_and_the_seed_story_is_one_story(conn, tmp_path):
    conn.autocommit = True
    site = source(conn, "sample")
    for path in sorted(SAMPLE_SITE.glob("*.html")):
        store(conn, site, f"https://sample.example/{path.stem}", path.read_text(encoding="utf-8"), NOW)
    for version in ("2.2", "3.1"):
        items = export(tmp_path, "--format", "ninjs", "--ninjs-version", version)
        assert len(items) == 4
        assert [errors(item, version) for item in items] == [[]] * 4
    seed = [i for i in items if "Haftar" in i["headlines"][0]["value"] or "Tripoli" in i.get("located", "")]
    assert len(seed) == 2
    assert len({next(a["uri"] for a in i["associations"] if a["name"] == "story") for i in seed}) == 1


def test_rows_come_through_a_server_side_cursor(stories, conn):
    cursor_rows = rows(conn, Selection())
    first = next(cursor_rows)
    names = [r["name"] for r in conn.execute("SELECT name FROM pg_cursors").fetchall()]
    assert names == ["wirefeed_export"]
    assert [first["id"], *(r["id"] for r in cursor_rows)] == [1, 2, 3, 4]


def test_the_read_only_role_can_export(stories, conn):
    conn.execute("SET ROLE wirefeed_reader")
    assert [r["id"] for r in rows(conn, Selection())] == [1, 2, 3, 4]
