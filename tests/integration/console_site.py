"""What the console tests look at: the sample wire site polled for real (the seed story, an original and its
copy), plus a hostile page, a page that fails to parse, a fetch that failed and a second version of an article;
and the console served on 127.0.0.1 by a thread of this process."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from werkzeug.serving import make_server

from worker.database.store import save_page
from worker.devtools.sample_site import SampleSite
from worker.ingest.sources import SourceConfig, upsert_source
from worker.runtime.inline import poll_inline
from worker.runtime.settings import Settings
from worker.web.app import create_app

HOSTILE_PATH = "/world/hostile-rockets.html"
UNPARSEABLE_PATH = "/world/empty-shell.html"
SHOWN_AS_TEXT = "<script>fetch('/beacon/headline')</script>"
# Each of these would ask the sample site for a /beacon/ path if anything in the page ran or loaded.
HOSTILE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Rockets &lt;script&gt;fetch('/beacon/headline')&lt;/script&gt; hit the port</title>
<meta property="article:published_time" content="2020-04-15T08:00:00+00:00">
<script>fetch('__BASE__/beacon/inline'); new Image().src = '__BASE__/beacon/image';</script>
<script>top.location = '__BASE__/beacon/top';</script>
<script src="__BASE__/beacon/external.js"></script>
<link rel="stylesheet" href="__BASE__/beacon/style.css">
<meta http-equiv="refresh" content="0; url=__BASE__/beacon/refresh">
</head><body onload="fetch('__BASE__/beacon/onload')">
<article><h1>Rockets &lt;script&gt;fetch('/beacon/headline')&lt;/script&gt; hit the port</h1>
<img src="__BASE__/beacon/img.gif" onerror="fetch('__BASE__/beacon/onerror')" alt="">
<p>BENGHAZI, Libya (AFP) — Rockets hit the port of Benghazi overnight, officials said on Wednesday, and ships were
told to stay offshore until the damage was assessed.</p>
<p>No casualties were reported, the port authority said in a statement that gave no further details.</p>
<p>The port handles most of the fuel imports of the east of the country.</p>
<form action="__BASE__/beacon/form"><input name="q" autofocus onfocus="fetch('__BASE__/beacon/focus')"></form>
</article></body></html>"""
UNPARSEABLE = """<!doctype html><html><head><title>Loading</title>
<script>fetch('__BASE__/beacon/failed-page')</script></head>
<body><div id="app"></div></body></html>"""
VERSION_PATH = "/world/berlin-night-trains.html"
ADDED_PARAGRAPH = (
    "The first train to Vienna left Berlin on Sunday evening with every sleeper booked, the operator said."
)


@dataclass(frozen=True)
class Console:
    url: str
    site: SampleSite
    source_id: int

    def beacons(self) -> list[str]:
        """The paths of every request a stored page could have made, had it run or loaded anything."""
        return [r.path for r in self.site.requests if r.path.startswith("/beacon")]


def fill(conn: Any, site: SampleSite, settings: Settings) -> int:
    """Poll the sample site twice for real (the second poll finds a new version), record a failed fetch."""
    site.set_page(HOSTILE_PATH, HOSTILE)
    site.set_page(UNPARSEABLE_PATH, UNPARSEABLE)
    upsert_source(conn, SourceConfig(name="sample-wire", feed_url=site.url("/feed.xml"), poll_interval=60))
    conn.commit()
    source_id = int(conn.execute("SELECT id FROM sources WHERE name = 'sample-wire'").fetchone()["id"])
    poll_inline(source_id, settings)
    page = site.pages[VERSION_PATH]
    page = page.replace("</p><p>Consumer groups", f"</p><p>{ADDED_PARAGRAPH}</p><p>Consumer groups")
    site.set_page(VERSION_PATH, page.replace("2020-04-14T09:10:00+02:00", "2020-04-15T07:00:00+02:00"))
    conn.execute("UPDATE sources SET next_poll_at = now(), etag = NULL, last_listing_hash = NULL")
    conn.commit()
    poll_inline(source_id, settings)
    with conn.transaction():
        gone = site.url("/world/gone.html")
        save_page(conn, source_id=source_id, url=gone, response=None, error="http: 410", status=410)
    conn.commit()
    return source_id


@contextmanager
def serve_console(settings: Settings) -> Iterator[str]:
    """The console on 127.0.0.1 (a free port) until the block ends; yields its base URL."""
    server = make_server("127.0.0.1", 0, create_app(settings), threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="console", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def console(conn, settings, sample_site, fresh_politeness) -> Iterator[Console]:
    """The sample site polled into the test's database, and the console serving it."""
    source_id = fill(conn, sample_site, settings)
    with serve_console(settings) as url:
        yield Console(url, sample_site, source_id)
