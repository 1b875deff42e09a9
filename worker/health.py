"""The one rule for a source's health, shared by the command line (worker.ingest.health, `status`, `sources`)
and the web console (worker.web.present): its state, whether it is quiet, what needs attention, and the words.

Pure functions of a ``source_health`` row (worker.database.health: the source's polling state and arrival
history, and the database's ``now``). Neutral ground: it imports nothing but the database's closed value sets,
so the console (walled off from worker.ingest) and the ingest side judge a source by the same code.

Quiet: a source that stopped publishing is news too. Its habit is the median gap between its latest arrivals
(up to 50 articles; arrivals within a minute of each other, one poll's batch, count as one). It is quiet when
no new article came for longer than ``QUIET_FACTOR`` times that median, and never sooner than
``QUIET_FLOOR_SECONDS`` nor ``QUIET_POLLS`` of its effective intervals (it cannot show news between polls).
A source with fewer than ``QUIET_MIN_GAPS`` gaps in its history has no habit yet and is never called quiet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from worker.database.states import PollOutcome

QUIET_FACTOR = 3
QUIET_FLOOR_SECONDS = 3600
QUIET_POLLS = 3
QUIET_MIN_GAPS = 3


class SourceState(StrEnum):
    """What a source is doing now, as `sources list`, `status` and the console show it."""

    DISABLED = "disabled"  # never polled
    NEW = "new"  # not polled yet
    OK = "ok"  # its last poll succeeded
    FAILING = "failing"  # its last polls failed; retried with backoff
    PAUSED = "paused"  # not polled until paused_until
    RESUMED = "resumed"  # an operator resumed it after failures; not polled since


@dataclass(frozen=True)
class Quiet:
    silent_seconds: float
    usual_gap_seconds: float
    threshold_seconds: float


def source_state(row: dict[str, Any]) -> SourceState:
    if not row["enabled"]:
        return SourceState.DISABLED
    if row["paused_reason"] and row["paused_until"] and row["paused_until"] > row["now"]:
        return SourceState.PAUSED
    if row["consecutive_failures"]:
        return SourceState.FAILING  # a lapsed pause too: due again, and still failing until a poll succeeds
    if row["last_poll_at"] is None:
        return SourceState.NEW
    if row["last_poll_status"] == PollOutcome.FAILED:
        return SourceState.RESUMED  # `sources resume` cleared the failures; no poll has run since
    return SourceState.OK


def polled_every(row: dict[str, Any], adaptive: bool) -> int:
    """The seconds between two healthy polls now: the adapted interval when adaptation is on and set one."""
    configured, current = int(row["poll_interval"]), row["current_interval"]
    return int(current) if adaptive and current is not None else configured


def quietness(row: dict[str, Any], interval_seconds: int) -> Quiet | None:
    """How long the source has been silent, when that is longer than its habit allows; else None."""
    usual, last = row["usual_gap_seconds"], row["last_article_at"]
    if usual is None or last is None or row["gaps"] < QUIET_MIN_GAPS:
        return None
    silent = (row["now"] - last).total_seconds()
    threshold = max(QUIET_FACTOR * float(usual), float(QUIET_FLOOR_SECONDS), QUIET_POLLS * interval_seconds)
    return Quiet(silent, float(usual), threshold) if silent > threshold else None


def judge(row: dict[str, Any], adaptive: bool) -> tuple[SourceState, Quiet | None]:
    """The source's state, and its quiet spell (never for a disabled or paused source: it is not polled)."""
    state = source_state(row)
    if state in (SourceState.DISABLED, SourceState.PAUSED):
        return state, None
    return state, quietness(row, polled_every(row, adaptive))


def label(state: SourceState, quiet: Quiet | None, failures: int = 0) -> str:
    """The state in a few words: ``failing ×3``, ``paused``, ``ok, quiet``."""
    text = f"failing ×{failures}" if state is SourceState.FAILING and failures else str(state)
    return text + (", quiet" if quiet else "")


def attention(row: dict[str, Any], state: SourceState, quiet: Quiet | None) -> tuple[str, ...]:
    """Why an operator should look at the source, one sentence a reason; none when all is well."""
    reasons = []
    if state is SourceState.PAUSED:
        reasons.append(f"paused until {stamp(row['paused_until'])}: {row['paused_reason']}")
    elif state is SourceState.FAILING:
        failures = row["consecutive_failures"]
        reasons.append(f"{failures} failed poll{'s' if failures > 1 else ''} in a row: {row['last_error']}")
    if quiet:
        reasons.append(
            f"no new article for {span(quiet.silent_seconds)}; usually one every {span(quiet.usual_gap_seconds)}"
        )
    return tuple(reasons)


def span(seconds: float) -> str:
    """A duration in its two largest units: ``3d 4h``, ``40m``, ``1h 5m``, ``45s``."""
    rest = max(0, round(seconds))
    parts: list[tuple[int, str]] = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        count, rest = divmod(rest, size)
        if count or parts:
            parts.append((count, unit))
    shown = [f"{count}{unit}" for count, unit in parts[:2] if count]
    return " ".join(shown) or "0s"


def stamp(when: datetime | None) -> str:
    """A time with its date and zone, in the zone of the machine (TZ): ``2026-12-03 12:07 UTC``."""
    if when is None:
        return "never"
    local = when.astimezone()
    return local.strftime("%Y-%m-%d %H:%M ") + (local.tzname() or local.strftime("%z"))
