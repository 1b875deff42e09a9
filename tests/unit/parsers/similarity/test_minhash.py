from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.similarity import minhash
from parsers.similarity.fingerprint import stable_key, words
from parsers.similarity.minhash import (
    BANDS,
    PERMUTATIONS,
    estimated_jaccard,
    shingle_hashes,
    signature_of,
    text_signature,
)

VOCABULARY = [f"w{i}" for i in range(400)]


def test_shingles_are_word_five_grams() -> None:
    assert len(shingle_hashes(words("a b c d e f g"))) == 3
    assert len(shingle_hashes(words("a b c"))) == 1
    assert len(shingle_hashes([])) == 0
    assert set(shingle_hashes(words("a b c d e"))) != set(shingle_hashes(words("e d c b a")))


def test_signature_is_stable_and_has_one_minimum_per_permutation() -> None:
    text = ["The forces of Libyan military strongman Khalifa Haftar rained rockets on the capital."]
    first, second = text_signature(text), text_signature(text)
    assert first == second
    assert len(first.minima) == 4 * PERMUTATIONS
    assert len(first.band_keys()) == BANDS
    assert first.band_keys() == second.band_keys()


def test_empty_text_has_no_band_keys_and_matches_nothing() -> None:
    empty = text_signature([])
    assert empty.shingle_count == 0
    assert empty.band_keys() == []
    assert estimated_jaccard(empty, empty) == 0.0


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(VOCABULARY), min_size=120, max_size=300), st.integers(0, 100))
def test_estimated_jaccard_is_close_to_the_true_jaccard(text: list[str], cut: int) -> None:
    a, b = shingle_hashes(text), shingle_hashes(text[cut:] + text[:cut][::-1])
    true = len(set(a.tolist()) & set(b.tolist())) / len(set(a.tolist()) | set(b.tolist()))
    # Four standard deviations of a 128-permutation estimate at worst (J = 0.5): 4 * sqrt(0.25 / 128).
    assert abs(estimated_jaccard(signature_of(a), signature_of(b)) - true) <= 0.18


def test_similar_texts_share_band_keys_and_unrelated_ones_do_not() -> None:
    base = [f"Paragraph {i} tells of rockets on Tripoli and of towns lost in the west, day {i}." for i in range(8)]
    trimmed = base[:-1]
    other = [f"Paragraph {i} is about harbour bridge repairs closing lanes at night, week {i}." for i in range(8)]
    keys = set(text_signature(base).band_keys())
    assert keys & set(text_signature(trimmed).band_keys())
    assert not keys & set(text_signature(other).band_keys())


def test_word_hashes_stay_the_same_when_their_table_is_emptied(monkeypatch: pytest.MonkeyPatch) -> None:
    text = ["The harbour committee met on Tuesday to review the new ferry timetable for the winter."]
    before = text_signature(text)
    monkeypatch.setattr(minhash._WordHashes, "LIMIT", 4)
    table = minhash._WordHashes()
    monkeypatch.setattr(minhash, "_WORD_HASHES", table)
    assert text_signature(text) == before  # the table filled and emptied itself while hashing
    assert 0 < len(table) <= 4
    assert table["harbour"] == stable_key("harbour") & 0xFFFFFFFFFFFFFFFF
