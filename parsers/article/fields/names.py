"""Author names in a printed credit line: labels, roles, places, dates and employers taken off, names split."""

from __future__ import annotations

import re

from parsers.article import agencies, vocabulary
from parsers.article.fields.places import PLACES
from parsers.article.text import clean

# "By", "Von", "Por", "Par", "Di", "Av", "Door", "Af", "Od" at the start, as a word of its own, after an optional
# word saying what the credit is for ("Reporting by", "Ein Beitrag von", "Texto de", "Fotos von").
_LEAD = vocabulary.alternation("byline_leads")
_FOR_WHAT = vocabulary.alternation("credit_purposes")
LEAD_WORD = re.compile(rf"^\s*(?:(?:{_FOR_WHAT})\s+)?(?:{_LEAD})\s*[:：]?\s+", re.IGNORECASE)
# A label ending in a colon ("Texto:", "Reportase:", "Fotos:", "责编：", "Text und Fotos:"): up to three words.
COLON_LABEL = re.compile(r"^\s*([^\W\d_][^\W\d_.'’-]*(?:[ -][^\W\d_]+){0,2})\s*[:：]\s*")
# Credits for something other than the words: their names are not the authors.
PICTURES = re.compile(rf"\b(?:{vocabulary.alternation('picture_credit_words')})\b", re.IGNORECASE)
# Editors, translators and "additional reporting" help; the credited authors are the others (Reuters' style).
HELPING = re.compile(rf"\b(?:{vocabulary.alternation('helping_credit_words')})\b", re.IGNORECASE)
WRITING = re.compile(rf"\b(?:{vocabulary.alternation('writing_credit_words')})\b", re.IGNORECASE)
# Where a helping credit starts inside a segment ("By Jane Doe. Edited by Sam Poe"): a segment of its own.
HELPING_START = re.compile(rf"[\s.,]+(?=(?:{vocabulary.alternation('helping_credit_words')})\b)", re.IGNORECASE)
# "Jane Doe with AFP", "With AFP": the agency credited beside the writer is a credit of its own.
WITH = re.compile(rf"(?:^|\s+)(?:{vocabulary.alternation('byline_with_words')})\s+", re.IGNORECASE)
# A credit word left alone once what followed it is dropped ("From" of "From staff reports"): no name.
WITH_WORDS = frozenset(word.lower() for word in vocabulary.words("byline_with_words"))
# Where the names end: the first digit, an English date ("Jul. 19"), a word of the date line or share bar after them.
NAMES_END = re.compile(
    r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d|"
    rf"\b(?:{vocabulary.alternation('byline_end_words')})\b",
    re.IGNORECASE,
)
# Credits of different kinds ("Reporting by X; Editing by Y") are segments; names within one are split again.
SEGMENT = re.compile(r"\s*[;；|]\s*")
_AND = "|".join(rf"\b{word}\b" for word in vocabulary.words("name_conjunctions"))
SPLIT = re.compile(
    rf"\s*(?:,|，|、|/|&|{_AND})\s*",
    re.IGNORECASE,
)
BRACKETED = re.compile(r"[(（]([^()（）]*)[)）]")
# Where the writer was: "Tim Kelly in Tokyo", "Anna Schmidt aus Berlin", "Jean Dupont à Paris".
PLACE = re.compile(rf"\s+(?:{vocabulary.alternation('byline_place_words')})\s+\S.*$", re.IGNORECASE)
# Job titles: a name ends where one begins ("Emma Mackenzie Lifestyle Writer").
ROLES = re.compile(rf"\b(?:{vocabulary.alternation('byline_roles')})\b", re.IGNORECASE)
DATEISH = re.compile(rf"\d|\b(?:{vocabulary.alternation('byline_time_words')})\b", re.IGNORECASE)
URLISH = re.compile(r"https?://|www\.|@|\.com\b")
# A web address printed beside a name ("Bradley Kuhn (http://example.org/bk)"): taken off before names are split.
WEB_ADDRESS = re.compile(r"\(?\s*(?:https?://|www\.)[^\s()]*\)?")
MAX_NAME = 60
MAX_NAME_WORDS = 5
# An agency's name as it prints it, inside a job title ("AP Medical Writer", "JANE DOE AP Business Writer").
_AS_PRINTED = "|".join(re.escape(name) for names in agencies.AGENCIES.values() for name in names)
AGENCY_IN_TITLE = re.compile(rf"(?<![\w-])(?:{_AS_PRINTED})(?![\w-])")
# Places printed beside an agency in a credit ("AFP, MANILA"): where the copy was filed, not a name.
PLACE_KEYS = frozenset(place.upper() for place in PLACES)


def split_names(text: str, *, printed: bool = True) -> list[str]:
    """Names in a printed byline: lead word stripped, split on and/,/&, roles, dates and places dropped."""
    names = credited(text, printed=printed)
    # "By JANE DOE, Associated Press": the agency is her employer, an author only when no person is credited.
    people = [n for n in names if agencies.normalise(n) is None]
    return people or names


def credited(text: str, *, printed: bool = True) -> list[str]:
    """Every name a byline credits, people and agencies ("The Associated Press and Gazette staff" gives both)."""
    text = WEB_ADDRESS.sub(" ", clean(text)).strip()
    text = _unbracket(text if printed else LEAD_WORD.sub("", text))
    # A printed byline runs on into its date line; structured names are names ("BR24 Redaktion", "mbl.is").
    end = NAMES_END.search(text) if printed else None
    text = text[: end.start()] if end else text
    names: list[str] = []
    for segment in _segments(text) if printed else [text]:
        for part in _parts(segment, printed):
            name = _name(part, printed)
            if name:
                names.append(name)
    if any(agencies.normalise(name) for name in names):
        names = [name for name in names if name.upper() not in PLACE_KEYS]  # "AFP, MANILA"
    return names


def _segments(text: str) -> list[str]:
    """The credits of a printed byline: split where another kind of credit begins ("; Editing by")."""
    return [piece for segment in SEGMENT.split(text) for piece in HELPING_START.split(segment)]


def _cased(word: str) -> bool:
    return word[0].lower() != word[0].upper()


def _unbracket(text: str) -> str:
    """A credit line wrapped in brackets, "(责编：牛镛、岳弘彬)", without them."""
    if len(text) > 2 and text[0] in "(（" and text[-1] in ")）" and not BRACKETED.search(text[1:-1]):
        return text[1:-1].strip()
    return text


def _parts(segment: str, printed: bool) -> list[str]:
    """The name-sized parts of one credit, none when it credits pictures or editing, not the words."""
    if not printed:
        return SPLIT.split(segment)
    label = COLON_LABEL.match(segment) or LEAD_WORD.match(segment)
    if label:
        said = label.group(0)
        if HELPING.search(said) or (PICTURES.search(said) and not WRITING.search(said)):
            return []
        segment = segment[label.end() :]
    # "Jean Dupont (AFP)": a bracketed agency is an employer beside the names; "(avec Ana Ruiz et Lea Roy)" names
    # co-writers; other brackets say where or what.
    bracketed = [found for inner in BRACKETED.findall(segment) for found in _bracketed_credit(inner)]
    parts = [*SPLIT.split(BRACKETED.sub(" ", segment)), *bracketed]
    return [piece for part in parts for piece in _without_employer(part)]


def _bracketed_credit(inner: str) -> list[str]:
    """The credits a bracket beside the names holds: an agency, or co-writers after a credit word ("with")."""
    if agencies.normalise(inner):
        return [inner]
    lead = WITH.match(inner)
    if not lead or HELPING.search(inner) or agencies.normalise(inner[lead.end() :]):
        return []
    return SPLIT.split(inner[lead.end() :])


def _without_employer(part: str) -> list[str]:
    """ "MARIA LOPEZ Associated Press", "Jane Doe with AFP": a name followed by its agency without a comma is two
    parts."""
    for word in WITH.finditer(part):
        if agencies.normalise(part[word.end() :]):
            return [part[: word.start()], part[word.end() :]]
    rest, agency = agencies.split_trailing(part)
    if agency and len(rest.split()) >= 2:
        return [rest, agency]
    return [part]


def _name(part: str, printed: bool) -> str | None:
    # A bullet or a bar after the name sets off what follows it ("James Doe • 8h", "Jane Doe |").
    part = LEAD_WORD.sub("", clean(part)).strip(" .:-–—()•·|")
    if printed:
        part = PLACE.sub("", part)
    if not part or (printed and DATEISH.search(part)) or URLISH.search(part):
        return None
    if not any(char.isalpha() for char in part):
        return None  # an account number ("105092"), not a name
    if agencies.normalise(part):
        return part
    role = ROLES.search(part)
    if role:
        part = part[: role.start()].strip(" ,.-–—")
        # An agency's job title: "AP Medical Writer" is the agency, "JANE DOE AP Business Writer" the person.
        agency = AGENCY_IN_TITLE.search(part)
        if agency and not agency.start():
            return agency.group()
        if agency and len(part[: agency.start()].split()) >= 2:
            part = part[: agency.start()].strip(" ,.-–—")
    if not part or len(part) > MAX_NAME or len(part.split()) > MAX_NAME_WORDS or part.lower() in WITH_WORDS:
        return None
    # Latin names start with a capital ("comments" is not a name); other scripts have no case.
    if printed and part[0].isalpha() and _cased(part) and not part[0].isupper():
        return None
    return part
