"""Publication and update times, normalised to ISO 8601 with the page's UTC offset."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

from parsers.article.document import Page
from parsers.article.structured import as_text
from parsers.article.text import clean

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
# Zone abbreviations printed in dates ("Fri Apr 28 19:20:36 CEST 2023"), as hours from UTC. Ambiguous ones
# (IST, CST in Asia) are left out.
ZONE_NAMES = {
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
    "AEST": 10,
    "AEDT": 11,
}
_ZONE_NAME = re.compile(r"\b(" + "|".join(ZONE_NAMES) + r")\b")
# "02.06.2020, 16:03", "Do 25.04.24 | 14:07 Uhr": a two-digit year is of this century.
_NUMERIC = re.compile(
    r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4}|\d{2})(?!\d)(?:,?\s*(?:[|/–-]\s*)?(?:um\s+)?(\d{1,2})[:.](\d{2}))?"
)
_MONTHS = {
    m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))
}
_WORDY = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})"
    r"(?:,?\s*(?:at\s+)?(\d{1,2}):(\d{2})\s*([AaPp]\.?[Mm]\.?)?)?"
)


def published_at(page: Page) -> str | None:
    return _first(page, PUBLISHED_LD, PUBLISHED_META, "published") or _visible(page)


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
        attrs = " ".join(str(v) for v in tag.attrs.values()).lower()
        if hint in attrs or hint == "published":
            value = normalise(str(tag.get("datetime") or "")) if tag.get("datetime") else None
            if value:
                return value
    return None


def normalise(raw: str | None) -> str | None:
    """An ISO 8601 string with offset (to the second) from the usual machine-readable forms."""
    if not raw:
        return None
    raw = clean(raw)
    moment = _parse_iso(raw) or _parse_rfc(raw)
    if moment is None:
        return None
    if moment.tzinfo is None:
        named = _ZONE_NAME.search(raw)
        moment = moment.replace(tzinfo=timezone(timedelta(hours=ZONE_NAMES[named.group(1)])) if named else UTC)
    return moment.replace(microsecond=0).isoformat()


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
    scopes = page.named("article") or page.named("body")
    if not scopes:
        return None
    scope = scopes[0]
    text = clean(scope.get_text(" "))[:3000]
    return parse_visible(text)


def parse_visible(text: str) -> str | None:
    """The first printed date in ``text`` ("3 March 2024", "March 3, 2024 4:03 PM", "03.03.2024, 16:03")."""
    match = _NUMERIC.search(text)
    moment: datetime | None = None
    if match:
        day, month, year, hour, minute = match.groups()
        full_year = int(year) + (2000 if len(year) == 2 else 0)
        moment = _safe(full_year, int(month), int(day), int(hour or 0), int(minute or 0))
    wordy = _WORDY.search(text)
    if moment is None and wordy:
        mon, day, year, hour, minute, ampm = wordy.groups()
        h = int(hour or 0) % 12 + (12 if ampm and ampm[0] in "Pp" else 0) if ampm else int(hour or 0)
        moment = _safe(int(year), _MONTHS[mon[:3].lower()], int(day), h, int(minute or 0))
    return moment.replace(tzinfo=UTC).isoformat() if moment else None


def _safe(year: int, month: int, day: int, hour: int, minute: int) -> datetime | None:
    try:
        return datetime(year, month, day, hour, minute)
    except ValueError:
        return None
