"""Publication and update times, normalised to ISO 8601 with the page's UTC offset (UTC when the page gives none)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

from bs4 import Tag

from parsers.article import vocabulary
from parsers.article.document import Page
from parsers.article.structured import as_text
from parsers.article.text import clean, elements

PUBLISHED_LD = ("datePublished", "dateCreated", "uploadDate")
UPDATED_LD = ("dateModified",)
PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "published_time",
    "article.published",
    "pubdate",
    "publishdate",
    "publish-date",
    "sailthru.date",
    "parsely-pub-date",
    "dc.date.issued",
    "dc.date",
    "dcterms.date",
    "date",
    "cxenseparse:recs:publishtime",
    "article:published",
)
UPDATED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "last-modified",
    "dcterms.modified",
)
_ISO = re.compile(
    r"(\d{4})-?(\d{2})-?(\d{2})(?:[T\s]+(\d{1,2}):?(\d{2})(?::?(\d{2}))?(?:[.,]\d+)?\s*"
    r"(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?"
)
# Zone abbreviations printed in dates ("Fri Apr 28 19:20:36 CEST 2023", "10:32 a.m. ET"). A fixed offset, or
# for the US zones printed without saying standard or daylight time, the zone's rules. Ambiguous ones (IST, CST
# in Asia) are left out.
ZONE_NAMES: dict[str, tzinfo] = {
    **{
        name: timezone(timedelta(hours=hours))
        for name, hours in {
            "CET": 1,
            "CEST": 2,
            "MEZ": 1,
            "MESZ": 2,
            "WET": 0,
            "WEST": 1,
            "BST": 1,
            "EET": 2,
            "EEST": 3,
            "MSK": 3,
            "TRT": 3,
            "TSİ": 3,
            "TSI": 3,
            "EST": -5,
            "EDT": -4,
            "CDT": -5,
            "MST": -7,
            "MDT": -6,
            "PST": -8,
            "PDT": -7,
            "JST": 9,
            "KST": 9,
            "HKT": 8,
            "SGT": 8,
            "PHT": 8,
            "AWST": 8,
            "WIB": 7,
            "ICT": 7,
            "PKT": 5,
            "EAT": 3,
            "SAST": 2,
            "CAT": 2,
            "WAT": 1,
            "AEST": 10,
            "AEDT": 11,
            "NZST": 12,
            "NZDT": 13,
            "AKST": -9,
            "AKDT": -8,
            "HST": -10,
        }.items()
    },
    "ET": ZoneInfo("America/New_York"),
    "CT": ZoneInfo("America/Chicago"),
    "MT": ZoneInfo("America/Denver"),
    "PT": ZoneInfo("America/Los_Angeles"),
}
_ZONE_ALTERNATION = "|".join(sorted(ZONE_NAMES, key=len, reverse=True))
_ZONE_NAME = re.compile(rf"\b({_ZONE_ALTERNATION})\b")
# Month names as printed, in the languages we read (data/month_names/: line N names month N): lower-case
# name -> month number. A name two languages share ("mar") means the same month in both.
MONTHS: dict[str, int] = {
    name.lower(): number
    for lang in vocabulary.languages("month_names")
    for number, line in enumerate(vocabulary.words_of("month_names", lang), 1)
    for name in line.split()
}
_MONTH = r"[^\W\d_]{3,}\.?"
# A printed date: "02.06.2020", "Do 25.04.24" (a two-digit year is of this century), "2026-03-03", "2026/03/03",
# "2026年3月3日", "3/14/2026", "3 mars 2026", "3. März 2026", "3 de marzo de 2026", "March 3, 2026", "Mar. 3rd 2026".
_PRINTED_DATE = re.compile(
    # Chinese and Japanese dates follow a word with no space between ("时间2026年3月3日"): no word boundary.
    r"(?<!\d)(?P<cy>\d{4})\s?年\s?(?P<cm>\d{1,2})\s?月\s?(?P<cd>\d{1,2})\s?日"
    r"|\b(?:(?P<nd>\d{1,2})\.\s?(?P<nm>\d{1,2})\.\s?(?P<ny>\d{4}|\d{2})(?![\d.])"
    r"|(?P<iy>\d{4})(?P<isep>[-/])(?P<im>\d{1,2})(?P=isep)(?P<id>\d{1,2})(?!\d)"
    r"|(?P<s1>\d{1,2})/(?P<s2>\d{1,2})/(?P<sy>\d{4})(?!\d)"
    rf"|(?P<dd>\d{{1,2}})(?:\.|er|º|st|nd|rd|th)?\s+(?:de\s+)?(?P<dm>{_MONTH}),?\s+(?:de\s+)?(?P<dy>\d{{4}})(?!\d)"
    rf"|(?P<mm>{_MONTH})\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<my>\d{{4}})(?!\d))"
)
# A time of day: "16:03", "14.30 Uhr", "14h30", "14 h 30", "10:32 a.m.".
_TIME = (
    r"(?P<time>(?P<hour>\d{1,2})\s?(?::|\.|h)\s?(?P<minute>[0-5]\d)(?![\d.,]\d)(?::\d{2})?"
    r"(?:\s*(?P<ampm>[AaPp]\.?\s?[Mm]\b\.?))?(?:\s*(?:Uhr|hs|horas|Hrs?)\b\.?)?)"
)
_BETWEEN = vocabulary.alternation("date_time_words")
# The time printed after its date ("3 mars 2026 à 14h30", "04.03.2024 | 16:03", "Mart 2026 Salı 14:30") ...
_TIME_AFTER = re.compile(rf"(?i:\s*(?:[,|/–—•·-]\s*)?(?:(?:{_BETWEEN})\s+)?){_TIME}")
# ... or before it ("10:32 AM EST, Tue March 3, 2026", "14:30 - 3 mars 2026"): at the end of the text before it.
_TIME_BEFORE = re.compile(
    rf"{_TIME}(?:\s*\(?[A-ZİŞ]{{2,4}}(?:\s*[+-]\d{{1,2}}(?::?\d{{2}})?)?\)?)?\s*[,|/–—•·-]?\s*(?:[^\W\d_]{{2,}}\.?,?\s+)?$"
)
# A twelve-hour time of day ("2:37 PM", "2:37 p.m.").
_TWELVE_HOUR = re.compile(r"\d\s?[AaPp]\.?\s?[Mm]\b")
# A zone printed after a time: "4:03 PM EST", "16:03 (UTC+2)", "10:15 GMT", "14:30 GMT+3".
_PRINTED_ZONE = re.compile(rf"\s*\(?(?:(UTC|GMT)(?:\s*([+-]\d{{1,2}})(?::?(\d{{2}}))?)?|({_ZONE_ALTERNATION}))(?!\w)")
# The day of a dateline's date: "March 3", "4月24日".
_DAY = re.compile(r"(?<!\d)\d{1,2}(?!\d)")
_WORD = re.compile(r"[^\W\d_]+")
_CJK_DAY = re.compile(r"(\d{1,2})月(\d{1,2})日")
MONTHS_IN_YEAR = 12
# How far before a date a time printed first may start.
TIME_BEFORE_CHARS = 40
# How much of the article's text the fallback reads for a printed date.
VISIBLE_CHARS = 3000


# How much of the moment a found time states: the date only (or midnight, the usual placeholder), a time of
# day, a time of day with its zone. The most specific time that agrees with the rest is the publication time.
DATE_ONLY, MINUTE, ZONED = 0, 1, 2
# Header elements whose printed text is read for the time beside the byline.
PRINTED_CLASSES = frozenset(vocabulary.words("date_class_words"))
PRINTED_ELEMENTS = 12
LIST_DAYS = 3
PRINTED_MAX_CHARS = 160
# Containers of other stories' times: links and navigation, and list items, asides or footers that link to a
# headline (a teaser). One without such a link may hold the article's own byline and time.
ELSEWHERE = frozenset({"a", "nav"})
TEASER_HOLDERS = frozenset({"li", "aside", "footer"})
LINKS = frozenset({"a"})
TEASER_LINK_WORDS = 4
# Attribute hints of an update time, which is never the publication time.
UPDATE_HINTS = ("modif", "updat")
# Printed labels of an update time ("Updated 5:10 PM", "Aktualisiert am", "Mis à jour le"), looked for in the text
# between a date and the date (or start) before it, up to ``UPDATE_LABEL_CHARS`` back.
UPDATE_LABEL = re.compile(rf"(?<!\w)(?:{vocabulary.alternation('date_update_words')})(?!\w)", re.IGNORECASE)
UPDATE_LABEL_CHARS = 60
# A zoned time and one printed without zone agree when they are this close (either as the same wall clock or
# as the same instant); two dates agree when a zone can explain the difference.
AGREE_HOURS = 14


@dataclass(frozen=True)
class Stamp:
    """A publication time the page states somewhere; ``moment`` is in UTC where the page gives no zone."""

    moment: datetime
    precision: int
    source: str
    # The page states the zone (an offset, "Z", a zone name); otherwise the moment is a wall clock put in UTC.
    stated_zone: bool = False


def published_at(page: Page, dateline_date: str | None = None) -> str | None:
    """The publication time; ``dateline_date`` is the date the story's dateline prints ("March 3", "3 mars")."""
    stamps = published_stamps(page)
    chosen = choose(stamps, filed_on(dateline_date))
    if chosen is None:
        return _visible(page)
    updated = [machine_stamp(as_text(page.article_ld.get(key)), "updated") for key in UPDATED_LD]
    updated += [machine_stamp(page.meta.get(key), "updated") for key in UPDATED_META]
    return _in_page_zone(chosen, [*stamps, *updated]).moment.isoformat()


def _in_page_zone(chosen: Stamp, stamps: list[Stamp | None]) -> Stamp:
    """A time of day printed without its zone ("14:37 Uhr"), in the zone the page states for the same day
    elsewhere (its published or modified time, "2026-12-03T00:00:00+01:00"): the site prints its own wall clock."""
    if chosen.precision != MINUTE:
        return chosen
    for stamp in stamps:
        if stamp is not None and stamp.stated_zone and stamp.moment.date() == chosen.moment.date():
            zone = stamp.moment.tzinfo
            return Stamp(chosen.moment.replace(tzinfo=zone), ZONED, chosen.source, stated_zone=True)
    return chosen


def filed_on(dateline_date: str | None) -> tuple[int, int] | None:
    """The (month, day) a dateline's date states ("March 3", "1er mars", "3 GIU", "4月24日"), or None."""
    if not dateline_date:
        return None
    chinese = _CJK_DAY.search(dateline_date)
    if chinese:
        return int(chinese.group(1)), int(chinese.group(2))
    day = _DAY.search(dateline_date)
    month = next((MONTHS[w] for w in _WORD.findall(dateline_date.lower()) if w in MONTHS), None)
    return (month, int(day.group())) if day and month else None


def updated_at(page: Page) -> str | None:
    return _first(page, UPDATED_LD, UPDATED_META, "modified")


def _first(page: Page, ld_keys: tuple[str, ...], meta_keys: tuple[str, ...], hint: str) -> str | None:
    for key in ld_keys:
        value = normalise(as_text(page.article_ld.get(key)))
        if value:
            return value
    for key in meta_keys:
        value = normalise(page.meta.get(key))
        if value:
            return value
    for tag in page.named("time")[:20]:
        if hint in _attribute_text(tag) and tag.get("datetime"):
            value = normalise(str(tag.get("datetime")))
            if value:
                return value
    return None


def published_stamps(page: Page) -> list[Stamp]:
    """Every publication time on the page, strongest source first: structured data, meta, the article's
    ``<time>`` elements, then the times printed in its header."""
    stamps = [machine_stamp(as_text(page.article_ld.get(key)), "structured") for key in PUBLISHED_LD]
    stamps += [machine_stamp(page.meta.get(key), "meta") for key in PUBLISHED_META]
    times = [tag for tag in page.named("time")[:20] if _own(tag) and not _labelled_update(tag)]
    stamps += [_time_stamp(tag) for tag in times]
    printed = [found for tag in _header_elements(page) if (found := printed_stamp(clean(tag.get_text(" "))))]
    # Dates of several different days in date elements are a list of other stories ("published" lists, archives
    # without links): none of them is this article's time.
    if len({stamp.moment.date() for stamp in printed}) < LIST_DAYS:
        stamps += printed
    return [stamp for stamp in stamps if stamp is not None]


def _time_stamp(tag: Tag) -> Stamp | None:
    """A ``<time>`` element's machine-readable ``datetime``, else the time it prints."""
    machine = tag.get("datetime")
    if machine:
        return machine_stamp(str(machine), "time")
    printed = printed_stamp(clean(tag.get_text(" ")))
    return Stamp(printed.moment, printed.precision, "time", printed.stated_zone) if printed else None


def choose(stamps: list[Stamp], filed: tuple[int, int] | None = None) -> Stamp | None:
    """The most specific stamp that agrees with the strongest source; on a tie, the stronger source.

    Where the dateline prints the day the story was ``filed`` (month, day), the stamps of that day come first:
    a partner's page that states another day states when it built or republished the page.
    """
    on_day = [s for s in stamps if (s.moment.month, s.moment.day) == filed]
    stamps = on_day or stamps
    if not stamps:
        return None
    anchor = stamps[0]
    agreeing = [s for s in stamps if _agree(s, anchor)]
    return max(agreeing, key=lambda s: s.precision)  # max keeps the first of equals: the stronger source


def _agree(stamp: Stamp, anchor: Stamp) -> bool:
    if stamp.moment.date() == anchor.moment.date():
        return True
    if DATE_ONLY in (stamp.precision, anchor.precision):
        # A date and a time of day agree when the time's own zone could put it on that date.
        return abs(stamp.moment.replace(tzinfo=None) - anchor.moment.replace(tzinfo=None)) < timedelta(days=1)
    wall = abs(stamp.moment.replace(tzinfo=None) - anchor.moment.replace(tzinfo=None))
    return min(wall, abs(stamp.moment - anchor.moment)) < timedelta(hours=AGREE_HOURS)


def _own(tag: Tag) -> bool:
    """A ``<time>`` of this article: not an update time, not inside a link, a teaser list or page furniture."""
    attrs = _attribute_text(tag)
    if any(hint in attrs for hint in UPDATE_HINTS):
        return False
    return not any(parent.name in ELSEWHERE or _teaser(parent) for parent in tag.parents)


def _labelled_update(tag: Tag) -> bool:
    """A ``<time>`` the page labels as an update in the text just before it ("Updated <time>", "<span>Aktualisiert:
    </span> <time>")."""
    before = ""
    for sibling in tag.previous_siblings:
        if isinstance(sibling, Tag) and (sibling.name == "time" or sibling.find("time") is not None):
            break  # the label before an earlier time is that time's
        before = (sibling if isinstance(sibling, str) else sibling.get_text(" ")) + before
        if len(before.strip()) >= UPDATE_LABEL_CHARS // 2:
            break
    return bool(UPDATE_LABEL.search(before[-UPDATE_LABEL_CHARS // 2 :]))


def _teaser(element: Tag) -> bool:
    if element.name not in TEASER_HOLDERS:
        return False
    return any(len(link.get_text(" ").split()) > TEASER_LINK_WORDS for link in elements(element, LINKS))


def _header_elements(page: Page) -> list[Tag]:
    """The article's short date, time and byline elements, where pages print the time beside the byline."""
    scope, found = _scope(page), list[Tag]()
    if scope is None:
        return []
    for tag, words in page.classed:
        if len(found) == PRINTED_ELEMENTS:
            break
        # An element that prints an update first is read too: its update times are passed over.
        if words & PRINTED_CLASSES and _own(tag) and _inside(tag, scope) and len(tag.get_text(" ")) < PRINTED_MAX_CHARS:
            found.append(tag)
    return found


def _scope(page: Page) -> Tag | None:
    """Where the article's own times are printed: its first <article>, else the <body>."""
    scopes = page.named("article") or page.named("body")
    return scopes[0] if scopes else None


def _attribute_text(tag: Tag) -> str:
    """The element's attribute values in lower case, searched for hints ("published", "modified")."""
    return " ".join(str(v) for v in tag.attrs.values()).lower()


def _inside(tag: Tag, scope: Tag) -> bool:
    return tag is scope or any(parent is scope for parent in tag.parents)


def normalise(raw: str | None) -> str | None:
    """An ISO 8601 string with offset (to the second) from the usual machine-readable forms."""
    stamp = machine_stamp(raw, "")
    return stamp.moment.isoformat() if stamp else None


def machine_stamp(raw: str | None, source: str) -> Stamp | None:
    """A machine-readable time (ISO 8601, RFC 2822) with how much it states; UTC where it names no zone."""
    if not raw:
        return None
    raw = clean(raw)
    # The e-mail date parser reads "2:37 PM" as 02:37: a twelve-hour time is read as printed.
    moment = _parse_iso(raw) or (None if _TWELVE_HOUR.search(raw) else _parse_rfc(raw))
    if moment is None:
        # Structured data written as people print dates ("03.12.2026 14:37", "December 3, 2026 2:37 PM EST").
        printed = printed_stamp(raw) if len(raw) <= PRINTED_MAX_CHARS else None
        return Stamp(printed.moment, printed.precision, source, printed.stated_zone) if printed else None
    named = _ZONE_NAME.search(raw)
    zoned = moment.tzinfo is not None or named is not None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZONE_NAMES[named.group(1)] if named else UTC)
    return Stamp(moment.replace(microsecond=0), _precision(moment, zoned=zoned), source, stated_zone=zoned)


def _precision(moment: datetime, *, zoned: bool) -> int:
    if (moment.hour, moment.minute, moment.second) == (0, 0, 0):
        return DATE_ONLY  # midnight is what systems that keep only the date write
    return ZONED if zoned else MINUTE


def _parse_iso(raw: str) -> datetime | None:
    match = _ISO.match(raw)
    if not match:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        moment = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        return None
    return moment.replace(tzinfo=_zone(zone)) if zone else moment


def _zone(zone: str) -> timezone:
    if zone in ("Z", "UTC", "GMT"):
        return UTC
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + int(digits[2:4] or 0)
    return timezone(sign * timedelta(minutes=minutes))


def _parse_rfc(raw: str) -> datetime | None:
    try:
        return parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None


def _visible(page: Page) -> str | None:
    """Fallback: a date printed near the top of the article (offset unknown: UTC assumed)."""
    stamp = _visible_stamp(page, updates=True)
    return stamp.moment.isoformat() if stamp else None


def _visible_stamp(page: Page, *, updates: bool = False) -> Stamp | None:
    """The first date printed near the top of the article, an update time only when ``updates`` and no other."""
    scope = _scope(page)
    if scope is None:
        return None
    text = clean(scope.get_text(" "))[:VISIBLE_CHARS]
    return printed_stamp(text) or (printed_stamp(text, updates=True) if updates else None)


def parse_visible(text: str) -> str | None:
    """The first printed date in ``text`` ("March 3, 2024 4:03 PM", "03.03.2024, 16:03", "Do 25.04.24 | 14:07 Uhr")."""
    stamp = printed_stamp(text)
    return stamp.moment.isoformat() if stamp else None


def printed_stamp(text: str, *, updates: bool = False) -> Stamp | None:
    """The first printed date in ``text``, with its time of day printed after it (or just before it) and the
    zone printed after that time (UTC when none). A date labelled as an update ("Updated 5:10 PM EST, Dec. 3,
    2026 · Published 3:04 PM EST, Dec. 3, 2026") is passed over unless ``updates``."""
    before = 0
    for match in _PRINTED_DATE.finditer(text):
        day = _date_of(match)
        if day is None:
            continue
        label = text[max(before, match.start() - UPDATE_LABEL_CHARS) : match.start()]
        before = match.end()
        if updates or not UPDATE_LABEL.search(label):
            return _stamp(day, _time_of(text, match))
    return None


def _date_of(match: re.Match[str]) -> datetime | None:
    """The calendar date a ``_PRINTED_DATE`` match states, None when it is no date (a word that is no month)."""
    found = match.groupdict()
    if found["ny"]:
        century = 2000 if len(found["ny"]) == 2 else 0
        return _safe(int(found["ny"]) + century, int(found["nm"]), int(found["nd"]))
    if found["iy"]:
        return _safe(int(found["iy"]), int(found["im"]), int(found["id"]))
    if found["cy"]:
        return _safe(int(found["cy"]), int(found["cm"]), int(found["cd"]))
    if found["sy"]:
        return _slashed(int(found["s1"]), int(found["s2"]), int(found["sy"]))
    day, name, year = (
        (found["dd"], found["dm"], found["dy"]) if found["dd"] else (found["md"], found["mm"], found["my"])
    )
    month = MONTHS.get(name.rstrip(".").lower())
    return _safe(int(year), month, int(day)) if month else None


def _slashed(first: int, second: int, year: int) -> datetime | None:
    """A date printed with slashes, when it reads one way only: "3/14/2026" (US) and "14/3/2026" are the same
    day, "3/4/2026" is no date we can tell ("3/3/2026" is)."""
    if first != second and max(first, second) <= MONTHS_IN_YEAR:
        return None
    month, day = (first, second) if second > MONTHS_IN_YEAR else (second, first)
    return _safe(year, month, day)


def _time_of(text: str, date: re.Match[str]) -> re.Match[str] | None:
    """The time of day printed right after the date, else right before it."""
    after = _TIME_AFTER.match(text, date.end())
    if after:
        return after
    return _TIME_BEFORE.search(text, max(0, date.start() - TIME_BEFORE_CHARS), date.start())


def _stamp(day: datetime, time: re.Match[str] | None) -> Stamp:
    if time is None:
        return Stamp(day.replace(tzinfo=UTC), DATE_ONLY, "printed")
    hour, ampm = int(time.group("hour")), time.group("ampm")
    if ampm:
        hour = hour % 12 + (12 if ampm[0] in "Pp" else 0)
    moment = _safe(day.year, day.month, day.day, hour, int(time.group("minute")))
    if moment is None:
        return Stamp(day.replace(tzinfo=UTC), DATE_ONLY, "printed")
    zone = _PRINTED_ZONE.match(time.string, time.end("time"))
    offset = _printed_offset(zone) if zone else None
    zoned = offset is not None
    return Stamp(moment.replace(tzinfo=offset or UTC), _precision(moment, zoned=zoned), "printed", stated_zone=zoned)


def _printed_offset(zone: re.Match[str]) -> tzinfo:
    _utc, hours, minutes, named = zone.groups()
    if named:
        return ZONE_NAMES[named]
    sign = -1 if hours and hours[0] == "-" else 1
    return timezone(sign * timedelta(hours=abs(int(hours or 0)), minutes=int(minutes or 0)))


def _safe(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime | None:
    try:
        return datetime(year, month, day, hour, minute)
    except ValueError:
        return None
