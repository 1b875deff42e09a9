"""Near-duplicate detection quality on the syndication set, through the real store path (PostgreSQL).

    PYTHONPATH=. python bench/dedup_quality.py [--corpus ../shared/corpus/dev] [--seed 7]

Creates a scratch database from schema.sql, stores every variant of every story in arrival order (page and
article in one transaction each; the worker commits the page first), then scores: re-fetches that added
nothing, pairwise precision and recall of the story clusters, and copy/update labels. Drops the database at the end.
"""

from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing
import statistics
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.syndication import EXPECT_NOTHING, Variant, load_corpus, load_text_articles, stream  # noqa: E402
from parsers import Article  # noqa: E402
from parsers.similarity.minhash import estimated_jaccard, text_signature  # noqa: E402
from worker import database as db  # noqa: E402
from worker.database.store import save_page, store_article  # noqa: E402
from worker.network.http import Response  # noqa: E402
from worker.runtime.settings import get_settings  # noqa: E402

TEST_ARTICLES = ROOT / "tests" / "data" / "articles"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
SERVER = psycopg.conninfo.make_conninfo(get_settings().database_url, dbname="postgres")
"""The server of the configured database (DATABASE_URL); scratch databases are created beside it."""


@dataclass(frozen=True)
class Outcome:
    variant: Variant
    stored: str
    """'new', 'version', 'unchanged' or 'duplicate' (the store's outcome)."""
    article_id: int


@dataclass(frozen=True)
class Scores:
    refetches_ok: int
    refetches: int
    precision: float
    recall: float
    true_pairs: int
    found_pairs: int
    labels_ok: int
    labels: int
    label_errors: tuple[str, ...]
    originals_ok: int
    """Originals (stored as new) labelled original at the end, whenever they arrived."""
    originals: int
    seconds_per_article: float
    joined_by_kind: dict[str, str]
    """Per variant kind: how many ended in their story's original's story (stubs: how many stayed apart)."""

    def as_dict(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if k != "label_errors"} | {
            "label_accuracy": self.labels_ok / self.labels if self.labels else 1.0,
            "label_errors_by_kind": dict(Counter(e.split(" ", 1)[1] for e in self.label_errors)),
            "label_errors": list(self.label_errors[:20]),
        }


@contextmanager
def scratch_database(server: str = SERVER) -> Iterator[str]:
    """A database built from schema.sql for one run, dropped afterwards."""
    name = f"wirefeed_dedup_eval_{uuid.uuid4().hex[:8]}"
    url = psycopg.conninfo.make_conninfo(server, dbname=name)
    db.ensure_database(url)
    try:
        db.apply_schema(url)
        yield url
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def store_variant(conn: db.Connection, variant: Variant, fetched_at: datetime) -> Outcome:
    """Store one variant as the pipeline would after fetching and parsing its page."""
    article = Article(url=variant.url, headline=variant.headline, paragraphs=variant.paragraphs)
    response = Response(
        url=variant.url, final_url=variant.url, status=200, headers={}, body=b"<html/>", fetched_at=fetched_at
    )
    page = save_page(conn, source_id=None, url=variant.url, response=response)
    stored = store_article(conn, url=variant.url, source_id=None, article=article, page_id=page, fetched_at=fetched_at)
    return Outcome(variant, stored.outcome, stored.article_id)


def store_all(url: str, variants: list[Variant]) -> tuple[list[Outcome], float]:
    """Every variant in its own transaction; returns the outcomes and seconds per stored variant."""
    outcomes = []
    started = time.perf_counter()
    with db.connect(url, autocommit=True) as conn:
        for variant in variants:
            with conn.transaction():
                outcomes.append(store_variant(conn, variant, datetime.now(UTC)))
    return outcomes, (time.perf_counter() - started) / max(1, len(variants))


def _store_share(url: str, variants: list[Variant], start: Barrier, results: Queue) -> None:  # type: ignore[type-arg]
    """One worker process: its own connection, waiting for the others before the first store."""
    with db.connect(url, autocommit=True) as conn:
        start.wait()
        for variant in variants:
            with conn.transaction():
                outcome = store_variant(conn, variant, datetime.now(UTC))
            results.put((variant, outcome.stored, outcome.article_id))


def store_concurrently(url: str, variants: list[Variant], workers: int = 4) -> list[Outcome]:
    """The variants dealt round-robin to ``workers`` processes that store them at the same time."""
    context = multiprocessing.get_context("spawn")
    start, results = context.Barrier(workers), context.Queue()
    processes = [
        context.Process(target=_store_share, args=(url, variants[i::workers], start, results)) for i in range(workers)
    ]
    for process in processes:
        process.start()
    outcomes = [Outcome(*results.get(timeout=120)) for _ in variants]
    for process in processes:
        process.join(timeout=60)
        if process.exitcode != 0:
            raise RuntimeError(f"store worker failed with exit code {process.exitcode}")
    return outcomes


def final_assignment(url: str) -> dict[int, tuple[int, str]]:
    """Story and relation of every article after all merges."""
    with db.connect(url) as conn:
        rows = conn.execute("SELECT id, story_id, relation FROM articles").fetchall()
    return {int(r["id"]): (int(r["story_id"]), str(r["relation"])) for r in rows}


def pair_scores(truth: list[str], predicted: list[int]) -> tuple[float, float, int, int]:
    """Pairwise precision and recall of a clustering against the true story labels."""
    true_pairs = found_pairs = both = 0
    for (t1, p1), (t2, p2) in itertools.combinations(zip(truth, predicted, strict=True), 2):
        same_truth, same_found = t1 == t2, p1 == p2
        true_pairs += same_truth
        found_pairs += same_found
        both += same_truth and same_found
    precision = both / found_pairs if found_pairs else 1.0
    recall = both / true_pairs if true_pairs else 1.0
    return precision, recall, true_pairs, found_pairs


def score(outcomes: list[Outcome], assignment: dict[int, tuple[int, str]], seconds: float) -> Scores:
    refetches = [o for o in outcomes if o.variant.expected == EXPECT_NOTHING]
    refetches_ok = sum(o.stored in ("unchanged", "duplicate") for o in refetches)
    clustered = [o for o in outcomes if o.variant.expected != EXPECT_NOTHING]
    precision, recall, true_pairs, found_pairs = pair_scores(
        [o.variant.story for o in clustered], [assignment[o.article_id][0] for o in clustered]
    )
    labelled = [o for o in clustered if o.stored == "new" and o.variant.expected in ("copy", "update")]
    originals = [o for o in clustered if o.stored == "new" and o.variant.expected == "original"]
    errors = tuple(
        f"{o.variant.story} {o.variant.kind}: {assignment[o.article_id][1]}"
        for o in labelled
        if assignment[o.article_id][1] != o.variant.expected
    )
    return Scores(
        refetches_ok,
        len(refetches),
        precision,
        recall,
        true_pairs,
        found_pairs,
        len(labelled) - len(errors),
        len(labelled),
        errors,
        sum(assignment[o.article_id][1] == "original" for o in originals),
        len(originals),
        seconds,
        joined_by_kind(clustered, assignment),
    )


def joined_by_kind(clustered: list[Outcome], assignment: dict[int, tuple[int, str]]) -> dict[str, str]:
    story_of = {o.variant.story: assignment[o.article_id][0] for o in clustered if o.variant.kind == "original"}
    counts: dict[str, list[int]] = {}
    for o in clustered:
        home = story_of.get(o.variant.story.removesuffix("#stub"))
        joined = assignment[o.article_id][0] == home
        tally = counts.setdefault(o.variant.kind, [0, 0])
        tally[0] += joined != (o.variant.kind == "stub")
        tally[1] += 1
    return {kind: f"{ok}/{total}" for kind, (ok, total) in sorted(counts.items())}


def evaluate(variants: list[Variant], server: str = SERVER) -> tuple[Scores, Counter[str]]:
    with scratch_database(server) as url:
        outcomes, seconds = store_all(url, variants)
        assignment = final_assignment(url)
    return score(outcomes, assignment, seconds), Counter(f"{o.variant.kind}:{o.stored}" for o in outcomes)


def similarity_by_kind(variants: list[Variant]) -> dict[str, str]:
    """Estimated Jaccard similarity of each variant to its story's original (full text): min / median."""
    originals = {v.story: text_signature(v.paragraphs) for v in variants if v.kind == "original"}
    by_kind: dict[str, list[float]] = {}
    for v in variants:
        if v.expected in ("copy", "update"):
            similarity = estimated_jaccard(text_signature(v.paragraphs), originals[v.story])
            by_kind.setdefault(v.kind, []).append(similarity)
    return {k: f"{min(s):.2f} / {statistics.median(s):.2f}" for k, s in sorted(by_kind.items())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--stress", action="store_true", help="add reworded copies (1 word in 12, 8, 5 replaced)")
    parser.add_argument("--any-order", action="store_true", help="originals shuffled with the rest, not first")
    args = parser.parse_args()
    stories = load_text_articles(TEST_ARTICLES)
    if args.corpus.is_dir():
        stories = load_corpus(args.corpus) + stories
    variants = stream(stories, seed=args.seed, stress=args.stress, originals_first=not args.any_order)
    scores, outcomes = evaluate(variants)
    print(f"{len(stories)} base stories, {len(variants)} variants stored")
    print(json.dumps(scores.as_dict(), indent=2))
    print(json.dumps(dict(sorted(outcomes.items())), indent=1))
    print("similarity to the original, min / median:", json.dumps(similarity_by_kind(variants), indent=1))


if __name__ == "__main__":
    main()
