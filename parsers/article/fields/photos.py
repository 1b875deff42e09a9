"""Editorial photos: figure/figcaption, caption/credit markup and JSON-LD ImageObject, credits split off."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin

from bs4 import Tag
from bs4.element import NavigableString, PageElement

from parsers.article import vocabulary
from parsers.article.boilerplate import class_words
from parsers.article.document import Page
from parsers.article.fields.credits import LABELLED, clean_credit, reads_as_credit, split_caption
from parsers.article.fields.photo_rules import image_key, is_avatar, is_decoration, links_elsewhere
from parsers.article.model import Photo
from parsers.article.structured import as_text, types_of
from parsers.article.text import ancestor, clean, elements, fold, node_text, run_paragraphs

CAPTION_WORDS = frozenset(vocabulary.words("caption_class_words"))
CREDIT_WORDS = frozenset(vocabulary.words("photo_credit_class_words"))
# Caption words specific enough to find captions outside <figure>.
CAPTION_BLOCKS = frozenset(
    {"caption", "legend", "bildunterschrift", "imagecaption", "cutline", "leyenda", "didascalia"}
)
# File names of the stand-in images lazy-loading pages show until the photo loads.
PLACEHOLDER = re.compile(
    r"^(?:[\w-]*[_-])?(?:placeholder|blank|spacer|transparent|lazy|lazyload|fallback|pixel|1x1|loading|empty)"
    r"(?:[_.-][\w.-]*)?\.(?:gif|png|jpe?g|svg|webp)(?:$|[?#])",
    re.IGNORECASE,
)
IMAGE_ATTRS = ("src", "data-src", "data-original", "data-lazy-src", "data-srcset", "srcset", "data-url")
# Photos inside these belong to other stories.
OUTSIDE_WORDS = frozenset(
    {
        "related",
        "teaser",
        "teasers",
        "recommended",
        "promo",
        "sidebar",
        "nav",
        "footer",
        "outbrain",
        "taboola",
        "mostread",
        "popular",
        "trending",
        "comments",
        "comment",
    }
)
OUTSIDE_TAGS = frozenset({"nav", "footer", "aside"})
MAX_CAPTION = 1500
MAX_CREDIT = 120
CAPTION_ATTRS = ("data-caption", "title")
CREDIT_ATTRS = ("data-credit", "data-photographer", "data-copyright", "data-image-credit", "data-photo-credit")
# Words an alt text needs to stand as a caption: fewer name a logo, a portrait or a file.
ALT_WORDS = 4
# Class words of a block that stands for a figure (a picture and its caption) without <figure>.
IMAGE_BLOCKS = frozenset({"picture", "image", "photo", "img", "foto", "bild", "pic", "figure"})
CREDIT_PROPS = ["author", "copyrightHolder", "creator", "creditText", "copyrightNotice"]
# Elements a caption prints its credit in, apart from its text ("<span>Text.</span><span>Getty Images</span>").
CREDIT_CHILDREN = frozenset({"span", "small", "cite", "em", "i", "b", "strong", "p", "div", "address"})
# Elements that set a credit apart by themselves, so a bare name in them is a credit.
CREDIT_ONLY = frozenset({"cite", "small", "address"})
# Elements of a figure that may print its credit, and the blocks a credit line never holds.
CREDIT_HOLDERS = frozenset({"small", "span", "p", "div", "cite", "footer"})
BLOCKS = frozenset({"div", "p"})
BYLINE_MARKS = frozenset({"time", "a"})
IMAGE_TAGS = frozenset({"img", "picture", "source"})
# How much text a caption's block may print besides the caption (a credit, a counter, a "view larger" link).
HOLDER_TEXT = 300
FIGURE = frozenset({"figure"})
FIGURE_OR_LINK = frozenset({"figure", "a"})
SENTENCE_END = '.!?"”»)'
# Elements beside a picture, in a block of their own, that print its caption; and how many wrappers of the image
# alone are climbed to find that block.
SIBLING_CAPTIONS = frozenset({"p", "div", "span", "small", "h1", "h2", "h3", "h4", "h5", "h6"})
SOLE_LEVELS = 4
SOLE_OTHERS = 2
# A block with more elements than this is a part of the page, not a picture and its caption.
SIBLING_BLOCK = 6
# A caption printed after an image in the image's own paragraph: at most this long, and set apart in one of these
# (or ending in a credit).
IMAGE_PARAGRAPH_CAPTION = 400
EMPHASIS = frozenset({"em", "i", "small", "span", "cite", "strong", "b", "font"})
# Elements beside an image that print another story's headline, not a caption.
TEASER_TAGS = frozenset({"a", "h1", "h2", "h3", "h4", "h5", "h6"})


def photos(page: Page, figure_selector: str = "figure", body: Tag | None = None) -> tuple[Photo, ...]:
    """Photos of the article; ``body`` is the text container, whose wrappers never make a photo "outside"."""
    wrappers = {id(parent) for parent in body.parents} | {id(body)} if body is not None else set()
    found: list[Photo] = []
    figures = page.named("figure") if figure_selector == "figure" else page.soup.select(figure_selector)
    for figure in figures:
        if not _outside(figure, wrappers) and not _foreign(figure, page.url):
            photo = _from_figure(figure, page.url)
            if photo and not found and not photo.caption and (alt := _lead_alt(figure, body, page)):
                photo = Photo(photo.url, alt, photo.credit)
            if photo:
                found.append(photo)
    found.extend(_from_caption_markup(page.classed, page.url, wrappers))
    found.extend(_from_printed_alt(page.named("img"), page.url, wrappers))
    found.extend(_from_credited_siblings(page.named("img"), page.url, wrappers))
    found.extend(_from_image_paragraphs(page.named("img"), page.url, wrappers))
    found.extend(_from_ld(page.article_ld.get("image"), page.url))
    return tuple(photo for photo in _merge(found) if not is_decoration(photo))


def _foreign(holder: Tag, page_url: str) -> bool:
    """A photo block that is another story's teaser."""
    return links_elsewhere(holder, page_url)


def _from_caption_markup(
    classed: tuple[tuple[Tag, frozenset[str]], ...], base_url: str, wrappers: set[int]
) -> list[Photo]:
    """Captions outside <figure>: an element classed as a caption beside an <img> in the same block."""
    found: list[Photo] = []
    for tag, words in classed:
        if words & IMAGE_BLOCKS and tag.name == "div" and not words & CAPTION_BLOCKS:
            photo = _from_image_block(tag, base_url, wrappers)
            if photo:
                found.append(photo)
            continue
        if not words & CAPTION_BLOCKS or words & CREDIT_WORDS or tag.name in ("figure", "figcaption", "img"):
            continue
        if ancestor(tag, FIGURE) is not None or _outside(tag, wrappers):
            continue
        if _has_image(tag):
            # A captioned block ("wp-caption") holding its image: its caption is an element inside.
            photo = _from_figure(tag, base_url) if not _foreign(tag, base_url) else None
        else:
            holder = _image_holder(tag)
            photo = (
                _from_figure(holder, base_url, tag) if holder is not None and not _foreign(holder, base_url) else None
            )
        if photo and photo.caption:
            found.append(photo)
    return found


def _from_printed_alt(images: list[Tag], base_url: str, wrappers: set[int]) -> list[Photo]:
    """An image outside <figure> whose alt text is printed in the element right after it (or after its
    holder): that text is its caption, and what the element prints after it, read as a credit, its credit."""
    found: list[Photo] = []
    for img in images:
        alt = clean(str(img.get("alt") or ""))
        # An alt that is only a name goes with an avatar or a logo beside that name.
        if len(alt.split()) < 2 or len(alt) > MAX_CAPTION or reads_as_credit(alt):
            continue
        printed = _printed_alt(img, alt)
        if printed is None or ancestor(img, FIGURE_OR_LINK) is not None or _outside(img, wrappers):
            continue
        if _foreign(img, base_url) or is_avatar(img):
            continue
        rest = printed[len(alt) :].strip()
        if rest and not reads_as_credit(rest, names=False):
            continue  # the element goes on with other text: a paragraph, not a caption
        found.append(Photo(_image_url(img, base_url), alt, clean_credit(rest) if rest else None))
    return found


def _printed_alt(img: Tag, alt: str) -> str | None:
    """The text of the element after the image, or after a small holder of it, when it begins with
    the image's alt text; links and headings print teasers, not captions."""
    node: Tag | None = img
    for _ in range(6):  # the parser may nest an <img> in the unclosed <source>s of its <picture>
        if node is None:
            return None
        following = node.find_next_sibling() if node.name != "source" else None
        if isinstance(following, Tag) and following.name not in TEASER_TAGS and _starts_with(following, alt):
            text = node_text(following)
            if fold(text[: len(alt)]) == fold(alt) and following.find("a") is None:
                return text
        # Climb only through holders of the image alone (at most one more element beside it).
        parent = node.parent
        node = parent if isinstance(parent, Tag) and _holds_little(parent) else None
    return None


def _holds_little(tag: Tag) -> bool:
    return sum(1 for child in tag.contents if isinstance(child, Tag)) <= 2


def _starts_with(tag: Tag, alt: str) -> bool:
    """Whether the first words ``tag`` holds begin like ``alt``: a cheap test before reading all its text."""
    first = next(tag.stripped_strings, "")
    head = min(len(first), len(alt), 12)
    return head > 0 and fold(first[:head]) == fold(alt[:head])


def _outside(tag: Tag, wrappers: set[int]) -> bool:
    """In furniture or another story's teaser; in the body only teaser words count (asides hold photos)."""
    parents = list(tag.parents)
    inside = any(id(parent) in wrappers for parent in parents)
    for parent in parents:
        if id(parent) in wrappers:
            return False
        if parent.name in OUTSIDE_TAGS and not inside:
            return True
        if parent.attrs and class_words(parent) & OUTSIDE_WORDS:
            return True
    return False


def _from_figure(figure: Tag, base_url: str, caption_tag: Tag | None = None) -> Photo | None:
    url = _image_url(figure, base_url)
    # A caption's block that prints much more than the caption (a header with its byline, a column of the page)
    # says nothing else of the photo: its credit is in the caption.
    scope = caption_tag if caption_tag is not None and _prints_more(figure, caption_tag) else figure
    caption_tag = (
        caption_tag
        or _property(figure, "caption")
        or figure.find("figcaption")
        or _sibling_caption(figure)
        or _by_words(figure, CAPTION_WORDS)
    )
    credit_tag = (
        _property(scope, *CREDIT_PROPS)
        or _by_words(caption_tag or scope, CREDIT_WORDS, credit=True)
        or _by_words(scope, CREDIT_WORDS, credit=True)
        or _printed_credit(scope, caption_tag)
    )
    if (
        credit_tag is not None
        and caption_tag is not None
        and (credit_tag is caption_tag or credit_tag in caption_tag.parents)
    ):
        credit_tag = None  # an element marked "caption, copyright" is the caption; its credit is printed in it
    credit = clean_credit(node_text(credit_tag)) if isinstance(credit_tag, Tag) else None
    caption = node_text(caption_tag) if isinstance(caption_tag, Tag) else ""
    if (credit and caption.endswith(credit)) or (credit and credit in caption):
        caption = clean(caption.replace(node_text(credit_tag), "") if isinstance(credit_tag, Tag) else caption)
    caption = caption or _caption_attribute(scope)
    if caption and not credit:
        caption, credit = split_caption(caption)
    if not credit and (credit := _credit_attribute(scope)):
        caption = _without_credit(caption, credit)
    apart = _credit_child(caption_tag) if not credit and isinstance(caption_tag, Tag) else None
    if apart:
        caption, credit = apart[0], clean_credit(apart[1])
    if not url and not caption:
        return None
    if url is None and not _has_image(figure):
        return None
    if url is None and (not caption or reads_as_credit(caption)) and _avatars_only(figure):
        return None  # an author's picture captioned with the author's name
    return Photo(url=url, caption=caption[:MAX_CAPTION] or None, credit=credit)


def _prints_more(block: Tag, caption: Tag) -> bool:
    """Whether ``block`` prints more than its caption and a credit's worth of text besides (its strings are
    counted only as far as that bound: a caption's block may be a whole column of the page)."""
    bound = sum(len(text) for text in caption.stripped_strings) + HOLDER_TEXT
    total = 0
    for text in block.stripped_strings:
        total += len(text)
        if total > bound:
            return True
    return False


def _without_credit(caption: str, credit: str) -> str:
    """The caption without the credit it ends with ("Rain (Jane Doe)"); none when it prints only the credit."""
    for printed in (f"({credit})", credit):
        if caption.endswith(printed):
            return caption[: -len(printed)].rstrip(" |–—-")
    return caption


def _credit_child(caption: Tag) -> tuple[str, str] | None:
    """``(text, credit)`` of a caption element that prints its credit in a child of its own: the last child
    ("<span>Text.</span><span>Getty Images</span>", "Text. <cite>AP</cite>") or the first before a line
    break ("<span>The Yomiuri Shimbun</span><br>Text"). A bare name counts only when set apart."""
    parts = _printed_children(caption)
    while len(parts) == 1 and isinstance(parts[0], Tag) and parts[0].name in ("p", "div", "span"):
        parts = _printed_children(parts[0])
    if len(parts) < 2:
        return None
    last, first = parts[-1], parts[0]
    if isinstance(last, Tag) and last.name in CREDIT_CHILDREN:
        text = " ".join(run_paragraphs(parts[:-1]))
        names = last.name in CREDIT_ONLY or text.endswith(tuple(SENTENCE_END))
        if text and reads_as_credit(node_text(last), names=names):
            return text, node_text(last)
    if isinstance(first, Tag) and first.name in CREDIT_CHILDREN and _is_break(parts[1]):
        text = " ".join(run_paragraphs(parts[2:]))
        if text and reads_as_credit(node_text(first)):
            return text, node_text(first)
    return None


def _printed_children(tag: Tag) -> list[PageElement]:
    """The children of ``tag`` that print something (text, or a line break)."""
    return [
        child
        for child in tag.contents
        if (isinstance(child, NavigableString) and type(child) is NavigableString and child.strip())
        or (isinstance(child, Tag) and (child.name == "br" or node_text(child)))
    ]


def _is_break(node: PageElement) -> bool:
    return isinstance(node, Tag) and node.name == "br"


def _from_image_block(block: Tag, base_url: str, wrappers: set[int]) -> Photo | None:
    """A block classed as a picture that holds one image and, after it, a short text: its caption (or, with
    no text, a caption in a ``data-caption`` attribute)."""
    children = [child for child in block.children if isinstance(child, Tag)]
    images = [i for i, child in enumerate(children) if child.name in ("picture", "img") or _has_image(child)]
    if len(images) != 1 or ancestor(block, FIGURE) is not None or _outside(block, wrappers):
        return None
    if _foreign(block, base_url):
        return None
    credited = False
    for child in children[images[0] + 1 :]:
        if child.name not in ("p", "span", "div", "small") or not 0 < len(node_text(child)) <= MAX_CAPTION:
            continue
        words = class_words(child) if child.attrs else frozenset()
        if words & CREDIT_WORDS and not words & CAPTION_WORDS:
            credited = True  # an element classed as the credit alone is no caption
            continue
        return _from_figure(block, base_url, child)
    # A caption kept in an attribute of the block or its image ("<div class="photo" data-caption="…">"), or a
    # credit alone.
    return _from_figure(block, base_url) if credited or _data_caption(block) else None


def _data_caption(block: Tag) -> bool:
    """Whether the block or an element in it keeps a caption in ``data-caption`` (an image's ``title`` is
    often its file name or a teaser's headline: not enough for a block with no printed caption)."""
    return any(tag.get("data-caption") for tag in (block, *elements(block)))


def _from_credited_siblings(images: list[Tag], base_url: str, wrappers: set[int]) -> list[Photo]:
    """An image outside <figure> (or the wrappers that hold it alone) and, after it, alone in a block of their
    own, a short element that prints a caption and its credit, or two: the caption, then a credit line ("Photo:
    AFP"). Class names aside (sites hash them), a picture with a credited text beside it is a photo and its
    caption. Without a credit, such text may be the story's."""
    found: list[Photo] = []
    for img in images:
        holder = _sole_holder(img)
        block = holder.parent
        if not isinstance(block, Tag) or block.name != "div":
            continue
        children = [child for child in block.children if isinstance(child, Tag)]
        if len(children) > SIBLING_BLOCK:
            continue
        children = [child for child in children if _prints(child)]
        if not 2 <= len(children) <= 3 or children[0] is not holder or not _caption_siblings(children[1:]):
            continue
        if ancestor(block, FIGURE) is not None or _outside(block, wrappers):
            continue
        photo = _from_figure(block, base_url, children[1])
        if photo and photo.caption and photo.credit and not _foreign(block, base_url):
            found.append(photo)
    return found


def _from_image_paragraphs(images: list[Tag], base_url: str, wrappers: set[int]) -> list[Photo]:
    """An image that opens a paragraph, then a line break and a short text set apart (in one emphasis element,
    or ending in a credit): the caption printed in the image's own paragraph ("<p><img><br><em>Text. Photo:
    Jane Doe</em></p>"). Plain text after an image may be the story's, so it needs one of the two marks."""
    found: list[Photo] = []
    for img in images:
        holder = _sole_holder(img)
        parent = holder.parent
        if isinstance(parent, Tag) and parent.name == "a" and not _printed_children(parent):
            holder = parent  # the image links its larger version
        paragraph = holder.parent
        if not isinstance(paragraph, Tag) or paragraph.name != "p":
            continue
        parts = [child for child in paragraph.contents if child is holder or _prints(child) or _is_break(child)]
        if len(parts) < 3 or parts[0] is not holder or not _is_break(parts[1]):
            continue
        rest = [part for part in parts[2:] if not _is_break(part)]
        if not rest or any(isinstance(part, Tag) and part.find(["a", "img", "picture"]) for part in rest):
            continue
        if any(isinstance(part, Tag) and part.name in ("a", "img", "picture") for part in rest):
            continue
        text = " ".join(run_paragraphs(rest))
        if not 0 < len(text) <= IMAGE_PARAGRAPH_CAPTION:
            continue
        caption, credit = split_caption(text)
        set_apart = len(rest) == 1 and isinstance(rest[0], Tag) and rest[0].name in EMPHASIS
        if not (credit or set_apart) or ancestor(paragraph, FIGURE) is not None or _outside(paragraph, wrappers):
            continue
        url = _image_url(paragraph, base_url)
        if url and caption and not _foreign(paragraph, base_url):
            found.append(Photo(url=url, caption=caption, credit=clean_credit(credit) if credit else None))
    return found


def _sole_holder(img: Tag) -> Tag:
    """The outermost of the image's wrappers (<picture>, a lightbox's <div>, spans) that print nothing but it."""
    holder = img
    for _ in range(SOLE_LEVELS):
        parent = holder.parent
        if not isinstance(parent, Tag) or parent.name in ("a", "body"):
            break
        others = [child for child in parent.contents if child is not holder]
        tags = [child for child in others if isinstance(child, Tag)]
        if len(tags) > SOLE_OTHERS or any(_prints(child) for child in others):
            break
        holder = parent
    return holder


def _prints(node: PageElement) -> bool:
    """Text, or an element that holds text or an image (not an empty wrapper an image viewer fills)."""
    if isinstance(node, Tag):
        if node.name in ("img", "picture") or any(text.strip() for text in node.strings):
            return True
        return any(isinstance(inner, Tag) and inner.name in ("img", "picture") for inner in node.descendants)
    return type(node) is NavigableString and bool(node.strip())


def _caption_siblings(texts: list[Tag]) -> bool:
    """A short caption element with no link, image or paragraph in it, and a credit line after it if any."""
    caption = texts[0]
    if caption.name not in SIBLING_CAPTIONS or not 0 < len(node_text(caption)) <= MAX_CAPTION:
        return False
    if caption.find(["a", "img", "p"]) is not None:
        return False
    return len(texts) == 1 or reads_as_credit(node_text(texts[1]), names=False)


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
    for tag in elements(holder):
        if tag.name in ("img", "picture", "source") or "image" in tag.name or "img" in tag.name:
            return True
        if tag.get("data-src") or tag.get("data-srcset"):
            return True
    return False


def _avatars_only(holder: Tag) -> bool:
    images = [holder] if holder.name == "img" else holder.find_all("img")
    return bool(images) and all(is_avatar(img) for img in images)


def _caption_attribute(figure: Tag) -> str:
    """A caption kept in an attribute (``data-caption``, the image's ``title``) when no element prints one."""
    for tag in (figure, *elements(figure)):
        for attr in CAPTION_ATTRS:
            value = tag.get(attr)
            if value and (attr != "title" or tag.name == "img"):
                return clean(str(value))
    return ""


def _credit_attribute(figure: Tag) -> str | None:
    """A credit kept in an attribute of the figure or its image (``data-credit``, ``data-photographer``)."""
    for tag in (figure, *elements(figure, IMAGE_TAGS)):
        for attr in CREDIT_ATTRS:
            value = tag.get(attr)
            if value and str(value).strip():
                return clean_credit(str(value))
    return None


def _titles(page: Page) -> str:
    """The page's titles as one folded text (``og:title`` and ``<title>``)."""
    title = page.soup.title
    return fold(" | ".join((page.meta.get("og:title") or "", node_text(title) if title else "")))


def _lead_alt(figure: Tag, body: Tag | None, page: Page) -> str:
    """The alt text of the one image of a lead figure printed above the body container ("hero" blocks): a
    page that prints no caption for its lead photo says in the alt what it shows. Teaser figures say the
    same of other stories, so only the lead counts; a few words name a logo or a portrait. A linked image is a
    logo or a teaser, and an alt repeating the page's title says nothing of the picture."""
    if body is None or any(parent is body for parent in figure.parents) or figure.find("a"):
        return ""
    if figure.find_parent("a") or not any(tag is body for tag in figure.next_elements):
        return ""
    images = [tag for tag in elements(figure) if tag.name != "source" and ("img" in tag.name or "image" in tag.name)]
    alts = {clean(str(img.get("alt") or "")) for img in images} - {""}
    if len(alts) != 1:
        return ""
    alt = alts.pop()
    if fold(alt) in _titles(page):
        return ""
    return alt if len(alt.split()) >= ALT_WORDS and len(alt) <= MAX_CAPTION and not reads_as_credit(alt) else ""


def _property(scope: Tag, *names: str) -> Tag | None:
    """The first element (not a <meta>) carrying one of the microdata properties."""
    for tag in elements(scope):
        if tag.get("itemprop") in names and tag.name != "meta" and node_text(tag):
            return tag
    return None


def _sibling_caption(figure: Tag) -> Tag | None:
    """A <figcaption>, or an element classed as a caption, printed right after its <figure> instead of inside
    it ("<figure><img></figure><p class="caption">…</p>"): short, with no image of its own; or a <figcaption>
    after a wrapper holding the figure alone."""
    following = figure.find_next_sibling()
    if figure.name == "figure" and following is None:
        # A <figcaption> after the wrapper that holds the figure alone ("<div><figure>…</figure></div>
        # <figcaption>"): a figcaption belongs to the figure before it.
        holder = _sole_holder(figure)
        following = holder.find_next_sibling() if holder is not figure else None
        return following if isinstance(following, Tag) and following.name == "figcaption" else None
    if not isinstance(following, Tag):
        return None
    if following.name == "figcaption":
        return following
    if figure.name != "figure" or following.name not in SIBLING_CAPTIONS or _has_image(following):
        return None
    words = class_words(following) if following.attrs else frozenset()
    return following if words & CAPTION_BLOCKS and 0 < len(node_text(following)) <= MAX_CAPTION else None


def _printed_credit(figure: Tag, caption_tag: Tag | None) -> Tag | None:
    """A short element of the figure, outside the caption, printed as a credit ("© Jane Doe", "Foto: dpa")."""
    for tag in elements(figure, CREDIT_HOLDERS):
        if caption_tag is not None and (tag is caption_tag or caption_tag in tag.parents):
            continue
        text = node_text(tag)
        if not text or len(text) > MAX_CREDIT or next(elements(tag, BLOCKS), None) is not None:
            continue
        # A figure's own footer or citation is its credit; other elements must say so ("©", "Foto:").
        if tag.name in ("footer", "cite") or LABELLED.match(text):
            return tag
    return None


def _by_words(scope: Tag | None, words: frozenset[str], credit: bool = False) -> Tag | None:
    """The first element under ``scope`` classed by one of ``words`` that prints something; for a ``credit``,
    not the story's byline."""
    if scope is None:
        return None
    for tag in elements(scope):
        if tag.get("class") and class_words(tag) & words and node_text(tag):
            if credit and _story_byline(tag):
                continue
            return tag
    return None


def _story_byline(tag: Tag) -> bool:
    """A block classed "byline" or "author" that is the story's byline, not a photo credit: it prints a time or
    links its author's page (``rel="author"``)."""
    for inner in elements(tag, BYLINE_MARKS):
        if inner.name == "time" or "author" in str(inner.get("rel") or "").split():
            return True
    return False


def _image_url(figure: Tag, base_url: str) -> str | None:
    placeholder: str | None = None
    for img in (figure, *elements(figure)):
        if img.name not in ("img", "source") and "image" not in img.name and "img" not in img.name:
            continue
        if img.name == "img" and is_avatar(img):
            continue  # an author's picture in the block is not its photo
        # Known attributes first, then any lazy-loading variant ("data-flickity-lazyload-srcset").
        lazy = [name for name in img.attrs if name.endswith(("src", "srcset")) and name not in IMAGE_ATTRS]
        urls = []
        for attr in (*IMAGE_ATTRS, *lazy):
            value = img.get(attr)
            if value and str(value).strip() and not str(value).startswith("data:"):
                # A srcset's URLs may hold commas themselves: the first URL ends at white space.
                urls.append(str(value).strip().split()[0].rstrip(","))
        if urls:
            # A lazy-loading page puts one placeholder in every src and the photo in data-src, or in a copy of
            # the image inside <noscript>: a placeholder stands only when no image has a real address.
            real = [url for url in urls if not PLACEHOLDER.search(url.rsplit("/", 1)[-1])]
            if real:
                return urljoin(base_url, real[0])
            placeholder = placeholder or urljoin(base_url, urls[0])
    return placeholder


def _from_ld(value: Any, base_url: str) -> list[Photo]:
    items = value if isinstance(value, list) else [value]
    found = []
    for item in items:
        if not isinstance(item, dict) or (item.get("@type") and "imageobject" not in types_of(item)):
            continue
        caption = as_text(item.get("caption")) or as_text(item.get("description"))
        credit = as_text(item.get("creditText")) or as_text(item.get("copyrightHolder")) or as_text(item.get("author"))
        url = as_text(item.get("url")) or as_text(item.get("contentUrl"))
        if caption and not credit:
            caption, credit = split_caption(caption)
        if caption:
            found.append(Photo(url=urljoin(base_url, url) if url else None, caption=caption, credit=credit))
    return found


def _merge(found: list[Photo]) -> list[Photo]:
    """One photo per caption (DOM first, structured data fills a missing credit), then one per image,
    whatever size or version of it the page asks for (a figure, its ``srcset`` variant, the JSON-LD image)."""
    kept: list[Photo] = []
    index: dict[str, int] = {}
    for photo in found:
        key = fold(photo.caption) if photo.caption else f"url:{photo.url}"
        if key in index:
            old = kept[index[key]]
            if (not old.credit and photo.credit) or (not old.url and photo.url):
                kept[index[key]] = Photo(old.url or photo.url, old.caption, old.credit or photo.credit)
            continue
        index[key] = len(kept)
        kept.append(photo)
    merged: list[Photo] = []
    by_image: dict[str, int] = {}
    for photo in kept:
        image = image_key(photo.url)
        if image is None and photo.caption:
            # A caption found without its image (beside an avatar) is the same photo as one found with it.
            same = [i for i, seen in enumerate(merged) if seen.caption and _one_caption(seen, photo)]
            if same:
                merged[same[0]] = _richer(merged[same[0]], photo)
                continue
        if image is None or image not in by_image or not _one_caption(merged[by_image[image]], photo):
            if image is not None:
                by_image[image] = len(merged)
            merged.append(photo)
            continue
        merged[by_image[image]] = _richer(merged[by_image[image]], photo)
    return merged


def _one_caption(old: Photo, new: Photo) -> bool:
    """Whether two finds of one image may be one photo: one has no caption, or one caption begins the other.
    A page may print one image twice under two captions (a lead and its gallery slide): two photos."""
    if not old.caption or not new.caption:
        return True
    first, second = fold(old.caption), fold(new.caption)
    return first.startswith(second) or second.startswith(first)


def _richer(old: Photo, new: Photo) -> Photo:
    """Of two finds of one image, the one with a caption, then with a credit; of "caption /AP" and
    "caption", the shorter (the longer only adds a credit it did not split off)."""
    if not new.caption or not old.caption:
        best, other = (old, new) if old.caption or (old.credit and not new.credit) else (new, old)
    elif bool(new.credit) != bool(old.credit):
        best, other = (new, old) if new.credit else (old, new)
    else:
        longer = fold(old.caption) != fold(new.caption) and fold(old.caption).startswith(fold(new.caption))
        best, other = (new, old) if longer else (old, new)
    return Photo(best.url or other.url, best.caption, best.credit or (other.credit if not other.caption else None))
