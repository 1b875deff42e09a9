"""Store time of one story's members as the story grows: partner copies of the AFP seed text, each store relabelling
the whole story (worker.database.labels), one transaction each, in a scratch database built from schema.sql.

    PYTHONPATH=. python bench/story_labels.py [--members 150]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.dedup_quality import TEST_ARTICLES, scratch_database  # noqa: E402
from bench.syndication import load_text_articles  # noqa: E402
from parsers import Article  # noqa: E402
from worker import database as db  # noqa: E402
from worker.database.store import save_page, store_article  # noqa: E402
from worker.network.http import Response  # noqa: E402

T0 = datetime(2026, 12, 3, 8, tzinfo=UTC)


def copy(i: int, paragraphs: tuple[str, ...], rng: random.Random) -> Article:
    """A partner's copy, published ``i`` minutes after the agency: 0–2 last paragraphs cut, one word added."""
    edited = list(paragraphs[: len(paragraphs) - rng.randint(0, 2)])
    edited[rng.randrange(len(edited))] += f" Edition {i}."
    url = f"https://www.partner{i}.example/tripoli"
    published = (T0 + timedelta(minutes=i)).isoformat()
    return Article(url=url, canonical_url=url, headline="H", paragraphs=tuple(edited), published_at=published)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=150)
    args = parser.parse_args()
    seed = next(s for s in load_text_articles(TEST_ARTICLES) if s.key == "afp-tripoli-rockets")
    rng = random.Random(1)
    times = []
    with scratch_database() as url, db.connect(url, autocommit=True) as conn:
        for i in range(args.members):
            article = copy(i, (*seed.paragraphs, *seed.later_paragraphs), rng)
            response = Response(article.url, article.url, 200, {}, b"<html/>", T0)
            started = time.perf_counter()
            with conn.transaction():
                page = save_page(conn, source_id=None, url=article.url, response=response)
                store_article(conn, url=article.url, source_id=None, article=article, page_id=page, fetched_at=T0)
            times.append(time.perf_counter() - started)
        stories = conn.execute("SELECT count(DISTINCT story_id) AS n FROM articles").fetchone()["n"]
    print(f"{args.members} members stored into {stories} story")
    for end in (10, args.members // 3, args.members):
        print(f"members {end - 9}-{end}: median store {statistics.median(times[end - 10 : end]) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
