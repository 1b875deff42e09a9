"""News agencies: the names they print and the short name we store."""

from __future__ import annotations

import re

from parsers.article import vocabulary

# Short name -> names and abbreviations as printed (matched case-insensitively, whole words): data/agencies/.
_TABLE = vocabulary.table("agencies")
AGENCIES: dict[str, tuple[str, ...]] = {short: tuple(entry["names"]) for short, entry in _TABLE.items()}
# Names printed in a dateline in the agency's own script ("新华社" for Xinhua).
NATIVE_NAMES: dict[str, str] = {
    name: short for short, entry in _TABLE.items() for name in entry.get("dateline_names", ())
}

_BY_ALIAS = {alias.lower(): short for short, aliases in AGENCIES.items() for alias in aliases}
_ALIASES = sorted(_BY_ALIAS, key=len, reverse=True)
# Every name an agency prints, longest first, as one regular-expression alternation.
ALTERNATION = "|".join(re.escape(a) for a in _ALIASES)
_ANY = re.compile(r"(?<![\w-])(" + ALTERNATION + r")(?![\w-])", re.IGNORECASE)
_TRAILING = re.compile(r"[\s,]+(" + ALTERNATION + r")\s*$", re.IGNORECASE)
# Lower-case abbreviations the agencies print themselves ("dpa"): the names written in lower case in the data.
_LOWER_CASE = frozenset(alias for aliases in AGENCIES.values() for alias in aliases if alias.islower())


def normalise(name: str | None) -> str | None:
    """The short name of an agency printed as ``name`` (whole string), or None."""
    if not name:
        return None
    return _BY_ALIAS.get(name.strip().strip(".").lower())


def find(text: str | None, *, loose: bool = False) -> str | None:
    """The first agency named in ``text``; short abbreviations count in upper case only, unless ``loose``."""
    if not text:
        return None
    for match in _ANY.finditer(text):
        if _trusted(match.group(1), loose):
            return _BY_ALIAS[match.group(1).lower()]
    return None


def split_trailing(text: str) -> tuple[str, str | None]:
    """``text`` without an agency name at its end ("MARIA LOPEZ Associated Press"), and that name as printed."""
    match = _TRAILING.search(text)
    if not match or not _trusted(match.group(1), loose=False):
        return text, None
    return text[: match.start()], match.group(1)


def _trusted(word: str, loose: bool) -> bool:
    """Short abbreviations count in upper case only, unless ``loose``."""
    if loose or word == word.upper():
        return True
    return len(word) > 4 or word.lower() in _LOWER_CASE
