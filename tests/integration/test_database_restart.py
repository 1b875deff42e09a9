"""A real worker process (with beat) ingests a wire site while its private PostgreSQL is restarted
(`pg_ctl restart -m fast`) and then stopped for a while: the tasks that meet the fault are retried, not lost,
and every article is stored once."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from tests.integration.faultserver import FaultServer, Page, Sleep
from tests.integration.private_services import PrivatePostgres, private_postgres, requires_servers
from tests.integration.processes import worker_process
from tests.integration.support import DATE, add_source, article_html, rss

pytestmark = [pytest.mark.e2e, requires_servers]

ARTICLES = 24
PATIENCE = 120.0  # seconds to wait for a condition before the test fails


@pytest.fixture
def pg() -> Iterator[PrivatePostgres]:
    with private_postgres() as server:
        yield server


def wire_site(server: FaultServer) -> str:
    """A feed of ARTICLES distinct stories, each page answered after half a second; returns the feed's URL."""
    items = []
    for n in range(ARTICLES):
        path = f"/news/{n}"
        text = f"Story number {n} of the wire, told in words of its own: {'lorem ' * n}."
        server.route(path, Sleep(0.5, Page(article_html(f"Story {n}", text))))
        items.append((f"Story {n}", server.url(path), DATE))
    return server.route("/feed.xml", Page(rss(*items), "application/rss+xml"))


def stored(url: str) -> tuple[int, int]:
    """(articles, distinct article URLs) now; (-1, -1) while the server is down."""
    try:
        with psycopg.connect(url, connect_timeout=2) as conn:
            row = conn.execute("SELECT count(*), count(DISTINCT url) FROM articles").fetchone()
    except psycopg.OperationalError:
        return (-1, -1)
    assert row is not None
    return (int(row[0]), int(row[1]))


def met_the_fault(log: str) -> bool:
    """Whether the worker's log shows a task that met the database fault, retried or failed."""
    return "database fault (1 of" in log or "raised unexpected" in log


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + PATIENCE
    while not condition():
        assert time.monotonic() < deadline, f"{what}: not within {PATIENCE:g} s"
        time.sleep(0.2)


def test_tasks_meeting_a_restarted_or_stopped_database_are_retried_not_lost(
    pg: PrivatePostgres, fault_server: FaultServer, tmp_path: Path
) -> None:
    url = pg.wirefeed_database()
    with psycopg.connect(url) as conn:
        conn.row_factory = psycopg.rows.dict_row
        add_source(conn, wire_site(fault_server), poll_interval=3600)
    log = tmp_path / "worker.log"
    env = {"DATABASE_URL": url, "WIREFEED_TICK_SECONDS": "1", "WIREFEED_DB_CONNECT_TIMEOUT": "2"}
    with worker_process(log, env):
        wait_for(lambda: stored(url)[0] >= 4, "first articles stored")
        pg.restart()  # every pooled connection dies; the pool replaces them before use
        wait_for(lambda: stored(url)[0] >= ARTICLES // 2, "half the articles stored after the restart")
        pg.stop()
        wait_for(lambda: met_the_fault(log.read_text()), "a task met the stopped server")
        pg.start()
        wait_for(lambda: stored(url)[0] >= ARTICLES, "every article stored")
        assert stored(url) == (ARTICLES, ARTICLES)
    output = log.read_text()
    assert "database fault (1 of 10), retry in" in output
    assert "raised unexpected" not in output, output  # no task failed
