"""A small wire site served on 127.0.0.1: an RSS feed and article pages, for the demo and the tests.

Pages come from ``worker/devtools/sample/site`` (``__BASE__`` is replaced by the server's address); tests can add or
change pages while it runs. Every request is logged, and ETag / If-None-Match is honoured. It speaks HTTP/1.1 with
keep-alive, as real sites do, and encodes each page once (the ingest benchmark serves thousands through it).
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SITE_DIR = Path(__file__).resolve().parent / "sample" / "site"
_PUBLISHED = re.compile(r'property="article:published_time" content="([^"]+)"')
_TITLE = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)


@dataclass(frozen=True)
class LoggedRequest:
    path: str
    headers: dict[str, str]


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:16] + '"'


def _with_etag(status: int, ctype: str, body: bytes) -> tuple[int, str, bytes, str]:
    return status, ctype, body, _etag(body)


def _rfc822(iso: str) -> str:
    try:
        return format_datetime(datetime.fromisoformat(iso))
    except ValueError:
        return ""


class SampleSite:
    """Serve the sample wire site until ``close()``; ``base_url`` is where it listens."""

    def __init__(self, site_dir: Path = SITE_DIR, host: str = "127.0.0.1", port: int = 0) -> None:
        self.pages: dict[str, str] = {}
        self.requests: list[LoggedRequest] = []
        self._encoded: dict[str, tuple[str, bytes, str]] = {}  # path: (the page's text, its bytes, its ETag)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer((host, port), self._handler())
        self._server.daemon_threads = True
        self.base_url = f"http://{host}:{self._server.server_address[1]}"
        for path in sorted(site_dir.glob("*.html")):
            self.set_page(f"/world/{path.name}", path.read_text(encoding="utf-8"))
        self._thread = threading.Thread(target=self._server.serve_forever, name="sample-site", daemon=True)
        self._thread.start()

    def set_page(self, path: str, html: str) -> None:
        with self._lock:
            self.pages[path] = html.replace("__BASE__", self.base_url)

    def url(self, path: str) -> str:
        return self.base_url + path

    def feed(self) -> str:
        items = []
        with self._lock:
            pages = sorted(self.pages.items())
        for path, html in pages:
            published = _PUBLISHED.search(html)
            title = _TITLE.search(html)
            when = _rfc822(published.group(1)) if published else ""
            items.append(
                f"<item><title>{escape(title.group(1).strip()) if title else ''}</title>"
                f'<link>{self.base_url}{path}</link><guid isPermaLink="true">{self.base_url}{path}</guid>'
                f"<pubDate>{when}</pubDate></item>"
            )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Sample Wire</title>'
            f"<link>{self.base_url}/</link><description>Sample wire stories</description>"
            + "".join(items)
            + "</channel></rss>\n"
        )

    def requested(self, path: str) -> list[LoggedRequest]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _respond(self, path: str) -> tuple[int, str, bytes, str]:
        """Status, content type, body and ETag of a GET of ``path``."""
        if path == "/feed.xml":
            return _with_etag(200, "application/rss+xml; charset=utf-8", self.feed().encode())
        if path == "/robots.txt":
            return _with_etag(200, "text/plain", b"User-agent: *\nAllow: /\n")
        if path.startswith("/media/"):
            return _with_etag(200, "image/gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")
        with self._lock:
            html = self.pages.get(path)
            if html is None:
                return _with_etag(404, "text/html; charset=utf-8", b"<html><body><h1>Not found</h1></body></html>")
            cached = self._encoded.get(path)
            if cached is None or cached[0] is not html:  # encoded once per text (tests may replace pages[path])
                body = html.encode("utf-8")
                cached = self._encoded[path] = (html, body, _etag(body))
        return 200, "text/html; charset=utf-8", cached[1], cached[2]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive: every response below carries its length

            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                with site._lock:
                    site.requests.append(LoggedRequest(path, {k.lower(): v for k, v in self.headers.items()}))
                status, ctype, body, etag = site._respond(path)
                if status == 200 and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                if status == 200:
                    self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler
