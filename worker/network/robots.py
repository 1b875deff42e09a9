"""robots.txt: fetched once per host and TTL, cached in Redis for all workers, read by RFC 9309 with Protego
(wildcards ``*`` and ``$``, the longest matching rule wins, ``Allow`` wins a tie, groups matched by product token).

Status handling follows RFC 9309 section 2.3.1: 2xx rules apply; 4xx means no rules (everything allowed); 5xx, 429 or an
unreachable server means "disallow everything for now" (cached briefly, reported as retryable). More than five
redirects, a file too large to fetch or not text: no usable rules, everything allowed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

import redis
from protego import Protego

from worker.network.http import FailureKind, FetchError

MAX_ROBOTS_CHARS = 500 * 1024  # RFC 9309 asks crawlers to read at least 500 KiB (a character is at least a byte)
UNAVAILABLE_TTL = 600  # seconds a 5xx or unreachable robots.txt keeps its host closed before asking again


@dataclass(frozen=True)
class RobotsVerdict:
    allowed: bool
    crawl_delay: float | None = None


@dataclass(frozen=True)
class RobotsFile:
    """``state``: ``rules`` (text applies), ``none`` (4xx: no rules), ``unavailable`` (5xx, network)."""

    state: str
    text: str = ""
    error: str | None = None

    def verdict(self, url: str, user_agent: str) -> RobotsVerdict:
        if self.state == "none":
            return RobotsVerdict(allowed=True)
        rules = _rules(self.text)
        return RobotsVerdict(rules.can_fetch(url, user_agent), rules.crawl_delay(user_agent))


@lru_cache(maxsize=64)
def _rules(text: str) -> Protego:
    """The parsed file, kept per process: every request to a host asks the same robots.txt again."""
    return Protego.parse(text)


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc.lower(), "/robots.txt", "", ""))


class RobotsCache:
    """robots.txt per scheme://host:port, cached in Redis (``ttl`` seconds, ``error_ttl`` when unavailable)
    under ``<prefix>robots:``, ``prefix`` being the installation's (``WIREFEED_REDIS_PREFIX``).

    ``download(url)`` returns the robots.txt text, or raises FetchError (status and retryable tell 4xx
    from 5xx): the caller passes the politely rate-limited fetcher.
    """

    KEYS = "robots:"

    def __init__(
        self,
        client: redis.Redis,
        download: Callable[[str], str],
        *,
        prefix: str,
        ttl: int,
        error_ttl: int = UNAVAILABLE_TTL,
    ) -> None:
        self._redis = client
        self._download = download
        self._ttl = ttl
        self._error_ttl = error_ttl
        self._prefix = prefix + self.KEYS

    def get(self, url: str) -> RobotsFile:
        key = self._prefix + robots_url(url)
        cached = self._redis.get(key)
        if cached is not None:
            return RobotsFile(**json.loads(cached))
        robots = self._load(robots_url(url))
        ttl = self._error_ttl if robots.state == "unavailable" else self._ttl
        self._redis.set(key, json.dumps(robots.__dict__), ex=ttl)
        return robots

    def _load(self, url: str) -> RobotsFile:
        try:
            return RobotsFile("rules", self._download(url)[:MAX_ROBOTS_CHARS])
        except FetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500 and exc.status != 429:
                return RobotsFile("none")
            if exc.retryable:
                return RobotsFile("unavailable", error=str(exc))
            return RobotsFile("none")  # too large, binary, refused redirect: no usable rules

    def check(self, url: str, user_agent: str) -> RobotsVerdict:
        """May ``user_agent`` fetch ``url``? Raises a retryable FetchError while robots.txt is unavailable."""
        robots = self.get(url)
        if robots.state == "unavailable":
            raise FetchError(
                f"robots.txt unavailable: {robots.error}",
                url=url,
                kind=FailureKind.ROBOTS_UNAVAILABLE,
                retry_after=float(self._error_ttl),
            )
        return robots.verdict(url, user_agent)
