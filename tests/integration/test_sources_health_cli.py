"""Source settings from the command line, and health at a glance in `sources list`."""

from __future__ import annotations

import re
from typing import Any

import pytest
from click.testing import CliRunner

from tests.integration.faultserver import FaultServer, Page, Status
from worker.runtime.cli import main
from worker.runtime.inline import poll_inline
from worker.runtime.settings import Settings

pytestmark = pytest.mark.usefixtures("fresh_politeness")


def run(*args: str, ok: bool = True) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert (result.exit_code == 0) == ok, result.output
    return result.output


def test_sources_add_with_every_setting(conn: Any) -> None:
    run(
        "sources",
        "add",
        "licensed",
        "https://wire.example.org/index",
        "--kind",
        "html",
        "--interval",
        "120",
        "--link-selector",
        ".teaser a",
        "--url-pattern",
        r"/\d{4}/",
        "--profile",
        "afp",
        "--user-agent",
        "wirefeed-licensed/1 (ops@example.org)",
        "--header",
        "Authorization: Bearer k",
        "--header",
        "X-Client: wirefeed",
        "--rps",
        "0.5",
        "--ignore-robots",
        "--revisit-recent",
        "3",
        "--disabled",
    )
    row = conn.execute("SELECT * FROM sources WHERE name = 'licensed'").fetchone()
    assert (row["kind"], row["poll_interval"], row["link_selector"], row["url_pattern"], row["profile"]) == (
        "html",
        120,
        ".teaser a",
        r"/\d{4}/",
        "afp",
    )
    assert row["headers"] == {"Authorization": "Bearer k", "X-Client": "wirefeed"}
    assert (row["user_agent"], row["per_host_rps"], row["ignore_robots"], row["revisit_recent"], row["enabled"]) == (
        "wirefeed-licensed/1 (ops@example.org)",
        0.5,
        True,
        3,
        False,
    )
    assert "--header wants 'Name: value'" in run(
        "sources", "add", "x", "https://x.example.org/", "--header", "nocolon", ok=False
    )


def test_list_shows_failing_and_paused_sources_and_resume(
    conn: Any, settings: Settings, fault_server: FaultServer
) -> None:
    run("sources", "add", "flaky", fault_server.route("/feed.xml", Status(500)))
    run("sources", "add", "dead", fault_server.route("/gone.xml", Status(410)))
    for name in ("flaky", "dead"):
        poll_inline(conn.execute("SELECT id FROM sources WHERE name = %s", (name,)).fetchone()["id"], settings)
    listing = run("sources", "list")
    flaky = next(line for line in listing.splitlines() if line.startswith("flaky"))
    dead = next(line for line in listing.splitlines() if line.startswith("dead"))
    assert "failing ×1" in flaky and "server_error: HTTP 500" in flaky and "failed" in flaky
    assert "| paused " in dead and "the listing URL is gone" in dead
    assert re.search(r"\| 20\d\d-\d\d-\d\d \d\d:\d\d \S+ +\|", dead), dead  # its next poll: date, time and zone
    assert "…" in dead and "--wide shows every column whole" in listing
    reason = "the listing URL is gone (HTTP 404/410): check the source's URL; last error: gone: HTTP 410: URL gone"
    wide = run("sources", "list", "--wide")
    assert reason in wide and "…" not in wide
    shown = run("sources", "show", "dead")
    assert re.search(r"^paused: +until 20\d\d-\d\d-\d\d \d\d:\d\d \S+: " + re.escape(reason) + "$", shown, re.M), shown

    assert "resumed dead" in run("sources", "resume", "dead")
    conn.commit()
    row = conn.execute("SELECT paused_reason, consecutive_failures FROM sources WHERE name = 'dead'").fetchone()
    assert (row["paused_reason"], row["consecutive_failures"]) == (None, 0)
    dead = next(line for line in run("sources", "list").splitlines() if line.startswith("dead"))
    assert (
        "| resumed " in dead and "paused" not in dead and "| now " in dead and "before resume: gone: HTTP 410" in dead
    )
    shown = run("sources", "show", "dead")
    assert re.search(r"^state: +resumed$", shown, re.M) and re.search(r"^paused: +no$", shown, re.M), shown
    assert "no source named 'nope'" in run("sources", "show", "nope", ok=False)


def test_list_and_show_explain_an_adapted_interval(conn: Any) -> None:
    run("sources", "add", "slow", "https://slow.example.org/feed", "--interval", "300")
    conn.execute("UPDATE sources SET current_interval = 1200, last_poll_at = now(), last_poll_status = 'ok'")
    conn.commit()
    listing = run("sources", "list")
    slow = next(line for line in listing.splitlines() if line.startswith("slow"))
    assert "| ok " in slow and "| 20m* " in slow and "* adapted to the listing's pace" in listing
    shown = run("sources", "show", "slow")
    assert re.search(
        r"^interval: +every 20m: adapted to how often the listing publishes \(configured 5m, adapts up to 40m\)$",
        shown,
        re.M,
    ), shown


def test_sources_file_with_every_setting_and_bad_ones(conn: Any, tmp_path: Any) -> None:
    file = tmp_path / "sources.toml"
    file.write_text(
        '[[source]]\nname = "w"\nurl = "https://w.example.org/sitemap.xml"\nkind = "sitemap"\n'
        'interval = 600\nurl_pattern = "/news/"\nuser_agent = "ua/1"\nignore_robots = true\n'
        'per_host_rps = 0.25\nrevisit_recent = 2\nenabled = false\nprofile = "apnews"\n'
        'headers = { "X-Key" = "k" }\n'
    )
    assert "added: w" in run("sources", "sync", str(file))
    row = conn.execute("SELECT * FROM sources WHERE name = 'w'").fetchone()
    assert (row["kind"], row["per_host_rps"], row["ignore_robots"], row["headers"], row["enabled"]) == (
        "sitemap",
        0.25,
        True,
        {"X-Key": "k"},
        False,
    )
    file.write_text('[[source]]\nname = "w"\nurl = "https://w.example.org/"\nurl_pattern = "(["\n')
    assert "url_pattern '([' is not a regular expression" in run("sources", "sync", str(file), ok=False)
    file.write_text('[[source]]\nname = "w"\nurl = "https://w.example.org/"\nper_host_rps = 0\n')
    assert "per_host_rps must be positive" in run("sources", "sync", str(file), ok=False)
    file.write_text('[[source]]\nname = "w"\nurl = "https://w.example.org/"\nprofile = "ap"\n')
    assert "profile must be one of generic, afp, apnews" in run("sources", "sync", str(file), ok=False)


def test_sources_discover(fault_server: FaultServer) -> None:
    fault_server.route(
        "/",
        Page(
            b'<html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml">'
            b'<link rel="alternate" type="application/atom+xml" href="/atom.xml"></head></html>'
        ),
    )
    fault_server.route("/robots.txt", Page(b"User-agent: *\nDisallow: /x\nSitemap: /news-sitemap.xml\n", "text/plain"))
    fault_server.route(
        "/rss.xml", Page(b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>', "application/rss+xml")
    )
    assert run("sources", "discover", fault_server.url("/")).splitlines() == [
        f"feed     {fault_server.url('/rss.xml')}",
        f"feed     {fault_server.url('/atom.xml')}",
        f"sitemap  {fault_server.url('/news-sitemap.xml')}",
    ]
    assert run("sources", "discover", fault_server.url("/rss.xml")).splitlines()[0] == (
        f"rss      {fault_server.url('/rss.xml')}"
    )
    assert [r.path for r in fault_server.log] == ["/robots.txt", "/", "/rss.xml"]
