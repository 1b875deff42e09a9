"""Helpers shared by the fetching tests."""

from __future__ import annotations

import base64
import json
from typing import Any

import redis

from tests.integration.faultserver import FaultServer, Page
from worker.database import pending
from worker.database.pending import Wanted
from worker.database.states import PendingReason
from worker.ingest.sources import SourceConfig, upsert_source
from worker.network.http import FetchPolicy
from worker.network.politeness import PoliteFetcher, PolitenessPolicy
from worker.runtime.settings import Settings


def queue_key(settings: Settings) -> str:
    """The Redis list of the session's queued tasks: kombu writes the queue under the installation's key prefix."""
    return settings.redis_prefix + settings.queue


def polite(server: FaultServer, client: redis.Redis, prefix: str, **policy: object) -> PoliteFetcher:
    fetch_policy = FetchPolicy(private_allowlist=frozenset({server.netloc}), user_agent="wirefeed/0.1 (ops@x)")
    options: dict[str, object] = {"prefix": prefix, "max_wait": 0.0, "default_rps": 1000.0}
    options.update(policy)
    return PoliteFetcher(fetch_policy, client, PolitenessPolicy(**options))  # type: ignore[arg-type]


def article_html(title: str, text: str = "The wire reported the story in full.") -> bytes:
    return (
        f"<html lang='en'><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>{text}</p><p>A second paragraph of {title}.</p></article></body></html>"
    ).encode()


def rss(*items: tuple[str, str, str]) -> bytes:
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link><guid>{link}</guid><pubDate>{d}</pubDate></item>"
        for t, link, d in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{body}</channel></rss>'.encode()


DATE = "Tue, 02 Jun 2020 08:15:00 GMT"


def add_source(conn: Any, url: str, **options: Any) -> int:
    upsert_source(conn, SourceConfig(name="wire", feed_url=url, **options))
    conn.commit()
    return int(conn.execute("SELECT id FROM sources WHERE name = 'wire'").fetchone()["id"])


CONTENT_TABLES = (
    "articles",
    "article_versions",
    "article_urls",
    "photos",
    "stories",
    "pages",
    "listing_entries",
    "listing_fetches",
)


def counts(conn: Any) -> dict[str, int]:
    """Rows in every table a poll or a fetch may write content to."""
    conn.commit()  # see the pipeline's committed writes in a fresh snapshot
    return {t: conn.execute(f"SELECT count(*) AS n FROM {t}").fetchone()["n"] for t in CONTENT_TABLES}


def nothing_stored() -> dict[str, int]:
    return dict.fromkeys(CONTENT_TABLES, 0)


def source_row(conn: Any) -> dict[str, Any]:
    conn.commit()
    return dict(conn.execute("SELECT * FROM sources WHERE name = 'wire'").fetchone())


def paths(server: FaultServer, since: int = 0) -> list[str]:
    """Paths the server was asked for, in order, from its own log."""
    return [r.path for r in server.log[since:]]


def one_article_site(server: FaultServer, **feed: Any) -> str:
    """A feed listing /news/1 (an article page with an ETag); returns the feed's URL."""
    server.route("/news/1", Page(article_html("One"), etag='"a1"'))
    return server.route("/feed.xml", Page(rss(("One", server.url("/news/1"), DATE)), "application/rss+xml", **feed))


def pending_fetch(conn: Any, url: str) -> int:
    """A pending fetch of ``url`` for a source of its own (named wire), as a poll adds it; returns its id."""
    source_id = add_source(conn, url.rsplit("/", 1)[0] + "/feed.xml")
    [(pending_id, _)] = pending.add(conn, source_id, [Wanted(url, PendingReason.NEW)])
    conn.commit()
    return pending_id


def pending_rows(conn: Any) -> list[dict[str, Any]]:
    conn.commit()
    return [dict(r) for r in conn.execute("SELECT * FROM pending_fetches ORDER BY id")]


def make_due(conn: Any, pending_id: int) -> None:
    """Skip the wait of a pending fetch for its next try."""
    conn.execute("UPDATE pending_fetches SET next_attempt_at = now() WHERE id = %s", (pending_id,))
    conn.commit()


def broker_messages(settings: Settings) -> list[dict[str, Any]]:
    """The session queue's messages, removed from it: task name, args, and the message's headers."""
    broker, queue = redis.Redis.from_url(settings.redis_url), queue_key(settings)
    raw = broker.lrange(queue, 0, -1)
    broker.delete(queue)
    messages = []
    for item in raw:
        message = json.loads(item)
        args, _, _ = json.loads(base64.b64decode(message["body"]))
        messages.append({"task": message["headers"]["task"], "args": args, "headers": message["headers"]})
    return messages
