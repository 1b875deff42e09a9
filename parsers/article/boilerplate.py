"""The vocabulary of page furniture: tags, class/id words and phrases that are never article text."""

from __future__ import annotations

import re
from collections.abc import Mapping

from bs4 import Tag

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
STRONG_WORDS = frozenset(
    {
        "share",
        "sharing",
        "sharebar",
        "social",
        "socials",
        "related",
        "relatedcontent",
        "recommended",
        "recommendations",
        "recirculation",
        "newsletter",
        "newsletters",
        "subscribe",
        "subscription",
        "signup",
        "promo",
        "promotion",
        "advert",
        "advertisement",
        "ad",
        "ads",
        "adslot",
        "adunit",
        "adwrapper",
        "advertising",
        "sponsor",
        "sponsored",
        "cookie",
        "cookies",
        "consent",
        "gdpr",
        "comment",
        "comments",
        "disqus",
        "footer",
        "breadcrumb",
        "breadcrumbs",
        "outbrain",
        "taboola",
        "popular",
        "trending",
        "mostread",
        "caption",
        "figcaption",
        "credit",
        "credits",
        "copyright",
        "byline",
        "readmore",
        "dfp",
        "billboard",
        "leaderboard",
        "sronly",
        "offscreen",
        "nav",
        "navbar",
        "navigation",
        "sidebar",
        "toolbar",
        "notification",
        "notifications",
        "prompt",
        "registration",
        "signin",
        "subscriber",
        "anmeldung",
    }
)
# Words that mark furniture unless the element also carries a content word.
WEAK_WORDS = frozenset(
    {
        "menu",
        "widget",
        "tags",
        "tagcloud",
        "keywords",
        "topics",
        "author",
        "authors",
        "bio",
        "print",
        "rating",
        "poll",
        "modal",
        "overlay",
        "popup",
        "banner",
        "skip",
        "teaser",
        "teasers",
        "moretopics",
        "more",
        "also",
        "embed",
        "tweet",
        "instagram",
        "video",
        "player",
        "audio",
        "podcast",
        "gallery",
        "slideshow",
        "carousel",
        "timestamp",
        "dateline",
        "meta",
        "metadata",
        "date",
        "visually",
        "hidden",
        "jump",
        "toc",
        "pagination",
        "pager",
        "rail",
        "outstream",
        "gpt",
        "image",
        "photo",
        "img",
        "media",
        "icon",
        "logo",
        "button",
        "btn",
        "cta",
        "login",
        "register",
        "search",
        "feedback",
        "header",
        "hero",
    }
)
# Words of boxed extras beside the story (fact boxes, key facts): furniture whatever else the element says, and
# even when the box is longer than the story around it.
BOX_WORDS = frozenset(
    {
        "factbox",
        "infobox",
        "factfile",
        "keyfacts",
        "faktenbox",
        "infokasten",
        "faktaruta",
        "faktaboks",
        "encadre",
        "recuadro",
    }
)
_STRONG_OR_BOX = STRONG_WORDS | BOX_WORDS
# Words that mark the article's own text.
CONTENT_WORDS = frozenset(
    {
        "articlebody",
        "storybody",
        "richtext",
        "bodytext",
        "entry",
        "content",
        "text",
        "body",
        "article",
        "story",
        "paragraph",
        "post",
    }
)
_SPLIT = re.compile(r"[^a-zA-Z0-9]+|(?<=[a-z])(?=[A-Z])")
# CSS Modules ("Article_elementPoll__0I_DP"): component, local name, a five-character hash of the file. The local
# name says what the element is; the component is context, like a BEM block.
_CSS_MODULE = re.compile(r"^[A-Za-z][A-Za-z0-9]*_([A-Za-z][A-Za-z0-9]*)__(?=[\w-]{5}$)[\w-]*[A-Z0-9_-][\w-]*$")
# Whole paragraphs that are furniture, whatever their markup.
FURNITURE_TEXT = re.compile(
    r"^(?:read more|read also|also read|related|related articles?|more from|see also|lesen sie (?:auch|mehr)|"
    r"mehr zum thema|auch interessant|weiterlesen|advertisement|anzeige|werbung|publicidad|pubblicit[aà]|"
    r"sign up|subscribe|follow us|share this|share on|teilen|click here|newsletter|"
    r"this article (?:was|is) (?:produced|published|updated)|download the app)\b",
    re.IGNORECASE,
)
# Short paragraphs that address the reader rather than tell the story: calls for tips, channel, newsletter and
# subscription promos, paywall and sign-in notices, "read also" in more languages. Only short paragraphs are
# tested (MAX_PROMO), and only at their start, so a sentence of the story that quotes such words stays.
MAX_PROMO = 200
PROMO_TEXT = re.compile(
    r"^(?:(?:do you have|have you got|got) a (?:story|tip)\b|have a story to (?:tell|share)|"
    r"for more (?:stories|news|articles) like this|"
    r"follow (?:us|(?:\S+ ){1,3}?on (?:twitter|x|facebook|instagram|tiktok|whatsapp|telegram|threads|youtube))\b|"
    r"join (?:us|our \w+ (?:channel|community)) on (?:whatsapp|telegram)|"
    r"subscribe (?:to (?:read|continue|unlock)|now)|to continue reading|thank you for registering|"
    r"please refresh the page|ad ?block users|this (?:is a )?breaking news? story|"
    r"(?:take|vote in) (?:our|the|this) poll|"
    r"folg(?:en sie|t|st du) (?:uns|schon)\b|jetzt (?:abonnieren|registrieren|weiterlesen)|weiterlesen mit|"
    r"hier finden sie (?:alle|weitere|mehr)\b|sendung: |"
    r"abonnez-vous|suivez-nous|(?:à )?lire aussi|pour lire la suite|inscrivez-vous|"
    r"suscr[ií]bete|s[ií]guenos|lee tambi[eé]n|te puede interesar|"
    r"iscriviti|seguici|leggi anche|abbonati\b|"
    r"assine\b|siga-nos|leia (?:tamb[eé]m|mais)\b|inscreva-se|"
    r"abonneer|volg ons|lees (?:ook|meer)\b|schrijf je in|"
    r"abone ol|bizi takip ed|ilginizi [çc]ekebilir|"
    r"czytaj (?:wi[eę]cej|te[zż]|tak[zż]e|r[oó]wnie[zż])\b|zobacz (?:te[zż]|tak[zż]e|r[oó]wnie[zż])\b|obserwuj nas|"
    r"zapisz si[eę]|"
    r"l[äe]s ogs[åa]|l[æe]s ogs[åa]|les ogs[åa]|f[öø]lj oss|f[øo]lg (?:oss|os)\b|lue my[öo]s)",
    re.IGNORECASE,
)
# A short line that points to a live blog or ticker printed below it ("Mehr dazu in unserem Liveblog:").
LIVE_POINTER = re.compile(
    r"\b(?:live-?blog|live-?ticker|news-?ticker|live (?:coverage|updates)|en direct|directo|diretta|ao vivo|"
    r"liveblogg)\b[^.!?]*:$",
    re.IGNORECASE,
)
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
