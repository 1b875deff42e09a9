"""A source's health as an operator reads it on the command line: its state, the effective poll interval and
why, and whether it needs attention (failing, paused, or quiet for longer than usual).

The rule itself (state, quiet, attention, the words) is worker.health, which the web console shares; this
module adds the sentence that says where the poll interval comes from (it knows the scheduler's limits).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from worker.health import (
    QUIET_FACTOR,
    QUIET_FLOOR_SECONDS,
    QUIET_MIN_GAPS,
    QUIET_POLLS,
    Quiet,
    SourceState,
    attention,
    judge,
    label,
    polled_every,
    quietness,
    source_state,
    span,
    stamp,
)
from worker.ingest.schedule import SLOWEST_FACTOR

__all__ = [
    "QUIET_FACTOR",
    "QUIET_FLOOR_SECONDS",
    "QUIET_MIN_GAPS",
    "QUIET_POLLS",
    "Quiet",
    "SourceHealth",
    "SourceState",
    "effective_interval",
    "quietness",
    "source_health",
    "source_state",
    "span",
    "stamp",
]


@dataclass(frozen=True)
class SourceHealth:
    name: str
    state: SourceState
    interval_seconds: int
    interval_note: str
    quiet: Quiet | None
    attention: tuple[str, ...] = field(default=())
    failures: int = 0

    @property
    def label(self) -> str:
        """The state in a few words: ``failing ×3``, ``paused``, ``ok, quiet``."""
        return label(self.state, self.quiet, self.failures)


def source_health(row: dict[str, Any], adaptive: bool) -> SourceHealth:
    state, quiet = judge(row, adaptive)
    interval, note = effective_interval(row, adaptive)
    reasons = attention(row, state, quiet)
    return SourceHealth(row["name"], state, interval, note, quiet, reasons, int(row["consecutive_failures"] or 0))


def effective_interval(row: dict[str, Any], adaptive: bool) -> tuple[int, str]:
    """The seconds between two healthy polls now, and a sentence saying where that number comes from."""
    configured, current, interval = int(row["poll_interval"]), row["current_interval"], polled_every(row, adaptive)
    if not adaptive:
        return interval, f"every {span(configured)}: configured (adaptation is off)"
    slowest = span(configured * SLOWEST_FACTOR)
    if current is None:
        return interval, f"every {span(configured)}: configured; adapts to the listing's pace (up to {slowest})"
    if current == configured:
        return interval, f"every {span(configured)}: configured, which the listing's pace needs (up to {slowest})"
    return interval, (
        f"every {span(current)}: adapted to how often the listing publishes "
        f"(configured {span(configured)}, adapts up to {slowest})"
    )
