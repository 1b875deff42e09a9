"""Story labels in the database: every member's relation recomputed whenever the story changes, in the storing
transaction, so the labels depend on the story's members and never on the order they were fetched in.

The store calls :func:`relabel` once the story is held (its row locked until commit: joiners, new versions and
merges of one story take turns, and each reads the members the one before committed), with the article being
stored as ``incoming``; it writes the incoming article with its label, then :func:`apply` writes the others'
labels that changed (and moves the members of merged stories) in one statement, so each article changed gets one
row in the change feed, and sets the story's original. The rules are in :mod:`parsers.similarity.labels`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from parsers import Article
from parsers.similarity.fingerprint import paragraph_key
from parsers.similarity.labels import FOOTER_LINES, Member, story_labels
from parsers.similarity.neardup import Relation
from worker.database import Connection, dedup, q

INCOMING = 0
"""Member key of an article not stored yet (article ids start at 1)."""


@dataclass(frozen=True)
class Relabelling:
    incoming: int
    """Key of the article being stored (INCOMING, or its id for a new version)."""
    labels: dict[int, Relation]
    stored: dict[int, tuple[int, str]]
    """Members already stored: their story and relation before this transaction's changes."""

    @property
    def relation(self) -> Relation:
        """The incoming article's label."""
        return self.labels[self.incoming]


HOLD_TRIES = 3


def hold_story(conn: Connection, article_id: int) -> int | None:
    """Lock the story of a stored article until commit; its id (None if the article has gone). A story merged
    away while we waited for its row is gone: the next try finds the article in the story it was moved into."""
    for _ in range(HOLD_TRIES):
        row = conn.execute(q("labels_hold_story"), {"article_id": article_id}).fetchone()
        if row:
            return int(row["id"])
    return None


def _member(row: dict[str, Any]) -> Member:
    paragraphs = tuple(p for p in str(row["body"]).split("\n\n") if p.strip())
    return Member(
        int(row["id"]), paragraphs, row["canonical_url"], row["published_at"], row["agency"], bool(row["fine_print"])
    )


def _site_lines(
    conn: Connection, members: Sequence[Member], stories: Sequence[int]
) -> Callable[[], set[tuple[str, int]]]:
    """Send the query of the (site, paragraph key) pairs of the members' last lines that their site printed in
    another story; the returned function reads its answer (in a pipeline, with whatever was sent after it)."""
    pairs = {(m.site, k) for m in members for p in m.paragraphs[-FOOTER_LINES:] if (k := paragraph_key(p)) is not None}
    if not pairs:
        return set
    sites, keys = zip(*sorted(pairs), strict=True)
    params = {"sites": list(sites), "keys": list(keys), "stories": list(stories)}
    cursor = conn.execute(q("labels_site_lines"), params)
    return lambda: {(str(r["site"]), int(r["key"])) for r in cursor}


def relabel(
    conn: Connection,
    stories: Sequence[int],
    article: Article,
    canonical_url: str,
    key: int = INCOMING,
    options: dedup.DedupOptions | None = None,
    *,
    new_story: bool = False,
) -> Relabelling:
    """The labels of every member of ``stories`` (the first one survives, the others merge into it) with
    ``article`` (member ``key``: INCOMING, or its id for a new version) in place of its stored self. In a pipeline
    this waits twice for the server: for the members with the article's publication time as PostgreSQL stores it,
    then for the boilerplate and site lines. ``new_story``: the one story was made for the article in this
    transaction, so it has no other member, and the article is its original without a question to the server."""
    if new_story:  # the article alone in a story made for it: nothing to read, its label is known
        return Relabelling(key, {key: Relation.ORIGINAL}, {})
    options = options or dedup.DedupOptions()
    members_query = conn.execute(q("labels_members"), {"stories": list(stories)})
    timestamp = conn.execute(q("labels_timestamp"), {"published_at": article.published_at}).fetchone()
    rows = members_query.fetchall()
    published = timestamp["published_at"] if timestamp else None
    arriving = Member(key, article.paragraphs, canonical_url, published, article.agency, article.fine_print)
    stored = {int(r["id"]): (int(r["story_id"]), str(r["relation"])) for r in rows}
    members = [_member(r) for r in rows if int(r["id"]) != arriving.key] + [arriving]
    keys = [k for m in members for p in m.paragraphs if (k := paragraph_key(p)) is not None]
    site_lines = _site_lines(conn, members, stories)
    boilerplate = dedup.boilerplate(conn, keys, options)  # read first: it was sent last, so both answers are in
    labels = story_labels(members, options.rules, boilerplate, site_lines())
    return Relabelling(arriving.key, labels, stored)


def apply(conn: Connection, story_id: int, relabelling: Relabelling, article_id: int) -> None:
    """Write the labels that changed (other than the incoming article's, stored with it) and move the members of
    merged stories into ``story_id``; make the story's original its ``first_article_id``."""
    changed = [
        (key, relation)
        for key, relation in relabelling.labels.items()
        if key != relabelling.incoming and relabelling.stored.get(key) != (story_id, relation)
    ]
    if changed:
        ids, relations = zip(*changed, strict=True)
        params = {"story_id": story_id, "ids": list(ids), "relations": [str(r) for r in relations]}
        conn.execute(q("labels_apply"), params)
    original = next(key for key, relation in relabelling.labels.items() if relation == Relation.ORIGINAL)
    original = article_id if original == relabelling.incoming else original
    conn.execute(q("labels_story_original"), {"story_id": story_id, "article_id": original})
