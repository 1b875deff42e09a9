"""Our own export item: one stored article (its latest version) with its story, source and photos.

Fields: ``id``, ``story_id``, ``relation`` (original, copy, update), ``version``, ``source`` (the source's name or
null), ``url``, ``canonical_url``, ``headline``, ``dateline`` (``text``, ``city``, ``region``, ``country``,
``agency``, ``date``; null when the article has none), ``byline``, ``authors``, ``body`` (paragraphs separated by a
blank line), ``language``, ``agency``, ``copyright``, ``published_at``, ``modified_at``, ``first_seen_at``,
``updated_at`` (RFC 3339, or null), ``photos`` (``url``, ``caption``, ``credit``, in page order). The columns are
those of the ``articles`` and ``photos`` tables (schema.sql comments).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

FIELDS = (
    "id",
    "story_id",
    "relation",
    "version",
    "source",
    "url",
    "canonical_url",
    "headline",
    "byline",
    "authors",
    "body",
    "language",
    "agency",
    "copyright",
)
TIMES = ("published_at", "modified_at", "first_seen_at", "updated_at")
DATELINE = ("text", "city", "region", "country", "agency", "date")


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def jsonl_item(row: Mapping[str, Any]) -> dict[str, Any]:
    """The export item of one exported article row."""
    item = {k: row[k] for k in FIELDS}
    item["authors"] = list(row["authors"] or ())
    item["dateline"] = {k: row[f"dateline_{k}"] for k in DATELINE} if row["dateline_text"] else None
    item.update({k: _time(row[k]) for k in TIMES})
    item["photos"] = [{k: p[k] for k in ("url", "caption", "credit")} for p in row["photos"]]
    return item
