"""Editorial photos: figure/figcaption, caption/credit markup and JSON-LD ImageObject, credits split off."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin

from bs4 import Tag

from parsers.article import Photo
from parsers.boilerplate import class_words
from parsers.credits import clean_credit, split_caption
from parsers.document import Page
from parsers.structured import as_text, types_of
from parsers.text import clean, fold, node_text

CAPTION_WORDS = frozenset({"caption", "figcaption", "legend", "bildunterschrift", "imagecaption", "cutline",
                           "description", "desc", "text", "subtitle", "leyenda", "didascalia"})
CREDIT_WORDS = frozenset({"credit", "credits", "copyright", "source", "photographer", "author", "byline",
                          "attribution", "quelle", "fotograf", "rights", "agency"})
# Caption words specific enough to find captions outside <figure>.
CAPTION_BLOCKS = frozenset({"caption", "legend", "bildunterschrift", "imagecaption", "cutline", "leyenda",
                            "didascalia"})
IMAGE_ATTRS = ("src", "data-src", "data-original", "data-lazy-src", "data-srcset", "srcset", "data-url")
# Photos inside these belong to other stories.
OUTSIDE_WORDS = frozenset({"related", "teaser", "teasers", "recommended", "promo", "sidebar", "nav", "footer",
                           "outbrain", "taboola", "mostread", "popular", "trending", "comments", "comment"})
OUTSIDE_TAGS = frozenset({"nav", "footer", "aside"})
MAX_CAPTION = 1500
MAX_CREDIT = 120
CREDIT_PREFIX = re.compile(r"^(?:©|\(c\)|(?:photo|foto|bild|image|picture|credit)s?\s*:)", re.IGNORECASE)


def photos(page: Page, figure_selector: str = "figure", body: Tag | None = None) -> tuple[Photo, ...]:
    """Photos of the article; ``body`` is the text container, whose wrappers never make a photo "outside"."""
    wrappers = {id(parent) for parent in body.parents} if body is not None else set()
    found: list[Photo] = []
    figures = page.named("figure") if figure_selector == "figure" else page.soup.select(figure_selector)
    for figure in figures:
        if not _outside(figure, wrappers):
            photo = _from_figure(figure, page.url)
            if photo:
                found.append(photo)
    found.extend(_from_caption_markup(page.classed, page.url, wrappers))
    found.extend(_from_ld(page.article_ld.get("image"), page.url))
    return tuple(_merge(found))


def _from_caption_markup(classed: tuple[tuple[Tag, frozenset[str]], ...], base_url: str,
                         wrappers: set[int]) -> list[Photo]:
    """Captions outside <figure>: an element classed as a caption beside an <img> in the same block."""
    found: list[Photo] = []
    for tag, words in classed:
        if not words & CAPTION_BLOCKS or tag.name in ("figure", "figcaption", "img"):
            continue
        holder = _image_holder(tag)
        if holder is None:
            continue
        if tag.find_parent("figure") is not None or _outside(tag, wrappers):
            continue
        photo = _from_figure(holder, base_url, tag)
        if photo and photo.caption:
            found.append(photo)
    return found


def _outside(tag: Tag, wrappers: set[int]) -> bool:
    for parent in tag.parents:
        if id(parent) in wrappers:
            return False
        if parent.name in OUTSIDE_TAGS:
            return True
        if parent.attrs and class_words(parent) & OUTSIDE_WORDS:
            return True
    return False


def _from_figure(figure: Tag, base_url: str, caption_tag: Tag | None = None) -> Photo | None:
    url = _image_url(figure, base_url)
    caption_tag = caption_tag or figure.find("figcaption") or _sibling_caption(figure) or \
        _by_words(figure, CAPTION_WORDS)
    credit_tag = _by_words(caption_tag or figure, CREDIT_WORDS) or _by_words(figure, CREDIT_WORDS) or \
        _printed_credit(figure, caption_tag)
    credit = clean_credit(node_text(credit_tag)) if isinstance(credit_tag, Tag) else None
    caption = node_text(caption_tag) if isinstance(caption_tag, Tag) else ""
    if (credit and caption.endswith(credit)) or (credit and credit in caption):
        caption = clean(caption.replace(node_text(credit_tag), "") if isinstance(credit_tag, Tag) else caption)
    if caption and not credit:
        caption, credit = split_caption(caption)
    if not url and not caption:
        return None
    if url is None and not _has_image(figure):
        return None
    return Photo(url=url, caption=caption[:MAX_CAPTION] or None, credit=credit)


def _image_holder(caption: Tag) -> Tag | None:
    """The nearest block (parent or grandparent) around a caption that holds the image and no <figure>."""
    holder = caption.parent
    for _ in range(2):
        if not isinstance(holder, Tag) or holder.find("figure") is not None:
            return None
        if _has_image(holder):
            return holder
        holder = holder.parent
    return None


def _has_image(holder: Tag) -> bool:
    """An <img>, <picture> or a custom image element (``<brick-image>``, ``<amp-img>``, lazy ``data-src``)."""
    for tag in holder.find_all(True):
        if tag.name in ("img", "picture", "source") or "image" in tag.name or "img" in tag.name:
            return True
        if tag.get("data-src") or tag.get("data-srcset"):
            return True
    return False


def _sibling_caption(figure: Tag) -> Tag | None:
    """A <figcaption> printed right after its <figure> instead of inside it."""
    following = figure.find_next_sibling()
    return following if isinstance(following, Tag) and following.name == "figcaption" else None


def _printed_credit(figure: Tag, caption_tag: Tag | None) -> Tag | None:
    """A short element of the figure, outside the caption, printed as a credit ("© Jane Doe", "Foto: dpa")."""
    for tag in figure.find_all(["small", "span", "p", "div", "cite"]):
        if caption_tag is not None and (tag is caption_tag or caption_tag in tag.parents):
            continue
        text = node_text(tag)
        if text and len(text) <= MAX_CREDIT and CREDIT_PREFIX.match(text) and not tag.find(["div", "p"]):
            return tag
    return None


def _by_words(scope: Tag | None, words: frozenset[str]) -> Tag | None:
    if scope is None:
        return None
    for tag in scope.find_all(attrs={"class": True}):
        if class_words(tag) & words and node_text(tag):
            return tag
    return None


def _image_url(figure: Tag, base_url: str) -> str | None:
    for img in figure.find_all(True):
        if img.name not in ("img", "source") and "image" not in img.name and "img" not in img.name:
            continue
        for attr in IMAGE_ATTRS:
            value = img.get(attr)
            if value and not str(value).startswith("data:"):
                # A srcset's URLs may hold commas themselves: the first URL ends at white space.
                first = str(value).strip().split()[0].rstrip(",")
                return urljoin(base_url, first)
    return None


def _from_ld(value: Any, base_url: str) -> list[Photo]:
    items = value if isinstance(value, list) else [value]
    found = []
    for item in items:
        if not isinstance(item, dict) or (item.get("@type") and "imageobject" not in types_of(item)):
            continue
        caption = as_text(item.get("caption")) or as_text(item.get("description"))
        credit = as_text(item.get("creditText")) or as_text(item.get("copyrightHolder")) or as_text(
            item.get("author"))
        url = as_text(item.get("url")) or as_text(item.get("contentUrl"))
        if caption and not credit:
            caption, credit = split_caption(caption)
        if caption:
            found.append(Photo(url=urljoin(base_url, url) if url else None, caption=caption, credit=credit))
    return found


def _merge(found: list[Photo]) -> list[Photo]:
    """One photo per caption (DOM first, structured data fills a missing credit) and per captionless URL."""
    kept: list[Photo] = []
    index: dict[str, int] = {}
    for photo in found:
        key = fold(photo.caption) if photo.caption else f"url:{photo.url}"
        if key in index:
            old = kept[index[key]]
            if not old.credit and photo.credit:
                kept[index[key]] = Photo(old.url or photo.url, old.caption, photo.credit)
            continue
        index[key] = len(kept)
        kept.append(photo)
    return kept
