"""The body when the container search finds nothing or too little: a recall-oriented pass over every text block.

The primary search (``body.body``) scores only <p> elements and long leaf <div>s, and never a container under a
furniture tag. Pages built otherwise lose their story: text written straight into a <div> between <br>s (blog
posts), a <pre> document, paragraphs placed directly in <body>, or a story whose <article> is not the first one
on the page. This pass scores every paragraph unit in reading order, loose text runs included, credits its parent
and grandparent as the primary search does, and takes the paragraphs of the densest region with the primary
search's own block filter (furniture, link lists, teaser cards stay out).

It replaces the primary body when that is empty, or when it holds a small share of the text that the densest
region holds (the primary container was a box beside the story, or one short part of it).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from bs4.element import Tag

from parsers.article.boilerplate import FURNITURE_TAGS, is_furniture, is_strong_furniture
from parsers.article.document import Page
from parsers.article.fields import body as primary
from parsers.article.fields.galleries import embedded_galleries
from parsers.article.text import elements, node_text, run_paragraphs

# The warning that tells the body came from this pass (counted by ``wirefeed eval``).
FALLBACK = "body:fallback"
# Layout elements that some pages wrap the story in (a whole ASP.NET page in a <form>, a gallery's intro in its
# <header>, a column in an <aside>): read through, and furniture only when they hold little of the page's text.
LAYOUT_TAGS = frozenset({"form", "aside", "header"})
# Never text: scripts, media, navigation, footers, and the controls of a form (labels and options).
SKIPPED_TAGS = (FURNITURE_TAGS - LAYOUT_TAGS) | {"option"}
# The primary body is too little when it holds less than this share of the text the fallback region holds,
# and the fallback region at least this much text (a few paragraphs of a story, not a caption or teaser).
TOO_LITTLE = 0.3
MIN_REGION = 500


@dataclass(frozen=True)
class _Unit:
    """A paragraph unit of the page: the element that holds it, its text length and linked text length."""

    holder: Tag
    length: int
    linked: int


def fallback(page: Page, found: primary.Body) -> primary.Body | None:
    """The fallback body when ``found`` is empty or too little beside the page's densest text region, else None."""
    root = page.soup.body or page.soup
    if not isinstance(root, Tag) or _holds_enough(found, root):
        return None
    has_block = primary._with_blocks(page)
    units = [unit for unit in _units(root, _with_tables(page, has_block)) if _prose(unit)]
    if not units:
        return None
    found_length = sum(len(text) for text in found.paragraphs)
    if found.paragraphs and found_length >= TOO_LITTLE * sum(unit.length for unit in units):
        return None  # no region can hold so much more than the primary body
    subtree = _subtree(units, root)
    container = _densest(units, subtree, page, root)
    if container is None:
        return None
    texts = primary._Texts(page.words, embedded_galleries(page))
    paragraphs = primary._blocks(container, subtree, has_block, texts, frozenset(primary._titles(page)))
    length = sum(len(text) for text in paragraphs)
    if not paragraphs or (found.paragraphs and (length < MIN_REGION or found_length >= TOO_LITTLE * length)):
        return None
    return primary.Body(tuple(primary._unique(paragraphs)), container, found.copyright)


def _holds_enough(found: primary.Body, root: Tag) -> bool:
    """The primary body holds so large a share of the page's printed characters that no region can hold enough
    more to replace it (a quick bound, white space aside, that spares the walk over every block on most pages)."""
    if not found.paragraphs:
        return False
    printed = sum(len(text) - text.count(" ") for text in found.paragraphs)
    return printed >= TOO_LITTLE * len("".join(root.get_text().split()))


def _units(root: Tag, has_block: set[int]) -> Iterator[_Unit]:
    """Every leaf block and loose text run under ``root``, in reading order, furniture tags and controls left out."""
    for unit in primary._reading_order(root, has_block, _skipped):
        if isinstance(unit, Tag):
            if unit.name == "h1":
                continue  # a headline, not a paragraph: it does not make a region dense
            yield _Unit(unit, len(node_text(unit)), sum(len(node_text(a)) for a in elements(unit, primary.LINK)))
        else:
            holder = unit[0].parent
            if isinstance(holder, Tag) and primary._prose(unit):
                length = sum(len(piece) for piece in run_paragraphs(unit))
                yield _Unit(holder, length, sum(len(node_text(a)) for a in primary._run_links(unit)))


def _skipped(tag: Tag) -> bool:
    return tag.name in SKIPPED_TAGS or _hidden(tag)


def _hidden(tag: Tag) -> bool:
    attrs = tag.attrs
    return bool(attrs) and ("hidden" in attrs or attrs.get("aria-hidden") == "true")


def _with_tables(page: Page, has_block: set[int]) -> set[int]:
    """``has_block`` (the primary search's elements that hold a block) and the elements that hold a <table>:
    loose runs are read inside both."""
    found = set(has_block)
    for table in page.named("table"):
        for parent in table.parents:
            if id(parent) in found:
                break
            found.add(id(parent))
    return found


def _prose(unit: _Unit) -> bool:
    return unit.length >= primary.MIN_PARAGRAPH and unit.linked <= primary.MAX_LINK_DENSITY * unit.length


def _subtree(units: list[_Unit], root: Tag) -> dict[int, int]:
    """Text length under each element (the holder and its ancestors up to ``root``)."""
    subtree: dict[int, int] = {}
    for unit in units:
        for node in _chain(unit.holder, root):
            subtree[id(node)] = subtree.get(id(node), 0) + unit.length
    return subtree


def _chain(tag: Tag, root: Tag) -> Iterator[Tag]:
    yield tag
    for parent in tag.parents:
        if parent is root.parent:
            return
        yield parent


def _densest(units: list[_Unit], subtree: dict[int, int], page: Page, root: Tag) -> Tag | None:
    """The element whose paragraphs (full weight) and grandchildren's paragraphs (half) hold the most text,
    furniture by class word left out unless it holds most of the text, widened as the primary search does."""
    total = subtree.get(id(root), 0)
    scores: dict[int, float] = {}
    nodes: dict[int, Tag] = {}
    good: dict[int, int] = {}
    for unit in units:
        chain = list(_chain(unit.holder, root))
        if any(_furniture(node, subtree, total, page) for node in chain):
            continue
        for node in chain:
            good[id(node)] = good.get(id(node), 0) + unit.length
        for weight, node in zip((1.0, 0.5), chain, strict=False):
            nodes[id(node)] = node
            scores[id(node)] = scores.get(id(node), 0.0) + weight * (unit.length + 50)
    if not scores:
        return None
    top = nodes[max(scores, key=lambda key: scores[key])]
    return _widen(top, good, root)


def _furniture(node: Tag, subtree: dict[int, int], total: int, page: Page) -> bool:
    """Furniture by its class words or tag (an <aside>, a <form>), unless it holds most of the page's text:
    then it is the page's layout, not a box beside the story."""
    if not is_strong_furniture(node, page.words) and not is_furniture(node, page.words):
        return False
    return subtree.get(id(node), 0) < primary.BIG_SHARE * total


def _widen(top: Tag, good: dict[int, int], root: Tag) -> Tag:
    current = top
    for parent in _chain(top, root):
        if parent is not top and good.get(id(parent), 0) >= primary.WIDEN_GAIN * good.get(id(current), 0):
            current = parent
    return current
