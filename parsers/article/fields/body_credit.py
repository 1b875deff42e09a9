"""A credit line printed as a short paragraph at the start or end of the body.

"Von Max Muster", "Texto: Ana López", "(责编：牛镛、岳弘彬)", or a name alone in bold or set to the right. Sites
whose structured data credits only the organisation or an admin account print the writer there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from bs4 import Tag

from parsers.article import agencies, vocabulary
from parsers.article.fields.names import LEAD_WORD, WITH, split_names
from parsers.article.text import node_text

# Blocks looked at from each end of the body: the credit sits before a share bar or a tag list at most.
HEAD_BLOCKS = 2
TAIL_BLOCKS = 3
MAX_LINE = 100
MAX_NAMES = 4
BLOCKS = ("p", "div")
EMPHASIS = ("strong", "b", "em", "i")
# Labels that say the names wrote the text (a colon after them); others ("Lesen Sie auch:") lead elsewhere.
AUTHOR_LABEL = re.compile(
    rf"^[\s(（]*(?:{vocabulary.alternation('author_labels')})\s*[:：]",
    re.IGNORECASE,
)
# What frames an agency's name printed alone: brackets, a copyright sign, dashes.
AGENCY_LINE = re.compile(r"^[\s(（\[©–—-]+|[\s)）\].–—-]+$")
RIGHT_ALIGNED = re.compile(r"text-align\s*:\s*right", re.IGNORECASE)
# Lower-case words inside Latin names ("Ursula von der Leyen", "Lula da Silva").
PARTICLES = frozenset({"von", "van", "der", "den", "de", "da", "di", "del", "della", "la", "le", "du", "dos", "bin"})
MIN_WORDS, MAX_WORDS = 2, 4
# Words of headings and calls that are set apart like a credit ("Related Stories", "Read More").
NOT_NAME_WORDS = frozenset(vocabulary.words("not_name_words"))


def body_credit(container: Tag | None, paragraphs: tuple[str, ...]) -> list[str]:
    """The names of the body's first or last short credit line, or none."""
    found = credit_line(container, paragraphs)
    return found[1] if found else []


def credit_line(container: Tag | None, paragraphs: tuple[str, ...]) -> tuple[str, list[str]] | None:
    """The body's first or last short credit line as printed, and its names."""
    if container is None:
        return None
    blocks = container.find_all(BLOCKS)
    edges = {paragraphs[0], paragraphs[-1]} if paragraphs else set()
    head, tail = _printed(_leaves(blocks), HEAD_BLOCKS), _printed(_leaves(reversed(blocks)), TAIL_BLOCKS)
    for block, text in (*head, *tail):
        names = _credit(block, text, edges)
        if names:
            return text, names
    return None


def _leaves(blocks: Iterable[Tag]) -> Iterator[Tag]:
    """The blocks holding no block, lazily: only a few at each end are read."""
    return (block for block in blocks if block.find(BLOCKS) is None)


def _printed(blocks: Iterable[Tag], count: int) -> list[tuple[Tag, str]]:
    """The first ``count`` blocks that print something, with their text."""
    found: list[tuple[Tag, str]] = []
    for block in blocks:
        text = node_text(block)
        if text:
            found.append((block, text))
            if len(found) == count:
                break
    return found


def _credit(block: Tag, text: str, edges: set[str]) -> list[str]:
    if len(text) > MAX_LINE:
        return []
    # Only as the story's first or last paragraph: a photo's credit ("AP") may sit in the body's last blocks.
    agency = _agency_line(text) if text in edges else None
    if agency:
        return [agency]
    labelled = bool(AUTHOR_LABEL.match(text) or LEAD_WORD.match(text))
    # A name alone must stand out as a credit, and be the body's first or last paragraph.
    if not labelled and not (text in edges and _set_apart(block, text)):
        return []
    names = split_names(text)
    if not names or len(names) > MAX_NAMES or not all(name_shaped(name, labelled) for name in names):
        return []
    return names


def _agency_line(text: str) -> str | None:
    """An agency's name printed as a line of its own ("dpa", "(AFP)", "© Reuters", "With AFP"): agency copy on a
    partner site credits the agency so, with no person named."""
    inner = AGENCY_LINE.sub("", text)
    lead = WITH.match(inner)
    inner = inner[lead.end() :] if lead else inner
    return inner if inner and agencies.normalise(inner) else None


def _set_apart(block: Tag, text: str) -> bool:
    """In bold or italics as a whole, or set to the right."""
    if RIGHT_ALIGNED.search(str(block.get("style") or "")) or str(block.get("align") or "").lower() == "right":
        return True
    return any(node_text(inner) == text for inner in block.find_all(EMPHASIS))


def name_shaped(name: str, labelled: bool) -> bool:
    """Two to four capitalised words (particles aside); in scripts without case, only after a label."""
    if agencies.normalise(name):
        return labelled
    words = name.split()
    if not words[0][0].isalpha() or words[0][0].lower() == words[0][0].upper():
        return labelled and len(name) <= 20
    return MIN_WORDS <= len(words) <= MAX_WORDS and all(
        (word[0].isupper() or word in PARTICLES) and word.lower() not in NOT_NAME_WORDS for word in words
    )
