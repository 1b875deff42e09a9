"""The dateline wire copy starts with (``TRIPOLI, Libya (AFP) —``), split and cut from the first paragraph.

Only a lead-in of a known shape counts: a place in capitals or an agency in parentheses followed by a dash
or a colon. A sentence that merely starts with a capitalised place, or a label such as ``EDITOR'S NOTE:``,
is not one.
"""

from __future__ import annotations

import re

from parsers.article import agencies, vocabulary
from parsers.article.fields.places import PLACES
from parsers.article.model import Dateline

UPPER = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯŞĞİÇÖÜ"
LOWER = "a-zß-öø-ÿā-žа-яşğıçöü"
CAPS_PLACE = rf"[{UPPER}][{UPPER}.'’-]*(?:\s+[{UPPER}][{UPPER}.'’-]*){{0,3}}"
TITLE_PLACE = (
    rf"[{UPPER}][{LOWER}.'’-]+(?:[\s-]+(?:[{UPPER}][{LOWER}.'’-]+|am|an|de|del|la|sur|upon|on))"
    r"{0,3}"
)
REGION = rf"[{UPPER}][\w.'’ -]{{0,30}}?"
# Starts of month words in the languages we read (data/dateline_months/), the rest of the word after them.
# Each start once: the same abbreviation in several languages ("nov") need not be tried again.
_MONTH_STARTS = "|".join(dict.fromkeys(word.lower() for word in vocabulary.words("dateline_months")))
MONTH = rf"(?i:{_MONTH_STARTS})[\w.]*"
DATE = rf"(?:{MONTH}\s+\d{{1,2}}|\d{{1,2}}\.?\s+{MONTH})"
# "From our correspondent" before the place (Italian, French, English papers).
CORRESPONDENT = rf"(?:{vocabulary.alternation('dateline_correspondents')})\s*"
AGENCY = r"\((?P<agency>[^()]{1,40})\)"
DASH = r"(?P<dash>\s*(?:—|–|--|-|_|\.-|:)\s*)"
SHAPES = (
    # CITY, Region, Mon D (AGENCY) —    |  City (dpa) -  |  Month D (Reuters) -  |  (CNN) —
    re.compile(
        rf"^(?:(?P<city>{CAPS_PLACE}|{TITLE_PLACE})(?:,\s*(?P<region>{REGION}))??(?:,\s*(?P<date>{DATE}))?"
        rf"\s*|(?P<date2>{DATE})\s+)?{AGENCY}{DASH}?"
    ),
    # CITY, Region, Mon D —   |   CITY:   |   LONDON -   |   DALLA NOSTRA CORRISPONDENTE NEW YORK -
    re.compile(
        rf"^(?:{CORRESPONDENT})?(?P<city>{CAPS_PLACE})(?:,\s*(?P<region>{REGION}))??(?:,\s*(?P<date>{DATE}))?"
        r"(?P<dash>\s*(?:—|–|--|:)\s+|\s+-\s+)"
    ),
    # City.-  (Spanish agency style)
    re.compile(rf"^(?P<city>{CAPS_PLACE}|{TITLE_PLACE})(?:,\s*(?P<date>{DATE}))?(?P<dash>\s*\.-\s*)"),
    # Berlin - / London/Teheran -  (German style: place, spaced hyphen, capitalised sentence)
    re.compile(rf"^(?P<city>{TITLE_PLACE}(?:/{TITLE_PLACE})*)(?P<dash>\s+[-–]\s+)(?=[{UPPER}„\"])"),
    # Asunción:  (a known place in title case before a colon)
    re.compile(rf"^(?P<city>{TITLE_PLACE})(?P<dash>:\s+)(?=[{UPPER}])"),
    # 【ソウル＝小池和樹】 (Japanese: place = reporter)
    re.compile(r"^【(?P<city>[^＝=】]{1,12})[＝=][^】]{0,20}】(?P<dash>)"),
    # 新华社北京4月24日电 (Chinese agency lead-in)
    re.compile(r"^(?P<agency>新华社|中新社)(?P<city>[^\d\s]{2,6}?)(?P<date>\d{1,2}月\d{1,2}日)电(?P<dash>\s*)"),
)
# A place printed alone as the first paragraph ("Ankara"), before the text.
PLACE_ALONE = re.compile(rf"^[{UPPER}][{LOWER}]+$")
# Endings of capitalised words that make a kicker ("CHINESE AGGRESSION:"), not a place.
NOT_PLACE_ENDINGS = re.compile(r"(?:ESE|ISM|ION|MENT|NESS|ISTS?|ICS|ISH|ANCE|ENCE|AGE)\b")
# Capitalised lead-ins that are labels, kickers or sentence openings, not places.
NOT_PLACES = frozenset(vocabulary.words("dateline_not_places"))
US_REGIONS = frozenset(vocabulary.words("dateline_regions"))
MAX_TEXT = 80
MAX_PLACE = 30
CJK = 0x2E80
MIN_REST = 20


def split(paragraph: str, following: str | None = None) -> tuple[Dateline, str] | None:
    """The dateline at the start of ``paragraph`` and the rest of it, or None when it has none.

    ``following`` is the next paragraph: a place alone in a paragraph is a dateline only when text follows.
    """
    alone = PLACE_ALONE.match(paragraph)
    if (
        alone
        and following
        and len(following) > MIN_REST * 3
        and paragraph.upper() not in NOT_PLACES
        and len(paragraph) <= MAX_PLACE
    ):
        return Dateline(text=paragraph, city=_title(paragraph)), ""
    for shape in SHAPES:
        match = shape.match(paragraph)
        if match and _plausible(match, paragraph):
            rest = paragraph[match.end() :].lstrip()
            return _dateline(match), rest
    return None


def _plausible(match: re.Match[str], paragraph: str) -> bool:
    groups = match.groupdict()
    text = match.group(0).strip()
    if not text or len(text) > MAX_TEXT or len(paragraph) - match.end() < MIN_REST:
        return False
    city = groups.get("city")
    agency = groups.get("agency")
    if agency is not None and not _agency(agency):
        return False
    if not city or ord(city[0]) >= CJK:
        return agency is not None or match.group(0).startswith("【")
    if (city and city.strip(" .").upper() in NOT_PLACES) or NOT_PLACE_ENDINGS.search(city.upper()):
        return False
    if agency is None:
        # Without an agency the place must be in capitals ("LONDON —", "NEW DELHI:"), or be followed by
        # the Spanish ".-" or the German spaced hyphen.
        letters = re.sub(r"[^\w]", "", city or "")
        dash = (groups["dash"] or "").strip()
        lower_place = city != (city or "").upper() and dash not in (".-", "-", "–")
        if len(letters) < 3 or (lower_place and not (dash == ":" and city in PLACES)):
            return False
        if (groups["dash"] or "").strip() == ":" and groups.get("date"):
            return False
    rest = paragraph[match.end() :].lstrip()
    return bool(rest) and rest[0] not in ",;)"


def _agency(raw: str) -> str | None:
    """The agency of a parenthesised source: ``AP``, ``AFP/dpa`` (first one), ``CNN``."""
    for part in re.split(r"[/,;]|\s+-\s+", raw):
        short = agencies.normalise(part) or agencies.NATIVE_NAMES.get(part)
        if short:
            return short
    return None


def _dateline(match: re.Match[str]) -> Dateline:
    groups = match.groupdict()
    city = groups.get("city")
    region: str | None = groups.get("region")
    country: str | None = None
    if region and region.strip() not in US_REGIONS:
        country = region.strip()
        region = None
    return Dateline(
        text=match.group(0).strip(),
        city=_title(city) if city else None,
        region=region.strip() if region else None,
        country=country,
        agency=_agency(groups["agency"]) if groups.get("agency") else None,
        date=groups.get("date") or groups.get("date2"),
    )


def _title(place: str) -> str:
    place = place.strip()
    if place != place.upper():
        return place
    return re.sub(r"(?<=\w)([’'])(\w)", lambda m: m.group(1) + m.group(2).lower(), place.title())
