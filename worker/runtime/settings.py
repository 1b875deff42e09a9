"""Settings, read from the environment once into one frozen object."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/wirefeed"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
DEFAULT_USER_AGENT = "wirefeed/0.1 (+https://github.com/wirefeed/wirefeed; ops@wirefeed.invalid)"


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    redis_url: str = DEFAULT_REDIS_URL
    allow_private_addresses: bool = False
    user_agent: str = DEFAULT_USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_page_bytes: int = 10 * 1024 * 1024
    per_host_rps: float = 1.0
    tick_seconds: float = 30.0
    default_interval: int = 300
    db_pool_size: int = 4
    # Fetching and politeness (README.md, "Operations").
    total_timeout: float = 120.0
    private_allowlist: tuple[str, ...] = ()
    max_rate_wait: float = 10.0
    robots_ttl: int = 86400
    pause_after_failures: int = 10
    pause_seconds: int = 3600
    max_backoff_seconds: int = 6 * 3600
    adaptive_interval: bool = True
    dedup_window_days: float = 7.0
    listing_retention_days: float = 30.0

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        e = os.environ if env is None else env
        return cls(
            database_url=e.get("DATABASE_URL", DEFAULT_DATABASE_URL),
            redis_url=e.get("REDIS_URL", DEFAULT_REDIS_URL),
            allow_private_addresses=_flag(e.get("WIREFEED_ALLOW_PRIVATE_ADDRESSES")),
            user_agent=e.get("WIREFEED_USER_AGENT", DEFAULT_USER_AGENT),
            connect_timeout=float(e.get("WIREFEED_CONNECT_TIMEOUT", 10)),
            read_timeout=float(e.get("WIREFEED_READ_TIMEOUT", 30)),
            max_page_bytes=int(e.get("WIREFEED_MAX_PAGE_BYTES", 10 * 1024 * 1024)),
            per_host_rps=float(e.get("WIREFEED_PER_HOST_RPS", 1.0)),
            tick_seconds=float(e.get("WIREFEED_TICK_SECONDS", 30)),
            default_interval=int(e.get("WIREFEED_DEFAULT_INTERVAL", 300)),
            db_pool_size=int(e.get("WIREFEED_DB_POOL_SIZE", 4)),
            total_timeout=float(e.get("WIREFEED_TOTAL_TIMEOUT", 120)),
            private_allowlist=tuple(h.strip() for h in e.get("WIREFEED_PRIVATE_ALLOWLIST", "").split(",") if h.strip()),
            max_rate_wait=float(e.get("WIREFEED_MAX_RATE_WAIT", 10)),
            robots_ttl=int(e.get("WIREFEED_ROBOTS_TTL", 86400)),
            pause_after_failures=int(e.get("WIREFEED_PAUSE_AFTER_FAILURES", 10)),
            pause_seconds=int(e.get("WIREFEED_PAUSE_SECONDS", 3600)),
            max_backoff_seconds=int(e.get("WIREFEED_MAX_BACKOFF_SECONDS", 6 * 3600)),
            adaptive_interval=_flag(e.get("WIREFEED_ADAPTIVE_INTERVAL", "1")),
            dedup_window_days=float(e.get("WIREFEED_DEDUP_WINDOW_DAYS", 7)),
            listing_retention_days=float(e.get("WIREFEED_LISTING_RETENTION_DAYS", 30)),
        )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read from the environment on first use."""
    return Settings.from_env()
