"""What a console page shows, made from rows: a source's health (worker.health's rule), its articles-per-day
chart, a version diff.

Plain functions of their inputs (the time ``now`` included), so each is tested with a dict.
"""

from __future__ import annotations

import difflib
import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from worker import health as rule

CHART_HEIGHT = 24
BAR_WIDTH = 6


@dataclass(frozen=True)
class Health:
    """A source's health by the one rule of worker.health, the same `wirefeed status` and `sources list` use."""

    state: str  # ok, new, failing, paused, resumed, disabled
    quiet: bool  # nothing new for longer than the source's habit allows (worker.health.quietness)
    label: str  # ``ok, quiet``, ``failing ×3``: the words `sources list` prints
    reason: str  # why it needs attention, in words; empty when it does not

    @property
    def attention(self) -> bool:
        return self.state in ("failing", "paused") or self.quiet


def health(source: dict[str, Any], adaptive: bool) -> Health:
    """The health of a ``source_health`` row (worker.database.health), judged as the command line judges it."""
    state, quiet = rule.judge(source, adaptive)
    failures = int(source["consecutive_failures"] or 0)
    reasons = rule.attention(source, state, quiet)
    return Health(str(state), quiet is not None, rule.label(state, quiet, failures), "; ".join(reasons))


def interval(source: dict[str, Any]) -> str:
    """The seconds between polls, and the fitted interval when adaptation changed it."""
    configured, current = source["poll_interval"], source["current_interval"]
    if current and current != configured:
        return f"{current} s (adapted; configured {configured} s)"
    return f"{configured} s"


@dataclass(frozen=True)
class Bar:
    day: date
    articles: int
    x: int
    y: int
    height: int


def chart(per_day: dict[date, int], today: date, days: int) -> list[Bar]:
    """One bar per day, oldest first, scaled to the busiest day (an SVG drawn with attributes, no style)."""
    shown = [(day, per_day.get(day, 0)) for day in (today - timedelta(days=days - 1 - i) for i in range(days))]
    highest = max(articles for _, articles in shown) or 1
    bars = []
    for index, (day, articles) in enumerate(shown):
        height = round(CHART_HEIGHT * articles / highest)
        bars.append(Bar(day, articles, index * (BAR_WIDTH + 1), CHART_HEIGHT - height, height))
    return bars


def chart_width(days: int) -> int:
    return days * (BAR_WIDTH + 1)


@dataclass(frozen=True)
class DiffLine:
    kind: str  # same, added, removed
    text: str


def paragraphs(body: str) -> list[str]:
    return [p.strip() for p in body.split("\n\n") if p.strip()]


def diff(before: dict[str, Any], after: dict[str, Any]) -> list[DiffLine]:
    """Headline and paragraphs of two versions: kept, removed, added, in reading order."""
    old = [f"# {before['headline'] or ''}", *paragraphs(before["body"])]
    new = [f"# {after['headline'] or ''}", *paragraphs(after["body"])]
    lines: list[DiffLine] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            lines += [DiffLine("same", text) for text in old[i1:i2]]
            continue
        lines += [DiffLine("removed", text) for text in old[i1:i2]]
        lines += [DiffLine("added", text) for text in new[j1:j2]]
    return lines


def version_diffs(versions: list[dict[str, Any]]) -> list[tuple[dict[str, Any], list[DiffLine]]]:
    """Each version after the first with what changed since the one before it, newest first."""
    return [(after, diff(before, after)) for before, after in itertools.pairwise(versions)][::-1]


def when(moment: datetime | None) -> str:
    """A time with its date and zone, to the minute (UTC)."""
    if moment is None:
        return "—"
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
