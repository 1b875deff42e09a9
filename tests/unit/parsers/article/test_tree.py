"""parsers.article.tree builds, object for object, the tree bs4's own lxml builder builds from the same markup."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, PageElement, Tag
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.article import tree
from parsers.article.document import decode
from tests.paths import FIXTURES

TRICKY = {
    "empty": "",
    "blank": " \n\t ",
    "text only": "just text & more",
    "bom": "\ufeff<p>x</p>",
    "doctype": "<!DOCTYPE html PUBLIC '-//W3C//DTD XHTML 1.0 Strict//EN' 'x.dtd'><html><body>x</body></html>",
    "comments": "<html><!-- a --><body><p>a<!-- b -->c</p><!----></body></html><!-- after -->",
    "processing instruction": "<html><body><?php echo 1; ?><p>x</p></body></html>",
    "cdata": "<html><body><p><![CDATA[ x < y ]]></p></body></html>",
    "whitespace": "<html> \n <head>\n<title> t </title> </head>\n<body>\n\n <p> a </p>\t<p>\r\n</p> </body> </html>",
    "pre and textarea": "<body><pre>  \n <b>  </b>\n</pre><textarea>\n\n</textarea><pre><pre> </pre></pre> </body>",
    "string containers": (
        "<body><script>if (a < b) {}</script><style>p{}</style><template><p>t</p> </template>"
        "<ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby><script> </script></body>"
    ),
    "meta": (
        "<head><meta charset='latin-1'><meta http-equiv='Content-Type' content='text/html; charset=utf-8'>"
        "<meta name='x' content='y'><meta></head>"
    ),
    "namespaces": (
        "<html xmlns='http://www.w3.org/1999/xhtml' xmlns:og='http://ogp.me/ns#' xml:lang='en'><body>"
        "<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink'>"
        "<use xlink:href='#a'/></svg><og:x og:y='1'>z</og:x><math><mi>x</mi></math></body></html>"
    ),
    "braces in names": "<body><div {a}b='1' data-x='{y}' {c='2'>x</div><p }='3'>y</p></body>",
    "unbalanced": "<p><div>a</p>b</div></b></span><table><tr><td>c</table><li>d<li>e</ul><i><b>f</i>g</b>",
    "void and self-closing": "<body><br><br/><img src=x><p/>a<input><hr><wbr></body>",
    "attributes": "<p a=1 a=2 B=3 c d='' e=\"&amp;&lt;&#x41;\" class=' x  y ' id=>t</p>",
    "entities": "<p>&nbsp;&amp;&eacute;&#8212;&bogus; &#0; &#xD800;</p>",
    "nested documents": "<html><body><html><head><title>x</title></head><body>y</body></html></body></html>",
    "frameset": "<html><frameset><frame src=a></frameset><noframes>x</noframes></html>",
    "noscript": "<body><noscript><img src=a.jpg></noscript><noscript>text</noscript></body>",
    "controls": "<body>\x01\x0b\x7f<p>\x0c</p>\u2028\u00a0</body>",
}


def _snapshot(soup: BeautifulSoup) -> list[Any]:
    """Every node of the tree with its type and fields, links to other nodes as positions."""
    nodes: list[PageElement] = [soup, *soup.descendants]
    position = {id(node): index for index, node in enumerate(nodes)}

    def value(field: object) -> object:
        if id(field) in position:
            return ("node", position[id(field)])
        if isinstance(field, list):
            return [value(item) for item in field]
        if isinstance(field, dict):
            return (type(field), [(type(k), k, type(v), v) for k, v in field.items()])
        return (type(field), field)

    skip = {"builder", "markup", "_most_recent_element", "open_tag_counter"}
    snapshot: list[Any] = []
    for node in nodes:
        fields = {name: value(field) for name, field in vars(node).items() if node is not soup or name not in skip}
        snapshot.append((type(node), str(node) if isinstance(node, str) else None, sorted(fields.items())))
    snapshot.append(("most recent", value(soup._most_recent_element), +soup.open_tag_counter))
    return snapshot


def _assert_same_tree(markup: str) -> None:
    expected, expected_elements = tree.parse_with_bs4(markup)
    soup, elements = tree.parse(markup)
    assert _snapshot(soup) == _snapshot(expected)
    assert list(map(id, elements)) == [id(node) for node in soup.descendants if isinstance(node, Tag)]
    assert [node.name for node in elements] == [node.name for node in expected_elements]


def test_the_lean_builder_is_used_on_the_bs4_release_it_was_checked_against() -> None:
    """pyproject.toml pins that release; on any other, parse() falls back to bs4's own builder."""
    assert tree.LEAN


@pytest.mark.parametrize("markup", TRICKY.values(), ids=TRICKY.keys())
def test_tricky_markup(markup: str) -> None:
    _assert_same_tree(markup)


@pytest.mark.parametrize("path", sorted(FIXTURES.rglob("*.html*")), ids=lambda path: path.parent.name + "/" + path.name)
def test_fixture_pages(path: Path) -> None:
    raw = path.read_bytes()
    _assert_same_tree(decode(gzip.decompress(raw) if path.suffix == ".gz" else raw, None))


PIECES = st.sampled_from(
    [
        *("<p>", "</p>", "<div class='a b'>", "</div>", "<pre>", "</pre>", "<script>", "</script>", "<b>", "</b>"),
        *("<table>", "<td>", "</table>", "<!-- c -->", "<meta charset=utf-8>", "<br>", "<svg xmlns:x='y'>", "</svg>"),
        *(
            "<template>",
            "</template>",
            "<rt>",
            "text",
            " ",
            "\n",
            "&amp;",
            "<html>",
            "<body>",
            "</body>",
            "<x:y z:w=1>",
        ),
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(PIECES, max_size=40))
def test_tag_soup(pieces: list[str]) -> None:
    _assert_same_tree("".join(pieces))


@pytest.mark.corpus
def test_corpus_pages(corpus_dir: Path) -> None:
    for path in sorted(corpus_dir.rglob("page.html.gz")):
        _assert_same_tree(decode(gzip.decompress(path.read_bytes()), None))


def test_nesting_stops_at_the_maximum_depth_and_keeps_the_text() -> None:
    depth = 20_000
    soup, elements = tree.parse("<html><body>" + "<div><b>x</b>" * depth + "deep" + "</div>" * depth + "<p>after</p>")
    deepest = max(elements, key=lambda tag: len(list(tag.parents)))
    assert len(list(deepest.parents)) <= tree.MAX_DEPTH + 2
    text = soup.get_text()
    assert text.startswith("x" * 100) and text.endswith("deepafter")
    assert soup.find("p").get_text() == "after"
