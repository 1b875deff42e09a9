"""Plain-text tables for the CLI."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def _cell(value: Any, width: int) -> str:
    text = "" if value is None else (", ".join(value) if isinstance(value, list) else str(value))
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render(headers: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[int]) -> str:
    lines = [" | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))]
    lines.append("-+-".join("-" * w for w in widths))
    for row in rows:
        lines.append(" | ".join(_cell(v, w).ljust(w) for v, w in zip(row, widths, strict=True)))
    return "\n".join(line.rstrip() for line in lines)


def articles_table(rows: Sequence[dict[str, Any]]) -> str:
    headers = ("story", "headline", "dateline", "byline", "photos", "published", "v", "relation")
    widths = (5, 48, 24, 22, 30, 16, 2, 8)
    body = [
        (
            r["story_id"],
            r["headline"],
            r["dateline_text"],
            r["byline"] or ", ".join(r["authors"] or []),
            f"{r['photo_count']}: {r['photo_credits']}" if r["photo_count"] else "",
            r["published_at"].strftime("%Y-%m-%d %H:%M") if r["published_at"] else "",
            r["version"],
            r["relation"],
        )
        for r in rows
    ]
    return render(headers, body, widths)
