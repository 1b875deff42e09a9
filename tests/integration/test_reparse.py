"""Re-parsing stored pages: no request, a new version only where the text changed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from click.testing import CliRunner

from tests.integration.faultserver import FaultServer, Page
from tests.integration.support import DATE, add_source, article_html, rss
from worker.ingest.reparse import reparse
from worker.runtime.cli import main
from worker.runtime.inline import poll_inline
from worker.runtime.settings import Settings

pytestmark = pytest.mark.usefixtures("fresh_politeness")


def ingest(conn: Any, settings: Settings, server: FaultServer) -> None:
    server.route("/news/1", Page(article_html("One")))
    server.route("/news/2", Page(article_html("Two")))
    feed = rss(("One", server.url("/news/1"), DATE), ("Two", server.url("/news/2"), DATE))
    poll_inline(add_source(conn, server.route("/feed.xml", Page(feed, "application/rss+xml"))), settings)
    conn.commit()


def versions(conn: Any) -> list[tuple[str, int]]:
    conn.commit()
    rows = conn.execute("SELECT headline, version FROM articles ORDER BY headline").fetchall()
    return [(r["headline"], r["version"]) for r in rows]


def test_reparse_with_the_same_parser_changes_nothing(conn: Any, settings: Settings, fault_server: FaultServer) -> None:
    ingest(conn, settings, fault_server)
    seen = len(fault_server.log)
    assert reparse(settings) == {"unchanged": 2}
    assert len(fault_server.log) == seen  # nothing fetched
    assert versions(conn) == [("One", 1), ("Two", 1)]
    statuses = conn.execute("SELECT parse_status FROM pages").fetchall()
    assert [r["parse_status"] for r in statuses] == ["parsed", "parsed"]


def test_reparse_versions_changed_text_and_refreshes_metadata(
    conn: Any, settings: Settings, fault_server: FaultServer
) -> None:
    ingest(conn, settings, fault_server)
    # What an older parser would have stored: another text for One, a wrong byline for Two.
    conn.execute("UPDATE articles SET body = 'old text', content_hash = 'old' WHERE headline = 'One'")
    conn.execute("UPDATE articles SET byline = 'By Mistake' WHERE headline = 'Two'")
    conn.commit()
    assert reparse(settings) == {"version": 1, "refreshed": 1}
    assert versions(conn) == [("One", 2), ("Two", 1)]
    assert conn.execute("SELECT byline FROM articles WHERE headline = 'Two'").fetchone()["byline"] is None
    assert reparse(settings) == {"unchanged": 2}


def test_reparse_recovers_a_page_that_failed_before(conn: Any, settings: Settings, fault_server: FaultServer) -> None:
    ingest(conn, settings, fault_server)
    conn.execute("DELETE FROM article_urls")
    conn.execute("DELETE FROM articles WHERE headline = 'Two'")
    conn.execute(
        "UPDATE pages SET parse_status = 'failed', parse_error = 'old parser', article_id = NULL "
        "WHERE url LIKE '%/news/2'"
    )
    conn.commit()
    assert reparse(settings) == {"unchanged": 1, "new": 1}
    page = conn.execute("SELECT parse_status, article_id FROM pages WHERE url LIKE '%/news/2'").fetchone()
    assert page["parse_status"] == "parsed" and page["article_id"] is not None


def test_reparse_filters_and_cli(conn: Any, settings: Settings, fault_server: FaultServer) -> None:
    ingest(conn, settings, fault_server)
    assert reparse(settings, source="elsewhere") == {}
    assert reparse(settings, since=datetime.now(UTC) + timedelta(hours=1)) == {}
    result = CliRunner().invoke(main, ["reparse", "--source", "wire"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "re-parsed 2 pages: unchanged 2"
