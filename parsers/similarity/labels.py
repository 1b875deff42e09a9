"""Story labels: which member of a story is its original, and whether each other member is a copy or an update.

A pure function of the story's members (their texts, publication times, sites and agencies), never of the order
they were fetched in: the store recomputes the labels of the whole story whenever a member joins it, changes or
comes with a merged story, so every fetch order ends with the same labels.

- The original is the first-published text: the earliest ``published_at`` (members without one come after those
  with one), then a member on the agency's own site, then the text the others derive from (the least different from
  all of them: copies trim or foot it, updates add to it), then the shorter text (own, then with its furniture), then
  the URL, so that a tie never falls to fetch order.
- Every other member, in that order, is judged against the members before it (``relation_to_earlier``): an update
  when it holds most of an earlier text and adds a substantial paragraph none of them printed, else a copy.
- A site's furniture is never new text: of the last two paragraphs, a short one that names the site ("The City
  Post"), that the page printed in italics or small print (``fine_print``), that reads as a pitch, credit or
  copyright line (the parser's phrases), or that the site printed in another story too (its own other pages).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from parsers.article.agencies import AGENCIES
from parsers.article.boilerplate import COPYRIGHT, FURNITURE_TEXT, PROMO_TEXT
from parsers.similarity.fingerprint import paragraph_key, words
from parsers.similarity.neardup import MatchRules, Relation, relation_to_earlier, shingle_set

FOOTER_LINES = 2
"""How many paragraphs at the end of a text may be its site's furniture."""
MAX_FOOTER_WORDS = 40
"""Longer paragraphs are never furniture: a footer, credit line or pitch is short."""
SITE_NAME_WORDS = 4
"""A site's name is printed in at most this many words ("The Daily Herald" for dailyherald.example)."""
# Host labels that say nothing of whose site it is.
_GENERIC_LABELS = frozenset({"www", "m", "mobile", "amp", "news", "edition", "en", "de", "fr", "es"})
# What an agency's own host adds to its name: apnews.com, xinhuanet.com, afp.com.
_AGENCY_HOST_SUFFIXES = ("", "news", "net", "wire", "online")
_AGENCY_KEYS = {short: frozenset("".join(words(name)) for name in (short, *names)) for short, names in AGENCIES.items()}


@dataclass(frozen=True)
class Member:
    """One article of a story, as far as its label goes."""

    key: int
    """Its article id (any unique number for one not stored yet)."""
    paragraphs: tuple[str, ...]
    canonical_url: str
    published_at: datetime | None = None
    agency: str | None = None
    fine_print: bool = False
    """The page printed its last paragraph in italics or small print."""

    @property
    def site(self) -> str:
        return site_of(self.canonical_url)


def site_of(url: str) -> str:
    """The host of ``url``, lower case (as ``wirefeed_v1.articles.site`` has it)."""
    return (urlsplit(url).hostname or "").lower()


def _site_names(site: str) -> frozenset[str]:
    labels = site.split(".")[:-1]  # the top-level domain names nobody
    return frozenset(label.replace("-", "") for label in labels if label not in _GENERIC_LABELS and len(label) >= 3)


def names_site(paragraph: str, site: str) -> bool:
    """``paragraph`` prints the site's host, or its name in up to four words ("The City Post": citypost.example)."""
    if site and site.removeprefix("www.") in paragraph.lower():
        return True
    names = _site_names(site)
    found = words(paragraph)
    return any(
        "".join(found[i : i + n]) in names for n in range(1, SITE_NAME_WORDS + 1) for i in range(len(found) - n + 1)
    )


def on_agency_site(site: str, agencies: Collection[str]) -> bool:
    """The host is one of the agencies' own (afp.com for AFP, apnews.com for AP)."""
    labels = set(site.split(".")[:-1])
    keys = {
        key + suffix for agency in agencies for key in _AGENCY_KEYS.get(agency, ()) for suffix in _AGENCY_HOST_SUFFIXES
    }
    return bool(labels & keys)


def _pitch(paragraph: str) -> bool:
    return bool(FURNITURE_TEXT.match(paragraph) or PROMO_TEXT.match(paragraph) or COPYRIGHT.search(paragraph))


def furniture(member: Member, site_lines: Collection[tuple[str, int]] = ()) -> frozenset[int]:
    """Positions of the member's paragraphs that are its site's furniture, not text of the story. ``site_lines``:
    (site, paragraph key) pairs the site printed in another story."""
    found: set[int] = set()
    last = len(member.paragraphs) - 1
    for position in range(last, max(-1, last - FOOTER_LINES), -1):
        paragraph = member.paragraphs[position]
        if len(words(paragraph)) > MAX_FOOTER_WORDS:
            break
        if (
            (position == last and member.fine_print)
            or names_site(paragraph, member.site)
            or _pitch(paragraph)
            or (member.site, paragraph_key(paragraph)) in site_lines
        ):
            found.add(position)
    return frozenset(found)


@dataclass(frozen=True)
class _Text:
    member: Member
    own: list[str]
    """Its paragraphs without boilerplate and its site's furniture."""
    shingles: set[int]


def _distance(texts: Sequence[_Text]) -> dict[int, int]:
    """Each member's summed distance to the others (sizes of the symmetric differences of their shingle sets, less a
    constant), by member key: the lowest is the text the others derive from (copies trim or foot it, updates add to
    it). Linear: a shingle held by ``df`` of the ``n`` members adds ``n - 2 df`` to each holder's sum."""
    held = Counter(shingle for t in texts for shingle in t.shingles)
    n = len(texts)
    return {t.member.key: sum(n - 2 * held[shingle] for shingle in t.shingles) for t in texts}


def _precedence(texts: Sequence[_Text]) -> list[_Text]:
    """The members in the order that decides their labels, the original first: published first, on the agency's
    own site, the text the others derive from, the shorter (own text, then with its furniture), the URL."""
    agencies = {t.member.agency for t in texts if t.member.agency}
    distance = _distance(texts)

    def key(t: _Text) -> tuple[bool, float, bool, int, int, int, str, int]:
        m = t.member
        return (
            m.published_at is None,
            m.published_at.timestamp() if m.published_at else 0.0,
            not on_agency_site(m.site, agencies),
            distance[m.key],
            len(t.shingles),
            sum(len(words(p)) for p in m.paragraphs),
            m.canonical_url,
            m.key,
        )

    return sorted(texts, key=key)


def story_labels(
    members: Sequence[Member],
    rules: MatchRules,
    boilerplate: Collection[int] = frozenset(),
    site_lines: Collection[tuple[str, int]] = frozenset(),
) -> dict[int, Relation]:
    """The relation of every member to its story, by member key. ``boilerplate``: keys of paragraphs printed by
    many stories (left out of every text); ``site_lines``: see :func:`furniture`."""
    texts = []
    for member in members:
        drop = furniture(member, site_lines)
        own = [p for i, p in enumerate(member.paragraphs) if i not in drop and paragraph_key(p) not in boilerplate]
        texts.append(_Text(member, own, shingle_set(own)))
    labels: dict[int, Relation] = {}
    earlier: list[set[int]] = []
    union: set[int] = set()
    for text in _precedence(texts):
        relation = relation_to_earlier(text.own, text.shingles, earlier, union, rules) if earlier else Relation.ORIGINAL
        labels[text.member.key] = relation
        earlier.append(text.shingles)
        union |= text.shingles
    return labels
