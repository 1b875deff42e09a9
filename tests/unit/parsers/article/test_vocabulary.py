"""The word lists as data: every file reads, none repeats an entry, every kind has English, a new file counts."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from parsers.article import vocabulary

DATA_FILES = sorted(path for path in vocabulary.DATA.glob("*/*") if path.suffix in (".txt", ".toml"))
# Kinds whose entries are regular-expression fragments rather than plain words.
FRAGMENT_KINDS = ("furniture_phrases", "promo_phrases", "live_pointers")


def test_there_are_data_files() -> None:
    assert len(vocabulary.kinds()) >= 10
    assert all(path.parent.name in vocabulary.kinds() for path in DATA_FILES)


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_every_file_reads_without_repeats(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".toml":
        table = tomllib.loads(text)
        names = [name for entry in table.values() for name in entry.get("names", [])]
        assert all(isinstance(entry.get("names"), list) for entry in table.values())
        assert len(names) == len(set(names)), f"{path}: a name twice"
        return
    entries = vocabulary.parse_lines(text)
    # Only an English file may list nothing: it says why English has no such words (credit suffixes).
    assert entries or path.stem == "en", f"{path}: no entries"
    repeated = {entry for entry in entries if entries.count(entry) > 1}
    assert not repeated, f"{path}: {sorted(repeated)} twice"


@pytest.mark.parametrize("kind", vocabulary.kinds())
def test_every_kind_has_english(kind: str) -> None:
    assert "en" in vocabulary.languages(kind)
    assert vocabulary.languages(kind)[0] == "en"


@pytest.mark.parametrize("kind", FRAGMENT_KINDS)
def test_fragments_compile_one_by_one(kind: str) -> None:
    for fragment in vocabulary.words(kind):
        re.compile(fragment)


def test_comments_and_blank_lines_are_skipped_and_inner_spaces_kept() -> None:
    assert vocabulary.parse_lines("# a comment\n\n  read more  \nfoto\n   # indented comment\n") == (
        "read more",
        "foto",
    )


def test_a_new_language_file_is_picked_up(tmp_path: Path) -> None:
    (tmp_path / "labels").mkdir()
    (tmp_path / "labels" / "en.txt").write_text("# English\nphoto\npicture\n", encoding="utf-8")
    (tmp_path / "labels" / "xx.txt").write_text("kuvva\nphoto\n", encoding="utf-8")
    (tmp_path / "labels" / "de.txt").write_text("bild\n", encoding="utf-8")
    assert vocabulary.kinds(tmp_path) == ("labels",)
    assert vocabulary.languages("labels", tmp_path) == ("en", "de", "xx")
    # English first, then by language code; a word two languages share comes once, where it is first seen.
    assert vocabulary.words("labels", tmp_path) == ("photo", "picture", "bild", "kuvva")


def test_a_new_language_table_is_merged(tmp_path: Path) -> None:
    (tmp_path / "agencies").mkdir()
    (tmp_path / "agencies" / "en.toml").write_text('[AP]\nnames = ["AP"]\n', encoding="utf-8")
    (tmp_path / "agencies" / "xx.toml").write_text('[XNA]\nnames = ["Xana News"]\n', encoding="utf-8")
    assert vocabulary.table("agencies", tmp_path) == {"AP": {"names": ["AP"]}, "XNA": {"names": ["Xana News"]}}


def test_the_parser_uses_the_data() -> None:
    from parsers.article import agencies
    from parsers.article.fields import credits

    assert agencies.normalise("Agencia EFE") == "EFE"
    assert set(vocabulary.words_of("credit_labels", "fi")) <= set(credits.CREDIT_LABELS)
    assert credits.reads_as_credit("Kuva: Jaana Virtanen")


@pytest.mark.parametrize("lang", vocabulary.languages("screen_reader_phrases"))
def test_every_screen_reader_phrase_holds_a_hint(lang: str) -> None:
    # clean() looks for the phrases only in text holding a hint: a phrase without one would never be taken out.
    hints = vocabulary.words_of("screen_reader_hints", lang)
    for phrase in vocabulary.words_of("screen_reader_phrases", lang):
        assert any(hint.lower() in phrase.lower() for hint in hints), phrase
