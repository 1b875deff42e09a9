"""The dateline wire copy starts with (``TRIPOLI, Libya (AFP) —``), split and cut from its paragraph: the first,
or one of the first ``SEARCH`` after page furniture or a standfirst.

The grammar is a short list of named shapes, each a pattern and the signals it needs to count (data at the top,
logic below). A place in capitals, a known place, a US state or postal part, a country part or a source in
brackets is a signal; a sentence that merely starts with a capitalised word, or a label such as
``EDITOR'S NOTE:`` or ``CLAIM:``, has none and is not a dateline.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from parsers.article import agencies, vocabulary
from parsers.article.fields.places import PLACES
from parsers.article.model import Dateline

# ---- the words --------------------------------------------------------------------------------------------------
UPPER = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯŞĞİÇÖÜ"
LOWER = "a-zß-öø-ÿā-žа-яşğıçöü"
# Lower-case words inside a title-case place ("Frankfurt am Main", "Stratford-upon-Avon", "Dar es Salaam",
# "Frankfurt an der Oder", "Freiburg im Breisgau", "Bergen op Zoom").
CONNECTORS = "am|an|de|del|la|las|los|sur|upon|on|es|el|al|da|do|dos|das|di|du|des|der|den|im|ob|aan|op"
CONNECTOR_WORDS = frozenset(CONNECTORS.split("|"))
CAPS_WORD = rf"[{UPPER}][{UPPER}.'’-]*"
# A title-case word, with the prefixes that keep a capital inside ("McAllen", "DeKalb", "LaGrange", "O'Fallon").
TITLE_WORD = rf"(?:Mc|Mac|De|La|Le|O['’])?[{UPPER}][{LOWER}.'’-]+"
CAPS_PLACE = rf"{CAPS_WORD}(?:\s+{CAPS_WORD}){{0,3}}"
TITLE_PLACE = rf"{TITLE_WORD}(?:[\s-]+(?:{TITLE_WORD}|{CONNECTORS})){{0,3}}"
# Cities joined by a slash: "LONDON/PARIS", "London/Teheran".
CAPS_PLACES = rf"{CAPS_PLACE}(?:\s?/\s?{CAPS_PLACE})*"
TITLE_PLACES = rf"{TITLE_PLACE}(?:\s?/\s?{TITLE_PLACE})*"
# Before an agency in brackets a place may be longer ("Santa Cruz de la Sierra (EFE)", "SANTA CRUZ DE LA SIERRA,
# Bolivia (AP)"): the agency is the signal, so a run of up to seven words is read as the place.
LONG = 6
LONG_CAPS_PLACES = rf"{CAPS_WORD}(?:\s+{CAPS_WORD}){{0,{LONG}}}(?:\s?/\s?{CAPS_PLACE})*"
LONG_TITLE_PLACES = rf"{TITLE_WORD}(?:[\s-]+(?:{TITLE_WORD}|{CONNECTORS})){{0,{LONG}}}(?:\s?/\s?{TITLE_PLACE})*"
# A place in lower or mixed case ("washington (AP)", "New york (Reuters)"): read only before a known agency.
LOOSE_PLACE = rf"[{UPPER}{LOWER}][{UPPER}{LOWER}'’.-]*(?:\s+[{UPPER}{LOWER}][{UPPER}{LOWER}'’.-]*){{0,4}}"
# A river or region after a city, after a slash or in brackets ("Frankfurt/Main", "Halle (Saale)"): it tells the
# city from its namesakes and is no second city (data/dateline_place_qualifiers/).
QUALIFIERS = frozenset(word.upper() for word in vocabulary.words("dateline_place_qualifiers"))
_QUALIFIER_WORDS = "|".join(re.escape(word) for word in vocabulary.words("dateline_place_qualifiers"))
BRACKETED_QUALIFIER = rf"(?:\s*\((?i:{_QUALIFIER_WORDS})\))?"
SLASH = re.compile(r"\s?/\s?")
# The part after the place: a state ("Ill.", "MA 02108"), a country ("Libya", "SOUTH KOREA").
REGION = rf"[{UPPER}][\w.'’ -]{{0,30}}?"
# Starts of month words in the languages we read (data/dateline_months/), the rest of the word after them.
# Each start once: the same abbreviation in several languages ("nov") need not be tried again.
_MONTH_STARTS = "|".join(dict.fromkeys(word.lower() for word in vocabulary.words("dateline_months")))
MONTH = rf"(?i:{_MONTH_STARTS})[\w.]*"
DATE = rf"(?:{MONTH}\s+\d{{1,2}}|\d{{1,2}}(?:er|\.)?\s+(?:de\s+)?{MONTH})(?:,?\s+\d{{4}})?"
# "From our correspondent" before the place (Italian, French, English papers).
CORRESPONDENT = rf"(?:{vocabulary.alternation('dateline_correspondents')})\s*"
SOURCE = r"\((?P<agency>[^()]{1,40})\)"
# Separators: after a source anything goes; after a bare place only a dash or a colon with a space after it
# (a hyphen only spaced on both sides, so "Port-au-Prince" and "co-founder" never split).
ANY_SEP = r"(?P<dash>\s*(?:—|–|--|-|_|\.-|:)\s*)"
SEP = rf"(?P<dash>\s*(?:—|–|--)(?:\s+|(?=[{UPPER}\"“„«‘'0-9]))|\s*:\s+|\s+-\s+)"
LEAD = rf"(?:,\s*(?P<region>{REGION}))??(?:,\s*(?P<date>{DATE}))?"

# A source in brackets that names no agency we know: a station's call sign ("KXYZ", "WABC-TV") or an outlet of a
# few capitalised words ("Example News").
CALL_SIGN = re.compile(r"[A-Z]{3,5}(?:-(?:TV|FM|AM|DT))?")
OUTLET = re.compile(rf"[{UPPER}0-9][\w&.'’-]*(?:\s+(?:[{UPPER}][\w&.'’-]*|of|the|and|&)){{0,3}}")
# A postal state after a place, with or without its ZIP code ("MA", "MA 02108").
POSTAL = re.compile(r"(?P<state>[A-Z]{2})(?:\s+\d{5}(?:-\d{4})?)?")
# Endings of capitalised words that make a kicker ("CHINESE AGGRESSION:"), not a place.
NOT_PLACE_ENDINGS = re.compile(r"(?:ESE|ISM|ION|MENT|NESS|ISTS?|ICS|ISH|ANCE|ENCE|AGE)\b")
# Capitalised lead-ins that are labels, kickers or sentence openings, not places; compared in upper case.
NOT_PLACES = frozenset(vocabulary.words("dateline_not_places"))
REGIONS = frozenset(vocabulary.words("dateline_regions"))
REGIONS_UPPER = frozenset(region.upper() for region in REGIONS)
COUNTRIES = {country.upper(): country for country in vocabulary.words("countries")}
KNOWN_PLACES = frozenset(place.upper() for place in PLACES)
# Each known place's spelling, by its name in capitals (for a place printed in lower case: "washington").
GAZETTEER = {place.upper(): place for place in PLACES}
# A run of capitals that starts with a given name is a person ("JOHN SMITH —"), unless it ends as places do
# ("ELIZABETH CITY") or the gazetteer knows it.
GIVEN_NAMES = frozenset(name.upper() for name in vocabulary.words("given_names"))
PLACE_WORDS = frozenset(word.upper() for word in vocabulary.words("place_words"))
# Words that begin a known place's name ("New", "The" of "New York", "The Hague") begin other places too.
PLACE_FIRST_WORDS = frozenset(place.split()[0].upper() for place in PLACES if " " in place)
# How every lead-in starts: a letter (a place in lower case only before an agency), a bracket, or the CJK openers.
LEAD_START = re.compile(rf"[{UPPER}{LOWER}(【新中]")
# The start of a sentence after a lead-in (spaces skipped).
SENTENCE_START = re.compile(rf"\s*[{UPPER}\"“„«‘'0-9]")
MAX_TEXT = 80
MAX_PLACE = 40
CJK = 0x2E80
MIN_REST = 20
# A paragraph after a place printed alone must be text, not another label.
MIN_FOLLOWING = 60
# A paragraph this long before the dateline is a standfirst; shorter ones are page furniture (a kicker, a byline).
MIN_STANDFIRST = 60
SEARCH = 5
DASHES = ("—", "–", "--")


# ---- the shapes -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Shape:
    """A way datelines are printed: the pattern of the lead-in and the signals it needs to count."""

    name: str
    pattern: re.Pattern[str]
    accept: Callable[[re.Match[str]], bool]


def _sourced(match: re.Match[str]) -> bool:
    """``CITY, Region, Mon D (SOURCE) —``: a known agency is enough; another source needs a place we trust, or
    with no place at all a dash and a name that is surely a source (a call sign, an outlet of two words or more).

    Without a separator after the brackets the text must go on with the start of a sentence.
    """
    if not (match.group("dash") or "").strip() and not _sentence_starts(match):
        return False
    source = match.group("agency")
    if _agency(source):
        return True
    if not _source_like(source):
        return False
    city = match.group("city")
    if city is not None and (_opener(city) or _person(city)):
        return False
    if city is None:
        dash = (match.group("dash") or "").strip()
        return dash.startswith(DASHES) and (" " in source.strip() or bool(CALL_SIGN.fullmatch(source.strip())))
    if _region_signal(match.group("region")) or _known(city):
        return True
    return _caps(city) and not _kicker(city)


def _loose_sourced(match: re.Match[str]) -> bool:
    """``washington (AP) —``, ``New york (Reuters) -``: a place in lower or mixed case counts only before a known
    agency printed as agencies print their names ("AP", "dpa", not "ap") and a separator, and only when the place
    is a known one or a sentence starts after it; ordinary lower-case text never makes a dateline."""
    source = match.group("agency")
    if not (match.group("dash") or "").strip() or not _agency(source) or not agencies.find(source):
        return False
    city = match.group("city")
    if _known(city):
        return True
    # A sentence opener or label among the words ("in washington", "update"), as places' first words are not.
    words = (word.upper() for word in city.split() if word.lower() not in CONNECTOR_WORDS)
    return not any(word in NOT_PLACES and word not in PLACE_FIRST_WORDS for word in words) and _sentence_starts(match)


def _known_source(match: re.Match[str]) -> bool:
    return _agency(match.group("agency")) is not None


def _caps_lead(match: re.Match[str]) -> bool:
    """``LONDON —``, ``SEOUL, South Korea —``; before a colon only a known place or one with a region part."""
    city = match.group("city")
    if len(re.sub(r"\W", "", city)) < 3 or _opener(city):
        return False
    if (_kicker(city) or _person(city)) and not _region_signal(match.group("region")):
        return False
    if match.group("dash").strip() != ":":
        return True
    if match.group("date"):
        return False
    return _known(match.group("city")) or _region_signal(match.group("region"))


def _title_region(match: re.Match[str]) -> bool:
    """``Springfield, Ill. —``, ``Boston, MA 02108 –``, ``Oslo, Norway:``: the state or country is the signal."""
    return _region_signal(match.group("region")) and _sentence_starts(match) and not _opener(match.group("city"))


def _known_title(match: re.Match[str]) -> bool:
    """``Asunción:``, ``Kyiv —``, ``London/Paris —``: a title-case word before a colon or dash is a label
    ("Fazit:", "Update:") or a name unless a known place (every place, when several are joined; a river or region
    after the city's slash is no place of its own: "Frankfurt/Main —")."""
    return all(_known(place) for place in _cities(match.group("city")).split("/")) and _sentence_starts(match)


def _spaced_hyphen(match: re.Match[str]) -> bool:
    """``Berlin -``, ``London/Teheran -`` (German papers); two unknown title-case words are a name."""
    places = match.group("city").split("/")
    if _opener(places[0]) or any(_kicker(place) for place in places):
        return False
    return all(" " not in place or _known(place) for place in places)


def _always(match: re.Match[str]) -> bool:
    return True


SHAPES = (
    # (ANSA) - ROMA, 1 DIC -  (the agency first, then the place and date)
    Shape(
        "source_first",
        re.compile(rf"^\((?P<agency>[^()]{{1,20}})\)\s*[-–—]\s*(?P<city>{CAPS_PLACES})(?:,\s*(?P<date>{DATE}))?{SEP}"),
        _known_source,
    ),
    # CITY, Region, Mon D (AGENCY) —  |  City (dpa) -  |  Month D (Reuters) -  |  (CNN) —  |  Lisbon (Example News)
    Shape(
        "sourced",
        re.compile(
            rf"^(?:(?P<city>{LONG_CAPS_PLACES}|{LONG_TITLE_PLACES}){BRACKETED_QUALIFIER}{LEAD}\s*|(?P<date2>{DATE})\s+)?"
            rf"{SOURCE}{ANY_SEP}?"
        ),
        _sourced,
    ),
    # washington (AP) —  |  New york (Reuters) -  (a place in lower or mixed case: only before a known agency)
    Shape("loose_sourced", re.compile(rf"^(?P<city>{LOOSE_PLACE})\s*{SOURCE}{ANY_SEP}"), _loose_sourced),
    # CITY, Region, Mon D —  |  NEW DELHI:  |  DALLA NOSTRA CORRISPONDENTE NEW YORK -
    Shape("caps", re.compile(rf"^(?:{CORRESPONDENT})?(?P<city>{CAPS_PLACES}){LEAD}{SEP}"), _caps_lead),
    # Springfield, Ill. —  |  Boston, MA 02108 –  |  Oslo, Norway:
    Shape(
        "title_region",
        re.compile(rf"^(?P<city>{TITLE_PLACES}),\s*(?P<region>{REGION})(?:,\s*(?P<date>{DATE}))?{SEP}"),
        _title_region,
    ),
    # City.-  (Spanish agency style)
    Shape(
        "spanish",
        re.compile(rf"^(?P<city>{CAPS_PLACE}|{TITLE_PLACE})(?:,\s*(?P<date>{DATE}))?(?P<dash>\s*\.-\s*)"),
        _always,
    ),
    # Berlin - / London/Teheran -  (German style: place, spaced hyphen, capitalised sentence)
    Shape(
        "spaced_hyphen",
        re.compile(rf"^(?P<city>{TITLE_PLACES}){BRACKETED_QUALIFIER}(?P<dash>\s+[-–]\s+)(?=[{UPPER}„\"])"),
        _spaced_hyphen,
    ),
    # Asunción:  |  Kyiv —  |  London/Paris —  (known places in title case before a colon or a dash)
    Shape("known_title", re.compile(rf"^(?P<city>{TITLE_PLACES}){BRACKETED_QUALIFIER}{SEP}"), _known_title),
    # NEW YORK, Dec. 1, 2026 /PRNewswire/ --  |  MOSCOW, December 1. /TASS/.  (the source between slashes)
    Shape(
        "release",
        re.compile(rf"^(?P<city>{CAPS_PLACE}){LEAD}[,.]?\s+/(?P<agency>[\w .-]{{2,30}})/\.?{ANY_SEP}?"),
        _always,
    ),
    # 【ソウル＝小池和樹】 (Japanese: place = reporter)
    Shape("japanese", re.compile(r"^【(?P<city>[^＝=】]{1,12})[＝=][^】]{0,20}】(?P<dash>)"), _always),
    # 新华社北京4月24日电 (Chinese agency lead-in)
    Shape(
        "chinese",
        re.compile(r"^(?P<agency>新华社|中新社)(?P<city>[^\d\s]{2,6}?)(?P<date>\d{1,2}月\d{1,2}日)电(?P<dash>\s*)"),
        _always,
    ),
)
# A place printed alone as the first paragraph ("Ankara", "ZUG, SWITZERLAND"), before the text.
ALONE = re.compile(rf"^(?P<city>{CAPS_PLACE}|{TITLE_PLACE})(?:,\s*(?P<region>{REGION}))?$")


# ---- the logic --------------------------------------------------------------------------------------------------
def cut(paragraphs: tuple[str, ...]) -> tuple[Dateline | None, tuple[str, ...], int]:
    """The dateline of the first paragraphs, cut from its paragraph (the rest of the paragraph stays), and the
    index of that paragraph.

    Past the first paragraph any dateline after a standfirst; otherwise only one with a signal of its own (a
    source, a region or country part, a known place, a place in capitals before a dash), never one that merely
    has the shape (a title-case word before a hyphen may be a name after a stray line).
    """
    for index, paragraph in enumerate(paragraphs[:SEARCH]):
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        found = split(paragraph, following)
        if found and (not index or _may_follow(paragraphs[:index], found)):
            line, rest = found
            kept = (rest,) if rest else ()
            return line, (*paragraphs[:index], *kept, *paragraphs[index + 1 :]), index
    return None, paragraphs, 0


def _may_follow(before: tuple[str, ...], found: tuple[Dateline, str]) -> bool:
    """Whether a dateline may stand after the paragraphs ``before`` it (a caption, a byline, story highlights)."""
    if len(before) == 1 and len(before[0]) >= MIN_STANDFIRST:
        return True
    if not _strong(found[0]):
        return False
    # A lead-in printed with its dash or source counts wherever it stands; a place alone on its line only
    # after short lines (further down it is more likely a subheading).
    return found[0].text != found[0].city or all(len(paragraph) < MIN_STANDFIRST for paragraph in before)


def split(paragraph: str, following: str | None = None) -> tuple[Dateline, str] | None:
    """The dateline at the start of ``paragraph`` and the rest of it, or None when it has none.

    ``following`` is the next paragraph: a place, or a whole lead-in with a place, printed alone in a paragraph
    is a dateline only when text follows.
    """
    alone = _alone(paragraph, following)
    if alone:
        return alone, ""
    match = _lead_in(paragraph)
    if match:
        return _dateline(match), paragraph[match.end() :].lstrip()
    if following and len(following) >= MIN_FOLLOWING and len(paragraph) <= MAX_TEXT:
        # "WASHINGTON (AP) —" in a paragraph of its own: read it with the text it leads into.
        match = _lead_in(f"{paragraph.strip()} {following}")
        if match and match.group(0).strip() == paragraph.strip() and match.groupdict().get("city"):
            return _dateline(match), ""
    return None


def _lead_in(paragraph: str) -> re.Match[str] | None:
    if not LEAD_START.match(paragraph):
        return None
    for shape in SHAPES:
        match = shape.pattern.match(paragraph)
        if match and _plausible(match, paragraph) and shape.accept(match):
            return match
    return None


def _alone(paragraph: str, following: str | None) -> Dateline | None:
    """A place alone on its line: a known place, or any place with a state or country part."""
    if not following or len(following) < MIN_FOLLOWING or len(paragraph) > MAX_PLACE:
        return None
    match = ALONE.match(paragraph)
    if not match:
        return None
    city = match.group("city")
    if _not_a_place(city) or _opener(city) or not (_known(city) or _region_signal(match.group("region"))):
        return None
    return _dateline(match)


def _plausible(match: re.Match[str], paragraph: str) -> bool:
    """What every shape needs: a short lead-in, text after it, and no label where the place stands."""
    text = match.group(0).strip()
    if not text or len(text) > MAX_TEXT or len(paragraph) - match.end() < MIN_REST:
        return False
    city = match.groupdict().get("city")
    if city and ord(city[0]) < CJK and _not_a_place(city):
        return False
    rest = paragraph[match.end() :].lstrip()
    return bool(rest) and rest[0] not in ",;)"


def _sentence_starts(match: re.Match[str]) -> bool:
    """The text after the lead-in starts a sentence (a capital, a quote or a figure)."""
    return bool(SENTENCE_START.match(match.string, match.end()))


def _opener(city: str) -> bool:
    """A title-case run that starts with a sentence opener ("In Berlin", "The Senate"), unless a known place."""
    first = city.split()[0].upper()
    return first in NOT_PLACES and first not in PLACE_FIRST_WORDS and not _known(city)


def _not_a_place(city: str) -> bool:
    return city.strip(" .").upper() in NOT_PLACES


def _kicker(city: str) -> bool:
    """Capitalised words with the endings of a kicker ("CHINESE AGGRESSION"), unless a known place; a place with
    a signal of its own may end so ("ANCHORAGE, Alaska", "PROVIDENCE, R.I.", "LAWRENCE (AP)")."""
    return bool(NOT_PLACE_ENDINGS.search(city.upper())) and not _known(city)


def _strong(line: Dateline) -> bool:
    """A dateline with a signal beyond its shape: a source, a region or country part, a known place, or a place
    in capitals before a dash ("DUBLIN —", not "KICKER:")."""
    if line.agency or line.region or line.country or (line.city and _known(line.city)):
        return True
    return _caps(line.text) and line.text.endswith(DASHES)


def _known(place: str) -> bool:
    return place.strip().upper() in KNOWN_PLACES


def _caps(place: str) -> bool:
    return place == place.upper() and any(char.isalpha() for char in place)


def _region_signal(region: str | None) -> bool:
    """A US state or postal part, or a country, after the place."""
    return region is not None and (_us_region(region) is not None or region.strip().upper() in COUNTRIES)


def _us_region(region: str) -> str | None:
    """The state or province of a region part as printed ("Ill.", "MA" of "MA 02108"), or None."""
    region = region.strip()
    postal = POSTAL.fullmatch(region)
    if postal and postal.group("state") in REGIONS:
        return postal.group("state")
    return region if region in REGIONS or (region.upper() in REGIONS_UPPER and len(region) > 2) else None


def _source_like(source: str) -> bool:
    """A station's call sign or an outlet's name, not a place, a country, a city's river or region ("(Oder)") or a
    note ("(Germany)", "(file)")."""
    source = source.strip()
    if source.upper() in COUNTRIES or source.upper() in QUALIFIERS or _known(source) or _us_region(source):
        return False
    if source.upper() in NOT_PLACES or (_note_word(source.split()[0]) and not _outlet_name(source)):
        return False  # "(Video)", "(Sponsored content)", "(Updated)"; not "(New Zimbabwe)"
    return bool(CALL_SIGN.fullmatch(source) or OUTLET.fullmatch(source))


def _note_word(word: str) -> bool:
    return word.upper() in NOT_PLACES


def _outlet_name(source: str) -> bool:
    """An outlet named like a place ("New Zimbabwe", "The Harbour Times"): every word capitalised, the first one
    of those that begin places' names."""
    words = source.split()
    return len(words) > 1 and words[0].upper() in PLACE_FIRST_WORDS and all(word[0].isupper() for word in words)


def _person(city: str) -> bool:
    """A given name and a surname in capitals ("JOHN SMITH", "MARIA DE LA CRUZ"), not a known place and not ending
    as places do ("ELIZABETH CITY")."""
    words = city.split()
    if not 2 <= len(words) <= 4 or words[0].upper() not in GIVEN_NAMES or words[-1].upper() in PLACE_WORDS:
        return False
    return not _known(city)


def _agency(raw: str) -> str | None:
    """The agency of a parenthesised source: ``AP``, ``AFP/dpa`` (first one), ``CNN``."""
    for part in re.split(r"[/,;]|\s+-\s+", raw):
        words = part.split()
        # The agency's name may come first in a longer source ("Reuters Breakingviews", "CNN Business").
        for size in range(len(words), 0, -1):
            short = agencies.normalise(" ".join(words[:size])) or agencies.NATIVE_NAMES.get(part)
            if short:
                return short
    return None


def _dateline(match: re.Match[str]) -> Dateline:
    groups = match.groupdict()
    city, source = groups.get("city"), groups.get("agency")
    if city and not source and agencies.normalise(city):
        city, source = None, city  # an outlet with no city ("Reuters -", "AFP —"): the agency, not a place
    region, country = _region_and_country(groups.get("region"))
    return Dateline(
        text=match.group(0).strip(),
        city=_title(_cities(city)) if city else None,
        region=region,
        country=country,
        agency=(_agency(source) or source.strip()) if source else None,
        date=groups.get("date") or groups.get("date2"),
    )


def _region_and_country(part: str | None) -> tuple[str | None, str | None]:
    """A region part split into a state ("Wis.", "MA") or a country ("Libya", "Switzerland")."""
    if not part or not part.strip():
        return None, None
    state = _us_region(part)
    if state:
        return state, None
    part = part.strip()
    return None, COUNTRIES.get(part.upper(), part)


def _cities(place: str) -> str:
    """The cities of a slash-joined place: "London/Paris" (the story filed from both) stays whole, but a part after
    the first that is a river or region (data/dateline_place_qualifiers/, "Main", "Oder", "Saale", "Breisgau") and
    no city the gazetteer knows only says which namesake is meant, so "Frankfurt/Main" is "Frankfurt"."""
    parts = SLASH.split(place.strip())
    if len(parts) < 2:
        return place
    cities = [parts[0], *(part for part in parts[1:] if part.upper() not in QUALIFIERS or _known(part))]
    return place if len(cities) == len(parts) else "/".join(cities)


def _title(place: str) -> str:
    place = place.strip()
    if place != place.upper():
        return _loose_title(place) if place[0].islower() or _mixed(place) else place
    return re.sub(r"(?<=\w)([’'])(\w)(?!\w)", lambda m: m.group(1) + m.group(2).lower(), place.title())


def _mixed(place: str) -> bool:
    """A place in mixed case as no place is printed ("New york"): a word after the first in lower case that is
    not one of the words places keep in lower case."""
    return any(word[0].islower() and word not in CONNECTOR_WORDS for word in place.split()[1:])


def _loose_title(place: str) -> str:
    """A place printed in lower or mixed case as places are written: the gazetteer's spelling, else every word
    capitalised but the connectors ("rio de janeiro" is "Rio de Janeiro")."""
    if place.upper() in GAZETTEER:
        return GAZETTEER[place.upper()]
    words = place.split()
    return " ".join(
        word if index and word in CONNECTOR_WORDS else word[:1].upper() + word[1:] for index, word in enumerate(words)
    )
