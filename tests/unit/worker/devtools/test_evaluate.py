"""The evaluation's per-source tables: a folder of source folders gives one report each, with empty bodies,
fallback bodies and the prefix figure counted (on a small corpus written for the test)."""

from __future__ import annotations

import json
from pathlib import Path

from parsers.article.model import Article, Dateline
from worker.devtools.evaluate import (
    DEFAULT_DATELINES,
    evaluate,
    format_sources,
    load_datelines,
    scored_paragraphs,
)

STORY = "The ferry to the island will run every hour from the first of June, the harbour office said."
# Paragraphs written straight into <body>: no container to score, so the fallback finds them.
LOOSE = f"<p>{STORY}</p>" + "".join(f"<p>{STORY} Sailing number {i} leaves from the new pier.</p>" for i in range(3))


def write(folder: Path, source: str, html: str, **labels: object) -> None:
    folder.mkdir(parents=True)
    (folder / "page.html").write_text(f"<html><body>{html}</body></html>", encoding="utf-8")
    expected = {"id": f"{folder.parent.name}/{folder.name}", "source": source, "url": None, **labels}
    (folder / "expected.json").write_text(json.dumps(expected), encoding="utf-8")


def test_a_folder_of_sources_gives_one_table_each_with_empty_and_fallback_counts(tmp_path: Path) -> None:
    corpus = tmp_path / "extra"
    write(corpus / "alpha" / "story", "alpha-tests", f"<article><p>{STORY}</p></article>", body_text=STORY)
    write(corpus / "alpha" / "blank", "alpha-tests", "<div><img src='/x.jpg'></div>", body_text=STORY)
    write(corpus / "beta" / "blog", "beta-tests", LOOSE, body_prefix=STORY)
    reports = evaluate(corpus).by_source()
    assert sorted(reports) == ["extra/alpha", "extra/beta"]
    alpha, beta = reports["extra/alpha"], reports["extra/beta"]
    assert [page.empty for page in alpha.pages] == [True, False]
    assert [page.fallback for page in beta.pages] == [True]
    assert beta.article_average("body_prefix") == (1.0, 1)
    printed = format_sources([evaluate(corpus)])
    assert "== extra/alpha\n2 pages, 1 empty bodies, 0 fallbacks" in printed
    assert "== extra/beta\n1 pages, 0 empty bodies, 1 fallbacks" in printed


def test_a_corpus_of_one_source_is_one_table(tmp_path: Path) -> None:
    corpus = tmp_path / "dev"
    write(corpus / "uk" / "one", "dev-tests", f"<article><p>{STORY}</p></article>", body_text=STORY)
    write(corpus / "de" / "two", "dev-tests", f"<article><p>{STORY}</p></article>", body_text=STORY)
    reports = evaluate(corpus).by_source()
    assert list(reports) == ["dev"]
    assert reports["dev"].article_average("body_f1") == (1.0, 2)


def test_the_default_dateline_labels_are_the_projects_own() -> None:
    labels = load_datelines(DEFAULT_DATELINES)
    assert labels is not None and all("/" in page_id for page_id in labels)


TEXT = "The harbour committee met on Tuesday to discuss the new ferry timetable."


def scored(dateline: str) -> list[str]:
    article = Article(url="https://example.org/a", paragraphs=(TEXT,), dateline=Dateline(text=dateline))
    return scored_paragraphs(article)


def test_dateline_is_put_back_as_printed() -> None:
    # a spaced dash was printed with a space after it; a dash close to the place, close to the text
    assert scored("GHENT —") == [f"GHENT — {TEXT}"]
    assert scored("GHENT (AFP) -") == [f"GHENT (AFP) - {TEXT}"]
    assert scored("GHENT—") == [f"GHENT—{TEXT}"]
    assert scored("NEW YORK--") == [f"NEW YORK--{TEXT}"]
