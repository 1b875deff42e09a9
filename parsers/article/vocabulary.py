"""The word lists of the article parser, read from data files: ``data/<kind>/<language>.txt`` (or ``.toml``).

A ``.txt`` file holds one entry per line; blank lines and lines starting with ``#`` are skipped, and an entry
keeps its inner spaces. A ``.toml`` file holds entries with structure (an agency and the names it prints). Adding
a language is adding one file per kind: every module that uses a kind builds its patterns from all its files.
Files are read once per process (``functools.cache``); the modules that use them build their patterns at import.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

# Beside this module; pyproject.toml ships it in the wheel (package-data).
DATA = Path(__file__).with_name("data")
# English first so that a kind reads in the order the parser was written in; the other languages by their code.
FIRST = "en"


def languages(kind: str, root: Path = DATA) -> tuple[str, ...]:
    """The languages that have a file of ``kind``, English first."""
    names = {entry.name.split(".", 1)[0] for entry in _files(kind, root)}
    return tuple(sorted(names, key=lambda lang: (lang != FIRST, lang)))


def words(kind: str, root: Path = DATA) -> tuple[str, ...]:
    """Every entry of ``kind``'s text files, language after language in file order; an entry two languages share
    ("foto") once, where it is first seen."""
    return tuple(dict.fromkeys(entry for lang in languages(kind, root) for entry in words_of(kind, lang, root)))


def alternation(kind: str, root: Path = DATA) -> str:
    """The entries of ``kind`` joined by "|", for a pattern (kinds whose entries are regular-expression fragments,
    or words that need no escaping)."""
    return "|".join(words(kind, root))


@cache
def words_of(kind: str, lang: str, root: Path = DATA) -> tuple[str, ...]:
    """The entries of one language's text file of ``kind``."""
    return parse_lines((root / kind / f"{lang}.txt").read_text(encoding="utf-8"))


def table(kind: str, root: Path = DATA) -> dict[str, Any]:
    """The TOML files of ``kind`` merged into one table, language after language (a later key replaces one)."""
    merged: dict[str, Any] = {}
    for lang in languages(kind, root):
        merged.update(table_of(kind, lang, root))
    return merged


@cache
def table_of(kind: str, lang: str, root: Path = DATA) -> dict[str, Any]:
    """One language's TOML file of ``kind``."""
    return tomllib.loads((root / kind / f"{lang}.toml").read_text(encoding="utf-8"))


def kinds(root: Path = DATA) -> tuple[str, ...]:
    """Every kind that has a folder of data files."""
    return tuple(sorted(entry.name for entry in root.iterdir() if entry.is_dir() and not entry.name.startswith("_")))


def parse_lines(text: str) -> tuple[str, ...]:
    """The entries of a text file: one a line, without blank lines and ``#`` comment lines."""
    lines = (line.strip() for line in text.splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


def _files(kind: str, root: Path) -> list[Path]:
    folder = root / kind
    return [entry for entry in folder.iterdir() if entry.name.endswith((".txt", ".toml"))]
