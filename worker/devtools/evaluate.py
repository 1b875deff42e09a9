"""Score the parser on a folder tree of ``page.html[.gz]`` + ``expected.json``.

The rules are those of shared/corpus/README.md: per field and per article, averaged over articles and over
publishers; fields the labels leave null are skipped.
Run: ``python -m worker.devtools.evaluate CORPUS_DIR``.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import unicodedata
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parsers import ParseError, parse_article
from parsers.article.model import Article
from parsers.typography import QUOTE_FOLDS

FIELDS = (
    "headline_exact",
    "headline_f1",
    "authors_f1",
    "body_f1",
    "paragraph_recall",
    "caption_recall",
    "credit_accuracy",
    "published_date",
    "published_minute",
    "dateline_right",
    "dateline_not_invented",
    "body_prefix",
    "language",
)
# The warning the parser leaves when the body came from its fallback extraction (parsers.article.fields.body_fallback).
FALLBACK = "body:fallback"
CAPTION_MATCH = 0.8
WORST = 12
_TOKEN = re.compile(r"\w+")
# NFKC runs first and turns a no-break space into a space: only the quotes and dashes are left to fold.
_QUOTES = str.maketrans(QUOTE_FOLDS)
_BY = re.compile(r"^\s*by\s+", re.IGNORECASE)
# The dateline labels of the dev corpus live with the tests; an installed wheel has none and scores without them.
DEFAULT_DATELINES = Path(__file__).resolve().parents[2] / "tests" / "unit" / "parsers" / "article" / "datelines.json"


@dataclass
class PageScore:
    page_id: str
    publisher: str
    scores: dict[str, float] = field(default_factory=dict)
    error: str | None = None
    source: str = ""
    # A labelled body (full or prefix) for which the parser returned no paragraph; a body from the fallback path.
    empty: bool = False
    fallback: bool = False


@dataclass
class Report:
    pages: list[PageScore]

    def article_average(self, name: str) -> tuple[float | None, int]:
        values = [p.scores[name] for p in self.pages if name in p.scores]
        return (sum(values) / len(values) if values else None), len(values)

    def publisher_average(self, name: str) -> float | None:
        by_publisher: dict[str, list[float]] = defaultdict(list)
        for page in self.pages:
            if name in page.scores:
                by_publisher[page.publisher].append(page.scores[name])
        means = [sum(v) / len(v) for v in by_publisher.values()]
        return sum(means) / len(means) if means else None

    def by_source(self) -> dict[str, Report]:
        """One report per source folder (pages grouped by the ``source`` of their labels), in name order."""
        groups: dict[str, list[PageScore]] = defaultdict(list)
        for page in self.pages:
            groups[page.source].append(page)
        return {name: Report(groups[name]) for name in sorted(groups)}


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).translate(_QUOTES)).strip()


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(normalise(text).lower())


def token_f1(predicted: str, expected: str) -> float:
    got, want = Counter(tokens(predicted)), Counter(tokens(expected))
    if not got and not want:
        return 1.0
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def set_f1(predicted: set[str], expected: set[str]) -> float:
    if not predicted and not expected:
        return 1.0
    overlap = len(predicted & expected)
    if not overlap:
        return 0.0
    precision, recall = overlap / len(predicted), overlap / len(expected)
    return 2 * precision * recall / (precision + recall)


def score_page(article: Article, expected: dict[str, Any], dateline_label: Any = ...) -> dict[str, float]:
    scores: dict[str, float] = {}
    if expected.get("headline"):
        got = normalise(article.headline or "")
        scores["headline_exact"] = float(got == normalise(expected["headline"]))
        scores["headline_f1"] = token_f1(got, expected["headline"])
    if expected.get("authors") is not None:
        got_names = {_BY.sub("", normalise(a)).lower() for a in article.authors}
        scores["authors_f1"] = set_f1(got_names, {_BY.sub("", normalise(a)).lower() for a in expected["authors"]})
    if expected.get("body_text"):
        scores.update(_body_scores(article, expected["body_text"]))
    if expected.get("body_prefix"):
        scores["body_prefix"] = _contains(" ".join(scored_paragraphs(article)), expected["body_prefix"])
    if expected.get("captions") is not None:
        scores.update(_caption_scores(article, expected["captions"]))
    if expected.get("published"):
        scores.update(_date_scores(article.published_at, expected["published"]))
    if dateline_label is not ...:
        scores.update(_dateline_scores(article, dateline_label))
    if expected.get("language"):
        scores["language"] = _language_score(article.language, expected["language"])
    return scores


def _contains(body: str, prefix: str) -> float:
    """1.0 when the body holds the prefix, white space aside (goose3 joins some paragraphs with none)."""
    return float("".join(normalise(prefix).split()) in "".join(normalise(body).split()))


def scored_paragraphs(article: Article) -> list[str]:
    """The body as the labels have it: the dateline put back in front of the paragraph it was cut from."""
    paragraphs = list(article.paragraphs)
    if article.dateline and paragraphs:
        index = article.dateline_index if article.dateline_index < len(paragraphs) else 0
        # A dash printed close to the place ("CHICAGO—") is printed close to the text as well.
        joint = "" if re.search(r"\w(?:—|–|--)$", article.dateline.text) else " "
        paragraphs[index] = f"{article.dateline.text}{joint}{paragraphs[index]}"
    return paragraphs


def _body_scores(article: Article, body_text: str) -> dict[str, float]:
    paragraphs = scored_paragraphs(article)
    expected = [normalise(p) for p in body_text.split("\n\n") if p.strip()]
    got = {normalise(p) for p in paragraphs}
    recall = sum(1 for p in expected if p in got) / len(expected) if expected else 1.0
    return {"body_f1": token_f1("\n".join(paragraphs), body_text), "paragraph_recall": recall}


def _caption_scores(article: Article, captions: list[dict[str, Any]]) -> dict[str, float]:
    wanted = [c for c in captions if c.get("caption")]
    if not wanted:
        return {}
    found = credits_right = credits_total = 0
    for label in wanted:
        best = max(article.photos, key=lambda p: token_f1(p.caption or "", label["caption"]), default=None)
        if best is None or token_f1(best.caption or "", label["caption"]) < CAPTION_MATCH:
            continue
        found += 1
        if label.get("credit"):
            credits_total += 1
            got = normalise(best.credit or "")
            credits_right += (
                got.lower() == normalise(label["credit"]).lower() or token_f1(got, label["credit"]) >= CAPTION_MATCH
            )
    scores = {"caption_recall": found / len(wanted)}
    if credits_total:
        scores["credit_accuracy"] = credits_right / credits_total
    return scores


def _date_scores(predicted: str | None, expected: str) -> dict[str, float]:
    if not predicted:
        return {"published_date": 0.0, "published_minute": 0.0}
    from datetime import datetime

    got, want = datetime.fromisoformat(predicted), datetime.fromisoformat(expected)
    if want.tzinfo is None:
        got = got.replace(tzinfo=None)
    return {
        "published_date": float(got.date() == want.date()),
        "published_minute": float(abs((got - want).total_seconds()) < 60 and got.minute == want.minute),
    }


def _language_score(predicted: str | None, expected: str) -> float:
    """The labels give the primary subtag only ("en" for a page in en-GB): that is what is compared."""
    return float((predicted or "").split("-")[0].lower() == expected.split("-")[0].lower())


def _dateline_scores(article: Article, label: dict[str, str] | None) -> dict[str, float]:
    if label is None:
        return {"dateline_not_invented": float(article.dateline is None)}
    got = article.dateline
    right = got is not None and (got.city or None) == label.get("city") and got.agency == label.get("agency")
    return {"dateline_right": float(right)}


def _ours(page: bytes, url: str) -> Article:
    return parse_article(page, url)


def evaluate(
    corpus_dir: Path, datelines: dict[str, Any] | None = None, parse: Callable[[bytes, str], Article] = _ours
) -> Report:
    """Parse every page under ``corpus_dir`` (with ``parse``: ours, or another extractor's output put in an
    ``Article``) and score it against its ``expected.json``."""
    pages: list[PageScore] = []
    for expected_path in sorted(corpus_dir.rglob("expected.json")):
        folder = expected_path.parent
        expected = _read_json(expected_path)
        page_id = str(expected.get("id") or folder.relative_to(corpus_dir))
        score = PageScore(page_id, str(expected.get("publisher_id") or expected.get("publisher") or page_id))
        score.source = _source_name(corpus_dir, folder, expected)
        try:
            article = parse(_read_page(folder), str(expected.get("url") or ""))
        except ParseError as exc:
            score.error = str(exc)
            article = Article(url=str(expected.get("url") or ""))
        label = datelines[page_id] if datelines is not None and page_id in datelines else ...
        score.scores = score_page(article, expected, label)
        score.empty = bool(expected.get("body_text") or expected.get("body_prefix")) and not article.paragraphs
        score.fallback = FALLBACK in article.warnings
        pages.append(score)
    return Report(pages)


def _source_name(corpus_dir: Path, folder: Path, expected: dict[str, Any]) -> str:
    """The source folder a page belongs to: ``corpus_dir`` itself when all its pages share one labelled source
    (dev/), else its first sub-folder (extra/readability): the label's ``source`` key names it
    ("readability-tests")."""
    relative = folder.relative_to(corpus_dir).parts
    source = str(expected.get("source") or "")
    if len(relative) > 1 and (source == relative[0] or source.startswith(f"{relative[0]}-")):
        return f"{corpus_dir.name}/{relative[0]}"
    return corpus_dir.name


class CorpusError(ValueError):
    """A corpus file that cannot be read (the message names it)."""


def _read_page(folder: Path) -> bytes:
    plain = folder / "page.html"
    path = plain if plain.exists() else folder / "page.html.gz"
    try:
        data = path.read_bytes()
        return data if path is plain else gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:
        raise CorpusError(f"{path}: cannot read the page: {exc}") from exc


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CorpusError(f"{path}: cannot read it as JSON: {exc}") from exc


def format_report(report: Report, worst: int = WORST) -> str:
    empty = sum(page.empty for page in report.pages)
    fallbacks = sum(page.fallback for page in report.pages)
    lines = [
        f"{len(report.pages)} pages, {empty} empty bodies, {fallbacks} fallbacks",
        "",
        f"{'field':<22}{'articles':>10}{'publishers':>12}{'n':>6}",
    ]
    for name in FIELDS:
        mean, count = report.article_average(name)
        if mean is None:
            continue
        by_pub = report.publisher_average(name)
        lines.append(f"{name:<22}{mean:>10.3f}{(by_pub or 0.0):>12.3f}{count:>6}")
    if not worst:
        return "\n".join(lines)
    lines += ["", "worst pages (mean of their field scores):"]
    ranked = sorted(report.pages, key=lambda p: sum(p.scores.values()) / max(len(p.scores), 1))
    for page in ranked[:worst]:
        low = ", ".join(f"{k}={v:.2f}" for k, v in sorted(page.scores.items()) if v < 0.9)
        flags = ("  EMPTY" if page.empty else "") + ("  fallback" if page.fallback else "")
        lines.append(f"  {page.page_id:<40} {low}{flags}" + (f"  error: {page.error}" if page.error else ""))
    return "\n".join(lines)


def format_sources(reports: list[Report], worst: int = WORST) -> str:
    """One table per source folder of the given reports, each headed by the folder's name."""
    blocks = [
        f"== {name}\n{format_report(part, worst)}" for report in reports for name, part in report.by_source().items()
    ]
    return "\n\n".join(blocks)


def load_datelines(path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None
    labels = _read_json(path)
    return {k: v for k, v in labels.items() if not k.startswith("_")}


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print("usage: python -m worker.devtools.evaluate CORPUS_DIR...", file=sys.stderr)
        return 2
    datelines = load_datelines(DEFAULT_DATELINES)
    print(format_sources([evaluate(Path(folder), datelines) for folder in argv[1:]]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
