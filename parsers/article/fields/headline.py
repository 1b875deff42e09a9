"""The article's own headline: structured data, then the OpenGraph headline, the page's <h1>, the title,
weighed by their agreement rather than taken in that order blindly.

Each candidate is cleaned of the site name (" | Site", " - Site.de"). A kicker ("Harbour news: …") that more
sources leave out than print is cut off; an <h1> that no metadata vouches for and the title does not repeat
(a site banner) gives way to the title. A truncated candidate ("…") loses to a complete one that starts with
it. A profile may name its site's source of truth instead (``headline_source``).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from bs4 import Tag

from parsers.article import agencies
from parsers.article.document import Page
from parsers.article.fields.identity import is_site_name, name_key, site_names
from parsers.article.structured import as_text
from parsers.article.text import clean, fold, node_text

META_KEYS = ("og:title", "twitter:title")
TITLE_KEYS = ("dc.title", "headline", "sailthru.title", "title")
# " | Site", " - Site", " – Site", " :: Site", "｜Site" around page titles.
SITE_SEPARATOR = re.compile(r"\s+[|\-–—:·•»«/]{1,2}\s+|\s*[｜|]\s*")
ELLIPSIS = ("…", "...")
# What ends a kicker printed before the headline ("Harbour news: ", "Analyse | ").
KICKER_END = re.compile(r"(?::|\s[|\-–—·•»/]{1,2})\s+$")
MIN_HEADLINE = 8
# A site's name printed after the headline has a few words; words a name may hold in lower case.
MAX_SITE_WORDS = 4
SITE_PARTICLES = frozenset({"the", "of", "de", "la", "le", "der", "die", "das", "and", "&", "du", "des", "el"})
# A separator after a site's name printed before the headline: not a colon (a colon ends a kicker).
NAME_BEFORE = re.compile(r"\s+[|\-–—·•»«/]{1,2}\s+$|\s*[｜|]\s*$")
# A permalink mark printed at the end of a heading (Sphinx's "¶", an anchor's link symbol).
PERMALINK = "¶🔗"
# Elements an <h1> prints its kicker in before the headline, and how long a kicker is at most.
KICKER_TAGS = frozenset({"span", "div", "p", "small", "strong", "em", "b", "a", "mark"})
MAX_KICKER_WORDS = 8
# A headline element inside a breadcrumb trail is the trail's last step, not the page's headline.
BREADCRUMB_WORDS = frozenset({"breadcrumb", "breadcrumbs"})
NO_WORDS: frozenset[str] = frozenset()
# How many elements marked ``itemprop="headline"`` are looked at (a page of teasers marks each one's).
MICRODATA_LIMIT = 6
# Elements that print a headline marked by microdata (a <meta itemprop="headline"> prints nothing).
MICRODATA_TAGS = ("h2", "h3", "h4", "h5", "h6", "div", "span", "p", "strong", "a")


def headline(page: Page, selector: str | None = None, source: str | None = None) -> str | None:
    social = next((_clean(page.meta[key], page) for key in META_KEYS if page.meta.get(key)), None)
    if selector or source:
        return _preferred(page, _h1(page, selector), social, source or "h1")
    printed = _printed(page, social)
    h1 = printed[0] if printed else None
    candidates = _candidates(page, h1, social)
    chosen = _agreed(candidates, printed[1] if printed else None)
    if chosen:
        chosen = _without_named_part(chosen, candidates)
    # The title is left out here: its site part ("… - Culture / Next") is no completion of a cut headline.
    complete = tuple(text for where, text in candidates if where != "title")
    return _complete(chosen, complete) if chosen else _title(page)


def _preferred(page: Page, h1: str | None, social: str | None, source: str) -> str | None:
    """A profile names where its site prints the headline (its selector means the <h1>): that source first."""
    structured = _clean(as_text(page.article_ld.get("headline")) or as_text(page.article_ld.get("name")), page)
    order = {"og": (social, structured, h1), "ld": (structured, social, h1)}.get(source, (h1, structured, social))
    chosen = next((text for text in order if text and len(text) >= MIN_HEADLINE), None)
    return _complete(chosen, (h1, structured, social)) if chosen else _title(page)


def _candidates(page: Page, h1: str | None, social: str | None) -> list[tuple[str, str]]:
    """(source, cleaned text) in the order that breaks ties: structured data, OpenGraph, <h1>, title."""
    found = [
        ("ld", _clean(as_text(page.article_ld.get("headline")), page)),
        ("ld", _clean(as_text(page.article_ld.get("name")), page)),
        ("og", social),
        ("h1", h1),
        ("title", _title(page)),
    ]
    # A text that is only the site's name (og:title set to og:site_name, a title naming the site) is no headline.
    names = _declared_names(page)
    return [
        (source, text) for source, text in found if text and len(text) >= MIN_HEADLINE and name_key(text) not in names
    ]


def _declared_names(page: Page) -> set[str]:
    """Keys of the names the site goes by: og:site_name, the structured data's publisher, its host (not
    application-name, which some sites set to the headline)."""
    publisher = page.article_ld.get("publisher")
    named = as_text(publisher.get("name")) if isinstance(publisher, dict) else None
    host = (urlsplit(page.url).hostname or "").lower().removeprefix("www.")
    names = (page.meta.get("og:site_name"), named, host, host.split(".")[0])
    return {name_key(name) for name in names if name} - {""}


def _agreed(candidates: list[tuple[str, str]], h1_rest: str | None = None) -> str | None:
    """The first candidate in source order, unless the other sources agree against it.

    Among the structured data's own texts (``headline``, ``name``) the one another source repeats comes first:
    some sites put a description in ``headline``. A kicker the other sources leave out is cut off, and so is
    one the <h1> prints in an element of its own before the headline (``h1_rest``: the <h1> after it).
    """
    if not candidates:
        return None
    keys = [fold(text) for _, text in candidates]
    structured = [i for i, (source, _) in enumerate(candidates) if source == "ld"]
    supported = [i for i in structured if any(keys[i] == keys[j] for j in range(len(keys)) if j not in structured)]
    first = (supported or [0])[0]
    source, text = candidates[first]
    title = candidates[-1][1] if candidates[-1][0] == "title" else None
    if source == "h1" and title and not _overlap(fold(text), fold(title)):
        # With no metadata to vouch for it, an <h1> the title does not repeat is the site's banner or a
        # section name ("Health Center"), not the headline; the title names the document.
        return title
    if source == "h1" and title and (before := _before_tail(title, text)):
        return before  # the <h1> is the site's banner the title ends with ("Headline | Coast Gazette")
    return _plain_case(_reduced(text, candidates, h1_rest), candidates)


def _before_tail(title: str, tail: str) -> str | None:
    """What ``title`` prints before ``tail`` when it ends with it after a separator."""
    if len(title) <= len(tail) or not title.lower().endswith(tail.lower()):
        return None
    part = NAME_BEFORE.search(title[: -len(tail)])
    before = title[: part.start()] if part else ""
    return before if len(before) >= MIN_HEADLINE else None


def _plain_case(text: str, candidates: list[tuple[str, str]]) -> str:
    """Of a headline some sources print in capitals ("FERRY TIMES CHANGE") and others in its own case, the
    latter."""
    if not text.isupper():
        return text
    key = fold(text)
    return next((other for _, other in candidates if fold(other) == key and not other.isupper()), text)


def _overlap(one: str, other: str) -> bool:
    return one in other or other in one


def _reduced(text: str, candidates: list[tuple[str, str]], h1_rest: str | None = None) -> str:
    """``text`` without a kicker ("Harbour news: X" → "X") when more sources print the rest than the whole, or
    when the page's <h1> prints the kicker apart and the rest is its headline (``h1_rest``)."""
    key = fold(text)
    if h1_rest and len(h1_rest) >= MIN_HEADLINE:
        rest = fold(h1_rest)
        if key == rest:
            return text
        if len(rest) < len(key) and key.endswith(rest) and _kicker_apart(key[: -len(rest)], candidates, rest):
            return h1_rest
    for _, other in candidates:
        rest = fold(other)
        if len(rest) >= len(key) or not key.endswith(rest) or not KICKER_END.search(key[: -len(rest)]):
            continue
        if _support(rest, candidates) > _support(key, candidates):
            return other
    return text


def _without_named_part(text: str, candidates: list[tuple[str, str]]) -> str:
    """``text`` without a name another source leaves out ("Headline | Coast Gazette" in og:title and the title,
    where the <h1> prints "Headline"): a site's name the page does not declare anywhere else, which the sources
    printing it (two at least) print after a separator, or before one that is no colon (a colon ends a kicker,
    weighed in ``_reduced``)."""
    if _support(fold(text), candidates) < 2:
        return text  # one source alone adding a part may be adding a subtitle, or an author's name
    lower = text.lower()
    for _, other in candidates:
        short = other.lower()
        if len(short) >= len(lower) or len(other) < MIN_HEADLINE:
            continue
        if lower.startswith(short):
            part = SITE_SEPARATOR.match(text, len(other))
            if part and _names_a_site(text[part.end() :]):
                return other
        elif lower.endswith(short):
            part = NAME_BEFORE.search(text[: -len(other)])
            if part and part.start() > 0 and _names_a_site(text[: part.start()]):
                return other
    return text


def _names_a_site(part: str) -> bool:
    """A short part that reads as a name ("Coast Gazette", "eHow", "news.example"), not a phrase ("what you need
    to know"): every word capitalised (or holding a capital, a digit or a dot), a few words at most."""
    words = part.split()
    return 0 < len(words) <= MAX_SITE_WORDS and all(
        any(c.isupper() or c.isdigit() or c == "." for c in word) or word.lower() in SITE_PARTICLES for word in words
    )


def _kicker_apart(prefix: str, candidates: list[tuple[str, str]], rest: str) -> bool:
    """Whether what a candidate prints before the <h1>'s headline proper (the <h1> after its kicker element) is
    a kicker to cut: the <h1> and the sources printing the rest outnumber those printing the whole ("Harbour
    news: X" in og:title alone), or match them with no structured data among them; a prefix without a
    separator needs another source for the rest."""
    elsewhere = sum(1 for source, text in candidates if source != "h1" and fold(text) == rest)
    whole = prefix + rest
    printers = {source for source, text in candidates if source != "h1" and fold(text) == whole}
    if not KICKER_END.search(prefix) and not (prefix.endswith(" ") and elsewhere):
        return False
    return 1 + elsewhere > len(printers) or (1 + elsewhere == len(printers) and "ld" not in printers)


def _support(key: str, candidates: list[tuple[str, str]]) -> int:
    """How many sources (structured data, OpenGraph, <h1>, title) print exactly this text."""
    return len({source for source, text in candidates if fold(text) == key})


def _title(page: Page) -> str | None:
    for key in TITLE_KEYS:
        if page.meta.get(key):
            return _clean(page.meta[key], page)
    title = page.named("title")[:1]
    return _clean(node_text(title[0]), page) if title else None


def _printed(page: Page, social: str | None) -> tuple[str, str | None] | None:
    """The page's <h1> headline (see ``_h1``) and, when it prints a kicker in an element of its own before the
    headline ("<span>Harbour news</span><span>Ferry times change</span>"), its text after that element."""
    tags = _h1_tags(page)
    if not tags:
        microdata = _microdata_headline(page, social)
        return (microdata, None) if microdata else None
    if len(tags) > 1:
        # Of several <h1>s (a site banner, a section name, the story's), the one another source vouches for; a
        # title that is only the site's name vouches for its banner, not for a headline.
        names = _declared_names(page)
        texts = (social, _title(page), as_text(page.article_ld.get("headline")))
        others = [fold(text) for text in texts if text and name_key(text) not in names]
        vouched = [tag for tag in tags if any(_vouches(other, fold(_heading(tag))) for other in others)]
        tags = vouched or tags
    inside = [tag for tag in tags if _inside_article(tag)]
    tag = (inside or tags)[0]
    return _heading(tag), _after_kicker(tag)


def _microdata_headline(page: Page, social: str | None) -> str | None:
    """On a page with no <h1>, the headline printed in an element marked ``itemprop="headline"`` (microdata),
    when the title, og:title or the structured data vouch for it (a teaser's marked headline is not vouched
    for)."""
    names = _declared_names(page)
    texts = [social, _title(page), as_text(page.article_ld.get("headline"))]
    texts += [node_text(tag) for tag in page.named("title")[:1]]
    others = [fold(text) for text in texts if text and name_key(text) not in names]
    marked = [tag for name in MICRODATA_TAGS for tag in page.named(name) if tag.get("itemprop") == "headline"]
    for tag in marked[:MICRODATA_LIMIT]:
        if _in_breadcrumb(tag, page):
            continue
        text = _heading(tag)
        if len(text) >= MIN_HEADLINE and any(_vouches(other, fold(text)) for other in others):
            return text
    return None


def _vouches(other: str, key: str) -> bool:
    """``other`` (og:title, <title>, structured headline) is the headline ``key``, or begins with it before a
    site part ("Headline — Site"); a banner the title ends with is no headline."""
    if other == key:
        return True
    return other.startswith(key) and SITE_SEPARATOR.match(other, len(key)) is not None


def _heading(tag: Tag) -> str:
    """An <h1>'s text without the permalink mark documentation pages print at its end ("Install ¶")."""
    return node_text(tag).rstrip(PERMALINK).rstrip()


def _after_kicker(tag: Tag) -> str | None:
    """The <h1>'s text after its first element, when that element is a short kicker printed apart."""
    parts = [
        child
        for child in tag.contents
        if (isinstance(child, Tag) and node_text(child)) or (not isinstance(child, Tag) and str(child).strip())
    ]
    if len(parts) < 2 or not isinstance(parts[0], Tag) or parts[0].name not in KICKER_TAGS:
        return None
    kicker, whole = node_text(parts[0]), _heading(tag)
    if len(kicker.split()) > MAX_KICKER_WORDS or not whole.startswith(kicker):
        return None
    rest = whole[len(kicker) :].lstrip(" |-–—:·•»/")
    return rest if len(rest) >= MIN_HEADLINE else None


def _h1_tags(page: Page) -> list[Tag]:
    """The page's first <h1>s that may hold a headline (long enough, not in a breadcrumb trail)."""
    return [tag for tag in page.named("h1")[:6] if len(_heading(tag)) >= MIN_HEADLINE and not _in_breadcrumb(tag, page)]


def _h1(page: Page, selector: str | None) -> str | None:
    """The headline printed on the page: the first <h1> in the article, else the first (breadcrumbs skipped)."""
    tags = page.soup.select(selector) if selector else page.named("h1")[:6]
    best: str | None = None
    for tag in tags:
        text = node_text(tag)
        if len(text) < MIN_HEADLINE or (not selector and _in_breadcrumb(tag, page)):
            continue
        if selector or _inside_article(tag):
            return text
        best = best or text
    return best


def _in_breadcrumb(tag: Tag, page: Page) -> bool:
    return any(
        parent.get("itemprop") == "itemListElement" or page.words.get(id(parent), NO_WORDS) & BREADCRUMB_WORDS
        for parent in tag.parents
    )


def _inside_article(tag: Tag) -> bool:
    return any(parent.name in ("article", "main") or parent.get("itemprop") == "articleBody" for parent in tag.parents)


def _complete(candidate: str, others: tuple[str | None, ...]) -> str:
    """A truncated candidate ("… Klare Ansage…") is replaced by a complete one that starts with it."""
    stem = fold(candidate).rstrip(".… ")
    if not candidate.endswith(ELLIPSIS):
        return candidate
    for other in others:
        if other and not other.endswith(ELLIPSIS) and fold(other).startswith(stem):
            return other
    return candidate


def _clean(raw: str | None, page: Page) -> str | None:
    """Entities decoded, white space collapsed, the site's name cut off the ends."""
    if not raw:
        return None
    text = clean(raw)
    parts = SITE_SEPARATOR.split(text)
    if len(parts) == 1:
        return text
    # A "site name" that is the whole title (application-name set to the headline) names no site.
    names = site_names(page) - {name_key(text)}
    while len(parts) > 1 and _site_part(parts[-1], names):
        parts.pop()
    while len(parts) > 1 and _site_part(parts[0], names):
        parts.pop(0)
    if len(parts) == len(SITE_SEPARATOR.split(text)):
        return text
    # Re-join what is left with the separators printed between those parts.
    start = text.find(parts[0])
    end = text.rfind(parts[-1]) + len(parts[-1])
    return text[start:end].strip()


def _site_part(part: str, names: set[str]) -> bool:
    """A part of the title that is the site's name ("Dropbox Tech") or an agency's on a partner's copy
    ("… | Reuters"), not a sentence that mentions it ("How we designed Dropbox's task framework"): the name
    makes up at least half of the part."""
    if agencies.normalise(part):
        return True
    key = name_key(part)
    return is_site_name(part, names) and any(
        (name in key and 2 * len(name) >= len(key)) or key in name for name in names
    )
