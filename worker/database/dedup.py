"""Near-duplicate detection inside the store transaction: which story a new article joins, and as what.

Runs in the caller's transaction, after the exact checks (canonical URL, content hash) found nothing:

1. lock the keys of the article's paragraphs, learn which of them are boilerplate (printed by several
   stories), and fingerprint the rest (MinHash over word 5-shingles);
2. lock the signature's LSH band keys, then look up earlier articles sharing a band or paragraph key;
3. verify each candidate by estimated Jaccard (or containment), join the oldest matched story and fold
   any other matched story into it (the labels, original, copy or update, are worker.database.labels');
4. after the article row exists, index its keys and paragraph sightings.

The advisory locks (sorted, paragraph keys before band keys, all after the store's own URL and text
locks) make a worker wait for any concurrent transaction storing an article that shares a key with
its own, so concurrent copies cluster exactly as sequential ones; unique keys are the final arbiter.
Row locks on the matched stories keep a merge from deleting a story another worker is joining, and make the
workers joining one story take turns, so each relabels the story with the members the one before stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

from parsers.similarity.fingerprint import paragraph_keys
from parsers.similarity.minhash import TextSignature, text_signature
from parsers.similarity.neardup import (
    MatchRules,
    Overlap,
    matchable,
    overlap,
    own_paragraphs,
    same_story,
)
from worker.database import Connection, q


@dataclass(frozen=True)
class DedupOptions:
    rules: MatchRules = field(default_factory=MatchRules)
    boilerplate_stories: int = 3
    """A paragraph printed by this many distinct stories is boilerplate."""
    max_candidates: int = 200
    """Newest candidate articles verified per new article (bounds the cost of a very common key)."""


@dataclass(frozen=True)
class StoryMatch:
    story_id: int | None
    """The story to join, or None for a new story (the labels are worker.database.labels' business)."""
    merged: tuple[int, ...]
    """Other stories the article matched: folded into ``story_id``."""
    signature: TextSignature
    index_keys: tuple[int, ...]
    """Band keys and own paragraph keys to index (none when the text is too short to match)."""
    sighted_paragraphs: tuple[int, ...]
    """Keys of every keyed paragraph, boilerplate included, to count its sightings."""


@dataclass(frozen=True)
class _Candidate:
    article_id: int
    story_id: int
    found: Overlap


def _lock(conn: Connection, keys: Sequence[int]) -> None:
    if keys:
        conn.execute(q("dedup_lock_keys"), {"keys": sorted(set(keys))})


def boilerplate(conn: Connection, keys: Sequence[int], options: DedupOptions) -> frozenset[int]:
    """The keys among ``keys`` of paragraphs printed by ``options.boilerplate_stories`` stories or more."""
    if not keys:
        return frozenset()
    rows = conn.execute(q("dedup_boilerplate"), {"keys": list(keys), "min_stories": options.boilerplate_stories})
    return frozenset(int(row["paragraph_key"]) for row in rows)


def _candidates(
    conn: Connection, signature: TextSignature, keys: Sequence[int], options: DedupOptions
) -> list[_Candidate]:
    rows = conn.execute(q("dedup_candidates"), {"keys": list(keys), "limit": options.max_candidates})
    found = []
    for row in rows:
        earlier = TextSignature(bytes(row["signature"]), int(row["shingle_count"]))
        found.append(_Candidate(int(row["article_id"]), int(row["story_id"]), overlap(signature, earlier)))
    return [c for c in found if same_story(c.found, options.rules)]


def _fingerprint(conn: Connection, paragraphs: Sequence[str], options: DedupOptions) -> StoryMatch:
    """The article's fingerprint, its keys locked; the match says 'new story' until candidates are seen."""
    sighted = tuple(dict.fromkeys(k for k in paragraph_keys(paragraphs) if k is not None))
    _lock(conn, sighted)
    common = boilerplate(conn, sighted, options)
    own = own_paragraphs(paragraphs, common)
    signature = text_signature(own)
    if not matchable(signature, options.rules):
        return StoryMatch(None, (), signature, (), sighted)
    band_keys = signature.band_keys()
    _lock(conn, band_keys)
    index_keys = (*band_keys, *(k for k in sighted if k not in common))
    return StoryMatch(None, (), signature, index_keys, sighted)


def _hold_stories(conn: Connection, stories: list[int]) -> bool:
    """Lock the matched stories' rows until commit, in id order: against other joiners and merges when joining
    one story (it must not be merged away under us, and joiners relabel it in turn), exclusive when merging several
    (joiners of those stories finish first). False when one of them was merged away since the candidates were
    read."""
    block = "dedup_hold_story" if len(stories) == 1 else "dedup_claim_stories"
    return len(conn.execute(q(block), {"ids": stories}).fetchall()) == len(stories)


def match_story(conn: Connection, paragraphs: Sequence[str], options: DedupOptions | None = None) -> StoryMatch:
    """The story a new article belongs to (None: a new one), its rows held until commit."""
    options = options or DedupOptions()
    alone = _fingerprint(conn, paragraphs, options)
    if not alone.index_keys:
        return alone
    while True:
        matched = _candidates(conn, alone.signature, alone.index_keys, options)
        if not matched:
            return alone
        stories = sorted({c.story_id for c in matched})
        if _hold_stories(conn, stories):
            break
    return replace(alone, story_id=stories[0], merged=tuple(stories[1:]))


def index_version(
    conn: Connection,
    article_id: int,
    story_id: int,
    paragraphs: Sequence[str],
    options: DedupOptions | None = None,
) -> None:
    """Re-index an article whose text changed (a new version at its URL); its story stays."""
    match = _fingerprint(conn, paragraphs, options or DedupOptions())
    index_article(conn, article_id, story_id, match)


def merge_stories(conn: Connection, story_id: int, merged: Sequence[int]) -> None:
    """Fold ``merged`` stories into ``story_id`` (the oldest): its first-seen article stays the original."""
    params: dict[str, Any] = {"story_id": story_id, "merged": list(merged)}
    for block in (
        "dedup_merge_articles",
        "dedup_merge_sightings",
        "dedup_merge_story",
        "dedup_delete_stories",
    ):
        conn.execute(q(block), params)


def index_article(conn: Connection, article_id: int, story_id: int, match: StoryMatch, *, new: bool = False) -> None:
    """Record the stored article's fingerprint, lookup keys and paragraph sightings. ``new``: the article was
    inserted in this transaction, so none of its keys is stored yet (nor, when it matched no story, any sighting of
    the story made for it)."""
    if match.merged:
        merge_stories(conn, story_id, match.merged)
    conn.execute(
        q("dedup_save_fingerprint"),
        {
            "article_id": article_id,
            "signature": match.signature.minima,
            "shingle_count": match.signature.shingle_count,
        },
    )
    if match.index_keys:
        block = "dedup_save_new_keys" if new else "dedup_save_keys"
        conn.execute(q(block), {"article_id": article_id, "keys": list(match.index_keys)})
    if match.sighted_paragraphs:
        block = "dedup_save_new_sightings" if new and match.story_id is None else "dedup_save_sightings"
        conn.execute(q(block), {"story_id": story_id, "keys": list(match.sighted_paragraphs)})


def prune(conn: Connection, window: timedelta) -> dict[str, int]:
    """Delete keys and sightings older than ``window``; returns how many of each."""
    row = conn.execute(q("dedup_prune"), {"window": window}).fetchone()
    return {"keys": int(row["keys"]), "sightings": int(row["sightings"])} if row else {"keys": 0, "sightings": 0}
