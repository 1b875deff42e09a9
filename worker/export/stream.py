"""Stream exported articles from PostgreSQL as JSON lines.

The rows come through a server-side (named) cursor, ``BATCH`` at a time, so an export of a million articles never
holds more than one batch in memory. Reads the consumer views (``wirefeed_v1.articles``, ``.stories``, ``.photos``,
``.article_versions``, ``.sources``) only, all of them in the one snapshot of a single query.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TextIO

from worker.database import Connection, q
from worker.database.changes import check_horizon
from worker.export.jsonl import jsonl_item
from worker.export.ninjs import ninjs_item

BATCH = 500
FORMATS = ("ninjs", "jsonl")

Builder = Callable[[Mapping[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class Selection:
    """Which articles to export: all, or one story's, or one source's, or those changed after a change id of
    the feed (wirefeed_v1.changes), or those of the given ids; the filters combine."""

    story_id: int | None = None
    source: str | None = None
    since: int | None = None
    ids: tuple[int, ...] | None = None


def builder(fmt: str, ninjs_version: str = "2.2") -> Builder:
    """The item builder of export format ``fmt``."""
    if fmt == "jsonl":
        return jsonl_item
    if fmt == "ninjs":
        return lambda row: ninjs_item(row, ninjs_version)
    raise ValueError(f"export format {fmt!r}: expected one of {', '.join(FORMATS)}")


def rows(conn: Connection, selection: Selection) -> Iterator[dict[str, Any]]:
    """The ``export_articles`` rows of ``selection``, oldest article first, read in batches."""
    with conn.transaction(), conn.cursor(name="wirefeed_export") as cursor:
        cursor.itersize = BATCH
        ids = list(selection.ids) if selection.ids is not None else None
        params = {"story_id": selection.story_id, "source": selection.source, "since": selection.since, "ids": ids}
        cursor.execute(q("export_articles"), params)
        yield from cursor


def export(conn: Connection, out: TextIO, build: Builder, selection: Selection) -> int:
    """Write one JSON line per selected article to ``out``; return how many. Refuses (ChangesPruned) a ``since``
    below the change feed's horizon: articles changed in the pruned changes would be left out."""
    if selection.since is not None:
        check_horizon(conn, selection.since)
    count = 0
    for row in rows(conn, selection):
        out.write(json.dumps(build(row), ensure_ascii=False) + "\n")
        count += 1
    return count
