"""What makes a found image no editorial photo of this article: another story's teaser, an author's avatar,
page decoration; and when two found photos are one."""

from __future__ import annotations

import re
from itertools import islice
from urllib.parse import parse_qsl, urljoin, urlsplit

from bs4 import Tag

from parsers.article.boilerplate import class_words
from parsers.article.model import Photo
from parsers.article.text import elements, fold

# A link to one of these is to the image itself (a lightbox), not to another page.
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".bmp", ".tif", ".tiff", ".heic")
FIGCAPTION = frozenset({"figcaption"})
TEASER_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
# A card is a small block: a holder of more text than this is the article, not a teaser.
MAX_CARD_TEXT = 400
CARD_LEVELS = 3
# Class words of an author's picture or of the byline block around it.
AVATAR_WORDS = frozenset(
    {"avatar", "avatars", "author", "authors", "profile", "byline", "bylines", "headshot", "mugshot"}
)
AVATAR_LEVELS = 4
# Words of an image's file name or path that mark page decoration.
DECORATION = re.compile(
    r"(?<![a-z])(?:logo|logos|icon|icons|favicon|sprite|sprites|pixel|spacer|blank|placeholder|transparent|"
    r"badge|button|emoji)(?![a-z])",
    re.IGNORECASE,
)
DECORATION_SUFFIXES = (".svg", ".ico")
# Query parameters that choose a size, crop, format or cache version of one image.
SIZE_PARAMS = frozenset(
    {
        "w", "h", "width", "height", "q", "quality", "fit", "crop", "rect", "resize", "size", "type", "format", "fm",
        "auto", "dpr", "ver", "v", "_v", "r", "imwidth", "imheight", "impolicy", "mode", "scale", "itok", "x", "y",
        "cropw", "croph", "strip", "sharpen", "ssl", "zoom",
    }
)  # fmt: skip
PATH_SIZE = re.compile(r"[-_]\d{2,4}x\d{2,4}(?=\.\w+$)|[-_]scaled(?=\.\w+$)")


def links_elsewhere(tag: Tag, page_url: str) -> bool:
    """Whether ``tag`` is (in) another story's teaser: inside a link to another page, captioned only by
    such a link, or in a small card whose heading links to another page."""
    link = next((parent for parent in tag.parents if parent.name == "a" and "href" in parent.attrs), None)
    if link is not None and _elsewhere(str(link["href"]), page_url):
        return True
    caption = next(elements(tag, FIGCAPTION), None) if tag.name != "img" else None
    if isinstance(caption, Tag) and _only_links_elsewhere(caption, page_url):
        return True
    return _in_teaser_card(tag, page_url)


def _elsewhere(href: str, page_url: str) -> bool:
    """A link to another HTML page (not this page, not an anchor on it, not an image file)."""
    target = urlsplit(urljoin(page_url, href.strip()))
    here = urlsplit(page_url)
    if target.scheme not in ("http", "https") or target.path.lower().endswith(IMAGE_SUFFIXES):
        return False
    return (target.netloc, target.path.rstrip("/")) != (here.netloc, here.path.rstrip("/"))


def _only_links_elsewhere(caption: Tag, page_url: str) -> bool:
    links = caption.find_all("a", href=True)
    if not links or not all(_elsewhere(str(a["href"]), page_url) for a in links):
        return False
    linked = "".join(a.get_text() for a in links)
    return fold(linked).strip() == fold(caption.get_text()).strip()


def _in_teaser_card(tag: Tag, page_url: str) -> bool:
    """A small block around the image whose heading links to another page: a teaser card."""
    block = tag.parent
    for _ in range(CARD_LEVELS):
        if not isinstance(block, Tag) or block.name in ("body", "article", "main"):
            return False
        headings = list(islice(elements(block, TEASER_HEADINGS), 2))
        if headings:
            if len(block.get_text()) > MAX_CARD_TEXT:
                return False
            return any(_heading_links_elsewhere(h, page_url) for h in headings)
        block = block.parent
    return False


def _heading_links_elsewhere(heading: Tag, page_url: str) -> bool:
    link = heading.find("a", href=True) or heading.find_parent("a", href=True)
    return isinstance(link, Tag) and _elsewhere(str(link["href"]), page_url)


def is_avatar(tag: Tag) -> bool:
    """An author's picture: the image or a close holder of it is classed as an avatar, author or byline."""
    node: Tag | None = tag
    for _ in range(AVATAR_LEVELS):
        if node is None or node.name in ("article", "main", "body"):
            return False
        if node.name != "figure" and node.attrs and class_words(node) & AVATAR_WORDS:
            return True
        parent = node.parent
        node = parent if isinstance(parent, Tag) else None
    return False


def is_decoration(photo: Photo) -> bool:
    """A captionless image whose address says it is decoration: an icon, a logo, a pixel, an SVG."""
    if photo.caption:
        return False
    if photo.url is None:
        return True
    path = urlsplit(photo.url).path.lower()
    return path.endswith(DECORATION_SUFFIXES) or DECORATION.search(path.rsplit("/", 1)[-1]) is not None


def image_key(url: str | None) -> str | None:
    """The image an address shows, whatever size, crop or version it asks for."""
    if url is None:
        return None
    parts = urlsplit(url)
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in SIZE_PARAMS)
    return f"{parts.netloc}{PATH_SIZE.sub('', parts.path)}?{query}"
