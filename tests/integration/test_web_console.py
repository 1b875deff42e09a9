"""The web console over HTTP: its routes, the walls around a stored page, read-only sessions, keyset pages.
(tests/integration/test_web_browser.py drives the same pages in a real headless Chromium.)"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace

import psycopg
import pytest
import requests
from click.testing import CliRunner

from tests.integration.console_site import (
    ADDED_PARAGRAPH,
    SHOWN_AS_TEXT,
    serve_console,
)
from worker import database as db
from worker.database.ready import check_ready
from worker.runtime.cli import main
from worker.web.app import RAW_CSP

ROUTES = ("/", "/sources", "/stories", "/failures")


def article_id(conn, headline_part: str) -> int:
    row = conn.execute("SELECT id FROM articles WHERE headline LIKE %s", (f"%{headline_part}%",)).fetchone()
    return int(row["id"])


def test_every_route_answers_with_the_console_policy(console, conn):
    for route in (*ROUTES, f"/articles/{article_id(conn, 'Haftar')}"):
        response = requests.get(console.url + route, timeout=30)
        assert response.status_code == 200, (route, response.text[:500])
        assert response.headers["Content-Type"].startswith("text/html")
        assert "script-src" not in response.headers["Content-Security-Policy"]  # default-src 'none': no script
        assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "<script" not in response.text.lower()


def test_the_article_page_shows_every_field_of_the_seed_story(console, conn):
    page = requests.get(f"{console.url}/articles/{article_id(conn, 'Haftar')}", timeout=30).text
    for shown in ("TRIPOLI, Libya (AFP) —", "Tripoli", "Libya", "ARIS MESSINIS / AFP", "AFP", "2020-04-14 05:42 UTC"):
        assert shown in page
    assert "(FILES) In this file photo taken on January 17, 2020" in page
    assert re.search(r'<iframe id="raw-page" sandbox=""[^>]*src="/pages/\d+/raw"', page)


def test_a_stored_page_is_served_sandboxed_and_shown_escaped(console, conn):
    hostile = article_id(conn, "hit the port")
    page = requests.get(f"{console.url}/articles/{hostile}", timeout=30).text
    assert "Rockets &lt;script&gt;fetch(&#39;/beacon/headline&#39;)&lt;/script&gt; hit the port" in page
    assert SHOWN_AS_TEXT not in page
    page_id = int(re.search(r'src="/pages/(\d+)/raw"', page).group(1))
    raw = requests.get(f"{console.url}/pages/{page_id}/raw", timeout=30)
    assert raw.headers["Content-Security-Policy"] == RAW_CSP
    assert raw.headers["Content-Type"].startswith("text/html")
    assert raw.headers["X-Content-Type-Options"] == "nosniff"
    assert "fetch(" in raw.text  # stored exactly as fetched: the policy, not an edit, makes it inert
    source = requests.get(f"{console.url}/pages/{page_id}/raw?as=text", timeout=30)
    assert source.headers["Content-Type"].startswith("text/plain") and source.text == raw.text


def test_stories_list_the_seed_story_with_its_original_and_copy(console, conn):
    page = requests.get(f"{console.url}/stories", timeout=30).text
    seed = page[page.index("Haftar forces pound Libya capital") :]
    seed = seed[: seed.index("</section>")]
    assert re.search(r'relation-original">\s*<td>original</td>', seed)
    assert re.search(r'relation-copy">\s*<td>copy</td>', seed)
    assert "127.0.0.1" in seed  # the members' site


def test_versions_show_what_changed(console, conn):
    page = requests.get(f"{console.url}/articles/{article_id(conn, 'night trains')}", timeout=30).text
    assert "Version 2: what changed" in page
    assert f'<p class="diff-added">+ {ADDED_PARAGRAPH}</p>' in page


def test_failures_list_parse_and_fetch_failures_with_a_link_to_the_raw_page(console):
    page = requests.get(f"{console.url}/failures", timeout=30).text
    assert "no article text found" in page and "http: 410" in page
    links = re.findall(r'href="(/pages/\d+/raw)"', page)
    assert len(links) == 1  # the failed fetch kept no body
    assert "Loading" in requests.get(console.url + links[0], timeout=30).text


def test_sources_show_health_and_a_chart_of_articles_per_day(console):
    page = requests.get(f"{console.url}/sources", timeout=30).text
    assert "sample-wire" in page and 'class="health health-ok"' in page
    assert page.count("<rect ") == 14
    assert "60 s" in page


def test_the_console_calls_a_source_quiet_when_sources_list_does(console, conn):
    # A habit of one article every 10 minutes, silent for 2 hours: past max(3 × 10 min, 1 h, 3 polls), though
    # well within a day. The console and `wirefeed sources list` judge it by the one rule (worker.health).
    ids = [row["id"] for row in conn.execute("SELECT id FROM articles WHERE source_id = %s", (console.source_id,))]
    assert len(ids) >= 4
    for step, article in enumerate(ids):
        conn.execute(
            "UPDATE articles SET first_seen_at = now() - interval '2 hours' - %s * interval '10 minutes' WHERE id = %s",
            (step, article),
        )
    conn.commit()
    for route in ("/sources", "/"):
        page = requests.get(console.url + route, timeout=30).text
        assert 'class="health health-ok health-quiet"' in page and ">ok, quiet</span>" in page, route
        assert "no new article for 2h; usually one every 10m" in page, route
    listed = CliRunner().invoke(main, ["sources", "list"], catch_exceptions=False).output
    assert re.search(r"sample-wire\s*\|\s*ok, quiet\s*\|", listed), listed


def test_lists_page_by_keyset(console, conn):
    first = requests.get(f"{console.url}/stories?before=999999", timeout=30).text
    assert first.count('class="story"') == conn.execute("SELECT count(*) AS n FROM stories").fetchone()["n"]
    newest = conn.execute("SELECT max(id) AS id FROM stories").fetchone()["id"]
    older = requests.get(f"{console.url}/stories?before={newest}", timeout=30).text
    assert f'id="story-{newest}"' in first and f'id="story-{newest}"' not in older
    assert requests.get(f"{console.url}/failures?before=nonsense", timeout=30).status_code == 400
    assert requests.get(f"{console.url}/articles/999999", timeout=30).status_code == 404
    assert requests.get(f"{console.url}/articles/{2**64}", timeout=30).status_code == 404
    assert requests.get(f"{console.url}/stories?before={2**64}", timeout=30).status_code == 400
    too_far = f"2026-01-01T00:00:00%2B00:00~{2**64}"
    assert requests.get(f"{console.url}/failures?before={too_far}", timeout=30).status_code == 400


def test_the_console_reads_in_read_only_sessions(database, settings):
    with db.reading(database, settings) as conn, pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
        conn.execute("UPDATE sources SET enabled = false")


def test_a_token_is_required_when_set(console, settings):
    token = "t" * 24
    with serve_console(replace(settings, web_token=token)) as url:
        assert requests.get(url + "/sources", timeout=30).status_code == 401
        ok = requests.get(url + "/sources", headers={"Authorization": f"Bearer {token}"}, timeout=30)
        assert ok.status_code == 200
        browser = requests.Session()
        first = browser.get(f"{url}/stories?token={token}", timeout=30)
        assert first.status_code == 200 and first.url == f"{url}/stories"  # the token left the address bar
        assert browser.get(url + "/failures", timeout=30).status_code == 200


@pytest.fixture
def console_role(database) -> Iterator[str]:
    """A login role with the rights README "Web console" lists, and nothing else: the URL to connect as it."""
    role = f"wirefeed_console_{uuid.uuid4().hex[:8]}"
    grants = (
        f"CREATE ROLE {role} LOGIN IN ROLE wirefeed_reader",
        f"GRANT SELECT ON sources, pages, articles, article_versions, schema_version TO {role}",
    )
    with psycopg.connect(database, autocommit=True) as admin:
        for statement in grants:
            admin.execute(statement)
    yield psycopg.conninfo.make_conninfo(database, user=role)
    db.close_pools()
    with psycopg.connect(database, autocommit=True) as admin:
        admin.execute(f"DROP OWNED BY {role}")
        admin.execute(f"DROP ROLE {role}")


def test_the_console_works_as_a_role_with_the_rights_the_readme_lists(console, conn, settings, console_role):
    check_ready(console_role)  # what `wirefeed web` checks before it starts
    seed = article_id(conn, "Haftar")
    page_id = conn.execute("SELECT page_id FROM articles WHERE id = %s", (seed,)).fetchone()["page_id"]
    with serve_console(replace(settings, web_database_url=console_role)) as url:
        for route in (*ROUTES, f"/articles/{seed}", f"/pages/{page_id}/raw"):
            assert requests.get(url + route, timeout=30).status_code == 200, route
    with psycopg.connect(console_role) as reader, pytest.raises(psycopg.errors.InsufficientPrivilege):
        reader.execute("SELECT * FROM article_fingerprints")


def test_wirefeed_web_serves_the_console_on_loopback(database, tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = (tmp_path / "web.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "worker", "web", "--port", str(port)], stdout=log, stderr=subprocess.STDOUT
    )
    try:
        deadline, answer = time.monotonic() + 60, None
        while answer is None and time.monotonic() < deadline and server.poll() is None:
            try:
                answer = requests.get(f"http://127.0.0.1:{port}/sources", timeout=5)
            except requests.ConnectionError:
                time.sleep(0.3)
        assert answer is not None and answer.status_code == 200, (tmp_path / "web.log").read_text()
        assert "Sources" in answer.text and answer.headers["Server"] == "wirefeed"
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
