"""The article text: paragraphs in reading order, standfirst and subheadings included, furniture left out.

The container is chosen by text density (paragraph text credited to parent and grandparent); inside it, blocks
are kept unless they sit in furniture (boilerplate tags and class words), are link lists or furniture phrases.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice

from bs4.element import NavigableString, PageElement, Tag

from parsers.article import vocabulary
from parsers.article.boilerplate import (
    COPYRIGHT,
    FURNITURE_TAGS,
    FURNITURE_TEXT,
    LIVE_POINTER,
    MAX_PROMO,
    PROMO_TEXT,
    STRONG_TAGS,
    class_words,
    is_box,
    is_furniture,
    is_strong_furniture,
)
from parsers.article.document import Page
from parsers.article.fields.galleries import embedded_galleries
from parsers.article.text import ancestor, elements, fold, node_paragraphs, node_text, run_paragraphs

BLOCK_TAGS = ("p", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "div", "li", "dd")
BLOCK_NAMES = frozenset(BLOCK_TAGS)
LINK = frozenset({"a"})
ROW = frozenset({"tr"})
PICTURES = ("img", "picture", "figure", "video")
CELLS = frozenset({"td", "th"})
STORY = frozenset({"article"})
HEADER = frozenset({"header"})
# Elements that continue a line of text: bare text and these, between two blocks, print as one paragraph.
INLINE_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "big",
        "br",
        "cite",
        "code",
        "data",
        "del",
        "dfn",
        "em",
        "font",
        "i",
        "img",
        "ins",
        "kbd",
        "mark",
        "nobr",
        "q",
        "ruby",
        "rb",
        "rp",
        "rt",
        "rtc",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "time",
        "tt",
        "u",
        "var",
        "wbr",
    }
)
RUN = "run"
HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
HEADINGS = HEADING_TAGS | {"h1"}
ANCHOR_DEPTH = 4
ANCHOR_WORD = re.compile(r"[^\W_]+")  # the words of an id as its heading's text has them
STANDFIRST_WORDS = frozenset(vocabulary.words("standfirst_class_words"))
STANDFIRST_TAGS = frozenset({"p", "div", "h2", "h3", "h4", "span", "section"})
MAX_STANDFIRST = 700
MIN_PARAGRAPH = 25
MIN_DIV_PARAGRAPH = 80
WORD = re.compile(r"[^\W_]")
# The end of a sentence: a word, a full stop or exclamation mark, perhaps a closing quote or bracket.
SENTENCE_END = re.compile(r"\w[.!][\"'”’»)]?$")
TOKEN = re.compile(r"\w{4,}")  # words long enough to carry meaning (CJK runs are long)
# A standfirst that rewords the page description keeps this share of its words, at most this times as long.
REWORDED_SHARE = 0.7
REWORDED_LENGTH = 2
MAX_HEADING = 200
LEAD_IN = 2
MAX_LINK_DENSITY = 0.5
WIDEN_GAIN = 1.3
NEAR_LEVELS = 2
CARD_LEVELS = 4
# An element holding this share of the text is the body's wrapper, whatever its class says; a fact box must hold
# nearly all of it (it can be longer than the story it stands beside).
BIG_SHARE = 0.5
BOX_SHARE = 0.9
# Furniture tags that some pages use as layout: the whole page in one <form> (ASP.NET), the story in an <aside>
# column or left inside one by broken nesting, a transcript in the <footer> of its <article>. Like class words,
# they disqualify only what holds less than half the page's text; a <footer> outside any article is the page's.
WRAPPER_TAGS = frozenset({"form", "aside", "footer"})
ALWAYS_TAGS = STRONG_TAGS - WRAPPER_TAGS
STORY_HOLDERS = frozenset({"article", "main"})
# Elements that some pages fill with loose text between the blocks they hold.
LOOSE_HOLDERS = ("div", "td", "section", "article", "main")


@dataclass(frozen=True)
class Body:
    paragraphs: tuple[str, ...]
    container: Tag | None
    copyright: str | None


Classed = tuple[tuple[Tag, frozenset[str]], ...]


def body(page: Page, description: str | None = None, container_selector: str | None = None) -> Body:
    root = page.soup.select_one(container_selector) if container_selector else None
    has_block = _with_blocks(page)
    texts = _Texts(page.words, embedded_galleries(page))
    containers, subtree = _containers(_text_blocks(page, has_block, texts, _first_story(page)), texts)
    if isinstance(root, Tag):
        containers = [root]
    if not containers:
        return Body((), None, None)
    titles = frozenset(_titles(page))
    paragraphs: list[str] = _lead_in(containers[0], titles)
    copyright_line: str | None = None
    for container in containers:
        for text in _blocks(container, subtree, has_block, texts, titles):
            if COPYRIGHT.search(text) and len(text) < 200:
                copyright_line = copyright_line or text
                continue
            paragraphs.append(text)
    standfirst = _standfirst(page.classed, containers[0], description, paragraphs, has_block, titles)
    if standfirst:
        paragraphs.insert(0, standfirst)
    return Body(tuple(_unique(paragraphs)), containers[0], copyright_line)


class _Texts:
    """Paragraph pieces of each element, computed once per page (scoring and output both need them), and
    furniture tests that reuse the page's class words."""

    def __init__(self, words: dict[int, frozenset[str]], galleries: frozenset[int] = frozenset()) -> None:
        self._pieces: dict[int, list[str]] = {}
        self._words = words
        # The legends of galleries printed inside the story (fields/galleries.py): captions, not story text.
        self.galleries = galleries
        # Elements that hold blocks and, between them, loose text: the length of that text by element id.
        self.loose: dict[int, int] = {}

    def strong(self, tag: Tag) -> float:
        """The share of the text under which ``tag`` is furniture for choosing the container (0: never)."""
        found = is_strong_furniture(tag, self._words) and is_strong_furniture(tag, self._named(tag))
        return self._share(tag) if found else 0.0

    def weak(self, tag: Tag) -> float:
        """The share of the text under which ``tag`` is furniture inside the container (0: never). A quotation
        is text the story prints (an embedded post stays as its quoted words), and so is a lead, unless a strong
        word marks them."""
        if not is_furniture(tag, self._words):
            return 0.0
        words = self._named(tag)
        if words is not self._words and not is_furniture(tag, words):
            return 0.0
        if (tag.name == "blockquote" or self._lead(tag)) and not is_strong_furniture(tag, words):
            return 0.0
        return self._share(tag)

    def _named(self, tag: Tag) -> Mapping[int, frozenset[str]]:
        """The class words to judge ``tag`` by: the page's, less the words of an id that spells the element's
        own heading (a document generator's anchor: "sharing-with-a-single-developer" names the text, not a
        share box)."""
        ident = tag.attrs.get("id") if tag.attrs else None
        if not isinstance(ident, str) or not _heading_anchor(tag, ident):
            return self._words
        attrs = {name: value for name, value in tag.attrs.items() if name != "id"}
        return {id(tag): frozenset(class_words(Tag(name=tag.name, attrs=attrs)))}

    def _lead(self, tag: Tag) -> bool:
        """A block of plain paragraphs marked as the story's lead (a standfirst in its own section, before a
        slideshow or gallery whose words would make it furniture)."""
        words = self._words.get(id(tag))
        return bool(words and words & STANDFIRST_WORDS) and _text_paragraphs(tag)

    def _share(self, tag: Tag) -> float:
        return BOX_SHARE if is_box(tag, self._words) else BIG_SHARE

    def pieces(self, tag: Tag) -> list[str]:
        found = self._pieces.get(id(tag))
        if found is None:
            found = self._pieces[id(tag)] = node_paragraphs(tag)
        return found

    def length(self, tag: Tag) -> int:
        return sum(len(piece) + 1 for piece in self.pieces(tag)) - 1


def _heading_anchor(tag: Tag, ident: str) -> bool:
    """``ident`` spells the words of the heading that opens ``tag`` (among its first few elements), in order."""
    words = ANCHOR_WORD.findall(ident.lower())
    if len(words) < 2:
        return False
    for element in islice(elements(tag), ANCHOR_DEPTH):
        if element.name in HEADINGS:
            return ANCHOR_WORD.findall(node_text(element).lower()) == words
    return False


def _lead_in(container: Tag, titles: frozenset[str]) -> list[str]:
    """Headings printed right before the body's block, such as a place alone ("Ankara") or a first subhead;
    not the page's headline printed as such a heading."""
    found: list[str] = []
    for sibling in container.find_previous_siblings(limit=LEAD_IN):
        if sibling.name not in HEADING_TAGS or is_furniture(sibling):
            break
        text = node_text(sibling)
        if not text or len(text) > MAX_HEADING or fold(text) in titles:
            break
        found.insert(0, text)
    return found


def _titles(page: Page) -> set[str]:
    """The page's title as its <title> and og:title print it (comparison keys)."""
    found = {fold(node_text(title)) for title in page.named("title")[:1]}
    if page.meta.get("og:title"):
        found.add(fold(page.meta["og:title"]))
    return found


def _with_blocks(page: Page) -> set[int]:
    """Ids of the elements that hold a block element (the others are leaves: one paragraph each)."""
    has_block: set[int] = set()
    for name in BLOCK_TAGS:
        for tag in page.named(name):
            for parent in tag.parents:
                if id(parent) in has_block:
                    break
                has_block.add(id(parent))
    return has_block


def _text_blocks(page: Page, has_block: set[int], texts: _Texts, story: Tag | None) -> list[Tag]:
    """Paragraphs: every <p>, <div>s that hold long text and no other block (sites without <p>), and elements
    that hold long loose text between their blocks (text and <br>s beside a picture's <div>)."""
    divs = page.named("div")
    leaf_divs = [d for d in divs if id(d) not in has_block and texts.length(d) >= MIN_DIV_PARAGRAPH]
    # Items of lists that hold no other block: posts written as lists (meeting notes, how-tos); lists of links
    # are teasers (see _teasers) and score nothing.
    items = [li for li in page.named("li") if id(li) not in has_block and not _link_item(li)]
    found = page.named("p") + leaf_divs + items + _loose_holders(page, has_block, texts)
    if story is None:
        return found
    return [tag for tag in found if _within(tag, story)]


def _link_item(item: Tag) -> bool:
    """An item that is a link and nothing else (a menu entry): checked before its text is measured."""
    for child in item.contents:
        if isinstance(child, Tag):
            if child.name != "a":
                return False
        elif isinstance(child, NavigableString) and child.strip():
            return False
    return True


def _loose_holders(page: Page, has_block: set[int], texts: _Texts) -> list[Tag]:
    """Elements holding blocks whose own loose text (runs of bare text and inline elements) is long; the
    length of that text is kept in ``texts.loose``."""
    found: list[Tag] = []
    for name in LOOSE_HOLDERS:
        for tag in page.named(name):
            if id(tag) not in has_block or not _long_string(tag):
                continue
            length = sum(len(piece) for run in _loose_runs(tag, has_block) for piece in run_paragraphs(run))
            if length >= MIN_DIV_PARAGRAPH:
                texts.loose[id(tag)] = length
                found.append(tag)
    return found


def _long_string(tag: Tag) -> bool:
    for child in tag.contents:
        if type(child) is NavigableString and len(child) >= MIN_PARAGRAPH and len(child.strip()) >= MIN_PARAGRAPH:
            return True
    return False


def _loose_runs(tag: Tag, has_block: set[int]) -> Iterator[list[PageElement]]:
    """The runs of bare text and inline elements among ``tag``'s children, split by its other children."""
    run: list[PageElement] = []
    for child in tag.children:
        if not isinstance(child, Tag) or (child.name in INLINE_TAGS and id(child) not in has_block):
            run.append(child)
        elif run:
            yield run
            run = []
    if run:
        yield run


def _first_story(page: Page) -> Tag | None:
    """The first of several stories printed one after another, each an <article> with its own headline
    (pages that append the next story as the reader scrolls): the page's own story comes first."""
    stories: list[Tag] = []
    for h1 in page.named("h1"):
        story = h1.find_parent("article")
        if isinstance(story, Tag) and not any(story is known for known in stories):
            stories.append(story)
    if len(stories) < 2 or any(_within(one, other) for one in stories for other in stories if one is not other):
        return None
    return stories[0]


def _within(tag: Tag, ancestor: Tag) -> bool:
    return any(parent is ancestor for parent in tag.parents)


def _containers(paragraph_tags: list[Tag], texts: _Texts) -> tuple[list[Tag], dict[int, int]]:
    """The densest text container (and sibling parts of the same body), and p-text length per element."""
    weights = _candidates(paragraph_tags, texts)
    subtree: dict[int, int] = {}
    for _, text_len, chain in weights:
        for node in chain:
            subtree[id(node)] = subtree.get(id(node), 0) + text_len
    teasers = _teasers(weights, texts)
    total = sum(w for _, w, _ in weights)
    scores: dict[int, float] = {}
    good: dict[int, int] = {}
    direct: dict[int, int] = {}
    nodes: dict[int, Tag] = {}
    furniture: dict[int, bool] = {}
    for p, text_len, chain in weights:
        if id(p) in teasers or _furniture_chain([p, *chain], subtree, total, furniture, texts.strong):
            continue
        for node in chain:
            good[id(node)] = good.get(id(node), 0) + text_len
        if chain:
            direct[id(chain[0])] = direct.get(id(chain[0]), 0) + text_len
        for weight, parent in zip((1.0, 0.5), chain, strict=False):
            nodes[id(parent)] = parent
            scores[id(parent)] = scores.get(id(parent), 0.0) + weight * (text_len + 50)
    if not scores:
        return [], subtree
    top = nodes[max(scores, key=lambda k: scores[k])]
    return [_widen(top, good, direct)], subtree


def _candidates(paragraph_tags: list[Tag], texts: _Texts) -> list[tuple[Tag, int, list[Tag]]]:
    """Paragraphs long enough to score, their text length and ancestors; none inside tags that never hold
    the story."""
    weights: list[tuple[Tag, int, list[Tag]]] = []
    for p in paragraph_tags:
        loose = texts.loose.get(id(p))
        text_len = texts.length(p) if loose is None else loose
        if text_len < MIN_PARAGRAPH:
            continue
        # Loose text is credited to the element that holds it, as a <p>'s is to its parent.
        chain = _ancestors(p) if loose is None else [p, *_ancestors(p)]
        if _never_story(chain) or any(id(node) in texts.galleries for node in chain):
            continue
        weights.append((p, text_len, chain))
    return weights


def _never_story(chain: list[Tag]) -> bool:
    """An element of ``chain`` (an element and its ancestors) never holds the story: by its tag, or a page's
    <footer> (one in no article or main element)."""
    for level, node in enumerate(chain):
        if node.name in ALWAYS_TAGS:
            return True
        if node.name == "footer" and not any(outer.name in STORY_HOLDERS for outer in chain[level + 1 :]):
            return True
    return False


def _teasers(weights: list[tuple[Tag, int, list[Tag]]], texts: _Texts) -> set[int]:
    """Paragraphs that summarise other pages: a paragraph that is mostly a link, or the one paragraph of a card
    that also holds a headline link, beside other such cards (a teaser list, however long beside the story)."""
    per_parent: dict[int, int] = {}
    for _, _, chain in weights:
        if chain:
            per_parent[id(chain[0])] = per_parent.get(id(chain[0]), 0) + 1
    found: set[int] = set()
    cards: dict[int, list[int]] = {}
    for p, _, chain in weights:
        if id(p) in texts.loose:
            continue
        if _link_dense(list(elements(p, LINK)), " ".join(texts.pieces(p))):
            found.add(id(p))
        elif len(chain) > 1 and per_parent[id(chain[0])] == 1 and _headline_link(chain[0], p):
            # Cards repeat beside each other, each perhaps wrapped in an item or two of its own.
            for ancestor in chain[1 : 1 + CARD_LEVELS]:
                cards.setdefault(id(ancestor), []).append(id(p))
    for members in cards.values():
        if len(members) >= 2:
            found.update(members)
    if len(found) == len(weights):
        return set()  # nothing but teasers: the page is a list, and its text is what there is
    return found


def _headline_link(card: Tag, paragraph: Tag) -> bool:
    """``card`` prints, before ``paragraph``, a link with words as its own line or inside a subheading or the
    card's header: a headline of another page (not a photo's link, not a breadcrumb nested in a list)."""
    for child in card.children:
        if child is paragraph or (isinstance(child, Tag) and _within(paragraph, child)):
            return False
        if not isinstance(child, Tag):
            continue
        if child.name == "a":
            links = [child]
        elif child.name in HEADING_TAGS or child.name == "header":
            links = list(elements(child, LINK))
        else:
            continue
        if any(link.get("href") and WORD.search(node_text(link)) for link in links):
            return True
    return False


def _widen(top: Tag, good: dict[int, int], direct: dict[int, int]) -> Tag:
    """Climb to an ancestor when it holds markedly more article text (a body split by ads or chunks), when a
    close ancestor holds paragraphs itself (a lead paragraph outside a paywalled part), or when the element climbed
    from has a sibling of its kind with article text (the body printed in chunks of the same markup)."""
    current = child = top
    for level, parent in enumerate(_ancestors(top)):
        gain = good.get(id(parent), 0) >= WIDEN_GAIN * good.get(id(current), 0)
        near = level < NEAR_LEVELS and current is top and direct.get(id(parent), 0) >= MIN_PARAGRAPH * 2
        if gain or near or (level < NEAR_LEVELS and (_chunked(child, good) or _lead_part(child, good))):
            current = parent
        child = parent
    return current


def _chunked(part: Tag, good: dict[int, int]) -> bool:
    """A sibling of ``part`` with its tag and class holds article text: another chunk of the same body."""
    kind = part.attrs.get("class") if part.attrs else None
    if not kind:
        return False
    for sibling in part.find_next_siblings(part.name) + part.find_previous_siblings(part.name):
        if sibling.attrs.get("class") == kind and good.get(id(sibling), 0) >= MIN_PARAGRAPH * 2:
            return True
    return False


def _lead_part(part: Tag, good: dict[int, int]) -> bool:
    """The element printed right before ``part`` holds article text in plain paragraphs and nothing else: the
    first paragraphs of the same body, printed apart from the rest (the free part above a paywalled or metered
    one)."""
    before = part.find_previous_sibling(True)
    while isinstance(before, Tag) and not good.get(id(before)) and not node_text(before):
        before = before.find_previous_sibling(True)  # an empty ad slot between the parts
    if not isinstance(before, Tag) or good.get(id(before), 0) < MIN_PARAGRAPH * 2:
        return False
    if is_furniture(before):
        return False
    for block in before.find_all((*BLOCK_TAGS, *HEADINGS, *PICTURES, "table")):
        if block.name not in BLOCK_NAMES or block.name in HEADING_TAGS:
            return False  # a picture, table or heading: a box of its own, not a lead
        if block.name != "p" and not block.find("p") and node_text(block):
            return False
    return True


def _ancestors(tag: Tag) -> list[Tag]:
    found: list[Tag] = []
    for parent in tag.parents:
        if parent.name in ("body", "html", "[document]"):
            break
        found.append(parent)
    return found


def _furniture_chain(
    chain: list[Tag], subtree: dict[int, int], total: int, memo: dict[int, bool], share: Callable[[Tag], float]
) -> bool:
    """True when an element of ``chain`` is furniture: by class words, unless it holds a share of the text
    that makes it the body's wrapper (``share`` of the element, 0 when its words are no furniture)."""
    for node in chain:
        key = id(node)
        known = memo.get(key)
        if known is None:
            known = node.name in ALWAYS_TAGS or subtree.get(key, 0) < share(node) * total
            memo[key] = known
        if known:
            return True
    return False


def _blocks(
    container: Tag, subtree: dict[int, int], has_block: set[int], texts: _Texts, titles: frozenset[str] = frozenset()
) -> list[str]:
    """The paragraphs of ``container`` in reading order; ``titles`` are the page's title keys (an <h1> that prints
    one is the headline, wherever it stands)."""
    total = subtree.get(id(container), 0)
    memo: dict[int, bool] = {}

    cards = _story_cards(container, subtree, total)

    def skip(tag: Tag) -> bool:
        if (tag.name in FURNITURE_TAGS and not _layout(tag, subtree, total)) or id(tag) in cards:
            return True
        if id(tag) in texts.galleries:
            return True
        return not _in_sentence(tag) and _furniture_chain([tag], subtree, total, memo, texts.weak)

    units: list[_Unit] = []
    for unit in _reading_order(container, has_block, skip):
        first: PageElement
        if isinstance(unit, Tag):
            pieces = _table_rows(unit) if unit.name == "table" else texts.pieces(unit)
            name, links, first = unit.name, list(elements(unit, LINK)), unit
        elif _prose(unit):
            name, pieces, links, first = RUN, run_paragraphs(unit), _run_links(unit), unit[0]
            pieces = [piece for piece in pieces if len(piece) >= MIN_PARAGRAPH]
        else:
            continue
        text = " ".join(pieces)
        if not WORD.search(text) or _furniture_text(text):
            continue
        if name == "h1" and (not _begun(units) or fold(text) in titles):
            continue  # the headline printed inside the body's container, above its text (a byline may come first)
        if _link_dense(links, text) and not _linked_text(unit, name, text, links, subtree, total):
            units.append(_Unit(_chain(first, container), [], linked=True))
            continue
        markup = _markup(unit)
        short = name in ("div", "li", "dd") and len(text) < MIN_PARAGRAPH * 2 and not _listed_in_story(unit)
        if short and markup is None:
            continue
        if name in HEADINGS and len(text) > MAX_HEADING:
            continue
        kept = [piece for piece in pieces if not _furniture_text(piece)]
        heading = name in HEADINGS
        units.append(_Unit(_chain(first, container), kept, linked=False, heading=heading, markup=markup, short=short))
    boxes = _link_boxes(units)
    kept_units = [unit for unit in units if unit.pieces and boxes.isdisjoint(unit.chain)]
    if any(unit.short for unit in kept_units):
        # Short <div>s printed with the markup of the story's paragraphs are paragraphs ("He denied it."); others
        # are labels (a date, a counter, "Advertisement").
        paragraph_markup = {unit.markup for unit in kept_units if not unit.short}
        kept_units = [unit for unit in kept_units if not unit.short or unit.markup in paragraph_markup]
    while kept_units and kept_units[-1].heading:
        kept_units.pop()  # a heading with nothing under it is the label of a box left out ("Elsewhere in the region")
    return [piece for unit in kept_units for piece in unit.pieces]


def _begun(units: list[_Unit]) -> bool:
    """A paragraph of the story is among ``units``: one of prose length, not a heading (a byline or date line
    above the headline is no paragraph of the story)."""
    return any(not unit.heading and sum(map(len, unit.pieces)) >= MIN_DIV_PARAGRAPH for unit in units)


def _layout(tag: Tag, subtree: dict[int, int], total: int) -> bool:
    """A furniture tag used as layout inside the body's container (WRAPPER_TAGS): it holds half the container's
    text, as a transcript in the <footer> of its <article> does; a <footer> only inside an article or main."""
    if tag.name not in WRAPPER_TAGS or subtree.get(id(tag), 0) < BIG_SHARE * total or not total:
        return False
    return tag.name != "footer" or any(parent.name in STORY_HOLDERS for parent in tag.parents)


def _linked_text(
    unit: Tag | list[PageElement], name: str, text: str, links: list[Tag], subtree: dict[int, int], total: int
) -> bool:
    """Text of the story in spite of its links: a subheading whose links point into the page (its own permalink,
    a back-reference to the table of contents, an anchor with no address) or that links the work it names, or a
    paragraph of prose length that is one linked sentence ending in a full stop (a link to the earlier story the
    sentence tells of); a teaser's headline ends in none, and a short linked line is a promotion ("Read more
    here.")."""
    if name in HEADINGS:
        in_page = all(str(link.get("href") or "#").startswith("#") for link in links)
        return in_page or _story_subhead(unit, subtree, total)
    return name == "p" and len(text) >= MIN_DIV_PARAGRAPH and SENTENCE_END.search(text) is not None


def _story_subhead(heading: Tag | list[PageElement], subtree: dict[int, int], total: int) -> bool:
    """A heading whose words are a link (the title of the film or book a section reviews: "20) <a>Faces Places</a>"),
    printed right after a paragraph of the story, in the element that holds most of the story: a subheading, not
    the headline of a teaser card (cards wrap each headline and its summary in an element of their own)."""
    if not isinstance(heading, Tag) or not isinstance(heading.parent, Tag):
        return False
    if subtree.get(id(heading.parent), 0) < BIG_SHARE * total:
        return False
    before = heading.find_previous_sibling(True)
    if not isinstance(before, Tag) or before.name != "p":
        return False
    text = node_text(before)
    return WORD.search(text) is not None and not _link_dense(list(elements(before, LINK)), text)


def _markup(unit: Tag | list[PageElement]) -> str | None:
    """A <div>'s tag and class, the markup a site prints its paragraphs with; None for other units and bare divs."""
    if not isinstance(unit, Tag) or unit.name != "div":
        return None
    raw = unit.attrs.get("class")
    kind = " ".join(raw) if isinstance(raw, list) else str(raw or "")
    return f"div.{kind}" if kind else None


def _in_sentence(tag: Tag) -> bool:
    """An inline element printed inside running text (bare words beside it): words of the sentence, whatever its
    class says ("popup" on a link that opens a note), as inside a <p>."""
    if tag.name not in INLINE_TAGS:
        return False
    return any(
        type(sibling) is NavigableString and WORD.search(sibling)
        for sibling in (tag.previous_sibling, tag.next_sibling)
    )


def _listed_in_story(unit: Tag | list[PageElement]) -> bool:
    """An item of a list that a paragraph of the story introduces ("The new departures are:"), or a label ending in
    a colon in any element ("What you'll need:" in a <span> or a subheading): part of the text, however short
    (lists of links were left out before)."""
    if not isinstance(unit, Tag) or unit.name != "li":
        return False
    listing = unit.parent
    if listing is None or listing.name not in ("ul", "ol"):
        return False
    before = listing.find_previous_sibling(True)
    if not isinstance(before, Tag):
        return False
    text = node_text(before)
    return WORD.search(text) is not None and (before.name == "p" or text.rstrip().endswith((":", "：")))


def _furniture_text(text: str) -> bool:
    """A paragraph of furniture by its words: "Read more", or a short call to the reader ("Got a story?")."""
    if FURNITURE_TEXT.match(text):
        return True
    if len(text) > MAX_PROMO:
        return False
    return bool(PROMO_TEXT.match(text) or (text.endswith(":") and LIVE_POINTER.search(text)))


def _story_cards(container: Tag, subtree: dict[int, int], total: int) -> set[int]:
    """Stories inside the story (<article> elements in the body) are teaser cards of other pages, unless together
    they hold half the text: then they are the body's own parts (the posts of a live blog). One that holds half
    the text alone is the story itself, printed beside its teaser cards."""
    cards = [tag for tag in elements(container, STORY) if not any(p.name == "article" for p in _until(tag, container))]
    cards = [tag for tag in cards if subtree.get(id(tag), 0) < BIG_SHARE * total]
    if sum(subtree.get(id(tag), 0) for tag in cards) >= BIG_SHARE * total:
        return set()
    return {id(tag) for tag in cards}


def _until(tag: Tag, ancestor: Tag) -> Iterator[Tag]:
    for parent in tag.parents:
        if parent is ancestor:
            return
        yield parent


@dataclass(frozen=True)
class _Unit:
    """A paragraph unit of the body: the ids of its ancestors inside the container, its text, whether it is
    a link for the most part, and whether it is a heading."""

    chain: list[int]
    pieces: list[str]
    linked: bool
    heading: bool = False
    # The tag and class of a <div> (None for other units); a short one is kept only if a paragraph of the story
    # is printed with the same markup.
    markup: str | None = None
    short: bool = False


def _chain(node: PageElement, container: Tag) -> list[int]:
    found: list[int] = []
    for parent in node.parents:
        if parent is container:
            break
        found.append(id(parent))
    return found


def _link_boxes(units: list[_Unit]) -> set[int]:
    """Elements that list links to other pages, perhaps each with a line of summary (teaser lists): at least
    two link blocks and no more other blocks, holding less than half of the body's text."""
    links: dict[int, int] = {}
    others: dict[int, int] = {}
    size: dict[int, int] = {}
    total = 0
    for unit in units:
        length = sum(len(piece) for piece in unit.pieces)
        total += length
        counts = links if unit.linked else others
        for key in unit.chain:
            counts[key] = counts.get(key, 0) + 1
            size[key] = size.get(key, 0) + length
    return {
        key
        for key, count in links.items()
        if count >= 2 and count >= others.get(key, 0) and size.get(key, 0) < BIG_SHARE * total
    }


def _reading_order(
    container: Tag, has_block: set[int], skip: Callable[[Tag], bool]
) -> Iterator[Tag | list[PageElement]]:
    """The leaf blocks of ``container`` in reading order, and between them the runs of bare text and inline
    elements that hold no block: text some pages write straight into the body between headings and <br>s,
    or that an unclosed <p> leaves before the next block. A link around blocks is a teaser of another page."""
    stack = [iter(container.children)]
    run: list[PageElement] = []
    while stack:
        child = next(stack[-1], None)
        if isinstance(child, Tag) and child.name in INLINE_TAGS and id(child) not in has_block:
            if not skip(child):
                run.append(child)
            continue
        if child is not None and not isinstance(child, Tag):
            run.append(child)
            continue
        if run:
            yield run
            run = []
        if child is None:
            stack.pop()
        elif skip(child):
            continue
        elif id(child) in has_block and not (child.name == "a" and child.has_attr("href")) and not _data_table(child):
            stack.append(iter(child.children))
        elif child.name in BLOCK_NAMES or child.name in ("table", "h1"):
            yield child


def _data_table(tag: Tag) -> bool:
    """A table of rows of several cells, none holding more than one block, and rows beyond a header that hold
    bare text (a film list with a note in a <p> in one cell): read a row a line, as a table of bare cells is, or
    the bare cells are lost. A layout table's cells hold whole columns of blocks; a table of one block per cell
    is read block by block."""
    if tag.name != "table":
        return False
    wide = bare = 0
    for row in _own_rows(tag):
        cells = _cells(row)
        blocks = [len(cell.find_all((*BLOCK_TAGS, "table"), limit=2)) for cell in cells]
        if any(count > 1 for count in blocks):
            return False
        wide += len(cells) > 1
        bare += 0 in blocks
    return wide >= 2 and bare >= 2


def _own_rows(table: Tag) -> Iterator[Tag]:
    """The rows of ``table``, not those of a table nested in one of its cells."""
    return (row for row in elements(table, ROW) if row.find_parent("table") is table)


def _cells(row: Tag) -> list[Tag]:
    return [cell for cell in row.children if isinstance(cell, Tag) and cell.name in CELLS]


def _table_rows(table: Tag) -> list[str]:
    """A table of the story (one that holds no paragraphs of its own, or a data table) as text, a line per row:
    its cells joined, or a lone cell's paragraphs (a layout table around text)."""
    rows: list[str] = []
    for row in _own_rows(table):  # a nested table's rows are printed with their cell
        cells = _cells(row)
        if len(cells) == 1:
            rows.extend(node_paragraphs(cells[0]))
            continue
        texts = [text for cell in cells if (text := node_text(cell))]
        if texts:
            rows.append(" | ".join(texts))
    return rows


def _prose(run: list[PageElement]) -> bool:
    """Most of the run's text is bare text: prose, not a label, date or teaser wrapped in inline elements."""
    bare = inline = 0
    for node in run:
        if isinstance(node, Tag):
            inline += len(node.get_text())
        elif type(node) is NavigableString:
            bare += len(node.strip())
    return bare > 0 and bare >= inline


def _run_links(run: list[PageElement]) -> list[Tag]:
    found: list[Tag] = []
    for node in run:
        if isinstance(node, Tag):
            found.extend([node] if node.name == "a" else elements(node, LINK))
    return found


def _link_dense(links: list[Tag], text: str) -> bool:
    if not links:
        return False
    linked = sum(len(node_text(a)) for a in links)
    return linked / max(len(text), 1) > MAX_LINK_DENSITY


def _standfirst(
    classed: Classed,
    container: Tag,
    description: str | None,
    paragraphs: list[str],
    has_block: set[int],
    titles: frozenset[str] = frozenset(),
) -> str | None:
    """A lead paragraph printed before the body: marked as such, or repeating the page description (also at
    the top of the body's container, where a class word may have marked it as furniture)."""
    known = {fold(p) for p in paragraphs}
    target = fold(description) if description and len(description) > MIN_PARAGRAPH else None
    inside = False
    deck: str | None = None
    for tag, words in classed:
        if tag is container:
            inside = True
            continue
        if inside and not _within(tag, container):
            break
        if tag.name not in STANDFIRST_TAGS:
            continue
        marked = not inside and bool(words & STANDFIRST_WORDS) and tag.name != "span" and _paragraphs_only(tag)
        if not marked and not inside and deck is None and tag.name == "h2" and _under_headline(tag, titles):
            text = node_text(tag)
            if MIN_PARAGRAPH <= len(text) <= MAX_STANDFIRST and fold(text) not in known:
                deck = text  # the lead printed as a heading: taken when nothing marks or repeats one
            continue
        if not marked and not (target and tag.name in ("p", "div") and id(tag) not in has_block):
            continue
        text = node_text(tag)
        if inside and fold(text) in known:
            break  # the body has begun
        if not MIN_PARAGRAPH <= len(text) <= MAX_STANDFIRST or fold(text) in known:
            continue
        if (target and _repeats(fold(text), target)) or (marked and not _near_furniture(tag)):
            return text
    return deck


def _under_headline(heading: Tag, titles: frozenset[str]) -> bool:
    """A second-level heading in the story's own <header> that also holds the headline (<h1>), printing a
    sentence of its own, not a link: the lead printed as a heading under the headline."""
    header = ancestor(heading, HEADER)
    if header is None or not _story_header(header) or header.find("h1") is None:
        return False
    text = node_text(heading)
    return fold(text) not in titles and not _link_dense(list(elements(heading, LINK)), text)


def _paragraphs_only(tag: Tag) -> bool:
    """A leaf block, a block of plain paragraphs (a standfirst of several sentences), or a block that holds one
    leaf heading and nothing else (a lead printed as a heading in a box that names it)."""
    blocks = tag.find_all(BLOCK_TAGS)
    if len(blocks) == 1 and blocks[0].name in HEADING_TAGS and not blocks[0].find(BLOCK_TAGS):
        return True
    return all(block.name == "p" and not block.find(BLOCK_TAGS) for block in blocks)


def _text_paragraphs(tag: Tag) -> bool:
    """Paragraphs and the blocks that wrap them, no picture (a photo's caption block is no lead)."""
    blocks = tag.find_all((*BLOCK_TAGS, *PICTURES))
    if any(block.name in PICTURES for block in blocks):
        return False
    return any(block.name == "p" for block in blocks) and all(
        block.name == "p" or block.find(BLOCK_TAGS) for block in blocks
    )


def _repeats(text: str, description: str) -> bool:
    """The element prints the description, perhaps after a place ("Essen. Drei uralte Städte…"), or an edited
    version of it: most of the description's words, in a text not much longer."""
    if text == description or (description in text and len(text) <= len(description) + 40):
        return True
    if len(text) > REWORDED_LENGTH * len(description):
        return False
    wanted = set(TOKEN.findall(description))
    return len(wanted & set(TOKEN.findall(text))) >= REWORDED_SHARE * len(wanted)


def _near_furniture(tag: Tag) -> bool:
    """An element of ``tag`` or of its close ancestors is furniture; the <header> of the story (one inside an
    <article> or <main>, where the headline and its lead are printed) is not."""
    node: Tag | None = tag
    for _ in range(4):
        if node is None or node.name in ("body", "[document]"):
            return False
        if is_furniture(node) and not _story_header(node):
            return True
        node = node.parent
    return False


def _story_header(node: Tag) -> bool:
    if node.name != "header" or is_strong_furniture(node):
        return False
    return any(parent.name in STORY_HOLDERS for parent in node.parents)


def _unique(paragraphs: list[str]) -> list[str]:
    seen: set[str] = set()
    kept: list[str] = []
    for text in paragraphs:
        key = fold(text)
        if key not in seen:
            seen.add(key)
            kept.append(text)
    return kept
