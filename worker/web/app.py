"""The console's Flask application: routes a script can rely on, and the walls around what it shows.

- Every page is a Jinja2 template with autoescaping: whatever a source or a page says is shown as text.
- Console pages carry a Content-Security-Policy that allows no script at all and nothing from another origin.
- A stored page is served by ``/pages/<id>/raw`` under ``Content-Security-Policy: sandbox; default-src 'none'``
  (an opaque origin, no script, no request anywhere) and shown in an ``<iframe sandbox>``: it can do nothing.
- With ``WIREFEED_WEB_TOKEN`` set, every request must carry the token (header, or ``?token=`` once, which sets a
  cookie); ``wirefeed web`` refuses to listen beyond loopback without one.
- Every query runs in a read-only transaction (worker.database.reading), on ``WIREFEED_WEB_DATABASE_URL`` if set.
"""

from __future__ import annotations

import hmac
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Flask, Response, abort, current_app, redirect, render_template, request
from jinja2 import StrictUndefined

from worker import database as db
from worker.runtime.settings import Settings, get_settings
from worker.web import present, reading

CONSOLE_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; frame-src 'self'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# A stored page: its own opaque origin (sandbox), no script, no request for anything, framed by the console only.
RAW_CSP = (
    "sandbox; default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'self'"
)
TOKEN_COOKIE = "wirefeed_web_token"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHARSET = re.compile(r"charset=\"?([A-Za-z0-9._:-]{1,40})", re.IGNORECASE)

pages = Blueprint("console", __name__)


def create_app(settings: Settings | None = None) -> Flask:
    """The console, reading the database of ``settings`` (``WIREFEED_WEB_DATABASE_URL``, else ``DATABASE_URL``)."""
    settings = settings or get_settings()
    app = Flask(__name__)
    app.config.update(
        WIREFEED_DATABASE_URL=settings.web_database_url or settings.database_url,
        WIREFEED_TOKEN=settings.web_token,
        WIREFEED_SETTINGS=settings,
    )
    app.jinja_env.undefined = StrictUndefined
    app.jinja_env.filters["when"] = present.when
    app.before_request(_require_token)
    app.after_request(_guard)
    app.register_blueprint(pages)
    app.register_error_handler(db.DatabaseError, _database_unavailable)
    app.register_error_handler(404, lambda exc: (render_template("error.html", message="Not found."), 404))
    app.register_error_handler(400, lambda exc: (render_template("error.html", message=exc.description), 400))
    return app


@contextmanager
def _reading() -> Iterator[db.Connection]:
    with db.reading(current_app.config["WIREFEED_DATABASE_URL"], current_app.config["WIREFEED_SETTINGS"]) as conn:
        yield conn


def _require_token() -> Any:
    token = current_app.config["WIREFEED_TOKEN"]
    if not token or request.endpoint == "static":  # the style sheet and the icon: the same for everyone
        return None
    bearer = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if _same(bearer, token) or _same(request.cookies.get(TOKEN_COOKIE, ""), token):
        return None
    if _same(request.args.get("token", ""), token):  # a browser's first visit: keep it in a cookie, not the URL
        rest = {k: v for k, v in request.args.items() if k != "token"}
        response = redirect(request.path + (f"?{urlencode(rest)}" if rest else ""))
        response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="Strict", secure=request.is_secure)
        return response
    denied = Response("A token is required (WIREFEED_WEB_TOKEN).\n", 401, mimetype="text/plain")
    denied.headers["WWW-Authenticate"] = 'Bearer realm="wirefeed"'
    return denied


def _same(offered: str, token: str) -> bool:
    return bool(offered) and hmac.compare_digest(offered.encode(), token.encode())


def _guard(response: Response) -> Response:
    """Headers every response carries; a stored page has set its own, stricter policy already."""
    response.headers.setdefault("Content-Security-Policy", CONSOLE_CSP)
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


def _database_unavailable(exc: db.DatabaseError) -> tuple[str, int]:
    return render_template("error.html", message=f"The database is unavailable: {exc}"), 503


def _now() -> datetime:
    return datetime.now(UTC)


@pages.get("/")
def overview() -> str:
    now = _now()
    with _reading() as conn:
        sources = _with_health(reading.sources(conn))
        context = {
            "estimates": reading.table_estimates(conn),
            "failed_today": reading.failures_since(conn, now - timedelta(days=1)),
            "stories": reading.stories(conn, None, limit=5).rows,
            "failures": reading.failures(conn, None, limit=5).rows,
        }
    attention = [s for s in sources if s["health"].attention]
    return render_template("overview.html", sources=sources, attention=attention, **context)


@pages.get("/sources")
def sources_page() -> str:
    now = _now()
    with _reading() as conn:
        sources = _with_health(reading.sources(conn))
        per_day = reading.articles_per_day(conn, now)
    for source in sources:
        counts = per_day.get(source["id"], {})
        source["chart"] = present.chart(counts, now.date(), reading.CHART_DAYS)
        source["chart_total"] = sum(counts.values())
    width = present.chart_width(reading.CHART_DAYS)
    return render_template("sources.html", sources=sources, chart_width=width, chart_height=present.CHART_HEIGHT)


def _with_health(sources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    adaptive = current_app.config["WIREFEED_SETTINGS"].adaptive_interval
    for source in sources:
        source["health"] = present.health(source, adaptive)
        source["interval"] = present.interval(source)
    return sources


@pages.get("/stories")
def stories_page() -> str:
    before = request.args.get("before", type=int)
    if before is not None and not 0 < before <= reading.NEWEST_ID:
        abort(400, "?before= takes a story id.")
    with _reading() as conn:
        found = reading.stories(conn, before)
    return render_template("stories.html", stories=found.rows, next_key=found.next_key)


@pages.get(f"/articles/<int(max={reading.NEWEST_ID}):article_id>")
def article_page(article_id: int) -> str:
    with _reading() as conn:
        article = reading.article(conn, article_id)
    if article is None:
        abort(404)
    diffs = present.version_diffs(article["versions"])
    return render_template("article.html", article=article, diffs=diffs, paragraphs=present.paragraphs(article["body"]))


@pages.get("/failures")
def failures_page() -> str:
    before = request.args.get("before")
    try:
        with _reading() as conn:
            found = reading.failures(conn, before)
    except ValueError:
        abort(400, "?before= takes the key of a failures page (<time>~<id>).")
    return render_template("failures.html", failures=found.rows, next_key=found.next_key)


@pages.get(f"/pages/<int(max={reading.NEWEST_ID}):page_id>/raw")
def raw_page(page_id: int) -> Response:
    """The stored page as fetched, inert: ``?as=text`` shows its source instead of rendering it."""
    with _reading() as conn:
        page = reading.raw_page(conn, page_id)
    if page is None or page.body is None:
        abort(404)
    response = Response(page.body, content_type=inert_content_type(page.content_type, request.args.get("as") == "text"))
    response.headers["Content-Security-Policy"] = RAW_CSP
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def inert_content_type(stored: str, as_text: bool) -> str:
    """How a stored page is served: as HTML only when it was HTML (and its source is not asked for), else as plain
    text; the charset it declared kept when it is a plain name."""
    media = stored.split(";", 1)[0].strip().lower()
    charset = _CHARSET.search(stored)
    kind = "text/html" if media in _HTML_TYPES and not as_text else "text/plain"
    return f"{kind}; charset={charset.group(1)}" if charset else kind
