"""A credit line at the start or end of the body credits the writer when structured data credits no person."""

from __future__ import annotations

from parsers import parse_article
from parsers.article.model import Article

URL = "https://news.example.com/politics/story-1"
TEXT = "<p>" + "The council met on Monday to discuss the budget for the coming year. " * 3 + "</p>"
ORGANISATION = (
    '<meta property="og:site_name" content="Daily Example">'
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Council passes the budget",'
    ' "author": {"@type": "Organization", "name": "Daily Example"}}</script>'
)


def _page(head: str, body: str) -> Article:
    html = f"<html><head>{head}</head><body><h1>Council passes the budget</h1><article>{body}</article></body></html>"
    return parse_article(html, URL, strict=True)


def test_bold_name_opening_the_body_credits_the_writer() -> None:
    article = _page(ORGANISATION, f"<p><strong>MARIA LOPEZ </strong></p>{TEXT}{TEXT}")
    assert article.authors == ("MARIA LOPEZ",)


def test_name_set_to_the_right_closing_the_body_credits_the_writer() -> None:
    article = _page(ORGANISATION, f'{TEXT}{TEXT}<p style="text-align: right;">Lê Phương</p>')
    assert article.authors == ("Lê Phương",)


def test_labelled_credit_line_after_the_text_credits_its_names() -> None:
    article = _page(ORGANISATION, f'{TEXT}{TEXT}<div class="edit">(责编：牛镛、岳弘彬)</div>')
    assert article.authors == ("牛镛", "岳弘彬")
    article = _page(ORGANISATION, f"{TEXT}{TEXT}<p><em>Von Max Muster und Anna Schmidt</em></p>")
    assert article.authors == ("Max Muster", "Anna Schmidt")


def test_admin_account_defers_to_the_credit_line() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Council passes the budget",'
        ' "author": {"@id": "https://news.example.com/author/admin/", "name": "Example D"}}</script>'
    )
    article = _page(head, f"<p><b>Jane Roe</b></p>{TEXT}{TEXT}")
    assert article.authors == ("Jane Roe",)


def test_admin_account_stands_when_nothing_else_credits_anyone() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Council passes the budget",'
        ' "author": {"url": "https://news.example.com/author/admin/", "name": "Example D"}}</script>'
    )
    assert _page(head, f"{TEXT}{TEXT}").authors == ("Example D",)


def test_structured_person_comes_before_the_credit_line() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Council passes the budget",'
        ' "author": {"@type": "Person", "name": "Chuck Ross"}}</script>'
    )
    assert _page(head, f"<p><strong>Jane Roe</strong></p>{TEXT}{TEXT}").authors == ("Chuck Ross",)


def test_lines_that_are_not_credits_name_no_one() -> None:
    # A heading set in bold, a plain name with no label or emphasis, a label that leads elsewhere.
    assert _page(ORGANISATION, f"{TEXT}{TEXT}<p><strong>Read More Stories</strong></p>").authors == ("Daily Example",)
    assert _page(ORGANISATION, f"{TEXT}{TEXT}<p>Maria Lopez</p>").authors == ("Daily Example",)
    assert _page(ORGANISATION, f"{TEXT}{TEXT}<p>Lesen Sie auch: Neue Regeln</p>").authors == ("Daily Example",)
    # In a script without case a name stands only after a label.
    assert _page(ORGANISATION, f"{TEXT}{TEXT}<p><strong>牛镛</strong></p>").authors == ("Daily Example",)


def test_the_credit_line_the_authors_came_from_leaves_the_body() -> None:
    more = "<p>" + "Members voted in favour after a long debate about the rates charged by the city. " * 2 + "</p>"
    article = _page(ORGANISATION, f"<p><strong>MARIA LOPEZ </strong></p>{TEXT}{more}")
    assert [p[:20] for p in article.paragraphs] == ["The council met on M", "Members voted in fav"]
    article = _page(ORGANISATION, f"{TEXT}{more}<p><em>Von Max Muster und Anna Schmidt</em></p>")
    assert [p[:20] for p in article.paragraphs] == ["The council met on M", "Members voted in fav"]


def test_a_dateline_after_the_credit_line_is_still_found() -> None:
    article = _page(ORGANISATION, f"<p><b>Jane Roe</b></p><p>BERLIN (dpa) - {TEXT[3:-4]}</p>{TEXT}")
    assert article.authors == ("Jane Roe",)
    assert article.dateline is not None and (article.dateline.city, article.dateline.agency) == ("Berlin", "dpa")
    assert article.paragraphs[0].startswith("The council met on Monday")


def test_a_credit_line_that_credits_no_author_stays_in_the_body() -> None:
    # A structured person wins; the bold name opening the body is then not the byline, and stays.
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Council passes the budget",'
        ' "author": {"@type": "Person", "name": "Chuck Ross"}}</script>'
    )
    assert _page(head, f"<p><strong>Jane Roe</strong></p>{TEXT}{TEXT}").paragraphs[0] == "Jane Roe"


def test_agency_alone_on_the_last_line_credits_the_agency_not_the_site() -> None:
    article = _page(ORGANISATION, f"{TEXT}{TEXT}<p>(dpa)</p>")
    assert article.authors == ("dpa",)
    assert all("dpa" not in paragraph for paragraph in article.paragraphs)


def test_agency_credit_of_a_photo_at_the_end_of_the_body_is_no_byline() -> None:
    figure = "<figure><img src='/img/a.jpg'><figcaption>Harbour at night<div>AP</div></figcaption></figure>"
    assert _page(ORGANISATION, f"{TEXT}{TEXT}{figure}").authors == ("Daily Example",)
