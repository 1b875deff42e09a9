"""Bylines printed as labelled fields of an info list, and printed people before an organisation in meta."""

from __future__ import annotations

from parsers import parse_article
from parsers.article.model import Article

URL = "https://harbour.example.net/local/bridge-reopens"
TEXT = "<p>" + "The old swing bridge opened to traffic again after months of repairs to its gears. " * 3 + "</p>"


def _page(body: str, head: str = "") -> Article:
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    return parse_article(html, URL, strict=True)


def test_field_labelled_author_in_its_own_element_credits_the_writer() -> None:
    info = "<dl class='facts'><dd><b>Published</b> 3 May</dd><dd><b>Autor</b> Ola Nordmann</dd></dl>"
    article = _page(f"<article><h1>Bridge reopens</h1>{TEXT}{TEXT}</article>{info}")
    assert article.authors == ("Ola Nordmann",)


def test_field_labelled_by_with_a_colon_beats_an_organisation_in_meta() -> None:
    info = "<ul class='meta'><li>By: <span><a href='/people/k'>Kim Larsen</a>,</span></li></ul>"
    article = _page(
        f"<article><h1>Bridge reopens</h1>{info}{TEXT}{TEXT}</article>", '<meta name="author" content="Harbour Post">'
    )
    assert article.authors == ("Kim Larsen",)


def test_labelled_field_with_a_sentence_after_it_is_no_byline() -> None:
    info = "<ul><li>Author: the council has not said when the works on the bridge will end</li></ul>"
    article = _page(f"<article><h1>Bridge reopens</h1>{TEXT}{TEXT}</article>{info}")
    assert article.authors == ()


def test_labelled_field_in_the_footer_is_no_byline() -> None:
    footer = "<footer><ul><li>Author: Site Team</li></ul></footer>"
    article = _page(f"<article><h1>Bridge reopens</h1>{TEXT}{TEXT}</article>{footer}")
    assert article.authors == ()


ORGANISATION = (
    '<meta property="og:site_name" content="Harbour Post">'
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Bridge reopens",'
    ' "author": {"@type": "Organization", "name": "Harbour Post"}}</script>'
)
LEAD = "The old swing bridge opened to traffic again after months of repairs to its gears and rails. " * 2


def test_agency_in_the_dateline_beats_the_sites_organisation_account() -> None:
    article = _page(f"<article><h1>Bridge reopens</h1><p>OSLO (AFP) — {LEAD}</p>{TEXT}</article>", ORGANISATION)
    assert article.authors == ("AFP",)


def test_a_dateline_agency_alone_invents_no_author() -> None:
    # Nobody credited at all (the seed AFP page): the agency is the article's agency, not an author.
    article = _page(f"<article><h1>Bridge reopens</h1><p>OSLO (AFP) — {LEAD}</p>{TEXT}</article>")
    assert (article.authors, article.agency) == ((), "AFP")


def test_a_person_in_structured_data_beats_the_dateline_agency() -> None:
    person = ORGANISATION.replace('"Organization", "name": "Harbour Post"', '"Person", "name": "Kim Larsen"')
    article = _page(f"<article><h1>Bridge reopens</h1><p>OSLO (AFP) — {LEAD}</p>{TEXT}</article>", person)
    assert article.authors == ("Kim Larsen",)


def test_an_editor_credited_beside_the_writer_is_no_author() -> None:
    byline = "<div class='byline'>By Ola Nordmann | Editor: Sam Poe</div>"
    assert _page(f"<article><h1>Bridge reopens</h1>{byline}{TEXT}{TEXT}</article>").authors == ("Ola Nordmann",)
    byline = "<div class='byline'>Texto: Ana López; edición: Sam Poe</div>"
    assert _page(f"<article><h1>Bridge reopens</h1>{byline}{TEXT}{TEXT}</article>").authors == ("Ana López",)


def test_the_sites_staff_account_in_meta_gives_way_to_the_dateline_agency() -> None:
    staff = '<meta name="author" content="Fjord Courier Staff">'
    body = f"<article><h1>Bridge reopens</h1><p>BERGEN (dpa) — {LEAD}</p>{TEXT}</article>"
    assert _page(body, staff).authors == ("dpa",)
    assert _page(f"<article><h1>Bridge reopens</h1>{TEXT}{TEXT}</article>", staff).authors == ("Fjord Courier",)


def _byline(printed: str) -> Article:
    return _page(f"<article><h1>Bridge reopens</h1><div class='byline'>{printed}</div>{TEXT}{TEXT}</article>")


def test_an_agency_credited_with_the_writer_is_the_agency_not_an_author() -> None:
    assert (_byline("Jane Doe with AFP").authors, _byline("Jane Doe with AFP").agency) == (("Jane Doe",), "AFP")
    assert _byline("Par Jean Dupont avec AFP").authors == ("Jean Dupont",)
    # credited alone, the agency stands for the author (as agency copy is labelled), and is the article's agency
    assert (_byline("With AFP").authors, _byline("With AFP").agency) == (("AFP",), "AFP")
    # a name that begins like the word is a name
    assert _byline("By Con Bradley").authors == ("Con Bradley",)


def test_a_with_agency_line_at_the_end_of_the_body_credits_the_agency() -> None:
    article = _page(f"<article><h1>Bridge reopens</h1>{TEXT}{TEXT}<p>With AFP</p></article>")
    assert (article.authors, article.agency) == (("AFP",), "AFP")


def test_an_editor_credited_in_the_same_sentence_is_no_author() -> None:
    assert _byline("By Jane Doe. Edited by Sam Poe").authors == ("Jane Doe",)
    assert _byline("Reporting by Jane Doe and Kim Lee, Editing by Sam Poe").authors == ("Jane Doe", "Kim Lee")


def test_a_person_printed_beats_an_organisation_in_structured_data() -> None:
    agency_ld = ORGANISATION.replace('"name": "Harbour Post"', '"name": "The Associated Press"')
    body = f"<article><h1>Bridge reopens</h1><div class='byline'>By JANE DOE</div>{TEXT}{TEXT}</article>"
    article = _page(body, agency_ld)
    assert (article.authors, article.agency) == (("JANE DOE",), "AP")
    # an organisation no page data names as the site is still no person
    other_org = ORGANISATION.replace('"name": "Harbour Post"', '"name": "Coastal Media Group"')
    assert _page(body, other_org).authors == ("JANE DOE",)


def test_an_organisation_alone_stands_and_a_menu_link_does_not_replace_it() -> None:
    agency_ld = ORGANISATION.replace('"name": "Harbour Post"', '"name": "Associated Press"')
    menu = "<div class='columnists'><a href='/author/kim-larsen/'>Kim Larsen</a></div>"
    body = f"{menu}<article><h1>Bridge reopens</h1>{TEXT}{TEXT}</article>"
    assert _page(body, agency_ld).authors == ("Associated Press",)


def test_labelled_fields_in_a_div_and_in_turkish() -> None:
    organisation = '<meta name="author" content="Harbour Post">'
    info = "<div class='meta'>By: <span>Kim Larsen</span></div>"
    assert _page(f"<article><h1>Bridge reopens</h1>{info}{TEXT}{TEXT}</article>", organisation).authors == (
        "Kim Larsen",
    )
    info = "<div class='haber-bilgi'><span>Yazar: Ayşe Yılmaz</span></div>"
    assert _page(f"<article><h1>Bridge reopens</h1>{info}{TEXT}{TEXT}</article>").authors == ("Ayşe Yılmaz",)


def test_a_staff_list_in_the_byline_credits_nobody() -> None:
    staff = "By Ann Berg, Kim Lee, Ola Dahl, Per Moe, Siv Lund, Tor Haug and Eva Bakke"
    assert _byline(staff).authors == ()
    assert _byline("By Ann Berg, Kim Lee and Ola Dahl").authors == ("Ann Berg", "Kim Lee", "Ola Dahl")


def test_the_reuters_credit_line_credits_the_reporters_and_the_writer_not_the_editors() -> None:
    line = "Reporting by Ann Berg in Oslo; Additional reporting by Kim Lee; Writing by Ola Dahl; Editing by Sam Poe"
    assert _byline(line).authors == ("Ann Berg", "Ola Dahl")


def test_the_agency_in_the_author_meta_tag_beside_a_printed_person_is_the_articles_agency() -> None:
    body = f"<article><h1>Bridge reopens</h1><div class='byline'>By JANE DOE</div>{TEXT}{TEXT}</article>"
    article = _page(body, '<meta name="author" content="The Associated Press">')
    assert (article.authors, article.agency) == (("JANE DOE",), "AP")


def test_an_agency_credited_from_or_via_is_the_agency() -> None:
    assert (_byline("From Reuters").authors, _byline("From Reuters").agency) == (("Reuters",), "Reuters")
    assert _byline("Via AFP").authors == ("AFP",)
    assert (_byline("Jane Doe from Reuters").authors, _byline("Jane Doe from Reuters").agency) == (
        ("Jane Doe",),
        "Reuters",
    )
    # "from" before a place stays a place; a credit word alone is no name
    assert _byline("Jane Doe from Tokyo").authors == ("Jane Doe",)
    assert _byline("From staff reports").authors == ()


def test_a_dateline_agency_after_a_standfirst_beats_the_sites_organisation_account() -> None:
    standfirst = "<p>The council says the bridge stays open all winter, after a year of repairs to its old gears.</p>"
    article = _page(
        f"<article><h1>Bridge reopens</h1>{standfirst}<p>OSLO (AFP) — {LEAD}</p>{TEXT}</article>", ORGANISATION
    )
    assert (article.authors, article.agency) == (("AFP",), "AFP")


def test_names_end_at_a_bullet_a_beat_and_its_title_or_a_web_address() -> None:
    assert _byline("Jane Doe • 8h").authors == ("Jane Doe",)
    assert _byline("Sam Poe Games Editor").authors == ("Sam Poe",)
    assert _byline("Kim Larsen, Science Correspondent").authors == ("Kim Larsen",)
    body = f"<article><h1>Bridge reopens</h1>{TEXT}{TEXT}</article>"
    meta = '<meta name="author" content="Jane Doe (http://harbour.example/people/jd)">'
    assert _page(body, meta).authors == ("Jane Doe",)


def test_co_writers_in_brackets_after_a_credit_word_are_authors() -> None:
    assert _byline("Jean Dupont (avec Ana Ruiz et Léa Roy)").authors == ("Jean Dupont", "Ana Ruiz", "Léa Roy")
    assert _byline("Jane Doe (with Sam Poe)").authors == ("Jane Doe", "Sam Poe")
    # an agency in brackets is her employer; a place or a note in brackets names nobody
    assert _byline("Jean Dupont (avec AFP)").authors == ("Jean Dupont",)
    assert _byline("Jane Doe (Oslo)").authors == ("Jane Doe",)
