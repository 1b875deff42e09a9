"""Byline as printed and the list of author names in it (agencies kept when no person is credited)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bs4 import Tag

from parsers import agencies
from parsers.boilerplate import STRONG_TAGS, class_words
from parsers.document import Page
from parsers.structured import as_text, types_of
from parsers.text import clean, node_text

BYLINE_WORDS = frozenset({"byline", "bylines", "author", "authors", "writer", "byl", "autor", "autoren", "auteur",
                          "autore", "firma", "forfatter", "creator", "contributor", "contributors"})
NOT_BYLINE_WORDS = frozenset({"bio", "biography", "avatar", "image", "img", "photo", "picture", "follow", "social",
                              "description", "about", "more", "related", "box", "card", "comment", "comments"})
# Bylines inside these are of other stories or of commenters.
OUTSIDE_WORDS = frozenset({"comment", "comments", "related", "sidebar", "teaser", "teasers", "recommended", "promo"})
MAX_BYLINE = 160
# "By", "Von", "Por", "Par", "Di", "Av", "Door", "Af", "Od" at the start, as a word of its own.
LEAD_WORD = re.compile(r"^\s*(?:by|von|por|par|di|da|av|door|af|od|de|von der|texte?|text:|written by)\s*:?\s+",
                       re.IGNORECASE)
SPLIT = re.compile(r"\s*(?:,|;|\||/|\band\b|&|\bund\b|\bet\b|\by\b|\bog\b|\boch\b|\bi\b|\be\b|\ben\b|\bu\b)\s*",
                   re.IGNORECASE)
ROLES = re.compile(
    r"\b(?:staff writer|staff reporter|senior|reporter|correspondent|editor|contributor|columnist|writer|"
    r"journalist|redakteur(?:in)?|korrespondent(?:in)?|redaktion|updated|published|aktualisiert|"
    r"chief|political|deputy|news|digital|producer|photographer|for\b)",
    re.IGNORECASE,
)
DATEISH = re.compile(r"\d|\b(?:ago|hours?|minutes?|days?|yesterday|today|uhr|am|pm)\b", re.IGNORECASE)
URLISH = re.compile(r"https?://|www\.|@|\.com\b")


@dataclass(frozen=True)
class Byline:
    text: str | None
    authors: tuple[str, ...]


def byline(page: Page, selector: str | None = None) -> Byline:
    printed = _printed(page, selector)
    authors = _from_ld(page.article_ld.get("author"))
    if not authors and printed:
        authors = split_names(printed)
    if not authors and page.meta.get("author"):
        authors = split_names(page.meta["author"])
    return Byline(printed, tuple(_unique(authors)))


def _printed(page: Page, selector: str | None) -> str | None:
    if selector:
        found = page.soup.select_one(selector)
        return (node_text(found) or None) if isinstance(found, Tag) else None
    for tag, words in page.classed:
        if not words & BYLINE_WORDS or words & NOT_BYLINE_WORDS or _in_furniture(tag):
            continue
        # Spaced: bylines put name and role in adjacent inline elements ("Jane Doe" "News Reporter").
        text = clean(tag.get_text(" "))
        if 3 <= len(text) <= MAX_BYLINE and not URLISH.search(text):
            return text
    for tag, _ in page.classed:
        rel = tag.get("rel")
        if rel and "author" in (rel if isinstance(rel, list) else str(rel).split()):
            return node_text(tag) or None
    return None


def _in_furniture(tag: Tag) -> bool:
    for parent in tag.parents:
        if parent.name in STRONG_TAGS:
            return True
        if parent.attrs and class_words(parent) & OUTSIDE_WORDS:
            return True
    return False


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
            names.extend(split_names(name))
    return names


def split_names(text: str) -> list[str]:
    """Names in a printed byline: lead word stripped, split on and/,/&, roles, dates and places dropped."""
    text = clean(text)
    text = LEAD_WORD.sub("", text)
    names: list[str] = []
    for part in SPLIT.split(text):
        name = _name(part)
        if name:
            names.append(name)
    # "By JANE DOE, Associated Press": the agency is her employer, an author only when no person is credited.
    people = [n for n in names if agencies.normalise(n) is None]
    return people or names


def _name(part: str) -> str | None:
    part = LEAD_WORD.sub("", clean(part)).strip(" .:-–—()")
    if not part or DATEISH.search(part) or URLISH.search(part):
        return None
    if agencies.normalise(part):
        return part
    if ROLES.search(part) or len(part) > 60 or len(part.split()) > 5:
        return None
    if not any(ch.isupper() for ch in part[:1]) and not part[:1].isalpha():
        return None
    return part


def _unique(names: list[str]) -> list[str]:
    seen: set[str] = set()
    kept = []
    for name in names:
        if name.lower() not in seen:
            seen.add(name.lower())
            kept.append(name)
    return kept
