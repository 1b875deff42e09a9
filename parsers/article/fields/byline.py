"""Byline as printed and the list of author names in it (agencies kept when no person is credited)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from bs4 import Tag

from parsers.article import agencies, vocabulary
from parsers.article.boilerplate import STRONG_TAGS, class_words
from parsers.article.document import Page
from parsers.article.fields import dateline as dateline_field
from parsers.article.fields.body import Body
from parsers.article.fields.body_credit import AUTHOR_LABEL, body_credit, name_shaped
from parsers.article.fields.identity import is_site_name, site_names
from parsers.article.fields.names import LEAD_WORD, URLISH, credited, split_names
from parsers.article.structured import as_text, types_of
from parsers.article.text import clean, node_text

# Words of class names and ids that mark a byline.
BYLINE_WORDS = frozenset(vocabulary.words("byline_class_words"))
# Byline words glued to what the element holds ("authorname", "bylinetext", "authorName").
COMPOUND_BYLINE = re.compile(r"^(?:byline|author|autor|auteur)(?:name|names|line|link|links|text)$")
NOT_BYLINE_WORDS = frozenset(
    {
        "bio",
        "biography",
        "avatar",
        "image",
        "img",
        "photo",
        "picture",
        "follow",
        "social",
        "description",
        "about",
        "more",
        "related",
        "box",
        "card",
        "comment",
        "comments",
    }
)
# Bylines inside these are of other stories or of commenters.
OUTSIDE_WORDS = frozenset({"comment", "comments", "related", "sidebar", "teaser", "teasers", "recommended", "promo"})
MAX_BYLINE = 160
# Path segments of author pages ("/autoren/name/max-kolter", "/author/jane-doe/"): a link there names an author.
AUTHOR_PATHS = frozenset(vocabulary.words("byline_author_paths"))
# The last path segment of an author profile that is a shared account, not a person.
ADMIN_SLUGS = frozenset({"admin", "administrator", "webmaster", "wpadmin"})
# Fields of an info list or a meta line that print a label before their value ("Author: Jane Doe", "By: <a>…").
FIELD_TAGS = ("li", "dd", "p", "span", "div")
# Fields that are blocks: their label is read from their first child only.
BLOCK_FIELD_TAGS = frozenset({"div"})
# A label set in its own element says what the field is without a colon ("<strong>Author</strong> Jane Doe").
LABEL_TAGS = ("strong", "b", "dt", "th", "span", "label", "em")
BARE_LABEL = re.compile(rf"^(?:{vocabulary.alternation('author_labels')})\s*[:：]?$", re.IGNORECASE)
# How a labelled field begins: a cheap test on its first string before its whole text is read.
FIELD_START = re.compile(
    rf"^[\s(（]*(?:{vocabulary.alternation('author_labels')}|{vocabulary.alternation('byline_leads')}|"
    rf"{vocabulary.alternation('credit_purposes')}|{vocabulary.alternation('source_labels')})",
    re.IGNORECASE,
)
LABEL_WORD = re.compile(rf"^(?:{vocabulary.alternation('author_labels')})\s+", re.IGNORECASE)
# "Source: AFP", "Quelle: dpa", "Kaynak: AA": a field naming where the copy comes from credits the agencies it names.
SOURCE_LABEL = re.compile(rf"^[\s(（]*(?:{vocabulary.alternation('source_labels')})\s*[:：]\s*", re.IGNORECASE)
# A wire service's credit line after the story, in brackets or not: "(Reporting by Jane Doe; Editing by Sam Poe)",
# "Writing by John Smith". Its names are the authors when no byline names a person.
WIRE_CREDIT = re.compile(rf"^[\s(（\[]*(?:{vocabulary.alternation('credit_purposes')})\s+by\s", re.IGNORECASE)
WIRE_CREDIT_BLOCKS = 3
MAX_WIRE_CREDIT = 300
# The agencies' tag after the story, as German and Indian partners print it: "(dpa/AFP)", "jd/dpa", "AFP/dpa/lnw",
# "Mit Material von dpa", "(With inputs from Reuters)". Beside the agencies only the desk's initials ("jd", "lnw").
AGENCY_PHRASE = re.compile(rf"^(?:{vocabulary.alternation('agency_credit_phrases')})\s*", re.IGNORECASE)
TAG_FRAME = re.compile(r"^[\s(（\[©–—/-]+|[\s)）\].–—-]+$")
TAG_SPLIT = re.compile(rf"\s*(?:/|,|;|\+|&|\b(?:{vocabulary.alternation('name_conjunctions')})\b)\s*", re.IGNORECASE)
INITIALS = re.compile(r"[a-zäöüß]{1,4}")
MAX_TAG = 80
# The names inside a dateline's brackets ("(dpa/lnw)" gives "dpa" and "lnw").
DATELINE_SOURCE = re.compile(r"(?<=[(/])\s*([^()/]+?)\s*(?=[)/])")
# Where a field's own figures or graphics print their sources ("Source: Reuters" under a chart).
NOT_FIELD_PARENTS = frozenset({"figure", "figcaption", "table", "caption"})
MAX_FIELD = 80
STAFF = re.compile(rf"\b(?:{vocabulary.alternation('byline_staff_words')})\b", re.IGNORECASE)
MAX_FIELD_NAMES = 4
# Meta tags that name the author, the standard one first: publishing systems and analytics tags ("parsely-author",
# "sailthru.author") carry the credit where a partner site's template sets no author tag.
META_AUTHORS = ("author", "article:author", "parsely-author", "sailthru.author", "byl")
# A meta value that is a web address only (article:author often holds the writer's profile page).
ADDRESS_ONLY = re.compile(r"^\s*(?:https?://|www\.)\S*\s*$")
MAX_BYLINE_NAMES = 6


@dataclass(frozen=True)
class Byline:
    text: str | None
    authors: tuple[str, ...]
    # The agency the printed byline names beside its people ("By JANE DOE, Associated Press"): her employer.
    agency: str | None = None


def byline(page: Page, selector: str | None = None, body: Body | None = None) -> Byline:
    """Structured authors first (names as given), then the printed byline, the author meta tag, a credit line
    at the start or end of the ``body``.

    The site's own name (an organisation account, "Lrt.lt") or an admin account counts only when no one else is
    credited.
    """
    printed, linked = _printed(page, selector)
    site = site_names(page)
    accounts = _admin_accounts(page.article_ld.get("author")) | _staff_accounts(page)
    organisations = _ld_organisations(page.article_ld.get("author"))
    first: list[str] = []
    held: list[str] = []

    def own(name: str) -> bool:
        """The site's own name, an admin account, a staff desk or the wires in general: not a person."""
        return is_site_name(name, site) or name.lower() in accounts or bool(STAFF.search(name))

    # A source naming the site ("Krautreporter", "Jane Doe, Lrt.lt") defers to a later source that credits
    # people only; failing one, the first source stands, its people without the site when it has any. One that
    # credits organisations only (an agency, an Organization in structured data) is held for a person printed
    # later (a menu's author link does not count); failing one, it stands.
    agency_byline = _agencies_only(printed)
    for authors, kind in _sources(page, printed, body):
        from_link = kind == "link"
        people = [name for name in authors if not own(name)]
        if agency_byline and kind in ("structured", "meta") and _unprinted(page, people, agency_byline):
            continue  # the account that posted the agency's copy, not a writer the page credits
        if people and len(people) == len(authors):
            if not _organisations_only(people, organisations) and not (held and from_link):
                return Byline(printed, tuple(_unique(_fuller(people, linked))), _employer(page, printed))
            held = held or people
        if not first:
            first = people or authors
    if held:
        return Byline(printed, tuple(_unique(held)), _employer(page, printed))
    if first and all(own(name) for name in first):
        # Only the site's own account or its staff is credited: agency copy is the agency's, as the byline names
        # it beside the staff ("The Associated Press and Gazette staff", "Gazette with AFP") or the dateline does.
        printed_agencies = [name for name in credited(printed) if agencies.normalise(name)] if printed else []
        dated = _dateline_agency(body.paragraphs, urlsplit(page.url).hostname or "") if body else []
        first = printed_agencies or dated or first
    return Byline(printed, tuple(_unique(first)), _employer(page, printed))


def _employer(page: Page, printed: str | None) -> str | None:
    """The agency the printed byline names, else the one the author meta tag or structured data credits
    ("The Associated Press" in meta beside a printed "By JANE DOE")."""
    credited = (_meta_author(page), *_ld_names(page.article_ld.get("author")))
    return agencies.find(printed) or next((short for name in credited if (short := agencies.normalise(name))), None)


def _fuller(names: list[str], linked: list[str]) -> list[str]:
    """The byline's linked names when they hold every one of ``names`` and more (structured data listing one)."""
    given = {name.lower() for name in names}
    return linked if given < {name.lower() for name in linked} else names


def _sources(page: Page, printed: str | None, body: Body | None) -> Iterator[tuple[list[str], str]]:
    """Author names from structured data, the printed byline, the author meta tag, the body's credit line (a
    wire service's after the story too), an author's page link; each with its kind."""
    yield _from_ld(page.article_ld.get("author")), "structured"
    if printed:
        names = split_names(printed)
        # More names than a story's byline holds: a staff list or a contributors box.
        yield (names if len(names) <= MAX_BYLINE_NAMES else []), "printed"
    meta = _meta_author(page)
    if meta:
        yield split_names(meta, printed=False), "meta"
    if body:
        yield body_credit(body.container, body.paragraphs), "credit"
        yield _wire_credit(body.paragraphs), "credit"
    # Last, as menus link columnists' pages too.
    yield _linked_author(page), "link"


def _meta_author(page: Page) -> str | None:
    """The first author meta tag that names someone (not a profile's web address)."""
    for key in META_AUTHORS:
        value = page.meta.get(key)
        if value and not ADDRESS_ONLY.match(value):
            return value
    return None


def _agencies_only(printed: str | None) -> set[str]:
    """The lower-cased names of a printed byline that credits news agencies only ("By AP", "dpa/lnw",
    "Reuters staff"), else none."""
    names = split_names(printed) if printed else []
    return {name.lower() for name in names} if names and all(agencies.normalise(n) for n in names) else set()


def _unprinted(page: Page, names: list[str], printed: set[str]) -> bool:
    """People credited only in the page's data, none of them printed on it while its byline credits an agency:
    the partner site's account that posted the agency's copy. A list that names the agency too is the fuller
    credit ("Jane Doe", "dpa")."""
    if not names or any(name.lower() in printed or agencies.normalise(name) for name in names):
        return False
    text = page.soup.body.get_text(" ").lower() if page.soup.body else ""
    return not any(name.lower() in text for name in names)


def _wire_credit(paragraphs: tuple[str, ...]) -> list[str]:
    """The names of a wire service's credit line among the story's last paragraphs ("(Reporting by Jane Doe in
    Paris; Editing by Sam Poe)"): the reporters and writers, not the editors."""
    for paragraph in paragraphs[-WIRE_CREDIT_BLOCKS:][::-1]:
        if len(paragraph) <= MAX_WIRE_CREDIT and WIRE_CREDIT.match(paragraph):
            names = split_names(paragraph.strip().strip("()（）[]").strip())
            if names and len(names) <= MAX_BYLINE_NAMES and all(name_shaped(name, True) for name in names):
                return names
        tagged = _agency_tag(paragraph) if len(paragraph) <= MAX_TAG else []
        if tagged:
            return tagged
    return []


def _agency_tag(line: str) -> list[str]:
    """The agencies of a tag line after the story ("(dpa/AFP)", "jd/dpa", "Mit Material von dpa"), as printed."""
    text = TAG_FRAME.sub("", line)
    phrase = AGENCY_PHRASE.match(text)
    text = TAG_FRAME.sub("", text[phrase.end() :]) if phrase else text
    parts = [part for part in TAG_SPLIT.split(text) if part]
    named = [part for part in parts if agencies.normalise(part)]
    others = [part for part in parts if not agencies.normalise(part)]
    # One agency alone on its line and unframed is the body's own credit line (its first or last paragraph only).
    alone = len(parts) == 1 and not phrase and text == line.strip()
    if not named or alone or not all(INITIALS.fullmatch(part) for part in others):
        return []
    return _unique(named)


def _dateline_agency(paragraphs: tuple[str, ...], host: str) -> list[str]:
    """The agency a dateline credits in brackets ("PARIS (AFP) —", in the first paragraph or after a standfirst or
    a furniture line, as the dateline field finds it): on agency copy that a partner site credits
    only to its own account, the agency takes that account's place (with no author at all, none is invented).
    A broadcaster's own site ("(CNN) --" on cnn.com) credits itself, not an agency."""
    line = dateline_field.cut(paragraphs)[0]
    agency = agencies.normalise(line.agency) if line and line.agency else None
    if not line or not agency or agency.lower() in host.lower():
        return []
    # As the dateline prints it ("AA" of "ANKARA (AA) –", "dpa" of "(dpa/lnw)"), as printed bylines are kept.
    printed = next((part for part in DATELINE_SOURCE.findall(line.text) if agencies.normalise(part) == agency), None)
    return [printed or agency]


def _printed(page: Page, selector: str | None) -> tuple[str | None, list[str]]:
    """The printed byline, and the names of its author links when it has several."""
    if selector:
        found = page.soup.select_one(selector)
        return ((node_text(found) or None) if isinstance(found, Tag) else None), []
    for tag, words in page.classed:
        if not _is_byline(words) or words & NOT_BYLINE_WORDS or _in_furniture(tag):
            continue
        # Several author links side by side run together ("Ingrid Treborg Marlene Holm"): a comma between.
        linked = _linked_names(tag)
        # Spaced: bylines put name and role in adjacent inline elements ("Jane Doe" "News Reporter").
        text = ", ".join(linked) if linked else clean(tag.get_text(" ")) or _logo_agency(tag)
        if 3 <= len(text) <= MAX_BYLINE and not URLISH.search(text):
            return text, linked
    for tag, _ in page.classed:
        if _has_rel_author(tag):
            return node_text(tag) or None, []
    return _labelled_field(page), []


def _logo_agency(byline_tag: Tag) -> str:
    """An agency's logo as the whole byline: its alternative text ("Associated Press")."""
    for image in byline_tag.find_all("img"):
        alt = clean(str(image.get("alt") or ""))
        if agencies.normalise(alt):
            return alt
    return ""


def _labelled_field(page: Page) -> str | None:
    """A short field labelled as the author's ("Author: Jane Doe", "By: Jane Doe" in an info list), whose
    value is no more than a few names: sites without a byline class print the writer this way."""
    for name in FIELD_TAGS:
        for tag in page.named(name):
            if not FIELD_START.match(
                _first_string(tag) if name in BLOCK_FIELD_TAGS else next(tag.stripped_strings, "")
            ):
                continue
            text = node_text(tag)
            if not text or len(text) > MAX_FIELD or tag.find(FIELD_TAGS[:2]) is not None:
                continue
            source = SOURCE_LABEL.match(text)
            if source:
                if _agencies_only(text[source.end() :]) and not _in_furniture(tag) and not _in_figure(tag):
                    return text
                continue
            if not (AUTHOR_LABEL.match(text) or LEAD_WORD.match(text) or _bare_label(tag)):
                continue
            if _names_only(split_names(_unlabelled(text))) and not _in_furniture(tag):
                return text
    return None


def _in_figure(tag: Tag) -> bool:
    return any(parent.name in NOT_FIELD_PARENTS for parent in tag.parents)


def _first_string(block: Tag) -> str:
    """The text a block starts with, read from its own first child only (a string, or a label element): blocks
    nest deep, and a field prints its label first."""
    for child in block.children:
        if isinstance(child, str):
            if child.strip():
                return child.lstrip()
            continue
        return child.get_text() if isinstance(child, Tag) and child.name in LABEL_TAGS else ""
    return ""


def _names_only(names: list[str]) -> bool:
    return 0 < len(names) <= MAX_FIELD_NAMES and all(name_shaped(name, True) for name in names)


def _bare_label(field: Tag) -> bool:
    """The field starts with an element holding only an author label ("<strong>Author</strong>")."""
    first = next((child for child in field.children if not (isinstance(child, str) and not child.strip())), None)
    return isinstance(first, Tag) and first.name in LABEL_TAGS and bool(BARE_LABEL.match(node_text(first)))


def _unlabelled(text: str) -> str:
    """The field's value: its label taken off (a lead word like "By" is left to ``split_names``)."""
    label = AUTHOR_LABEL.match(text)
    if label:
        return text[label.end() :]
    bare = LABEL_WORD.match(text)
    return text[bare.end() :] if bare and not LEAD_WORD.match(text) else text


def _is_byline(words: frozenset[str]) -> bool:
    if not words:
        return False
    return bool(words & BYLINE_WORDS) or any(COMPOUND_BYLINE.match(word) for word in words)


def _linked_author(page: Page) -> list[str]:
    """The first link to an author's page with a full name (a profile link may print initials, "PA")."""
    for tag in page.named("a"):
        if not _is_author_page(tag):
            continue
        text = node_text(tag)
        if len(text.split()) > 1 and not _in_furniture(tag):
            return split_names(text)
    return []


def _linked_names(byline_tag: Tag) -> list[str]:
    """The names of a byline's author links when there are several, else none."""
    links = [link for link in byline_tag.find_all("a") if _is_author_link(link)]
    names = _unique([text for link in links if (text := node_text(link))])
    return names if len(names) > 1 else []


def _is_author_link(link: Tag) -> bool:
    return _has_rel_author(link) or _is_author_page(link)


def _has_rel_author(tag: Tag) -> bool:
    rel = tag.get("rel")
    return bool(rel) and "author" in (rel if isinstance(rel, list) else str(rel).split())


def _is_author_page(link: Tag) -> bool:
    """A link to an author's page ("/autoren/name/max-kolter", not the list of authors "/autoren/")."""
    segments = [part for part in urlsplit(str(link.get("href") or "")).path.lower().split("/") if part]
    return any(part in AUTHOR_PATHS for part in segments[:-1])


def _in_furniture(tag: Tag) -> bool:
    for parent in tag.parents:
        if parent.name in STRONG_TAGS:
            return True
        if parent.attrs and class_words(parent) & OUTSIDE_WORDS:
            return True
    return False


def _staff_accounts(page: Page) -> set[str]:
    """Lower-cased names of structured or meta authors that are the site's staff or desk ("Gazette Staff"),
    as the roles cut them ("Gazette"): like the site's own name, they stand only when no one else is credited."""
    raw = [_meta_author(page) or "", *_ld_names(page.article_ld.get("author"))]
    return {name.lower() for text in raw if STAFF.search(text) for name in split_names(text, printed=False)}


def _ld_names(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [as_text(item.get("name")) or "" if isinstance(item, dict) else as_text(item) or "" for item in items]


def _organisations_only(names: list[str], organisations: set[str]) -> bool:
    """Every name an agency or an organisation that structured data types so."""
    return all(agencies.normalise(name) or name.lower() in organisations for name in names)


def _ld_organisations(value: Any) -> set[str]:
    """Lower-cased names of structured authors typed as an organisation, not a person."""
    items = value if isinstance(value, list) else [value]
    return {
        clean(name).lower()
        for item in items
        if isinstance(item, dict) and any("organization" in kind for kind in types_of(item))
        if (name := as_text(item.get("name")))
    }


def _admin_accounts(value: Any) -> set[str]:
    """Lower-cased names of structured authors whose profile is the site's admin account ("/author/admin/")."""
    names: set[str] = set()
    for item in value if isinstance(value, list) else [value]:
        if not isinstance(item, dict):
            continue
        for key in ("url", "@id"):
            path = urlsplit(as_text(item.get(key)) or "").path.lower()
            slug = path.rstrip("/").rsplit("/", 1)[-1]
            if slug in ADMIN_SLUGS and (name := as_text(item.get("name"))):
                names.add(clean(name).lower())
    return names


def _from_ld(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        if isinstance(item, dict):
            name = as_text(item.get("name"))
            if not name and "person" in types_of(item):
                name = " ".join(filter(None, (as_text(item.get("givenName")), as_text(item.get("familyName")))))
        else:
            name = as_text(item)
        if name and not URLISH.search(name):
            names.extend(split_names(name, printed=False))
    return names


def _unique(names: list[str]) -> list[str]:
    seen: set[str] = set()
    kept = []
    for name in names:
        if name.lower() not in seen:
            seen.add(name.lower())
            kept.append(name)
    return kept
