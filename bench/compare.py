"""Accuracy beside trafilatura: the same scorer (worker.devtools.evaluate) on the same folders, per source folder.

Run: ``python bench/compare.py [CORPUS_DIR...]`` (trafilatura from the ``bench`` extra; default: dev/ and extra/).
trafilatura runs with its defaults, as in ``bench/parse.py``; its text has one paragraph a line. Only the fields
both extractors give are compared: headline, body and the goose3 body prefix, with empty bodies counted.
"""

from __future__ import annotations

import sys
from pathlib import Path

import trafilatura

from parsers.article.model import Article
from worker.devtools.evaluate import DEFAULT_DATELINES, Report, evaluate, load_datelines

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
COMPARED = ("headline_exact", "headline_f1", "body_f1", "paragraph_recall", "body_prefix")


def trafilatura_article(page: bytes, url: str) -> Article:
    found = trafilatura.bare_extraction(page, url=url or None, with_metadata=True)
    if found is None:
        return Article(url=url)
    lines = tuple(line.strip() for line in (found.text or "").split("\n") if line.strip())
    return Article(url=url, headline=found.title, paragraphs=lines)


def table(name: str, ours: Report, theirs: Report) -> str:
    lines = [f"== {name}: {len(ours.pages)} pages", f"{'field':<20}{'ours':>8}{'trafilatura':>13}{'n':>6}"]
    for field in COMPARED:
        mine, count = ours.article_average(field)
        other, _ = theirs.article_average(field)
        if mine is not None and other is not None:
            lines.append(f"{field:<20}{mine:>8.3f}{other:>13.3f}{count:>6}")
    empty = (sum(p.empty for p in ours.pages), sum(p.empty for p in theirs.pages))
    lines.append(f"{'empty bodies':<20}{empty[0]:>8}{empty[1]:>13}")
    lines.append(f"{'fallbacks (ours)':<20}{sum(p.fallback for p in ours.pages):>8}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    folders = [Path(a) for a in argv] or [CORPUS / "dev", CORPUS / "extra"]
    datelines = load_datelines(DEFAULT_DATELINES)
    for folder in folders:
        ours = evaluate(folder, datelines).by_source()
        theirs = evaluate(folder, datelines, trafilatura_article).by_source()
        for name, report in ours.items():
            print(table(name, report, theirs[name]), end="\n\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
