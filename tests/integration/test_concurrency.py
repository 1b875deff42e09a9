"""Several worker processes storing the same pages at once: exactly what one worker would store."""

from __future__ import annotations

import multiprocessing as mp
from datetime import UTC, datetime

from parsers import Article


def _store_many(database_url: str, jobs: list[tuple[str, str]], barrier) -> list[str]:
    from worker import database as db
    from worker.database.store import save_page, store_article
    from worker.network.http import Response

    barrier.wait()
    outcomes = []
    for url, text in jobs:
        article = Article(url=url, headline="Headline", paragraphs=(text, "A second paragraph that is shared."))
        response = Response(
            url=url, final_url=url, status=200, headers={}, body=text.encode(), fetched_at=datetime.now(UTC)
        )
        with db.connect(database_url) as conn:
            page = save_page(conn, source_id=None, url=url, response=response)
            conn.commit()
            outcomes.append(
                store_article(
                    conn, url=url, source_id=None, article=article, page_id=page, fetched_at=response.fetched_at
                ).outcome
            )
    return outcomes


def test_four_processes_storing_the_same_pages_store_each_once(database, conn):
    # Ten stories, each listed at two URLs; every process stores all twenty pages in its own order.
    jobs = [
        (f"http://{site}.test/story-{n}", f"Story number {n} tells its own facts.")
        for n in range(10)
        for site in ("a", "b")
    ]
    orders = [jobs, jobs[::-1], jobs[1::2] + jobs[::2], jobs[::2][::-1] + jobs[1::2]]
    ctx = mp.get_context("spawn")
    with ctx.Manager() as manager:
        barrier = manager.Barrier(4)
        with ctx.Pool(4) as pool:
            results = pool.starmap(_store_many, [(database, order, barrier) for order in orders])
    outcomes = [o for result in results for o in result]
    assert outcomes.count("new") == 10
    assert conn.execute("SELECT count(*) AS n FROM articles").fetchone()["n"] == 10
    assert conn.execute("SELECT count(*) AS n FROM stories").fetchone()["n"] == 10
    assert conn.execute("SELECT count(*) AS n FROM article_versions").fetchone()["n"] == 10
    assert conn.execute("SELECT count(*) AS n FROM article_urls").fetchone()["n"] == 20
    assert conn.execute("SELECT count(*) AS n FROM pages WHERE article_id IS NULL").fetchone()["n"] == 0
