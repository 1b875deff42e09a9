"""Polite fetching: robots.txt obeyed, crawl-delay and a per-host rate shared by all workers, our own
User-Agent with a contact address. Licensed feeds may opt out of robots.txt per source
(``ignore_robots``); no source opts out of the rate limit or the private-address guard (only the
``allow_private_addresses`` and ``private_allowlist`` settings relax the guard, for all sources).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import redis
import requests

from worker.network.http import LISTING_TYPES, FailureKind, FetchError, FetchPolicy, Response, fetch
from worker.network.ratelimit import HostRateLimiter
from worker.network.robots import UNAVAILABLE_TTL, RobotsCache
from worker.runtime.settings import DEFAULTS, Settings

ROBOTS_TYPES = ("text", "octet-stream")


@dataclass(frozen=True)
class Manners:
    """A source's own request settings (all optional)."""

    user_agent: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    ignore_robots: bool = False
    rps: float | None = None


@dataclass(frozen=True)
class PolitenessPolicy:
    default_rps: float = DEFAULTS.per_host_rps
    robots_ttl: int = DEFAULTS.robots_ttl
    robots_error_ttl: int = UNAVAILABLE_TTL
    max_wait: float = DEFAULTS.max_rate_wait  # longer waits for a host slot become a task retry, not a sleeping worker
    prefix: str = DEFAULTS.redis_prefix  # of every Redis key: rate buckets and the robots.txt cache

    @classmethod
    def from_settings(cls, settings: Settings) -> PolitenessPolicy:
        return cls(
            default_rps=settings.per_host_rps,
            robots_ttl=settings.robots_ttl,
            max_wait=settings.max_rate_wait,
            prefix=settings.redis_prefix,
        )


def host_of(url: str) -> str:
    return urlsplit(url).netloc.lower()


class PoliteFetcher:
    def __init__(
        self,
        fetch_policy: FetchPolicy,
        client: redis.Redis,
        policy: PolitenessPolicy | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self.fetch_policy = fetch_policy
        self.policy = policy or PolitenessPolicy()
        self.session = session or requests.Session()
        p = self.policy
        self.limiter = HostRateLimiter(client, prefix=p.prefix, max_wait=p.max_wait)
        self.robots = RobotsCache(
            client, self._download_robots, prefix=p.prefix, ttl=p.robots_ttl, error_ttl=p.robots_error_ttl
        )

    def host_rps(self, url: str, manners: Manners) -> float:
        """The rate for this request: the source's or the default, slowed down to robots.txt's crawl-delay."""
        rps = manners.rps or self.policy.default_rps
        if manners.ignore_robots:
            return rps
        user_agent = manners.user_agent or self.fetch_policy.user_agent
        verdict = self.robots.check(url, user_agent)
        if not verdict.allowed:
            raise FetchError(
                f"robots.txt disallows {url} for {user_agent}", url=url, kind=FailureKind.ROBOTS_DISALLOWED
            )
        return min(rps, 1.0 / verdict.crawl_delay) if verdict.crawl_delay else rps

    def fetch(
        self,
        url: str,
        manners: Manners | None = None,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: tuple[str, ...] = LISTING_TYPES,
    ) -> Response:
        manners = manners or Manners()
        headers = dict(manners.headers)
        if manners.user_agent:
            headers["User-Agent"] = manners.user_agent

        def admit(hop: str) -> None:  # every hop of a redirect chain asks robots.txt and its host's limit
            self.limiter.acquire(host_of(hop), self.host_rps(hop, manners))

        return fetch(
            url,
            self.fetch_policy,
            session=self.session,
            headers=headers,
            etag=etag,
            last_modified=last_modified,
            accept=accept,
            before_request=admit,
        )

    def _download_robots(self, url: str) -> str:
        self.limiter.acquire(host_of(url), self.policy.default_rps)
        resp = fetch(url, self.fetch_policy, session=self.session, accept=ROBOTS_TYPES)
        return resp.body.decode("utf-8", "replace")


def manners_of(source: Mapping[str, Any]) -> Manners:
    """A source row's request settings."""
    return Manners(
        user_agent=source["user_agent"],
        headers=dict(source["headers"] or {}),
        ignore_robots=bool(source["ignore_robots"]),
        rps=source["per_host_rps"],
    )


@lru_cache(maxsize=4)
def polite_fetcher(settings: Settings) -> PoliteFetcher:
    """The process's fetcher (one HTTP session, one Redis client), built on first use, i.e. after fork.

    It holds connections, not data: robots.txt and the rate buckets live in Redis, shared by all workers.
    """
    return PoliteFetcher(
        FetchPolicy.from_settings(settings),
        redis.Redis.from_url(settings.redis_url),
        PolitenessPolicy.from_settings(settings),
    )
