"""The vocabulary of page furniture: tags, class/id words and phrases that are never article text."""

from __future__ import annotations

import re

from bs4 import Tag

# Elements that never hold article text.
FURNITURE_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "nav", "footer", "aside", "form", "button", "select",
    "iframe", "figure", "figcaption", "picture", "video", "audio", "canvas", "dialog", "menu", "object", "label",
    "input", "textarea", "header",
})
STRONG_TAGS = frozenset({"nav", "footer", "aside", "form", "figure", "figcaption", "script", "style", "noscript",
                         "template", "button", "select", "dialog", "menu"})
# Words of class names and ids (split on -, _, spaces and camelCase) that always mark furniture.
STRONG_WORDS = frozenset({
    "share", "sharing", "sharebar", "social", "socials", "related", "relatedcontent", "recommended",
    "recommendations", "recirculation", "newsletter", "newsletters", "subscribe", "subscription", "signup",
    "promo", "promotion", "advert", "advertisement", "ad", "ads", "adslot", "adunit", "adwrapper", "advertising",
    "sponsor", "sponsored", "cookie", "cookies", "consent", "gdpr", "comment", "comments", "disqus",
    "footer", "breadcrumb", "breadcrumbs", "outbrain", "taboola", "popular", "trending", "mostread",
    "caption", "figcaption", "credit", "credits", "copyright", "byline", "readmore", "dfp", "billboard",
    "leaderboard", "sronly", "offscreen", "nav", "navbar", "navigation", "sidebar", "toolbar",
})
# Words that mark furniture unless the element also carries a content word.
WEAK_WORDS = frozenset({
    "menu", "widget", "tags", "tagcloud", "keywords", "topics", "author", "authors", "bio", "print",
    "rating", "poll", "modal", "overlay", "popup", "banner", "skip", "teaser", "teasers", "moretopics", "more",
    "also", "embed", "tweet", "instagram", "video", "player", "audio", "podcast", "gallery", "slideshow",
    "carousel", "timestamp", "dateline", "meta", "metadata", "date", "visually", "hidden", "jump", "toc",
    "pagination", "pager", "rail", "outstream", "gpt", "infobox", "factbox", "image", "photo", "img", "media",
    "icon", "logo", "button", "btn", "cta", "login", "register", "search", "feedback", "header", "hero",
})
# Words that mark the article's own text.
CONTENT_WORDS = frozenset({
    "articlebody", "storybody", "richtext", "bodytext", "entry", "content", "text", "body", "article", "story",
    "paragraph", "post",
})
_SPLIT = re.compile(r"[^a-zA-Z0-9]+|(?<=[a-z])(?=[A-Z])")
# Whole paragraphs that are furniture, whatever their markup.
FURNITURE_TEXT = re.compile(
    r"^(?:read more|read also|also read|related|related articles?|more from|see also|lesen sie (?:auch|mehr)|"
    r"mehr zum thema|auch interessant|weiterlesen|advertisement|anzeige|werbung|publicidad|pubblicit[aà]|"
    r"sign up|subscribe|follow us|share this|share on|teilen|click here|newsletter|"
    r"this article (?:was|is) (?:produced|published|updated)|download the app)\b",
    re.IGNORECASE,
)
COPYRIGHT = re.compile(r"^(?:©|\(c\)\s|copyright\b)|\ball rights reserved\b", re.IGNORECASE)


def class_words(tag: Tag) -> set[str]:
    """The lower-cased words of an element's class and id."""
    attrs = tag.attrs
    raw = attrs.get("class")
    # Utility classes with variants ("md:hidden", "lg-nav:px-12") say how an element looks, not what it is.
    names = [n for n in (raw if isinstance(raw, list) else str(raw or "").split()) if ":" not in n]
    # BEM: in "sidebar-grid__content" the block name is layout context; the element name says what it is.
    parts = " ".join(name.rsplit("__", 1)[-1] for name in names)
    ident = attrs.get("id")
    if ident:
        parts += " " + str(ident)
    role = attrs.get("role")
    if role in ("navigation", "complementary", "banner", "contentinfo", "dialog", "alert"):
        parts += " nav"
    if not parts.strip():
        return set()
    return {w.lower() for w in _SPLIT.split(parts) if w}


def is_furniture(tag: Tag) -> bool:
    """True for elements that hold no article text (by tag, by class/id words, hidden)."""
    if tag.name in FURNITURE_TAGS:
        return True
    attrs = tag.attrs
    if not attrs:
        return False
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    words = class_words(tag)
    if not words:
        return False
    if words & STRONG_WORDS:
        return True
    return bool(words & WEAK_WORDS) and not words & CONTENT_WORDS


def is_strong_furniture(tag: Tag) -> bool:
    """Furniture by tag or by a strong class word: safe to test on large containers."""
    if tag.name in STRONG_TAGS:
        return True
    return bool(tag.attrs) and bool(class_words(tag) & STRONG_WORDS)
