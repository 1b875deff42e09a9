"""Installations (and test sessions) sharing one Redis server keep apart: each writes its keys under its own
``WIREFEED_REDIS_PREFIX``. (Each consumes only its own queue: tests/integration/test_e2e.py.)"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
import redis

from tests.integration.faultserver import FaultServer, Page
from tests.integration.support import add_source, one_article_site, paths
from worker.network.politeness import host_of, polite_fetcher
from worker.network.robots import RobotsCache, robots_url
from worker.runtime.inline import poll_inline
from worker.runtime.settings import Settings


def test_the_session_has_its_own_prefix_and_queue(settings: Settings) -> None:
    assert settings.redis_prefix.startswith("wirefeed-test-") and settings.queue.startswith("wirefeed-test-")
    assert settings.redis_prefix != Settings().redis_prefix and settings.queue != Settings().queue


@pytest.mark.usefixtures("fresh_politeness")
def test_a_poll_caches_robots_under_the_installation_prefix(
    conn: Any, settings: Settings, fault_server: FaultServer, redis_client: redis.Redis
) -> None:
    poll_inline(add_source(conn, one_article_site(fault_server)), settings)
    assert paths(fault_server) == ["/robots.txt", "/feed.xml", "/news/1"]
    assert redis_client.exists(settings.redis_prefix + RobotsCache.KEYS + robots_url(fault_server.url("/")))


def test_other_prefixes_share_no_robots_file_and_no_rate_bucket(
    settings: Settings, fault_server: FaultServer, prefix: str
) -> None:
    fault_server.route("/robots.txt", Page(b"User-agent: *\nDisallow: /private/\n", "text/plain"))
    url = fault_server.route("/news/1", Page(b"<p>one"))
    desk_a = polite_fetcher(dataclasses.replace(settings, redis_prefix=prefix + "a:"))
    desk_b = polite_fetcher(dataclasses.replace(settings, redis_prefix=prefix + "b:"))
    for fetcher in (desk_a, desk_b, desk_a):
        fetcher.fetch(url)
    assert paths(fault_server) == ["/robots.txt", "/news/1", "/robots.txt", "/news/1", "/news/1"]

    host = host_of(url) + "-slow"
    assert desk_a.limiter.try_acquire(host, rps=0.001) == 0.0
    assert desk_b.limiter.try_acquire(host, rps=0.001) == 0.0  # its own bucket, still full
    assert desk_a.limiter.try_acquire(host, rps=0.001) > 0.0
