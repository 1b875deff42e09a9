"""The console in a real headless Chromium: every page loads without a console error, the article page shows the
seed story's dateline and photo credit, a stored page carrying scripts runs nothing and loads nothing, and a
screenshot of each page is written under the test's temporary folder."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.integration import browser
from tests.integration.console_site import HOSTILE_PATH, SHOWN_AS_TEXT


@pytest.fixture(scope="session")
def chromium_ready() -> None:
    reason = browser.ensure_installed()
    if reason:
        pytest.skip(f"no headless browser for the console tests: {reason}")


@pytest.fixture
def driver(chromium_ready) -> Iterator[Any]:
    chrome = browser.start_chromium()
    yield chrome
    chrome.quit()


def article_id(conn, url: str) -> int:
    return int(conn.execute("SELECT id FROM articles WHERE url = %s", (url,)).fetchone()["id"])


def visit(driver, url: str, screenshot) -> list[dict[str, Any]]:
    """Load ``url``, wait for it and its frames, save a screenshot; the console messages it logged."""
    driver.get(url)
    deadline = time.monotonic() + 30
    while driver.execute_script("return document.readyState") != "complete" and time.monotonic() < deadline:
        time.sleep(0.1)
    driver.save_screenshot(str(screenshot))
    return driver.get_log("browser")


def errors(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [m for m in messages if m["level"] == "SEVERE"]


def test_every_page_loads_in_chromium_without_a_console_error(driver, console, conn, tmp_path):
    seed = article_id(conn, console.site.url("/world/haftar-forces-pound-libya-capital.html"))
    pages = {"overview": "/", "sources": "/sources", "stories": "/stories", "failures": "/failures"}
    pages["article"] = f"/articles/{seed}"
    for name, path in pages.items():
        messages = visit(driver, console.url + path, tmp_path / f"{name}.png")
        assert errors(messages) == [], (path, messages)
        assert driver.title.endswith("· wirefeed"), path
        if name == "sources":  # the badge says what `wirefeed sources list` says (worker.health, one rule)
            badge = driver.execute_script("return document.querySelector('.health').textContent")
            assert badge == "ok", badge
    assert sorted(p.name for p in tmp_path.glob("*.png")) == sorted(f"{name}.png" for name in pages)
    assert all(p.stat().st_size > 1000 for p in tmp_path.glob("*.png"))
    # The log is read for real: a page that is not there is an error it reports.
    missing = visit(driver, console.url + "/articles/999999999", tmp_path / "missing.png")
    assert any("404" in m["message"] for m in errors(missing)), missing


def test_the_article_page_shows_the_seed_storys_dateline_and_photo_credit(driver, console, conn, tmp_path):
    seed = article_id(conn, console.site.url("/world/haftar-forces-pound-libya-capital.html"))
    visit(driver, f"{console.url}/articles/{seed}", tmp_path / "seed-article.png")
    field = driver.find_element
    assert field("id", "field-dateline").text == "TRIPOLI, Libya (AFP) —"
    assert field("id", "field-dateline-city").text == "Tripoli"
    assert field("id", "field-dateline-country").text == "Libya"
    assert field("id", "photo-credit-0").text == "ARIS MESSINIS / AFP"
    assert field("id", "raw-page").get_attribute("sandbox") == ""


def test_a_stored_page_with_scripts_runs_nothing(driver, console, conn, tmp_path):
    hostile = article_id(conn, console.site.url(HOSTILE_PATH))
    messages = visit(driver, f"{console.url}/articles/{hostile}", tmp_path / "hostile-article.png")
    assert field_text(driver, "field-headline") == "Rockets " + SHOWN_AS_TEXT + " hit the port"
    raw_src = driver.find_element("id", "raw-page").get_attribute("src")
    time.sleep(1)  # room for anything the frame might have started
    assert driver.current_url == f"{console.url}/articles/{hostile}"  # top.location was not reached
    # The page's own attempts are refused inside its frame; nothing of the console complains.
    assert [m for m in errors(messages) if raw_src not in m["message"]] == []
    driver.switch_to.frame(driver.find_element("id", "raw-page"))
    assert "Benghazi" in driver.find_element("tag name", "body").text  # the stored page is there, rendered
    driver.switch_to.default_content()
    # Also opened on its own, as the failures page links it: still inert.
    failed = conn.execute("SELECT id FROM pages WHERE parse_status = 'failed'").fetchone()["id"]
    visit(driver, f"{console.url}/pages/{failed}/raw", tmp_path / "failed-raw-page.png")
    time.sleep(1)
    assert console.beacons() == []


def field_text(driver, element_id: str) -> str:
    return str(driver.find_element("id", element_id).text)
