"""Whole-page tests of the non-body fields: small pages written for one rule each, exact output asserted."""

from __future__ import annotations

from parsers import parse_article
from parsers.article.model import Article

URL = "https://news.example.com/politics/story-1"
BODY = "<p>" + "The council met on Monday to discuss the budget for the coming year. " * 3 + "</p>"


def _page(head: str, body: str = "") -> Article:
    html = f"<html><head>{head}</head><body><article>{body}{BODY}</article></body></html>"
    return parse_article(html, URL, strict=True)


def test_json_ld_wrapped_in_cdata_is_read() -> None:
    article = _page(
        '<script type="application/ld+json">//<![CDATA[\n'
        '{"@type": "NewsArticle", "headline": "Council passes the budget",'
        ' "datePublished": "2024-08-22T12:00:00+02:00"}\n//]]></script>'
    )
    assert article.headline == "Council passes the budget"
    assert article.published_at == "2024-08-22T12:00:00+02:00"


def test_json_ld_with_a_megabyte_of_white_space_is_read() -> None:
    # The fuzz run's slowest input: a CDATA pattern searched over the whole script backtracked through the spaces.
    spaces = " " * 1_000_000
    article = _page(
        f'<script type="application/ld+json">/*<![CDATA[*/{{"@type": "NewsArticle",{spaces}'
        f'"headline": "Council passes the budget"}}{spaces}/*]]>*/</script>'
    )
    assert article.headline == "Council passes the budget"


def test_long_application_name_is_not_a_site_name() -> None:
    # Some sites set application-name to the headline: cutting it would cut the headline itself.
    article = _page(
        '<meta name="application-name" content="Schools in the city - Pupils learn faster">'
        '<meta property="og:title" content="Schools in the city - Pupils learn faster">'
    )
    assert article.headline == "Schools in the city - Pupils learn faster"


def test_site_credited_in_structured_data_defers_to_a_person() -> None:
    article = _page(
        '<meta property="og:site_name" content="Example News">'
        '<meta name="author" content="Shany Littman">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Council passes the budget",'
        ' "author": {"@type": "Person", "name": "Example News "}}</script>'
    )
    assert article.authors == ("Shany Littman",)


def test_site_with_places_in_author_meta_stays_the_site() -> None:
    article = _page(
        '<meta property="og:site_name" content="Example Radio">'
        '<meta name="author" content="Example Radio, Frankfurt, Germany">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Council passes the budget",'
        ' "author": {"@type": "NewsMediaOrganization", "name": "Redaktion Example Radio"}}</script>'
    )
    assert article.authors == ("Redaktion Example Radio",)


def test_account_number_is_not_an_author() -> None:
    assert _page('<meta name="author" content="105092">').authors == ()


def test_headline_in_a_breadcrumb_trail_is_not_the_headline() -> None:
    html = (
        "<html><body><main>"
        '<ol class="breadcrumb"><li itemprop="itemListElement"><h1>Cooling towers blown up</h1></li></ol>'
        f"<h1>Rückbau: Cooling towers of the old plant blown up</h1>{BODY}</main></body></html>"
    )
    assert parse_article(html, URL, strict=True).headline == "Rückbau: Cooling towers of the old plant blown up"


def test_byline_of_several_author_links_gives_every_name() -> None:
    article = _page(
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Council passes the budget",'
        ' "author": [{"@type": "Person", "name": "Marlene Holm"}]}</script>',
        '<div class="bylines"><a rel="author" href="mailto:i@example.com"><span>Ingrid</span> '
        '<span>Treborg</span></a><a rel="author" href="mailto:m@example.com">Marlene Holm</a></div>',
    )
    assert article.byline == "Ingrid Treborg, Marlene Holm"
    assert article.authors == ("Ingrid Treborg", "Marlene Holm")


def test_link_to_an_author_page_credits_the_author_when_nothing_else_does() -> None:
    article = _page(
        '<meta property="og:site_name" content="Example News"><meta name="author" content="Example News">',
        '<a href="/autoren/name/max-kolter">MK</a>'
        '<p class="meta-info">von <a href="/autoren/name/max-kolter">Dr. Max Kolter</a></p>',
    )
    assert article.authors == ("Dr. Max Kolter",)


def test_author_meta_comes_before_author_page_links() -> None:
    # Menus link columnists' pages: such a link is the weakest evidence.
    article = _page(
        '<meta name="author" content="Chuck Ross">',
        '<ul><li><a href="https://example.com/author/matt/">Matthew Continetti</a></li></ul>',
    )
    assert article.authors == ("Chuck Ross",)


def test_wire_byline_credits_the_person_and_keeps_the_agency() -> None:
    article = _page("", '<div class="byline">By MARIA LOPEZ Associated Press</div>')
    assert article.authors == ("MARIA LOPEZ",)
    assert article.agency == "AP"


def test_byline_without_an_agency_names_none() -> None:
    article = _page("", '<div class="byline">By Maria Lopez, Staff Writer</div>')
    assert article.authors == ("Maria Lopez",)
    assert article.agency is None


def test_byline_word_glued_to_what_the_element_holds_marks_a_byline() -> None:
    article = _page("", '<div class="lineinfo">Do 25.04.24 | Von <span class="authorName">Eva Muster </span></div>')
    assert article.byline == "Eva Muster"
    assert article.authors == ("Eva Muster",)


def test_author_bio_box_is_no_byline() -> None:
    article = _page("", '<div class="authorbio">Eva Muster writes about schools for us.</div>')
    assert article.byline is None
    assert article.authors == ()
