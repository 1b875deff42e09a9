"""Helpers shared by the fetching tests."""

from __future__ import annotations

from typing import Any

import redis

from tests.faultserver import FaultServer
from worker.http import FetchPolicy
from worker.politeness import PoliteFetcher, PolitenessPolicy
from worker.sources import SourceConfig, upsert_source


def polite(server: FaultServer, client: redis.Redis, prefix: str, **policy: object) -> PoliteFetcher:
    fetch_policy = FetchPolicy(private_allowlist=frozenset({server.netloc}),
                               user_agent="wirefeed/0.1 (ops@x)")
    options: dict[str, object] = {"prefix": prefix, "max_wait": 0.0, "default_rps": 1000.0}
    options.update(policy)
    return PoliteFetcher(fetch_policy, client, PolitenessPolicy(**options))  # type: ignore[arg-type]


def article_html(title: str, text: str = "The wire reported the story in full.") -> bytes:
    return (f"<html lang='en'><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"<p>{text}</p><p>A second paragraph of {title}.</p></article></body></html>").encode()


def rss(*items: tuple[str, str, str]) -> bytes:
    body = "".join(f"<item><title>{t}</title><link>{link}</link><guid>{link}</guid><pubDate>{d}</pubDate></item>"
                   for t, link, d in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{body}</channel></rss>'.encode()


DATE = "Tue, 02 Jun 2020 08:15:00 GMT"


def add_source(conn: Any, url: str, **options: Any) -> int:
    upsert_source(conn, SourceConfig(name="wire", feed_url=url, **options))
    conn.commit()
    return int(conn.execute("SELECT id FROM sources WHERE name = 'wire'").fetchone()["id"])
