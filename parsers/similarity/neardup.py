"""Whether a new article belongs to an earlier story, and as what: a copy or an update.

Jaccard similarity says "same story"; it cannot say which text came first or which one grew. An
update contains most of the earlier text and adds paragraphs of its own; a copy (retitled, trimmed,
footed, lightly edited) adds no paragraph that the story has not already printed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from parsers.similarity.fingerprint import MIN_KEYED_PARAGRAPH_WORDS, paragraph_key, words
from parsers.similarity.minhash import (
    TextSignature,
    estimated_jaccard,
    shingle_hashes,
)


class Relation(StrEnum):
    """An article's relation to its story (``articles.relation``)."""

    ORIGINAL = "original"  # first seen
    COPY = "copy"  # the same story elsewhere: no paragraph the story has not printed
    UPDATE = "update"  # adds substantial new text


@dataclass(frozen=True)
class MatchRules:
    """Thresholds of near-duplicate matching; defaults measured on the syndication set."""

    min_shingles: int = 40
    """Texts with fewer shingles of their own (paywall stubs, briefs) are never fuzzy-matched."""
    same_story_jaccard: float = 0.3
    same_story_containment: float = 0.8
    """...or when the smaller text lies mostly inside the larger one (a trimmed copy)."""
    update_containment: float = 0.8
    """An update holds at least this share of the earlier text's shingles."""
    new_paragraph_share: float = 0.6
    """A paragraph is new when this share of its shingles appears in no earlier text of the story."""


@dataclass(frozen=True)
class Overlap:
    """Estimated overlap of a new text with an earlier one, from their MinHash signatures."""

    jaccard: float
    new_count: int
    earlier_count: int

    @property
    def shared(self) -> float:
        """Estimated shingles in common: |A ∩ B| = J (|A| + |B|) / (1 + J)."""
        return self.jaccard * (self.new_count + self.earlier_count) / (1.0 + self.jaccard)

    @property
    def containment(self) -> float:
        """The share of the smaller text that lies inside the larger one."""
        smaller = min(self.new_count, self.earlier_count)
        return min(1.0, self.shared / smaller) if smaller else 0.0


def own_paragraphs(paragraphs: Sequence[str], boilerplate: frozenset[int]) -> list[str]:
    """The paragraphs that are the article's own: those not known as boilerplate (site footers,
    newsletter pitches, paragraphs that recur across many stories)."""
    return [p for p in paragraphs if paragraph_key(p) not in boilerplate]


def matchable(signature: TextSignature, rules: MatchRules) -> bool:
    """True when the text has enough of its own to be compared with others at all."""
    return signature.shingle_count >= rules.min_shingles


def overlap(new: TextSignature, earlier: TextSignature) -> Overlap:
    return Overlap(estimated_jaccard(new, earlier), new.shingle_count, earlier.shingle_count)


def same_story(found: Overlap, rules: MatchRules) -> bool:
    """The verification of an LSH candidate: similar enough, or one text mostly inside the other."""
    return found.jaccard >= rules.same_story_jaccard or found.containment >= rules.same_story_containment


def shingle_set(paragraphs: Sequence[str]) -> set[int]:
    """The word 5-shingle hashes of a text (its paragraphs read as one)."""
    text_words = [w for paragraph in paragraphs for w in words(paragraph)]
    return {int(h) for h in shingle_hashes(text_words)}


@lru_cache(maxsize=4096)
def _paragraph_shingles(paragraph: str) -> frozenset[int]:
    """Cached: relabelling a story reads each member's paragraphs again at every store."""
    return frozenset(int(h) for h in shingle_hashes(words(paragraph)))


def new_paragraph_count(paragraphs: Sequence[str], earlier: set[int], rules: MatchRules) -> int:
    """How many of ``paragraphs`` are mostly made of shingles absent from ``earlier``."""
    count = 0
    for paragraph in paragraphs:
        if len(words(paragraph)) < MIN_KEYED_PARAGRAPH_WORDS:
            continue
        shingles = _paragraph_shingles(paragraph)
        if len(shingles - earlier) >= rules.new_paragraph_share * len(shingles):
            count += 1
    return count


def relation_to_story(paragraphs: Sequence[str], earlier_texts: Sequence[Sequence[str]], rules: MatchRules) -> Relation:
    """Copy or update, judged against the story's earlier texts (own paragraphs only)."""
    if not earlier_texts:
        return Relation.ORIGINAL
    earlier_sets = [shingle_set(text) for text in earlier_texts]
    return relation_to_earlier(paragraphs, shingle_set(paragraphs), earlier_sets, set().union(*earlier_sets), rules)


def relation_to_earlier(
    paragraphs: Sequence[str], new: set[int], earlier_sets: Sequence[set[int]], union: set[int], rules: MatchRules
) -> Relation:
    """Copy or update of a text (``paragraphs``, shingles ``new``) against earlier texts given by their shingle sets
    and the union of those sets: an update holds most of one earlier text and adds a paragraph none of them has."""
    if not any(len(e & new) / len(e) >= rules.update_containment for e in earlier_sets if e):
        return Relation.COPY
    return Relation.UPDATE if new_paragraph_count(paragraphs, union, rules) > 0 else Relation.COPY
