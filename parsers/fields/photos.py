"""Editorial photos: figure/figcaption, caption/credit markup and JSON-LD ImageObject, credits split off."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Tag

from parsers.article import Photo
from parsers.boilerplate import class_words
from parsers.credits import clean_credit, split_caption
from parsers.structured import as_text, types_of
from parsers.text import clean, fold, node_text

CAPTION_WORDS = frozenset({"caption", "figcaption", "legend", "bildunterschrift", "imagecaption", "cutline",
                           "description", "desc", "text", "subtitle", "leyenda", "didascalia"})
CREDIT_WORDS = frozenset({"credit", "credits", "copyright", "source", "photographer", "author", "byline",
                          "attribution", "quelle", "fotograf", "rights", "agency"})
IMAGE_ATTRS = ("src", "data-src", "data-original", "data-lazy-src", "data-srcset", "srcset", "data-url")
# Photos inside these belong to other stories.
OUTSIDE_WORDS = frozenset({"related", "teaser", "teasers", "recommended", "promo", "sidebar", "nav", "footer",
                           "outbrain", "taboola", "mostread", "popular", "trending", "comments", "comment"})
OUTSIDE_TAGS = frozenset({"nav", "footer", "aside", "header"})
MAX_CAPTION = 1500


def photos(soup: BeautifulSoup, article_ld: dict[str, Any], base_url: str,
           figure_selector: str = "figure") -> tuple[Photo, ...]:
    found: list[Photo] = []
    for figure in soup.select(figure_selector):
        if not _outside(figure):
            photo = _from_figure(figure, base_url)
            if photo:
                found.append(photo)
    found.extend(_from_ld(article_ld.get("image"), base_url))
    return tuple(_merge(found))


def _outside(tag: Tag) -> bool:
    for parent in tag.parents:
        if parent.name in OUTSIDE_TAGS:
            return True
        if parent.attrs and class_words(parent) & OUTSIDE_WORDS:
            return True
    return False


def _from_figure(figure: Tag, base_url: str) -> Photo | None:
    url = _image_url(figure, base_url)
    caption_tag = figure.find("figcaption") or _by_words(figure, CAPTION_WORDS)
    credit_tag = _by_words(caption_tag or figure, CREDIT_WORDS) or _by_words(figure, CREDIT_WORDS)
    credit = clean_credit(node_text(credit_tag)) if isinstance(credit_tag, Tag) else None
    caption = node_text(caption_tag) if isinstance(caption_tag, Tag) else ""
    if (credit and caption.endswith(credit)) or (credit and credit in caption):
        caption = clean(caption.replace(node_text(credit_tag), "") if isinstance(credit_tag, Tag) else caption)
    if caption and not credit:
        caption, credit = split_caption(caption)
    if not url and not caption:
        return None
    if url is None and figure.find(["img", "picture"]) is None:
        return None
    return Photo(url=url, caption=caption[:MAX_CAPTION] or None, credit=credit)


def _by_words(scope: Tag | None, words: frozenset[str]) -> Tag | None:
    if scope is None:
        return None
    for tag in scope.find_all(attrs={"class": True}):
        if class_words(tag) & words and node_text(tag):
            return tag
    return None


def _image_url(figure: Tag, base_url: str) -> str | None:
    for img in figure.find_all(["img", "source"]):
        for attr in IMAGE_ATTRS:
            value = img.get(attr)
            if value and not str(value).startswith("data:"):
                first = str(value).split(",")[0].strip().split(" ")[0]
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
