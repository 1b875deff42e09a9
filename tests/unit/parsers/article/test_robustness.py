"""Whatever bytes arrive, parse_article returns an Article or raises ParseError, nothing else."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers import Article, ParseError, parse_article
from tests.paths import FIXTURES

SEED_PAGE = (FIXTURES / "seed" / "partner-plain.html").read_bytes()
TAGS = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<div class='article-body'>",
        "</div>",
        "<figure>",
        "<figcaption>",
        "<h1>",
        "</h1>",
        '<script type=\'application/ld+json\'>{"@type": "NewsArticle",',
        "</script>",
        "<meta charset='latin-1'>",
        "<br>",
        "<!--",
        "-->",
        "&amp;",
        "&#x0;",
        "LONDON (AP) — ",
        "<article>",
        "<time datetime='2020-13-45T99:99'>",
    ]
)
FRAGMENTS = st.lists(st.one_of(TAGS, st.text(max_size=40)), max_size=60).map("".join)


def check(document: str | bytes) -> None:
    try:
        article = parse_article(document, "https://example.org/a")
    except ParseError:
        return
    assert isinstance(article, Article)
    article.to_dict()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    check(data)


@settings(max_examples=150, deadline=None)
@given(FRAGMENTS)
def test_random_markup(text: str) -> None:
    check(text)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=len(SEED_PAGE)))
def test_truncated_page(cut: int) -> None:
    check(SEED_PAGE[:cut])


def test_empty_and_not_html() -> None:
    for document in (b"", "   ", b"%PDF-1.7 binary stuff", b'{"json": true}'):
        try:
            parse_article(document, "https://example.org/a")
        except ParseError:
            continue
        raise AssertionError(f"no ParseError for {document!r}")


def test_huge_document_is_refused() -> None:
    try:
        parse_article(b"<p>" + b"x" * 21_000_000, "https://example.org/a")
    except ParseError:
        return
    raise AssertionError("huge document accepted")


def test_an_xml_document_is_parsed_as_html_without_a_warning() -> None:
    """Warnings are errors in the tests: bs4's XMLParsedAsHTMLWarning escaped parse_article (the fuzz found it)."""
    xml = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item><title>A</title></item>'
    check(xml)
    check(b'<?xml version="1.0" encoding="utf-8"?><html><body><h1>XHTML</h1><p>Text of it.</p></body></html>')


def test_non_html_content_type_is_refused() -> None:
    try:
        parse_article(SEED_PAGE, "https://example.org/a", content_type="application/pdf")
    except ParseError:
        return
    raise AssertionError("PDF accepted")


def test_charsets(tmp_path: Path) -> None:
    page = "<html><head><meta charset='iso-8859-1'></head><body><h1>Über Köln</h1><p>Grüße aus Köln</p></body></html>"
    latin = page.encode("latin-1")
    assert parse_article(latin, "https://example.org/a").headline == "Über Köln"
    assert parse_article(latin, "https://example.org/a", content_type="text/html; charset=latin-1").headline == (
        "Über Köln"
    )
    # Declared latin-1 but actually UTF-8 (three corpus pages do this): UTF-8 wins.
    assert parse_article(page.encode("utf-8"), "https://example.org/a").headline == "Über Köln"
