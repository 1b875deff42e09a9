"""The dev corpus (../shared/corpus): every page parses in strict mode, and the dateline metric holds."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from parsers import ParseError, parse_article
from worker.devtools.evaluate import evaluate, format_report, load_datelines

pytestmark = pytest.mark.corpus
DATELINES = Path(__file__).with_name("datelines.json")


def test_every_page_parses_strictly(corpus_dir: Path) -> None:
    failures = []
    for expected_path in sorted(corpus_dir.rglob("expected.json")):
        url = json.loads(expected_path.read_text(encoding="utf-8"))["url"]
        page = gzip.decompress((expected_path.parent / "page.html.gz").read_bytes())
        try:
            parse_article(page, url, strict=True)
        except ParseError as exc:
            failures.append(f"{expected_path.parent.name}: {exc}")
    assert failures == []


def test_datelines_are_labelled_for_every_page(corpus_dir: Path) -> None:
    labels = load_datelines(DATELINES) or {}
    pages = {str(p.parent.relative_to(corpus_dir)) for p in corpus_dir.rglob("expected.json")}
    assert pages == set(labels)


def test_no_dateline_is_invented(corpus_dir: Path) -> None:
    report = evaluate(corpus_dir, load_datelines(DATELINES))
    invented, count = report.article_average("dateline_not_invented")
    assert count > 0 and invented is not None
    assert invented >= 0.99, format_report(report)
