"""The console's walls that need no database: the token, the headers of every answer, how a stored page is typed,
and `wirefeed web` refusing to listen beyond loopback without a token."""

from __future__ import annotations

from dataclasses import replace

import pytest
from click.testing import CliRunner

from worker import database as db
from worker.runtime.cli import main
from worker.runtime.settings import Settings
from worker.web.app import CONSOLE_CSP, TOKEN_COOKIE, create_app, inert_content_type

TOKEN = "s3cret-token-0123456789"


@pytest.fixture
def client():
    settings = replace(Settings.from_env(), web_token=TOKEN, db_connect_timeout=2)
    return create_app(settings).test_client()


@pytest.mark.parametrize("path", ["/", "/sources", "/stories", "/articles/1", "/failures", "/pages/1/raw"])
def test_without_the_token_nothing_is_read(client, path):
    for headers in ({}, {"Authorization": "Bearer wrong-token-0123456789"}):
        response = client.get(path, headers=headers)
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert response.headers["Content-Security-Policy"] == CONSOLE_CSP
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_token_in_the_address_becomes_a_strict_cookie_and_leaves_the_address(client):
    response = client.get(f"/stories?before=40&token={TOKEN}")
    assert response.status_code == 302 and response.headers["Location"] == "/stories?before=40"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"{TOKEN_COOKIE}={TOKEN}") and "HttpOnly" in cookie and "SameSite=Strict" in cookie


def test_an_unreachable_database_is_a_503_page(client):
    try:
        response = client.get("/sources", headers={"Authorization": f"Bearer {TOKEN}"})
    finally:
        db.close_pools()  # or the pool keeps trying to connect in the background
    assert response.status_code == 503
    assert b"The database is unavailable" in response.data
    assert response.headers["Content-Security-Policy"] == CONSOLE_CSP


@pytest.mark.parametrize(
    ("stored", "as_text", "served"),
    [
        ("text/html; charset=utf-8", False, "text/html; charset=utf-8"),
        ("text/html", False, "text/html"),
        ('TEXT/HTML; Charset="ISO-8859-1"', False, "text/html; charset=ISO-8859-1"),
        ("application/xhtml+xml", False, "text/html"),
        ("text/html; charset=utf-8", True, "text/plain; charset=utf-8"),
        ("image/svg+xml", False, "text/plain"),  # never rendered: an SVG may carry script
        ("application/pdf", False, "text/plain"),
        ("", False, "text/plain"),
        ("text/html; charset=x\r\nSet-Cookie: a=b", False, "text/html; charset=x"),
    ],
)
def test_a_stored_page_is_rendered_only_as_html_and_only_when_it_was_html(stored, as_text, served):
    assert inert_content_type(stored, as_text) == served


def test_web_refuses_to_listen_beyond_loopback_without_a_token(monkeypatch):
    monkeypatch.delenv("WIREFEED_WEB_TOKEN", raising=False)
    from worker.runtime.settings import get_settings

    get_settings.cache_clear()
    result = CliRunner().invoke(main, ["web", "--host", "0.0.0.0"])
    get_settings.cache_clear()
    assert result.exit_code == 2
    assert "set WIREFEED_WEB_TOKEN" in result.stderr


def test_the_token_is_never_printed(monkeypatch):
    monkeypatch.setenv("WIREFEED_WEB_TOKEN", TOKEN)
    from worker.runtime.settings import get_settings

    get_settings.cache_clear()
    result = CliRunner().invoke(main, ["settings"])
    get_settings.cache_clear()
    assert result.exit_code == 0 and TOKEN not in result.output
    assert "WIREFEED_WEB_TOKEN=***" in result.output
