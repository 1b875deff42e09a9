from __future__ import annotations

import json
import re

from click.testing import CliRunner

from tests.paths import SAMPLE_SITE
from worker.database.ready import schema_version
from worker.runtime.cli import main

SAMPLE = SAMPLE_SITE


def run(*args: str, ok: bool = True):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert (result.exit_code == 0) == ok, result.output
    return result.output


def test_db_init_is_idempotent(database):
    assert f"schema version {schema_version()}" in run("db", "init")
    assert "database exists" in run("db", "init")


def test_sources_add_list_remove(database):
    assert "added source afp" in run("sources", "add", "afp", "https://wire.example.org/rss", "--interval", "60")
    assert "updated source afp" in run("sources", "add", "afp", "https://wire.example.org/rss2")
    listing = run("sources", "list")
    assert "afp" in listing and "https://wire.example.org/rss2" in listing and "never" in listing
    assert "removed source afp" in run("sources", "remove", "afp")
    assert "no source named 'afp'" in run("sources", "remove", "afp", ok=False)


def test_sources_sync_from_toml(database, tmp_path, conn):
    file = tmp_path / "sources.toml"
    file.write_text(
        '[[source]]\nname = "a"\nurl = "https://a.example.org/rss"\ninterval = 120\n'
        '[[source]]\nname = "b"\nurl = "https://b.example.org/feed"\nkind = "atom"\n'
    )
    assert "added: a, b" in run("sources", "sync", str(file))
    file.write_text('[[source]]\nname = "a"\nurl = "https://a.example.org/rss"\ninterval = 600\n')
    output = run("sources", "sync", str(file), "--prune")
    assert "updated: a" in output and "removed: b" in output
    rows = conn.execute("SELECT name, poll_interval FROM sources").fetchall()
    assert [(r["name"], r["poll_interval"]) for r in rows] == [("a", 600)]


def test_parse_prints_the_article_as_json():
    page = SAMPLE / "haftar-forces-pound-libya-capital.html"
    data = json.loads(run("parse", str(page), "--url", "https://wire.example.org/haftar"))
    assert data["headline"] == "Haftar forces pound Libya capital after losing towns"
    assert data["url"] == "https://wire.example.org/haftar"
    assert set(data) >= {
        "canonical_url",
        "dateline",
        "byline",
        "authors",
        "paragraphs",
        "body",
        "photos",
        "published_at",
        "updated_at",
        "language",
        "agency",
        "copyright",
    }


def test_poll_inline_articles_and_stats(database, sample_site):
    run("sources", "add", "sample", sample_site.url("/feed.xml"))
    output = run("poll", "sample", "--inline")
    assert "sample: poll ok, 4 listing entries, 4 fetched" in output and "new: 4" in output
    table = run("articles")
    assert "Berlin" in table and sample_site.url("/").split("//")[1][:10] in table
    stats = run("stats")
    assert "articles: 4" in stats and "stories: 3" in stats and "pending_fetches: 0" in stats
    assert re.search(r"last_article_at: \d{4}-\d\d-\d\d \d\d:\d\d \S+\n", stats), stats
    assert "no source named 'nope'" in run("poll", "nope", ok=False)


def test_articles_stats_and_sources_as_json_with_filters(database, sample_site):
    run("sources", "add", "sample", sample_site.url("/feed.xml"))
    run("sources", "add", "other", "https://other.example.org/rss")
    run("poll", "sample", "--inline")
    articles = json.loads(run("articles", "--json"))
    assert len(articles) == 4 and {a["source"] for a in articles} == {"sample"}
    assert {"id", "story_id", "url", "headline", "relation", "version", "first_seen_at"} <= set(articles[0])
    night = next(a for a in articles if a["headline"] == "Berlin expands night trains to Vienna and Zurich")
    story = json.loads(run("articles", "--json", "--story", str(night["story_id"])))
    assert night["id"] in {a["id"] for a in story} and {a["story_id"] for a in story} == {night["story_id"]}
    assert json.loads(run("articles", "--json", "--source", "other")) == []
    assert json.loads(run("articles", "--json", "--since", "2999-01-01")) == []
    assert len(json.loads(run("articles", "--json", "--since", "2000-01-01", "--limit", "2"))) == 2
    table = run("articles", "--story", str(night["story_id"]))
    assert str(night["id"]) in table and "Berlin" in table
    stats = json.loads(run("stats", "--json"))
    assert stats["figures"]["articles"] == {"value": 4, "estimated": False} and stats["backlog"] == []
    sources = {s["name"]: s for s in json.loads(run("sources", "list", "--json"))}
    assert set(sources) == {"sample", "other"}
    assert sources["sample"]["health"]["state"] == "ok" and sources["sample"]["health"]["label"] == "ok"
    assert sources["other"]["health"]["label"] == "new"


def test_stats_estimates_a_big_table_instead_of_counting_it(database, sample_site, monkeypatch):
    from worker import database as db
    from worker.database import health

    run("sources", "add", "sample", sample_site.url("/feed.xml"))
    run("poll", "sample", "--inline")
    with db.connect(database) as conn:
        conn.execute("ANALYZE articles, listing_fetches")
    monkeypatch.setattr(health, "EXACT_BELOW", 1)  # every table that has a row counts as big
    stats = run("stats")
    assert "articles: ≈ 4" in stats and "sources: 1" in stats  # sources: a small table, always counted
    assert "listing_bodies: ≈ 1" in stats and "parse_failures: 0" in stats


def test_eval_scores_a_folder_of_pages(tmp_path):
    page_dir = tmp_path / "xx" / "Sample_2020_04_14"
    page_dir.mkdir(parents=True)
    html = (SAMPLE / "berlin-night-trains.html").read_text().replace("__BASE__", "https://wire.example.org")
    (page_dir / "page.html").write_text(html)
    (page_dir / "expected.json").write_text(
        json.dumps(
            {
                "url": "https://wire.example.org/world/berlin-night-trains.html",
                "publisher": "Sample",
                "headline": "Berlin expands night trains to Vienna and Zurich",
                "authors": ["Anna Schmidt", "Jonas Weber"],
                "published": "2020-04-14T09:10:00+02:00",
                "body_text": "Nothing like the article at all.",
                "body_paragraphs": ["Nothing like the article at all."],
                "captions": None,
            }
        )
    )
    output = run("eval", str(tmp_path), "--datelines", str(tmp_path / "none.json"))
    lines = {line.split()[0]: line.split()[1:] for line in output.splitlines() if line.strip()}
    assert lines["headline_exact"][0] == "1.000" and lines["authors_f1"][0] == "1.000"
    assert lines["published_minute"][0] == "1.000" and lines["paragraph_recall"][0] == "0.000"


def test_stats_shows_the_backlog_by_source(database, sample_site):
    from worker import database as db

    run("sources", "add", "sample", sample_site.url("/feed.xml"))
    with db.connect(database) as conn:
        conn.execute(
            "INSERT INTO pending_fetches (source_id, url, reason, attempts, first_seen_at)"
            " SELECT id, 'https://x.example.org/' || n, 'new', n % 2, now() - interval '2 hours'"
            " FROM sources, generate_series(1, 3) AS n"
        )
    stats = run("stats")
    assert "pending_fetches: 3" in stats
    assert re.search(
        r"sample: 3 pending \(3 due, 2 failing\), oldest seen \d{4}-\d\d-\d\d \d\d:\d\d \S+ \(2h ago\)", stats
    )
