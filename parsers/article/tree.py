"""The BeautifulSoup tree of a page, built from lxml's parse events by a leaner tree builder.

bs4's own lxml builder spends most of a page's parse time in general-purpose Python run for every event:
namespace bookkeeping, attribute dicts copied twice, ``Tag.__init__`` asking the builder the same questions
for every element. ``TreeBuilder`` takes the same events from the same lxml parser and builds the same tree
(same objects, same links, same parser state) with the per-element questions answered once per tag name.
Rare events (comments, doctypes, processing instructions, namespaced names, unbalanced ends) go through
bs4's own code, which reads and writes the same state. tests/unit/parsers/article/test_tree.py holds the tree to
bs4's, node by node.
"""

from __future__ import annotations

import warnings
from functools import lru_cache
from typing import Any

import bs4
from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning
from bs4.builder._lxml import LXMLTreeBuilder
from bs4.element import NavigableString, PageElement, Tag

_ASCII_SPACES = BeautifulSoup.ASCII_SPACES
_NO_NAMESPACES: dict[str, str] = {}


# The lean builder writes fields that are bs4's internals; tests/unit/parsers/article/test_tree.py holds its trees
# to bs4's own for the bs4 releases below (pyproject.toml pins them). Any other release gets bs4's own builder:
# slower, never different.
LEAN = bs4.__version__.startswith("4.15.")
# Elements nested deeper than this are not built: their text goes to the deepest element built, as in a browser
# (Chromium's tree builder stops nesting at 512 too). Field extractors walk an element's descendants, and bs4 finds
# the last descendant of an element by walking down its last children: on a page of 50,000 nested elements each
# such walk is 50,000 steps long, and a page took hours.
MAX_DEPTH = 512


def parse(text: str) -> tuple[BeautifulSoup, list[Tag]]:
    """The tree of ``BeautifulSoup(text, "lxml", multi_valued_attributes=None)``, built faster, and its
    elements in document order (the order in which they were built). An XML document (XHTML starts as one) is
    parsed as HTML on purpose: bs4's warning about it is not raised."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return _parse(text)


def _parse(text: str) -> tuple[BeautifulSoup, list[Tag]]:
    if not LEAN:
        return parse_with_bs4(text)
    soup = BeautifulSoup(text, builder=TreeBuilder, multi_valued_attributes=None)
    builder = soup.builder
    assert isinstance(builder, TreeBuilder)
    elements, builder.elements = builder.elements, []
    return soup, elements


def parse_with_bs4(text: str) -> tuple[BeautifulSoup, list[Tag]]:
    """``parse`` with bs4's own lxml builder."""
    soup = BeautifulSoup(text, "lxml", multi_valued_attributes=None)
    return soup, [node for node in soup.descendants if isinstance(node, Tag)]


@lru_cache(maxsize=1024)
def _template(name: str) -> dict[str, Any]:
    """The fields bs4 gives every element named ``name``, less those that link it into its tree."""
    soup = BeautifulSoup("", builder=TreeBuilder, multi_valued_attributes=None)
    fields = dict(Tag(soup, soup.builder, name, None, None, {}).__dict__)
    for linked in ("attrs", "contents", "_namespaces", "parent", "previous_element", "next_element"):
        del fields[linked]
    del fields["previous_sibling"], fields["next_sibling"]
    return fields


class TreeBuilder(LXMLTreeBuilder):
    """bs4's lxml HTML builder with its frequent events (start, end, data) done inline."""

    elements: list[Tag]
    # Elements opened beyond MAX_DEPTH and not built; lxml's events are balanced, so their ends come first.
    too_deep: int

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        if self.cdata_list_attributes:
            raise ValueError("attribute values stay strings here: pass multi_valued_attributes=None")

    def reset(self) -> None:
        super().reset()
        self.elements = []
        self.too_deep = 0

    def start(self, name: str, attrib: dict[str, str], nsmap: dict[str, str] = _NO_NAMESPACES) -> None:  # type: ignore[override]
        soup = self.soup
        assert soup is not None
        if self.too_deep or len(soup.tagStack) > MAX_DEPTH:
            self.too_deep += 1
            return
        # Names in "{namespace}name" form (bs4 splits them) and namespace maps: bs4's own code.
        if nsmap or "{" in name or (attrib and "{" in "".join(attrib)) or len(self.nsmaps) > 1:
            super().start(name, attrib, nsmap)  # type: ignore[arg-type]
            assert soup.currentTag is not None
            self.elements.append(soup.currentTag)
            return
        if soup.current_data:
            self._end_data(soup)
        tag = Tag.__new__(Tag)
        fields = {
            **_template(name),
            # lxml's empty attribute mapping is slow to copy.
            "attrs": self.attribute_dict_class(attrib) if attrib else self.attribute_dict_class(),
            "contents": [],
            "_namespaces": self.active_namespace_prefixes[-1],
        }
        _attach(soup, tag, fields)
        self.elements.append(tag)
        soup.tagStack.append(tag)
        soup.currentTag = tag
        soup.open_tag_counter[name] += 1
        if name in self.preserve_whitespace_tags:
            soup.preserve_whitespace_tag_stack.append(tag)
        if name in self.string_containers:
            tag.interesting_string_types = {self.string_containers[name]}
            soup.string_container_stack.append(tag)
        elif name == "meta":
            self.set_up_substitutions(tag)

    def end(self, name: str) -> None:  # type: ignore[override]
        if self.too_deep:
            self.too_deep -= 1
            return
        soup = self.soup
        assert soup is not None
        stack = soup.tagStack
        tag = stack[-1]
        if tag.name != name or tag.prefix is not None or len(stack) < 2 or len(self.nsmaps) > 1:
            super().end(name)
            return
        if soup.current_data:
            self._end_data(soup)
        stack.pop()
        soup.open_tag_counter[name] -= 1
        if soup.preserve_whitespace_tag_stack and tag is soup.preserve_whitespace_tag_stack[-1]:
            soup.preserve_whitespace_tag_stack.pop()
        if soup.string_container_stack and tag is soup.string_container_stack[-1]:
            soup.string_container_stack.pop()
        soup.currentTag = stack[-1]

    def data(self, content: str) -> None:  # type: ignore[override]
        self.soup.current_data.append(content)  # type: ignore[union-attr]

    def _end_data(self, soup: BeautifulSoup) -> None:
        """``BeautifulSoup.endData()``: the text gathered since the last tag, as a string of the tree."""
        text = "".join(soup.current_data)
        soup.current_data = []
        if not soup.preserve_whitespace_tag_stack and not text.strip(_ASCII_SPACES):
            text = "\n" if "\n" in text else " "
        kind = NavigableString
        if soup.string_container_stack:
            kind = self.string_containers.get(soup.string_container_stack[-1].name, NavigableString)
        _attach(soup, str.__new__(kind, text), {"hidden": False})


def _attach(soup: BeautifulSoup, node: PageElement, fields: dict[str, Any]) -> None:
    """Give ``node`` its ``fields`` and link it in as the last child of the open tag, after the last node."""
    parent = soup.currentTag
    assert parent is not None
    previous = soup._most_recent_element
    siblings = parent.contents
    sibling = siblings[-1] if siblings else None
    fields["parent"] = parent
    fields["previous_element"] = previous
    fields["next_element"] = None
    fields["previous_sibling"] = sibling
    fields["next_sibling"] = None
    node.__dict__ = fields
    if sibling is not None:
        sibling.next_sibling = node
    if previous is not None:
        previous.next_element = node
    soup._most_recent_element = node
    siblings.append(node)
