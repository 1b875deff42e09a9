"""Who the story comes from: the agency behind it and the copyright line printed with it."""

from __future__ import annotations

import re
from typing import Any

from bs4 import Tag

from parsers.article import agencies
from parsers.article.boilerplate import COPYRIGHT, STRONG_TAGS, class_words
from parsers.article.document import Page
from parsers.article.fields.byline import FIELD_TAGS, NOT_FIELD_PARENTS, OUTSIDE_WORDS, SOURCE_LABEL
from parsers.article.model import Dateline, Photo
from parsers.article.structured import as_text
from parsers.article.text import node_text

COPYRIGHT_LD = ("copyrightNotice", "copyrightHolder")
COPYRIGHT_META = ("copyright", "dcterms.rights", "dc.rights", "rights")
MAX_COPYRIGHT = 200
SOURCE_LD = ("sourceOrganization", "author", "publisher", "provider")
# A labelled source line ("Source: AP", "Quelle: dpa/lnw"): short, and naming agencies only.
MAX_SOURCE_LINE = 80
SOURCE_PARTS = re.compile(r"\s*(?:/|,|;|\+|&)\s*")


def copyright_line(page: Page, container: Tag | None, from_body: str | None) -> str | None:
    """The copyright line printed with the article, else the structured one, else the page footer's."""
    if from_body:
        return from_body
    near = _near(container)
    if near:
        return near
    article_ld, meta = page.article_ld, page.meta
    for key in COPYRIGHT_LD:
        value = as_text(article_ld.get(key))
        if value:
            return value if value.startswith("©") else f"© {value}"
    for key in COPYRIGHT_META:
        if meta.get(key):
            return meta[key]
    return _footer(page.named("footer")[-1:])


def _near(container: Tag | None) -> str | None:
    """A short © line following the body inside the same article element."""
    if container is None:
        return None
    for sibling in container.find_next_siblings(limit=8):
        if not isinstance(sibling, Tag):
            continue
        text = node_text(sibling)
        if text and len(text) <= MAX_COPYRIGHT and COPYRIGHT.search(text):
            return text
    return None


def _footer(footers: list[Tag]) -> str | None:
    if not footers:
        return None
    footer = footers[0]
    for tag in footer.find_all(["p", "small", "div", "span"]):
        text = node_text(tag)
        if text and len(text) <= MAX_COPYRIGHT and COPYRIGHT.search(text) and not tag.find(["p", "div"]):
            return text
    return None


def agency(
    dateline: Dateline | None,
    authors: tuple[str, ...],
    copyright_text: str | None,
    article_ld: dict[str, Any],
    photos: tuple[Photo, ...],
    container: Tag | None = None,
) -> str | None:
    """The agency: from the dateline, an agency credited as author, a labelled source line printed with the story
    in its ``container``'s article (beside a person's byline too), the copyright line, structured data, and last,
    when no author is credited, a photo credit's agency."""
    if dateline and dateline.agency:
        return dateline.agency
    for name in authors:
        short = agencies.normalise(name)
        if short:
            return short
    short = source_line(container)
    if short:
        return short
    short = agencies.find(copyright_text, loose=True) if copyright_text else None
    if short:
        return short
    for key in SOURCE_LD:
        short = agencies.normalise(as_text(article_ld.get(key)))
        if short:
            return short
    if not authors:
        for photo in photos:
            short = agencies.find(photo.credit)
            if short:
                return short
    return None


def source_line(container: Tag | None) -> str | None:
    """The agency of a labelled source line printed with the story ("Source: AP", "Quelle: dpa/lnw", "<span>Source:
    </span> AFP"), in the body container or the article element around it: the line's value names agencies only
    (a "Source: port authority" is no agency). A chart's or table's source, and lines in furniture (an aside, a
    related-stories box), credit something else."""
    if container is None:
        return None
    scope = container if container.name == "article" else container.find_parent("article") or container
    for tag in scope.find_all(FIELD_TAGS):
        if not SOURCE_LABEL.match(next(tag.stripped_strings, "")):
            continue
        text = node_text(tag)
        label = SOURCE_LABEL.match(text) if text and len(text) <= MAX_SOURCE_LINE else None
        if label is None or _elsewhere(tag, scope):
            continue
        parts = [part.strip(" .") for part in SOURCE_PARTS.split(text[label.end() :]) if part.strip(" .")]
        named = [agencies.normalise(part) for part in parts]
        if named and all(named):
            return named[0]
    return None


def _elsewhere(tag: Tag, scope: Tag) -> bool:
    """A line in a figure or table, or in furniture inside the story's article."""
    for parent in tag.parents:
        if parent is scope:
            return False
        if parent.name in NOT_FIELD_PARENTS or parent.name in STRONG_TAGS:
            return True
        if parent.attrs and class_words(parent) & OUTSIDE_WORDS:
            return True
    return False
