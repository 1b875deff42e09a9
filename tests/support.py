"""Helpers shared by the fetching tests."""

from __future__ import annotations

import redis

from tests.faultserver import FaultServer
from worker.http import FetchPolicy
from worker.politeness import PoliteFetcher, PolitenessPolicy


def polite(server: FaultServer, client: redis.Redis, prefix: str, **policy: object) -> PoliteFetcher:
    fetch_policy = FetchPolicy(private_allowlist=frozenset({server.netloc}),
                               user_agent="wirefeed/0.1 (ops@x)")
    options: dict[str, object] = {"prefix": prefix, "max_wait": 0.0, "default_rps": 1000.0}
    options.update(policy)
    return PoliteFetcher(fetch_policy, client, PolitenessPolicy(**options))  # type: ignore[arg-type]
