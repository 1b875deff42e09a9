"""Cost of the change feed on store throughput: articles stored per second through the real store path.

    PYTHONPATH=. python bench/changes.py [--articles 400] [--workers 1 4] [--rounds 3] [--paragraphs 6 --words 40]

For each round and each number of worker processes, two scratch databases of the configured server are built from
schema.sql: one as built ("feed": the change rows and their NOTIFY, written at commit under the change lock), one
with every user trigger on ``articles`` disabled ("none": no change rows, no NOTIFY). The same generated articles
(by default long enough to go through the whole near-duplicate path; every fifth one stored again as a second
version) are dealt round-robin to the workers, each storing page and article in one transaction per article.
Prints the median articles per second of each configuration and the feed's cost against none. Run it from another
checkout (copy the file) to measure that checkout's schema the same way.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import statistics
import sys
import time
from datetime import UTC, datetime
from multiprocessing.synchronize import Barrier
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.dedup_quality import SERVER, scratch_database  # noqa: E402
from parsers import Article  # noqa: E402
from worker import database as db  # noqa: E402
from worker.database.store import save_page, store_article  # noqa: E402
from worker.network.http import Response  # noqa: E402

Item = tuple[str, tuple[str, ...]]


def generated(count: int, paragraphs: int = 6, words: int = 40, seed: int = 1) -> list[Item]:
    """``count`` articles of ``paragraphs`` paragraphs of ``words`` made-up words each (unrelated stories), and a
    second version of every fifth one (a paragraph added) right after it."""
    rng = random.Random(seed)
    vocabulary = ["".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(3, 9))) for _ in range(5000)]
    items: list[Item] = []
    for i in range(count):
        url = f"http://bench.test/{i}"
        text = tuple(" ".join(rng.choices(vocabulary, k=words)) + "." for _ in range(paragraphs))
        items.append((url, text))
        if i % 5 == 0:
            items.append((url, (*text, " ".join(rng.choices(vocabulary, k=words)) + ".")))
    return items


def store(conn: db.Connection, url: str, paragraphs: tuple[str, ...]) -> None:
    now = datetime.now(UTC)
    article = Article(url=url, canonical_url=url, headline=paragraphs[0][:60], paragraphs=paragraphs)
    response = Response(url=url, final_url=url, status=200, headers={}, body=b"<html/>", fetched_at=now)
    page = save_page(conn, source_id=None, url=url, response=response)
    store_article(conn, url=url, source_id=None, article=article, page_id=page, fetched_at=now)


def _worker(url: str, items: list[Item], start: Barrier) -> None:
    with db.connect(url, autocommit=True) as conn:
        start.wait()
        for item_url, paragraphs in items:
            with conn.transaction():
                store(conn, item_url, paragraphs)


def without_article_triggers(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ALTER TABLE articles DISABLE TRIGGER USER")


def stored_per_second(url: str, items: list[Item], workers: int) -> float:
    """Articles stored per second by ``workers`` processes (each article's versions stay with one worker, in order)."""
    by_url: dict[str, list[Item]] = {}
    for item in items:
        by_url.setdefault(item[0], []).append(item)
    shares: list[list[Item]] = [[] for _ in range(workers)]
    for i, versions in enumerate(by_url.values()):
        shares[i % workers].extend(versions)
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(workers + 1)
    processes = [context.Process(target=_worker, args=(url, share, start)) for share in shares]
    for process in processes:
        process.start()
    start.wait()
    began = time.perf_counter()
    for process in processes:
        process.join()
        if process.exitcode != 0:
            raise RuntimeError(f"store worker failed with exit code {process.exitcode}")
    return len(items) / (time.perf_counter() - began)


def measure(items: list[Item], workers: int, feed: bool) -> float:
    with scratch_database(SERVER) as url:
        if not feed:
            without_article_triggers(url)
        rate = stored_per_second(url, items, workers)
        with psycopg.connect(url) as conn:
            row = conn.execute("SELECT count(*) FROM articles").fetchone()
        assert row is not None and row[0] == len({u for u, _ in items}), "not every article was stored"
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--paragraphs", type=int, default=6, help="1 and --words 10: too short to fuzzy-match, the cheapest store"
    )
    parser.add_argument("--words", type=int, default=40, help="words per paragraph")
    args = parser.parse_args()
    items = generated(args.articles, args.paragraphs, args.words)
    print(f"{len(items)} stores ({args.articles} articles, {len(items) - args.articles} second versions)")
    for workers in args.workers:
        rates: dict[str, list[float]] = {"feed": [], "none": []}
        for _ in range(args.rounds):  # interleaved, so that a busy moment of the machine hits both
            for name in rates:
                rates[name].append(measure(items, workers, feed=name == "feed"))
        feed, none = (statistics.median(rates[name]) for name in ("feed", "none"))
        runs = "  ".join(f"{name} " + " ".join(f"{r:.0f}" for r in values) for name, values in rates.items())
        cost = 100 * (1 - feed / none)
        print(f"{workers} worker(s): feed {feed:.1f}/s, none {none:.1f}/s, cost {cost:+.1f} %  [{runs}]")


if __name__ == "__main__":
    main()
