"""The vocabulary of page furniture: tags, class/id words and phrases that are never article text."""

from __future__ import annotations

import re
from collections.abc import Mapping

from bs4 import Tag

from parsers.article import vocabulary

# Elements that never hold article text.
FURNITURE_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "nav",
        "footer",
        "aside",
        "form",
        "button",
        "select",
        "iframe",
        "figure",
        "figcaption",
        "picture",
        "video",
        "audio",
        "canvas",
        "dialog",
        "menu",
        "object",
        "label",
        "input",
        "textarea",
        "header",
    }
)
STRONG_TAGS = frozenset(
    {
        "nav",
        "footer",
        "aside",
        "form",
        "figure",
        "figcaption",
        "script",
        "style",
        "noscript",
        "template",
        "button",
        "select",
        "dialog",
        "menu",
    }
)
# Words of class names and ids (split on -, _, spaces and camelCase) that always mark furniture.
STRONG_WORDS = frozenset(vocabulary.words("class_words_strong"))
# Words that mark furniture unless the element also carries a content word.
WEAK_WORDS = frozenset(vocabulary.words("class_words_weak"))
# Words of boxed extras beside the story (fact boxes, key facts): furniture whatever else the element says, and
# even when the box is longer than the story around it.
BOX_WORDS = frozenset(vocabulary.words("class_words_box"))
_STRONG_OR_BOX = STRONG_WORDS | BOX_WORDS
# Words that mark the article's own text.
CONTENT_WORDS = frozenset(vocabulary.words("class_words_content"))
_SPLIT = re.compile(r"[^a-zA-Z0-9]+|(?<=[a-z])(?=[A-Z])")
# CSS Modules ("Article_elementPoll__0I_DP"): component, local name, a five-character hash of the file. The local
# name says what the element is; the component is context, like a BEM block.
_CSS_MODULE = re.compile(r"^[A-Za-z][A-Za-z0-9]*_([A-Za-z][A-Za-z0-9]*)__(?=[\w-]{5}$)[\w-]*[A-Z0-9_-][\w-]*$")


# Whole paragraphs that are furniture, whatever their markup.
FURNITURE_TEXT = re.compile(rf"^(?:{vocabulary.alternation('furniture_phrases')})\b", re.IGNORECASE)
# Short paragraphs that address the reader rather than tell the story: calls for tips, channel, newsletter and
# subscription promos, paywall and sign-in notices, "read also" in more languages. Only short paragraphs are
# tested (MAX_PROMO), and only at their start, so a sentence of the story that quotes such words stays.
MAX_PROMO = 200
PROMO_TEXT = re.compile(rf"^(?:{vocabulary.alternation('promo_phrases')})", re.IGNORECASE)
# A short line that points to a live blog or ticker printed below it ("Mehr dazu in unserem Liveblog:").
LIVE_POINTER = re.compile(rf"\b(?:{vocabulary.alternation('live_pointers')})\b[^.!?]*:$", re.IGNORECASE)
# Attributes besides class and id whose values name what an element is ("data-testid=article-body").
NAMING_DATA = (
    "aria-label",
    "itemprop",
    "data-testid",
    "data-component",
    "data-manual",
    "data-qa",
    "data-module",
)
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
COPYRIGHT = re.compile(r"^(?:©|\(c\)\s|copyright\b)|\ball rights reserved\b", re.IGNORECASE)


def class_words(tag: Tag) -> set[str]:
    """The lower-cased words of an element's class and id."""
    attrs = tag.attrs
    raw = attrs.get("class")
    # Utility classes with variants ("md:hidden", "lg-nav:px-12") say how an element looks, not what it is.
    names = [n for n in (raw if isinstance(raw, list) else str(raw or "").split()) if ":" not in n]
    # BEM: in "sidebar-grid__content" the block name is layout context; the element name says what it is.
    parts = " ".join(_local_name(name) for name in names)
    ident = attrs.get("id")
    if ident:
        parts += " " + str(ident)
    for name in NAMING_DATA:
        value = attrs.get(name)
        if value:
            parts += " " + str(value)
    role = attrs.get("role")
    if role in ("navigation", "complementary", "banner", "contentinfo", "dialog", "alert"):
        parts += " nav"
    if not parts.strip():
        return set()
    return {w.lower() for w in _SPLIT.split(parts) if w}


def _local_name(name: str) -> str:
    if "__" not in name:
        return name  # neither a CSS Modules name nor a BEM element
    module = _CSS_MODULE.match(name)
    if module:
        return module.group(1)
    return name.rsplit("__", 1)[-1]


def is_furniture(tag: Tag, known: Mapping[int, frozenset[str]] | None = None) -> bool:
    """True for elements that hold no article text (by tag, by class/id words, hidden).

    ``known`` maps elements (by id) to class words already computed for the page.
    """
    if tag.name in FURNITURE_TAGS:
        return True
    attrs = tag.attrs
    if not attrs:
        return False
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    style = attrs.get("style")
    if style and HIDDEN_STYLE.search(str(style)):
        return True
    cached = known.get(id(tag)) if known is not None else None
    words = class_words(tag) if cached is None else cached
    if not words:
        return False
    if words & STRONG_WORDS or words & BOX_WORDS:
        return True
    return bool(words & WEAK_WORDS) and not words & CONTENT_WORDS


def is_strong_furniture(tag: Tag, known: Mapping[int, frozenset[str]] | None = None) -> bool:
    """Furniture by tag or by a strong class word: safe to test on large containers."""
    if tag.name in STRONG_TAGS:
        return True
    if not tag.attrs:
        return False
    words = known.get(id(tag)) if known is not None else None
    return not (class_words(tag) if words is None else words).isdisjoint(_STRONG_OR_BOX)


def is_box(tag: Tag, known: Mapping[int, frozenset[str]] | None = None) -> bool:
    """A boxed extra by its class words (a fact box): furniture however much text it holds."""
    if not tag.attrs:
        return False
    words = known.get(id(tag)) if known is not None else None
    return bool((class_words(tag) if words is None else words) & BOX_WORDS)
