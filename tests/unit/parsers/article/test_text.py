"""Text normalisation: the fast paths of clean() and fold() give what the plain regular expressions give."""

from __future__ import annotations

import re
import unicodedata

from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from parsers.article import text
from parsers.article.text import LINE_BREAK, clean, fold

SPACE = re.compile(r"\s+")
# Text made of the characters these functions treat specially, and some others.
SAMPLES = st.text(
    st.sampled_from(
        [
            *(" ", "\n", "\t", "\u00a0", "\u2003", "\u3000", "\x1c", "\u00ad", "\u200b", "\ufeff", LINE_BREAK),
            *("‘", "’", "“", "„", "«", "–", "—", "−", "ﬁ", "Ⅳ", "a", "N", "É", "ß", ",", "("),
        ]
    )
)


@given(st.from_regex(text._SCREEN_READER))
def test_every_screen_reader_phrase_has_a_hint(phrase: str) -> None:
    assert text._SCREEN_READER_HINT.search(phrase)


@given(st.one_of(SAMPLES, st.text()))
def test_clean_is_the_plain_substitutions(sample: str) -> None:
    collapsed = SPACE.sub(" ", text._INVISIBLE.sub("", sample).replace(LINE_BREAK, " ")).strip()
    assert clean(sample) == SPACE.sub(" ", text._SCREEN_READER.sub("", collapsed)).strip()


@given(st.one_of(SAMPLES, st.text()))
def test_fold_is_the_plain_translation(sample: str) -> None:
    quotes = str.maketrans(dict(text._QUOTES))
    plain = unicodedata.normalize("NFKC", sample).translate(quotes)
    assert fold(sample) == SPACE.sub(" ", plain).strip().lower()


def test_screen_reader_phrases_go() -> None:
    assert clean("Read the report (opens in a new window) today") == "Read the report today"
    assert clean("Der Bericht, öffnet in einem neuen Fenster") == "Der Bericht"
    assert clean("a\u200bb\u00a0 c\ue000d") == "ab c d"


def test_a_long_blank_run_beside_a_hint_word() -> None:
    """The fuzz found it: the phrases' leading \\s* tried at each blank of a run cost the run's square (8,000
    no-break spaces: 46 s). Blanks are collapsed first now; a phrase broken over a line is found too."""
    assert clean("new" + "\u00a0" * 20_000 + "story (opens\nin a new tab)") == "new story"


def test_ancestor_is_the_nearest_named_element_above_as_find_parent_finds_it() -> None:
    soup = BeautifulSoup(
        "<figure id='outer'><a href='/x'><div><figure id='inner'><img src='a.jpg'></figure></div></a></figure>",
        "lxml",
    )
    img = soup.find("img")
    assert img is not None
    found = text.ancestor(img, frozenset({"figure", "a"}))
    assert found is img.find_parent(["figure", "a"]) and found is not None and found["id"] == "inner"
    assert text.ancestor(img, frozenset({"a"})) is img.find_parent("a")
    assert text.ancestor(img, frozenset({"aside"})) is None
