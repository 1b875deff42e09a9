"""The article text: paragraphs in reading order, standfirst and subheadings included, furniture left out.

The container is chosen by text density (paragraph text credited to parent and grandparent); inside it, blocks
are kept unless they sit in furniture (boilerplate tags and class words), are link lists or furniture phrases.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bs4 import Tag

from parsers.boilerplate import (
    COPYRIGHT,
    FURNITURE_TAGS,
    FURNITURE_TEXT,
    STRONG_TAGS,
    is_furniture,
    is_strong_furniture,
)
from parsers.document import Page
from parsers.text import fold, node_text

PARAGRAPH_TAGS = ("p",)
BLOCK_TAGS = ("p", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "div", "li", "dd")
HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
STANDFIRST_WORDS = frozenset({
    "standfirst", "lead", "lede", "intro", "teaser", "summary", "dek", "deck", "subtitle", "subheadline",
    "excerpt", "description", "abstract", "leadtext", "introduction", "sapo", "chapo", "entradilla", "kicker",
})
STANDFIRST_TAGS = frozenset({"p", "div", "h2", "span"})
MIN_PARAGRAPH = 25
WORD = re.compile(r"[^\W_]")
MAX_HEADING = 200
MAX_LINK_DENSITY = 0.5
WIDEN_GAIN = 1.3
# An element holding this share of the text is the body's wrapper, whatever its class says.
BIG_SHARE = 0.5


@dataclass(frozen=True)
class Body:
    paragraphs: tuple[str, ...]
    container: Tag | None
    copyright: str | None


Classed = tuple[tuple[Tag, frozenset[str]], ...]


def body(page: Page, description: str | None = None, container_selector: str | None = None) -> Body:
    root = page.soup.select_one(container_selector) if container_selector else None
    containers, subtree = _containers(page.named("p"))
    if isinstance(root, Tag):
        containers = [root]
    if not containers:
        return Body((), None, None)
    paragraphs: list[str] = []
    copyright_line: str | None = None
    for container in containers:
        for text in _blocks(container, subtree):
            if COPYRIGHT.search(text) and len(text) < 200:
                copyright_line = copyright_line or text
                continue
            paragraphs.append(text)
    standfirst = _standfirst(page.classed, containers[0], description, paragraphs)
    if standfirst:
        paragraphs.insert(0, standfirst)
    return Body(tuple(_unique(paragraphs)), containers[0], copyright_line)


def _containers(paragraph_tags: list[Tag]) -> tuple[list[Tag], dict[int, int]]:
    """The densest text container (and sibling parts of the same body), and p-text length per element."""
    weights: list[tuple[Tag, int, list[Tag]]] = []
    subtree: dict[int, int] = {}
    for p in paragraph_tags:
        text_len = len(node_text(p))
        if text_len < MIN_PARAGRAPH:
            continue
        chain = _ancestors(p)
        if any(node.name in STRONG_TAGS for node in chain):
            continue
        weights.append((p, text_len, chain))
        for node in chain:
            subtree[id(node)] = subtree.get(id(node), 0) + text_len
    total = sum(w for _, w, _ in weights)
    scores: dict[int, float] = {}
    good: dict[int, int] = {}
    nodes: dict[int, Tag] = {}
    furniture: dict[int, bool] = {}
    for p, text_len, chain in weights:
        if _furniture_chain([p, *chain], subtree, total, furniture, is_strong_furniture):
            continue
        for node in chain:
            good[id(node)] = good.get(id(node), 0) + text_len
        for weight, parent in zip((1.0, 0.5), chain, strict=False):
            nodes[id(parent)] = parent
            scores[id(parent)] = scores.get(id(parent), 0.0) + weight * (text_len + 50)
    if not scores:
        return [], subtree
    top = nodes[max(scores, key=lambda k: scores[k])]
    return [_widen(top, good)], subtree


def _widen(top: Tag, good: dict[int, int]) -> Tag:
    """Climb to an ancestor when it holds markedly more article text (a body split by ads or chunks)."""
    current = top
    for parent in _ancestors(top):
        if good.get(id(parent), 0) >= WIDEN_GAIN * good.get(id(current), 0):
            current = parent
    return current


def _ancestors(tag: Tag) -> list[Tag]:
    found: list[Tag] = []
    for parent in tag.parents:
        if parent.name in ("body", "html", "[document]"):
            break
        found.append(parent)
    return found


def _furniture_chain(chain: list[Tag], subtree: dict[int, int], total: int, memo: dict[int, bool],
                     test: Callable[[Tag], bool]) -> bool:
    """True when an element of ``chain`` is furniture; by class words, elements holding half the text never are."""
    for node in chain:
        key = id(node)
        known = memo.get(key)
        if known is None:
            known = node.name in STRONG_TAGS or (test(node) and subtree.get(key, 0) < BIG_SHARE * total)
            memo[key] = known
        if known:
            return True
    return False


def _blocks(container: Tag, subtree: dict[int, int]) -> list[str]:
    candidates = container.find_all(BLOCK_TAGS)
    has_block: set[int] = set()
    for tag in candidates:
        for parent in tag.parents:
            if parent is container or id(parent) in has_block:
                break
            has_block.add(id(parent))
    total = subtree.get(id(container), 0)
    memo: dict[int, bool] = {}
    found: list[str] = []
    for tag in candidates:
        if id(tag) in has_block:
            continue
        chain = [tag, *_until(tag, container)]
        if any(node.name in FURNITURE_TAGS for node in chain):
            continue
        if _furniture_chain(chain, subtree, total, memo, is_furniture):
            continue
        text = node_text(tag)
        if not WORD.search(text) or FURNITURE_TEXT.match(text) or _link_dense(tag, text):
            continue
        if tag.name in ("div", "li", "dd") and len(text) < MIN_PARAGRAPH * 2:
            continue
        if tag.name in HEADING_TAGS and len(text) > MAX_HEADING:
            continue
        found.append(text)
    return found


def _until(tag: Tag, container: Tag) -> list[Tag]:
    found: list[Tag] = []
    for parent in tag.parents:
        if parent is container:
            break
        found.append(parent)
    return found


def _has_block_child(tag: Tag) -> bool:
    return tag.find(BLOCK_TAGS) is not None


def _in_furniture(tag: Tag, container: Tag) -> bool:
    node: Tag | None = tag
    while node is not None and node is not container:
        if is_furniture(node):
            return True
        node = node.parent
    return False


def _link_dense(tag: Tag, text: str) -> bool:
    links = tag.find_all("a")
    if not links:
        return False
    linked = sum(len(node_text(a)) for a in links)
    return linked / max(len(text), 1) > MAX_LINK_DENSITY


def _standfirst(classed: Classed, container: Tag, description: str | None, paragraphs: list[str]) -> str | None:
    """A lead paragraph printed before the body: marked as such, or repeating the page description."""
    known = {fold(p) for p in paragraphs}
    target = fold(description) if description and len(description) > 40 else None
    for tag, words in classed:
        if tag is container:
            break
        marked = bool(words & STANDFIRST_WORDS) and tag.name != "span"
        if tag.name not in STANDFIRST_TAGS or not (marked or (target and tag.name == "p")):
            continue
        if _has_block_child(tag):
            continue
        text = node_text(tag)
        if not 40 <= len(text) <= 700 or fold(text) in known:
            continue
        if target and fold(text) == target:
            return text
        if marked and not any(is_furniture(parent) for parent in tag.parents if parent.name != "[document]"):
            return text
    return None


def _unique(paragraphs: list[str]) -> list[str]:
    seen: set[str] = set()
    kept: list[str] = []
    for text in paragraphs:
        key = fold(text)
        if key not in seen:
            seen.add(key)
            kept.append(text)
    return kept
