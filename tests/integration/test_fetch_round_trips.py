"""A fetch's transactions in psycopg's pipeline mode (issue 14): batched statements still store everything, and
only the transaction that stores the article waits for its WAL to reach the disk."""

from __future__ import annotations

import re

from worker import database as db
from worker.ingest import fetch
from worker.ingest.sources import SourceConfig, upsert_source
from worker.runtime.inline import poll_inline

PAGE = "/world/berlin-night-trains.html"
_FIGURE = re.compile(r"<figure.*?</figure>", re.S)


def _with_photos(html: str, count: int, tag: str) -> str:
    figures = "".join(
        f'<figure class="photo"><img src="__BASE__/media/{tag}-{i}.jpg" alt="">'
        f'<figcaption><span class="caption">Night train number {i} of {tag} waits at the station.</span> '
        f'<span class="credit">Foto: Paul Zinken {i}/dpa</span></figcaption></figure>'
        for i in range(count)
    )
    return _FIGURE.sub(figures, html, count=1)


def _source(conn, site) -> int:
    upsert_source(conn, SourceConfig(name="sample", feed_url=site.url("/feed.xml")))
    conn.commit()
    return conn.execute("SELECT id FROM sources WHERE name = 'sample'").fetchone()["id"]


def _photos(conn) -> list[tuple[int, str, str]]:
    rows = conn.execute("SELECT position, url, caption FROM photos ORDER BY position").fetchall()
    return [(r["position"], r["url"].rsplit("/", 1)[1], r["caption"]) for r in rows]


def test_batched_store_keeps_every_photo_in_order_and_replaces_them_on_a_new_version(conn, sample_site, settings):
    original = sample_site.pages[PAGE]
    for other in [p for p in sample_site.pages if p != PAGE]:
        del sample_site.pages[other]
    sample_site.set_page(PAGE, _with_photos(original, 6, "first"))
    source_id = _source(conn, sample_site)

    assert [f.outcome for f in poll_inline(source_id, settings).fetches] == ["new"]
    assert _photos(conn) == [
        (i, f"first-{i}.jpg", f"Night train number {i} of first waits at the station.") for i in range(6)
    ]

    changed = _with_photos(original, 3, "second").replace("two night train", "three night train")
    sample_site.set_page(PAGE, changed.replace("2020-04-14T09:10", "2020-04-14T11:10"))
    conn.execute("UPDATE sources SET next_poll_at = now(), etag = NULL, last_listing_hash = NULL")
    conn.commit()
    assert [f.outcome for f in poll_inline(source_id, settings).fetches] == ["version"]
    assert [p[1] for p in _photos(conn)] == ["second-0.jpg", "second-1.jpg", "second-2.jpg"]
    versions = conn.execute("SELECT version FROM article_versions ORDER BY version").fetchall()
    assert [v["version"] for v in versions] == [1, 2]
    closed = conn.execute("SELECT outcome FROM pending_fetches ORDER BY id").fetchall()
    assert [r["outcome"] for r in closed] == ["new", "version"]


def test_only_the_store_transaction_waits_for_the_disk(conn, sample_site, settings, monkeypatch):
    """The claim and the raw page may be lost in a server crash (the row is then fetched again); the transaction
    that stores the article and closes the row, which consumers read, is not."""
    seen: dict[str, str] = {}

    def spying(name, function):
        def wrapper(connection, *args, **kwargs):
            seen[name] = connection.execute("SELECT current_setting('synchronous_commit') AS s").fetchone()["s"]
            return function(connection, *args, **kwargs)

        return wrapper

    monkeypatch.setattr(fetch.pending, "claiming", spying("claim", fetch.pending.claiming))
    monkeypatch.setattr(fetch, "send_page", spying("page", fetch.send_page))
    monkeypatch.setattr(fetch, "store_article", spying("store", fetch.store_article))
    source_id = _source(conn, sample_site)
    outcomes = [f.outcome for f in poll_inline(source_id, settings).fetches]
    assert outcomes and set(outcomes) == {"new"}
    assert seen == {"claim": "off", "page": "off", "store": "on"}


def test_commit_without_flush_lasts_one_transaction(database):
    with db.connection() as conn:
        db.commit_without_flush(conn)
        assert conn.execute("SHOW synchronous_commit").fetchone()["synchronous_commit"] == "off"
    with db.connection() as conn:
        assert conn.execute("SHOW synchronous_commit").fetchone()["synchronous_commit"] == "on"
