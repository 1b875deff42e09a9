"""The change feed as IPTC ninjs items (``wirefeed changes --format ninjs``): one item per change, in change order.

A change's item is :func:`worker.export.ninjs.ninjs_item` of its article as of the version the change names: that
version's headline, body, dates and version number (``article_versions``), the rest (byline, dateline, photos,
story, relation) as the article stands now, since only the text is kept per version. The change's id and kind ride
along in ``altids`` (roles ``wirefeed-change-id``, ``wirefeed-change-kind``): resume from the last id handled.
Reads the consumer views only, a batch of changes in two queries.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from worker.database import Connection, q
from worker.export.ninjs import ninjs_item
from worker.export.stream import Selection, rows

# The columns of an export row that a version of the article holds (article_versions), by export row column.
VERSIONED = {
    "headline": "headline",
    "body": "body",
    "published_at": "published_at",
    "modified_at": "modified_at",
    "version_fetched_at": "fetched_at",
}


def change_items(conn: Connection, changes: Sequence[Mapping[str, Any]], version: str = "2.2") -> list[dict[str, Any]]:
    """The ninjs ``version`` item of each change in ``changes`` (rows of the feed), in their order."""
    if not changes:
        return []
    articles = {int(r["id"]): r for r in rows(conn, Selection(ids=tuple({int(c["article_id"]) for c in changes})))}
    params = {"article_ids": [c["article_id"] for c in changes], "versions": [c["version"] for c in changes]}
    texts = {(int(v["article_id"]), int(v["version"])): v for v in conn.execute(q("change_versions"), params)}
    items = []
    for change in changes:
        key = (int(change["article_id"]), int(change["version"]))
        if key[0] in articles:  # articles are never deleted; a change of one that were is left out
            items.append(ninjs_item(as_of(articles[key[0]], texts.get(key), change), version))
    return items


def as_of(article: Mapping[str, Any], text: Mapping[str, Any] | None, change: Mapping[str, Any]) -> dict[str, Any]:
    """The export row ``article`` with the text of the version ``text`` (None: the latest's) and the change's id."""
    row = dict(article)
    if text is not None:
        row.update({column: text[source] for column, source in VERSIONED.items()})
        row["version"] = text["version"]
    row["change_id"], row["change_kind"] = change["id"], change["kind"]
    return row
