"""Per-host rate limit shared by every worker: a token bucket in Redis, updated atomically by a Lua script.

The bucket of a host holds at most ``burst`` tokens and refills at ``rps`` tokens a second; a request
takes one token. Redis's own clock is used, so workers on different machines agree on time.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import redis

from worker.network.http import FailureKind, FetchError
from worker.runtime.settings import DEFAULTS

# KEYS[1]: bucket; ARGV[1]: rate (tokens/s); ARGV[2]: burst. Returns "0" (go) or the seconds to wait.
# A caller told to wait takes no token, so giving up costs the others nothing.
_TAKE_TOKEN = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1]) or burst
local ts = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - ts) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = (1 - tokens) / rate end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return tostring(wait)
"""


class HostRateLimiter:
    """``acquire(host, rps)`` returns once the host may be requested, or raises a retryable FetchError
    (kind ``throttled``) when the wait would exceed ``max_wait``: the task is then retried later
    instead of holding a worker. A host's bucket is the key ``<prefix>rate:<host>``, ``prefix`` being the
    installation's (``WIREFEED_REDIS_PREFIX``)."""

    KEYS = "rate:"

    def __init__(
        self,
        client: redis.Redis,
        *,
        prefix: str,
        burst: float = 1.0,
        max_wait: float = DEFAULTS.max_rate_wait,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._script = client.register_script(_TAKE_TOKEN)
        self._prefix = prefix + self.KEYS
        self._burst = burst
        self._max_wait = max_wait
        self._sleep = sleep

    def try_acquire(self, host: str, rps: float) -> float:
        """Take a token now (returns 0.0) or return the seconds until one is available (takes none)."""
        if rps <= 0:
            raise ValueError(f"rate must be positive, got {rps}")
        return float(self._script(keys=[self._prefix + host.lower()], args=[rps, max(self._burst, 1.0)]))

    def acquire(self, host: str, rps: float) -> None:
        while (wait := self.try_acquire(host, rps)) > 0:
            if wait > self._max_wait:
                raise FetchError(
                    f"{host} is rate limited to {rps:g} req/s; next slot in {wait:.1f}s",
                    url=host,
                    kind=FailureKind.THROTTLED,
                    retry_after=wait,
                )
            self._sleep(wait)
