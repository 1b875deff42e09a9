"""Plain-text tables for the CLI."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC
from typing import Any

from rich.console import Console
from rich.table import Table


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


def articles_console(rows: Sequence[dict[str, Any]], width: int | None = None) -> str:
    """``wirefeed articles``: a table fitted to the terminal (``width``: to that many columns instead), fields
    wrapped at word boundaries rather than cut. An article's cell holds its headline, then its dateline and byline,
    then its source and URL (folded whole)."""
    table = Table(box=None, show_edge=False, pad_edge=False, header_style="bold")
    table.add_column("id", justify="right", no_wrap=True)
    table.add_column("story", justify="right", no_wrap=True)
    table.add_column("relation", no_wrap=True)
    table.add_column("v", justify="right", no_wrap=True)
    table.add_column("first seen (UTC)", no_wrap=True)
    table.add_column("article", ratio=3, overflow="fold")
    table.add_column("photos", ratio=1, overflow="fold")
    for r in rows:
        byline = r["byline"] or ", ".join(r["authors"] or [])
        credit = " · ".join(part for part in (r["dateline_text"], byline) if part)
        table.add_row(
            str(r["id"]),
            str(r["story_id"]),
            r["relation"] or "",
            str(r["version"]),
            r["first_seen_at"].astimezone(UTC).strftime("%Y-%m-%d %H:%M") if r["first_seen_at"] else "",
            "\n".join(part for part in (r["headline"] or "", credit, f"{r['source'] or '-'}: {r['url']}") if part),
            f"{r['photo_count']}: {r['photo_credits']}" if r["photo_count"] else "",
        )
    console = Console(width=width, force_terminal=False, color_system=None, soft_wrap=False)
    with console.capture() as captured:
        console.print(table)
    lines = [line.rstrip() for line in captured.get().splitlines()]
    return "\n".join(line for line in lines if line) + "\n"
