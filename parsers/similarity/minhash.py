"""MinHash signatures of an article's word 5-shingles and their LSH band keys.

A signature is 128 unsigned 32-bit minima, one per hash permutation; the share of equal positions
in two signatures estimates the Jaccard similarity of the two shingle sets. Band keys group the
signature into bands of a few rows each: two articles that agree on every row of any one band are
candidates, to be verified by their estimated similarity before they are called the same story.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from parsers.similarity.fingerprint import stable_key, words

PERMUTATIONS = 128
SHINGLE_WORDS = 5
BANDS = 42
ROWS_PER_BAND = 3
"""42 bands of 3 rows: an article pair at Jaccard 0.46 (the most edited copies) becomes a candidate
with probability 0.99, at 0.3 with 0.68 (paragraph keys catch most of the rest); unrelated pairs,
which share under 1 % of their shingles, almost never do."""

_U64 = npt.NDArray[np.uint64]
_U32 = npt.NDArray[np.uint32]
_EMPTY_MINIMUM = np.uint32(0xFFFFFFFF)


def _permutation_constants(name: str) -> _U64:
    values = [stable_key("minhash", name, str(i)) & 0xFFFFFFFFFFFFFFFF for i in range(PERMUTATIONS)]
    return np.array(values, dtype=np.uint64)


# Multiply-shift hashing (a odd, b random, high 32 bits of a*x+b mod 2^64) over well-mixed
# 64-bit shingle hashes; constants derive from fixed names so every process agrees.
_MULTIPLIERS = _permutation_constants("a") | np.uint64(1)
_OFFSETS = _permutation_constants("b")


@dataclass(frozen=True)
class TextSignature:
    """The MinHash signature of a text and the number of distinct shingles it was built from."""

    minima: bytes
    shingle_count: int

    def array(self) -> _U32:
        return np.frombuffer(self.minima, dtype="<u4").astype(np.uint32)

    def band_keys(self) -> list[int]:
        """One signed 64-bit key per band; empty for a text without shingles."""
        if self.shingle_count == 0:
            return []
        width = 4 * ROWS_PER_BAND
        return [stable_key("band", str(band), self.minima[band * width : (band + 1) * width]) for band in range(BANDS)]


class _WordHashes(dict[str, int]):
    """Words' 64-bit hashes, kept because news vocabulary repeats from article to article; a dict looked up
    through ``map`` costs no Python call per known word (an ``lru_cache`` cost one, most of a signature's time).
    Emptied when it reaches ``LIMIT`` words."""

    LIMIT = 1 << 18

    def __missing__(self, word: str) -> int:
        if len(self) >= self.LIMIT:
            self.clear()
        value = self[word] = stable_key(word) & 0xFFFFFFFFFFFFFFFF
        return value


_WORD_HASHES = _WordHashes()


def _word_hashes(text_words: Sequence[str]) -> _U64:
    return np.fromiter(map(_WORD_HASHES.__getitem__, text_words), dtype=np.uint64, count=len(text_words))


def _mix(values: _U64) -> _U64:
    """The splitmix64 finaliser: spreads every input bit over the whole 64-bit result."""
    values = (values ^ (values >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    values = (values ^ (values >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return values ^ (values >> np.uint64(31))


def shingle_hashes(text_words: Sequence[str], size: int = SHINGLE_WORDS) -> _U64:
    """Distinct 64-bit hashes of the word ``size``-grams (the whole text if it is shorter)."""
    if not text_words:
        return np.empty(0, dtype=np.uint64)
    hashed = _word_hashes(text_words)
    width = min(size, len(hashed))
    count = len(hashed) - width + 1
    combined = hashed[:count].copy()
    with np.errstate(over="ignore"):
        for offset in range(1, width):
            combined = _mix(combined * np.uint64(0x9E3779B97F4A7C15) + hashed[offset : offset + count])
    return np.unique(combined)


def signature_of(hashes: _U64) -> TextSignature:
    """The MinHash signature of a set of shingle hashes."""
    if len(hashes) == 0:
        minima = np.full(PERMUTATIONS, _EMPTY_MINIMUM, dtype="<u4")
        return TextSignature(minima.tobytes(), 0)
    with np.errstate(over="ignore"):
        permuted = (hashes[:, None] * _MULTIPLIERS[None, :] + _OFFSETS[None, :]) >> np.uint64(32)
    minima = permuted.min(axis=0).astype("<u4")
    return TextSignature(minima.tobytes(), len(hashes))


def text_signature(paragraphs: Iterable[str]) -> TextSignature:
    """The signature of paragraphs read as one text (shingles run across paragraph breaks)."""
    text_words: list[str] = []
    for paragraph in paragraphs:
        text_words.extend(words(paragraph))
    return signature_of(shingle_hashes(text_words))


def estimated_jaccard(first: TextSignature, second: TextSignature) -> float:
    """The share of signature positions on which the two texts agree; 0 if either is empty."""
    if first.shingle_count == 0 or second.shingle_count == 0:
        return 0.0
    return float(np.count_nonzero(first.array() == second.array())) / PERMUTATIONS
