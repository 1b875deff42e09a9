"""News agencies: the names they print and the short name we store."""

from __future__ import annotations

import re

# Short name -> names and abbreviations as printed (matched case-insensitively, whole words).
AGENCIES: dict[str, tuple[str, ...]] = {
    "AP": ("AP", "Associated Press", "The Associated Press"),
    "AFP": ("AFP", "Agence France-Presse", "Agence France Presse", "Agence France-Press"),
    "Reuters": ("Reuters", "Thomson Reuters"),
    "dpa": ("dpa", "Deutsche Presse-Agentur", "dpa-AFX"),
    "EFE": ("EFE", "Agencia EFE"),
    "ANSA": ("ANSA",),
    "Anadolu": ("AA", "Anadolu", "Anadolu Agency", "Anadolu Ajansı"),
    "Xinhua": ("Xinhua", "Xinhua News Agency"),
    "Kyodo": ("Kyodo", "Kyodo News"),
    "PA": ("PA", "PA Media", "Press Association", "PA Wire"),
    "UPI": ("UPI", "United Press International"),
    "Bloomberg": ("Bloomberg",),
    "APA": ("APA",),
    "KNA": ("KNA",),
    "epd": ("epd",),
    "Europa Press": ("Europa Press",),
    "TASS": ("TASS",),
    "Interfax": ("Interfax",),
    "RIA Novosti": ("RIA Novosti",),
    "Yonhap": ("Yonhap",),
    "Jiji": ("Jiji", "Jiji Press"),
    "PTI": ("PTI", "Press Trust of India"),
    "IANS": ("IANS",),
    "ANI": ("ANI",),
    "AAP": ("AAP", "Australian Associated Press"),
    "CP": ("CP", "The Canadian Press", "Canadian Press"),
    "SDA": ("SDA", "Keystone-SDA", "sda"),
    "ANP": ("ANP",),
    "Belga": ("Belga",),
    "NTB": ("NTB",),
    "TT": ("TT",),
    "PAP": ("PAP",),
    "CTK": ("ČTK", "CTK"),
    "Lusa": ("Lusa",),
    "CNN": ("CNN",),
    "Bernama": ("Bernama",),
    "Antara": ("Antara",),
    "WAFA": ("WAFA",),
    "IRNA": ("IRNA",),
    "MENA": ("MENA",),
    "AGI": ("AGI",),
    "Adnkronos": ("Adnkronos",),
}
# Abbreviations that are also ordinary words: only trusted inside parentheses or credit lines.
AMBIGUOUS = frozenset({"AA", "PA", "TT", "CP", "ANI", "AP"})

_BY_ALIAS = {alias.lower(): short for short, aliases in AGENCIES.items() for alias in aliases}
_ALIASES = sorted(_BY_ALIAS, key=len, reverse=True)
_ALTERNATION = "|".join(re.escape(a) for a in _ALIASES)
_ANY = re.compile(r"(?<![\w-])(" + _ALTERNATION + r")(?![\w-])", re.IGNORECASE)
_TRAILING = re.compile(r"[\s,]+(" + _ALTERNATION + r")\s*$", re.IGNORECASE)
# Lower-case abbreviations the agencies print themselves.
_LOWER_CASE = frozenset({"dpa", "epd", "sda"})


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
