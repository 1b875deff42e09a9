"""Rate limit in real Redis, robots.txt from the fault server: what was requested, what was refused."""

from __future__ import annotations

import time

import pytest
import redis

from tests.integration.faultserver import FaultServer, Page, Redirect, Status
from tests.integration.support import paths, polite
from worker.network.http import FetchError
from worker.network.politeness import Manners
from worker.network.ratelimit import HostRateLimiter
from worker.runtime.settings import Settings

ROBOTS = b"User-agent: *\nDisallow: /private/\n\nUser-agent: otherbot\nDisallow: /\n"
SLOW_ROBOTS = b"User-agent: *\nCrawl-delay: 4\n"
RFC9309_ROBOTS = b"User-agent: *\nDisallow: /*.pdf$\nDisallow: /news/\nAllow: /news/public/\nDisallow: /*?print=\n"


def test_token_bucket_is_shared_between_workers(settings: Settings, redis_client: redis.Redis, prefix: str) -> None:
    worker_a = HostRateLimiter(redis_client, prefix=prefix)
    worker_b = HostRateLimiter(redis.Redis.from_url(settings.redis_url), prefix=prefix)
    assert worker_a.try_acquire("news.example.com", rps=0.01) == 0.0
    wait = worker_b.try_acquire("news.example.com", rps=0.01)
    assert 0.0 < wait <= 100.0
    assert worker_b.try_acquire("other.example.com", rps=0.01) == 0.0


def test_acquire_waits_for_a_short_slot_and_refuses_a_long_one(redis_client: redis.Redis, prefix: str) -> None:
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        time.sleep(seconds)

    limiter = HostRateLimiter(redis_client, prefix=prefix, max_wait=1.0, sleep=sleep)
    for _ in range(4):
        limiter.acquire("fast.example.com", rps=50.0)
    assert waits and all(0 < w <= 0.02 for w in waits)  # 4 requests at 50/s: some had to wait
    limiter.acquire("slow.example.com", rps=0.01)
    with pytest.raises(FetchError) as info:
        limiter.acquire("slow.example.com", rps=0.01)
    assert (info.value.kind, info.value.retryable) == ("throttled", True)
    assert info.value.retry_after is not None and info.value.retry_after > 1.0


def test_robots_disallow_is_obeyed_and_cached(
    fault_server: FaultServer, redis_client: redis.Redis, prefix: str
) -> None:
    fault_server.route("/robots.txt", Page(ROBOTS, "text/plain"))
    fault_server.route("/news/1", Page(b"<p>one"))
    fetcher = polite(fault_server, redis_client, prefix)
    assert fetcher.fetch(fault_server.url("/news/1")).body == b"<p>one"
    with pytest.raises(FetchError) as info:
        fetcher.fetch(fault_server.url("/private/2"))
    assert (info.value.kind, info.value.retryable) == ("robots_disallowed", False)
    assert [r.path for r in fault_server.log] == ["/robots.txt", "/news/1"]
    assert fault_server.log[0].header("User-Agent") == "wirefeed/0.1 (ops@x)"


def test_wildcards_and_longest_match_decide_what_is_requested(
    fault_server: FaultServer, redis_client: redis.Redis, prefix: str
) -> None:
    fault_server.route("/robots.txt", Page(RFC9309_ROBOTS, "text/plain"))
    for path in ("/news/public/1", "/files/a.pdf", "/story"):
        fault_server.route(path, Page(b"<p>x", "text/plain"))
    fetcher = polite(fault_server, redis_client, prefix)
    refused = []
    for path in ("/news/public/1", "/news/2", "/files/a.pdf", "/files/a.pdf?download=1", "/story?print=1", "/story"):
        try:
            fetcher.fetch(fault_server.url(path))
        except FetchError as exc:
            refused.append((path, exc.kind.value))
    assert refused == [
        ("/news/2", "robots_disallowed"),
        ("/files/a.pdf", "robots_disallowed"),
        ("/story?print=1", "robots_disallowed"),
    ]
    assert paths(fault_server) == ["/robots.txt", "/news/public/1", "/files/a.pdf?download=1", "/story"]
    assert len(list(redis_client.scan_iter(match=prefix + "robots:*"))) == 1  # one cached file served every check


def test_crawl_delay_slows_the_host(fault_server: FaultServer, redis_client: redis.Redis, prefix: str) -> None:
    fault_server.route("/robots.txt", Page(SLOW_ROBOTS, "text/plain"))
    fetcher = polite(fault_server, redis_client, prefix, default_rps=5.0)
    assert fetcher.host_rps(fault_server.url("/a"), Manners()) == 0.25
    assert fetcher.host_rps(fault_server.url("/a"), Manners(ignore_robots=True, rps=2.0)) == 2.0
    assert len(fault_server.requests_to("/robots.txt")) == 1


def test_request_within_crawl_delay_becomes_a_retry(
    fault_server: FaultServer, redis_client: redis.Redis, prefix: str
) -> None:
    """The robots.txt download is a request to the host too: the page must wait the crawl-delay."""
    fault_server.route("/robots.txt", Page(SLOW_ROBOTS, "text/plain"))
    fault_server.route("/news/1", Page(b"x"))
    fetcher = polite(fault_server, redis_client, prefix, default_rps=1.0, max_wait=0.5)
    with pytest.raises(FetchError) as info:
        fetcher.fetch(fault_server.url("/news/1"))
    assert (info.value.kind, info.value.retryable) == ("throttled", True)
    assert info.value.retry_after is not None and 1.0 < info.value.retry_after <= 4.0
    assert [r.path for r in fault_server.log] == ["/robots.txt"]


def test_licensed_feed_may_ignore_robots(fault_server: FaultServer, redis_client: redis.Redis, prefix: str) -> None:
    fault_server.route("/robots.txt", Page(b"User-agent: *\nDisallow: /\n", "text/plain"))
    fault_server.route("/wire/feed", Page(b"<rss/>", "application/rss+xml"))
    fetcher = polite(fault_server, redis_client, prefix)
    with pytest.raises(FetchError):
        fetcher.fetch(fault_server.url("/wire/feed"))
    licensed = Manners(ignore_robots=True, user_agent="wirefeed-licensed/1", headers={"X-Key": "k"})
    assert fetcher.fetch(fault_server.url("/wire/feed"), licensed).body == b"<rss/>"
    last = fault_server.log[-1]
    assert (last.path, last.header("User-Agent"), last.header("X-Key")) == ("/wire/feed", "wirefeed-licensed/1", "k")


def test_missing_robots_allows_everything(fault_server: FaultServer, redis_client: redis.Redis, prefix: str) -> None:
    fault_server.route("/a", Page(b"a"))
    fetcher = polite(fault_server, redis_client, prefix)
    fetcher.fetch(fault_server.url("/a"))
    fetcher.fetch(fault_server.url("/a"))
    assert [r.path for r in fault_server.log] == ["/robots.txt", "/a", "/a"]


def test_robots_server_error_blocks_the_host_for_a_while(
    fault_server: FaultServer, redis_client: redis.Redis, prefix: str
) -> None:
    fault_server.route("/robots.txt", Status(503))
    fault_server.route("/a", Page(b"a"))
    fetcher = polite(fault_server, redis_client, prefix)
    for _ in range(2):
        with pytest.raises(FetchError) as info:
            fetcher.fetch(fault_server.url("/a"))
        assert (info.value.kind, info.value.retryable) == ("robots_unavailable", True)
    assert [r.path for r in fault_server.log] == ["/robots.txt"]


def test_expired_robots_cache_is_fetched_again(
    fault_server: FaultServer, redis_client: redis.Redis, prefix: str
) -> None:
    fault_server.route("/robots.txt", Page(ROBOTS, "text/plain"))
    fetcher = polite(fault_server, redis_client, prefix)
    fetcher.host_rps(fault_server.url("/a"), Manners())
    for key in redis_client.scan_iter(match=prefix + "robots:*"):
        redis_client.delete(key)  # what the TTL does after robots_ttl seconds
    fetcher.host_rps(fault_server.url("/a"), Manners())
    assert len(fault_server.requests_to("/robots.txt")) == 2


def test_every_redirect_hop_asks_robots(fault_server: FaultServer, redis_client: redis.Redis, prefix: str) -> None:
    fault_server.route("/robots.txt", Page(ROBOTS, "text/plain"))
    fault_server.route("/news/1", Redirect("/private/1"))
    fault_server.route("/private/1", Page(b"secret"))
    with pytest.raises(FetchError) as info:
        polite(fault_server, redis_client, prefix).fetch(fault_server.url("/news/1"))
    assert (info.value.kind, info.value.url) == ("robots_disallowed", fault_server.url("/private/1"))
    assert [r.path for r in fault_server.log] == ["/robots.txt", "/news/1"]
