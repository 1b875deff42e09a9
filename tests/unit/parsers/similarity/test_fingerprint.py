from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parsers.similarity.fingerprint import (
    content_hash,
    normalise_text,
    normalise_url,
    paragraph_key,
    paragraphs_hash,
    stable_key,
    words,
)


def test_words_fold_typography_case_and_punctuation() -> None:
    assert list(words("L’homme « don’t » — well‐known: 3.5% OK!")) == [
        "lhomme",
        "dont",
        "well",
        "known",
        "3",
        "5",
        "ok",
    ]


def test_words_split_unspaced_scripts_into_characters() -> None:
    assert list(words("日本語のテキスト")) == ["日", "本", "語", "の", "テ", "キ", "ス", "ト"]


def test_words_keep_combining_marks_inside_words() -> None:
    assert list(words("समस्तीपुर पुलिस")) == ["समस्तीपुर", "पुलिस"]


def test_soft_hyphen_and_zero_width_characters_do_not_split_words() -> None:
    assert list(words("inter\u00adnational zero\u200bwidth")) == ["international", "zerowidth"]


def test_content_hash_equal_for_a_refetch_with_other_quotes_dashes_and_spacing() -> None:
    first = "“The criminal militia,” he said — firing dozens of rockets.\n\nIt’s over."
    again = '"The criminal militia," he said - firing  dozens of rockets. It\'s over.'
    assert content_hash(first) == content_hash(again)
    assert content_hash(first) != content_hash(first.replace("dozens", "hundreds"))


def test_content_hash_is_sha256_of_the_normalised_words() -> None:
    import hashlib

    assert content_hash("Hello, World!") == hashlib.sha256(b"hello world").hexdigest()


@given(st.text())
def test_normalisation_is_idempotent(text: str) -> None:
    assert normalise_text(normalise_text(text)) == normalise_text(text)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://Example.COM:443/a/b?utm_source=x&utm_medium=y#frag", "https://example.com/a/b"),
        ("http://example.com:80/story?id=7&fbclid=abc&gclid=1", "http://example.com/story?id=7"),
        ("https://example.com:8443/story", "https://example.com:8443/story"),
        ("https://example.com/story?b=2&a=1&mc_cid=9", "https://example.com/story?a=1&b=2"),
        ("https://example.com/news/story/amp/", "https://example.com/news/story"),
        ("https://example.com/news/story.amp", "https://example.com/news/story"),
        ("https://example.com/news/story?outputType=amp", "https://example.com/news/story"),
        ("https://example.com", "https://example.com/"),
    ],
)
def test_normalise_url(url: str, expected: str) -> None:
    assert normalise_url(url) == expected


@given(
    st.sampled_from(["http", "https"]),
    st.from_regex(r"[a-z]{1,8}\.[a-z]{2,3}", fullmatch=True),
    st.from_regex(r"(/[a-z0-9-]{1,8}){0,3}", fullmatch=True),
    st.dictionaries(st.from_regex(r"[a-z]{1,5}", fullmatch=True), st.from_regex(r"[a-z0-9]{0,4}", fullmatch=True)),
)
def test_normalise_url_is_idempotent(scheme: str, host: str, path: str, params: dict[str, str]) -> None:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    once = normalise_url(f"{scheme}://{host}{path}?{query}")
    assert normalise_url(once) == once


def test_paragraph_key_ignores_typography_and_short_lines() -> None:
    long = "The UN says hundreds of people have been killed since the battle began."
    assert paragraph_key(long) == paragraph_key(long.upper().replace(".", "!"))
    assert paragraph_key("Read more") is None


def test_stable_key_is_a_signed_64_bit_integer_that_depends_on_part_boundaries() -> None:
    key = stable_key("band", "1")
    assert -(2**63) <= key < 2**63
    assert key == stable_key("band", "1")
    assert stable_key("ab", "c") != stable_key("a", "bc")


@given(st.lists(st.text(), max_size=6))
def test_the_paragraphs_hash_is_the_content_hash_of_the_body(paragraphs: list[str]) -> None:
    assert paragraphs_hash(paragraphs) == content_hash("\n\n".join(paragraphs))


def test_the_paragraphs_hash_of_a_greek_final_sigma_and_a_combining_mark_at_a_break() -> None:
    paragraphs = ["ΟΔΥΣΣΕΑΣ", "\u0301e second", "l'été — “quoted”"]
    assert paragraphs_hash(paragraphs) == content_hash("\n\n".join(paragraphs))
