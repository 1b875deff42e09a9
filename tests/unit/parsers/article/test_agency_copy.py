"""Agency copy on partner sites: the byline, the publication time and the dateline of AP, AFP, Reuters, dpa and
Anadolu stories as newspapers and portals republish them (invented pages, one way of printing each)."""

from __future__ import annotations

import json

import pytest

from parsers import parse_article
from parsers.article.model import Article

URL = "https://riverside-gazette.example.com/world/2026/12/03/border-talks-resume"
LEAD = (
    "Negotiators from both sides returned to the table on Thursday after a week of stalled talks over the border "
    "crossing, officials said."
)
MORE = (
    "<p>The talks are expected to last several days, with a first statement due on Friday evening after the "
    "delegations report home.</p><p>Observers said the mood was cautious but that both teams had brought new "
    "proposals on customs checks and transit fees.</p>"
)


def _parse(body: str, head: str = "", ld: dict[str, object] | None = None) -> Article:
    script = ""
    if ld is not None:
        data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Border talks resume", **ld}
        script = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    html = (
        "<html><head><title>Border talks resume | Riverside Gazette</title>"
        f'<meta property="og:site_name" content="Riverside Gazette">{head}{script}</head><body>'
        '<header><a href="/">Riverside Gazette</a></header><main><article><h1>Border talks resume</h1>'
        f"{body}</article></main><footer>© 2026 Riverside Gazette</footer></body></html>"
    )
    return parse_article(html, URL, strict=True)


# ---- bylines ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ('<div class="byline">By AP</div>', ("AP",)),
        ('<div class="byline">AFP</div>', ("AFP",)),
        ('<p class="byline">Associated Press</p>', ("Associated Press",)),
        ('<div class="article-byline">Reuters staff</div>', ("Reuters",)),
        ('<span class="author">dpa/lnw</span>', ("dpa",)),
        ('<div class="byline">By Jane Doe, Associated Press</div>', ("Jane Doe",)),
        ('<div class="byline">By JANE DOE Associated Press</div>', ("JANE DOE",)),
        # The agency's job titles: the agency is her employer, not a second author.
        ('<div class="byline">By JANE DOE, AP Medical Writer</div>', ("JANE DOE",)),
        ('<div class="byline">By JANE DOE and TIM ROE AP Business Writers</div>', ("JANE DOE", "TIM ROE")),
        ('<div class="byline">By AP Staff Writer</div>', ("AP",)),
    ],
)
def test_a_printed_byline_of_agency_copy_credits_the_agency_or_its_reporter(byline: str, authors: tuple[str]) -> None:
    article = _parse(f"{byline}<p>{LEAD}</p>{MORE}")
    assert article.authors == authors
    assert article.agency is not None


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        # The site's staff beside the agency: the agency is who the page credits.
        ('<div class="byline">By The Associated Press and Riverside Gazette staff</div>', ("The Associated Press",)),
        ('<div class="byline">Riverside Gazette with AFP</div>', ("AFP",)),
        # Where the agency filed from is no name.
        ('<div class="byline">AFP, MANILA</div>', ("AFP",)),
        # The agency's logo as the byline.
        ('<div class="byline"><img src="/logos/ap.png" alt="Associated Press"></div>', ("Associated Press",)),
    ],
)
def test_the_agency_the_byline_names_beside_staff_places_or_as_a_logo(byline: str, authors: tuple[str]) -> None:
    assert _parse(f"{byline}<p>{LEAD}</p>{MORE}").authors == authors


@pytest.mark.parametrize(
    ("byline", "ld"),
    [
        ('<div class="byline">From wire reports</div>', None),
        ('<div class="byline">Gazette staff and wire reports</div>', None),
        ("", {"author": {"@type": "Person", "name": "Web Desk"}}),
    ],
)
def test_a_desk_or_the_wires_in_general_give_way_to_the_dateline_agency(
    byline: str, ld: dict[str, object] | None
) -> None:
    assert _parse(f"{byline}<p>WASHINGTON (AP) — {LEAD}</p>{MORE}", ld=ld).authors == ("AP",)


@pytest.mark.parametrize(("lead", "author"), [("ANKARA (AA) –", "AA"), ("Düsseldorf (dpa/lnw) -", "dpa")])
def test_the_dateline_agency_that_replaces_the_sites_account_is_as_printed(lead: str, author: str) -> None:
    ld = {"author": {"@type": "Organization", "name": "Riverside Gazette"}}
    assert _parse(f"<p>{lead} {LEAD}</p>{MORE}", ld=ld).authors == (author,)


def test_the_wires_in_general_stand_when_no_agency_is_named() -> None:
    assert _parse(f'<div class="byline">Agencies</div><p>{LEAD}</p>{MORE}').authors == ("Agencies",)


def test_a_wire_account_in_meta_gives_way_to_the_person_printed_in_the_story() -> None:
    head = '<meta name="author" content="Gazette Wire">'
    article = _parse(f"<p>By Jane Doe</p><p>WASHINGTON (AP) — {LEAD}</p>{MORE}", head=head)
    assert article.authors == ("Jane Doe",)


def test_the_agency_alone_at_the_end_of_the_story_is_its_credit() -> None:
    article = _parse(f"<p>{LEAD}</p>{MORE}<p>— Reuters</p>")
    assert (article.authors, article.agency) == (("Reuters",), "Reuters")


@pytest.mark.parametrize(
    ("credit", "authors"),
    [
        ("(Reporting by Jane Doe; Editing by Sam Poe)", ("Jane Doe",)),
        ("[Reporting by Jane Doe and Tim Roe in Paris; Editing by Sam Poe]", ("Jane Doe", "Tim Roe")),
        (
            "(Reporting by Jean Martin in Paris, additional reporting by Ana Ruiz in Madrid; Writing by John Smith; "
            "Editing by Sam Poe)",
            ("Jean Martin", "John Smith"),
        ),
    ],
)
def test_a_wire_credit_line_in_brackets_after_the_story_names_reporters_and_writers(
    credit: str, authors: tuple[str, ...]
) -> None:
    article = _parse(f"<p>PARIS, Dec 3 (Reuters) - {LEAD}</p>{MORE}<p>{credit}</p>")
    assert article.authors == authors
    assert article.agency == "Reuters"


@pytest.mark.parametrize(
    ("tag", "authors"),
    [
        ("(dpa/AFP)", ("dpa", "AFP")),
        ("jd/dpa", ("dpa",)),
        ("AFP/dpa/lnw", ("AFP", "dpa")),
        ("/AFP", ("AFP",)),
        ("Mit Material von dpa", ("dpa",)),
        ("mit Material der Nachrichtenagenturen dpa und AFP", ("dpa", "AFP")),
        ("(With inputs from Reuters)", ("Reuters",)),
    ],
)
def test_the_agencies_tag_after_the_story_credits_them(tag: str, authors: tuple[str, ...]) -> None:
    article = _parse(f"<p>{LEAD}</p>{MORE}<p>{tag}</p>")
    assert article.authors == authors
    assert article.agency == authors[0]


@pytest.mark.parametrize("line", ["REUTERS/John Roe", "AFP/Getty Images", "dpa/picture alliance", "Photo: AFP"])
def test_a_photo_credit_after_the_story_is_no_agency_tag(line: str) -> None:
    assert _parse(f"<p>{LEAD}</p>{MORE}<p>{line}</p>").authors == ()


def test_a_person_byline_beats_the_agencies_tag() -> None:
    article = _parse(f'<div class="byline">Von Jane Doe</div><p>{LEAD}</p>{MORE}<p>(dpa/AFP)</p>')
    assert article.authors == ("Jane Doe",)


def test_an_editor_alone_in_a_wire_credit_line_is_no_author() -> None:
    article = _parse(f"<p>PARIS, Dec 3 (Reuters) - {LEAD}</p>{MORE}<p>(Editing by Sam Poe)</p>")
    assert article.authors == ()


def test_a_sentence_that_mentions_reporting_is_no_credit_line() -> None:
    closing = "<p>Reporting by local outlets suggested that the crossing would reopen within the month.</p>"
    assert _parse(f"<p>{LEAD}</p>{MORE}{closing}").authors == ()


def test_the_account_that_posted_the_copy_gives_way_to_the_printed_agency() -> None:
    # Structured data and meta name a web editor the page prints nowhere; the byline credits the agency.
    printed = f'<div class="byline">dpa</div><p>Berlin (dpa) - {LEAD}</p>{MORE}'
    assert _parse(printed, ld={"author": {"@type": "Person", "name": "Mark Webber"}}).authors == ("dpa",)
    printed = f'<div class="byline">By The Associated Press</div><p>{LEAD}</p>{MORE}'
    assert _parse(printed, head='<meta name="author" content="Mark Webber">').authors == ("The Associated Press",)


def test_a_person_the_page_prints_beside_an_agency_byline_stays_the_author() -> None:
    # The writer who rewrote the agency's copy is printed in the story's end note: structured data is right.
    note = "<p><em>Mark Webber contributed to this report.</em></p>"
    printed = f'<div class="byline">dpa</div><p>Berlin (dpa) - {LEAD}</p>{MORE}{note}'
    assert _parse(printed, ld={"author": {"@type": "Person", "name": "Mark Webber"}}).authors == ("Mark Webber",)


@pytest.mark.parametrize(
    "tag",
    [
        '<meta name="parsely-author" content="Associated Press">',
        '<meta name="sailthru.author" content="Associated Press">',
        '<meta property="article:author" content="Associated Press">',
    ],
)
def test_an_analytics_or_open_graph_author_tag_credits_the_agency(tag: str) -> None:
    assert _parse(f"<p>{LEAD}</p>{MORE}", head=tag).authors == ("Associated Press",)


def test_an_author_tag_holding_a_profile_address_is_no_name() -> None:
    tag = '<meta property="article:author" content="https://social.example.com/riversidegazette">'
    assert _parse(f"<p>{LEAD}</p>{MORE}", head=tag).authors == ()


def test_structured_data_that_names_the_agency_too_is_the_fuller_credit() -> None:
    printed = f'<div class="byline">dpa</div><p>{LEAD}</p>{MORE}'
    ld = {"author": [{"@type": "Person", "name": "Mark Webber"}, {"@type": "Organization", "name": "dpa"}]}
    assert _parse(printed, ld=ld).authors == ("Mark Webber", "dpa")


@pytest.mark.parametrize(
    ("field", "authors"),
    [
        ('<div class="source">Source: AFP</div>', ("AFP",)),
        ('<p class="meta">Quelle: dpa</p>', ("dpa",)),
        ("<ul><li>Kaynak: AA</li></ul>", ("AA",)),
    ],
)
def test_a_source_field_that_names_an_agency_credits_it(field: str, authors: tuple[str]) -> None:
    article = _parse(f"{field}<p>{LEAD}</p>{MORE}")
    assert article.authors == authors
    assert article.agency is not None


def test_a_source_field_of_something_else_or_under_a_chart_credits_nobody() -> None:
    assert _parse(f'<div class="source">Source: Ministry of Transport</div><p>{LEAD}</p>{MORE}').authors == ()
    chart = "<figure><img src='/c.png'><figcaption><p>Source: Reuters</p></figcaption></figure>"
    assert _parse(f"<p>{LEAD}</p>{chart}{MORE}").authors == ()


# ---- publication time ---------------------------------------------------------------------------------------------
def test_an_update_printed_before_the_publication_time_is_passed_over() -> None:
    times = '<div class="dates">Updated 5:10 PM EST, December 3, 2026 · Published 3:04 PM EST, December 3, 2026</div>'
    article = _parse(f'<div class="byline">By AP</div>{times}<p>WASHINGTON (AP) — {LEAD}</p>{MORE}')
    assert article.published_at == "2026-12-03T15:04:00-05:00"


@pytest.mark.parametrize(
    "printed",
    [
        "Last Updated: December 3, 2026 05:10 PM EST. Posted: December 3, 2026 03:04 PM EST",
        "Aktualisiert am 03.12.2026, 17:10 Uhr · Veröffentlicht am 03.12.2026, 15:04 Uhr",
        "Mis à jour le 3 décembre 2026 à 17h10 · Publié le 3 décembre 2026 à 15h04",
        "Güncelleme: 03.12.2026 17:10 · Yayınlanma: 03.12.2026 15:04",
    ],
)
def test_the_first_publication_wins_over_an_update_printed_first_in_any_language(printed: str) -> None:
    article = _parse(f'<p class="article-date">{printed}</p><p>{LEAD}</p>{MORE}')
    assert article.published_at is not None
    assert article.published_at[11:16] == "15:04"


@pytest.mark.parametrize(
    "times",
    [
        '<p>Updated <time datetime="2026-12-03T17:10:00+01:00">17:10</time></p>'
        '<p>Published <time datetime="2026-12-03T15:04:00+01:00">15:04</time></p>',
        '<div><span>Aktualisiert:</span> <time datetime="2026-12-03T17:10:00+01:00">17:10</time> '
        '<span>Erstellt:</span> <time datetime="2026-12-03T15:04:00+01:00">15:04</time></div>',
    ],
)
def test_a_time_element_labelled_as_an_update_is_not_the_publication_time(times: str) -> None:
    assert _parse(f"{times}<p>{LEAD}</p>{MORE}").published_at == "2026-12-03T15:04:00+01:00"


def test_an_update_time_alone_does_not_replace_the_structured_date() -> None:
    printed = '<p class="date">Aktualisiert am 03.12.2026, 16:20 Uhr</p>'
    article = _parse(f"{printed}<p>Berlin (dpa) - {LEAD}</p>{MORE}", ld={"datePublished": "2026-12-03"})
    assert article.published_at == "2026-12-03T00:00:00+00:00"


def test_a_printed_time_without_zone_takes_the_zone_the_page_states_for_that_day() -> None:
    printed = '<div class="meta"><span class="author">dpa</span> <span class="date">03.12.2026, 14:37 Uhr</span></div>'
    ld = {"datePublished": "2026-12-03T00:00:00+01:00"}
    assert _parse(f"{printed}<p>Berlin (dpa) - {LEAD}</p>{MORE}", ld=ld).published_at == "2026-12-03T14:37:00+01:00"
    modified = '<meta property="article:modified_time" content="2026-12-03T16:20:00+01:00">'
    article = _parse(f"{printed}<p>Berlin (dpa) - {LEAD}</p>{MORE}", head=modified)
    assert article.published_at == "2026-12-03T14:37:00+01:00"


def test_a_zone_stated_for_another_day_is_not_borrowed() -> None:
    printed = '<span class="date">03.12.2026, 14:37 Uhr</span>'
    modified = '<meta property="article:modified_time" content="2026-07-01T09:00:00+02:00">'
    assert _parse(f"{printed}<p>{LEAD}</p>{MORE}", head=modified).published_at == "2026-12-03T14:37:00+00:00"


def test_the_printed_zone_beside_the_byline_and_structured_data_agree() -> None:
    header = (
        '<div class="byline">By Jane Doe, Associated Press</div><div class="timestamp">3:04 PM EST, Dec. 3, 2026</div>'
    )
    article = _parse(f"{header}<p>WASHINGTON (AP) — {LEAD}</p>{MORE}", ld={"datePublished": "2026-12-03T15:04:00"})
    assert article.published_at == "2026-12-03T15:04:00-05:00"


@pytest.mark.parametrize(
    ("printed", "published"),
    [
        ("2026/12/03 14:37", "2026-12-03T14:37:00+00:00"),
        ("2026年12月3日 14:37", "2026-12-03T14:37:00+00:00"),
        ("发布时间2026年12月3日14:37", "2026-12-03T14:37:00+00:00"),
        ("3 December 2026, 14:37 SAST", "2026-12-03T14:37:00+02:00"),
        ("December 3, 2026 2:37 PM PHT", "2026-12-03T14:37:00+08:00"),
        ("03.12.2026 14:37 WIB", "2026-12-03T14:37:00+07:00"),
    ],
)
def test_dates_printed_year_first_and_the_zones_of_agency_partners(printed: str, published: str) -> None:
    assert _parse(f'<span class="date">{printed}</span><p>{LEAD}</p>{MORE}').published_at == published


@pytest.mark.parametrize(
    "written", ["03.12.2026 14:37", "December 3, 2026 2:37 PM", "3 décembre 2026 à 14h37", "2026/12/03 14:37"]
)
def test_structured_data_that_writes_the_time_as_people_print_it(written: str) -> None:
    article = _parse(f"<p>{LEAD}</p>{MORE}", ld={"datePublished": written})
    assert article.published_at == "2026-12-03T14:37:00+00:00"
    head = f'<meta property="article:published_time" content="{written}">'
    assert _parse(f"<p>{LEAD}</p>{MORE}", head=head).published_at == "2026-12-03T14:37:00+00:00"


def test_dates_of_a_list_of_other_stories_are_not_the_articles_time() -> None:
    # A "latest from the wires" box prints each story's date in a date element, without a link around it.
    item = '<div class="wire-box"><p>Port strike ends</p><p class="date">2026/12/0{}</p></div>'
    box = "".join(item.format(day) for day in (1, 2, 3))
    article = _parse(f"<p>Posted 3 December 2026, 14:37</p><p>{LEAD}</p>{MORE}{box}")
    assert article.published_at == "2026-12-03T14:37:00+00:00"


def test_the_dateline_day_picks_the_agency_time_over_the_partners_next_day() -> None:
    times = (
        '<time datetime="2026-12-02T23:40:00+00:00">2 December 2026</time>'
        '<meta property="article:published_time" content="2026-12-03T08:00:00+00:00">'
    )
    article = _parse(f"{times}<p>PARIS, Dec 2 (Reuters) - {LEAD}</p>{MORE}")
    assert article.published_at == "2026-12-02T23:40:00+00:00"


# ---- datelines ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("lead", "city", "agency"),
    [
        ("BERLIN (dpa) -", "Berlin", "dpa"),
        ("Berlin (dpa/lnw) -", "Berlin", "dpa"),
        ("ANKARA (AA) –", "Ankara", "Anadolu"),
        ("İSTANBUL (AA) -", "İstanbul", "Anadolu"),
        ("PARIS, Dec 3 (Reuters) -", "Paris", "Reuters"),
        ("NEW YORK, Dec. 3 (Reuters) -", "New York", "Reuters"),
        ("WASHINGTON (AP) —", "Washington", "AP"),
        ("Washington (AP) —", "Washington", "AP"),
        ("KYIV, Ukraine (AP) —", "Kyiv", "AP"),
        ("Frankfurt am Main (dpa) -", "Frankfurt am Main", "dpa"),
        ("PARIS (afp) -", "Paris", "AFP"),
        ("(Reuters) -", None, "Reuters"),
        # Places whose names hold lower-case words.
        ("Dar es Salaam (Reuters) -", "Dar es Salaam", "Reuters"),
        ("Frankfurt an der Oder (dpa) -", "Frankfurt an der Oder", "dpa"),
        ("Ciudad del Este (EFE) -", "Ciudad del Este", "EFE"),
    ],
)
def test_agency_datelines_as_partner_sites_print_them(lead: str, city: str | None, agency: str) -> None:
    article = _parse(f"<p>{lead} {LEAD}</p>{MORE}")
    assert article.dateline is not None
    assert (article.dateline.city, article.dateline.agency) == (city, agency)
    assert article.paragraphs[0].startswith("Negotiators")


@pytest.mark.parametrize(
    "before",
    ["<p>World</p>", "<p>Listen to this article</p>", '<div class="byline">By AP</div><p>By JANE DOE</p>'],
)
def test_a_dateline_after_a_short_furniture_line(before: str) -> None:
    article = _parse(f"{before}<p>WASHINGTON (AP) — {LEAD}</p>{MORE}")
    assert article.dateline is not None
    assert (article.dateline.city, article.dateline.agency) == ("Washington", "AP")


@pytest.mark.parametrize(
    "label", ["EDITOR’S NOTE:", "FACT CHECK:", "ANALYSIS:", "BREAKING —", "EXCLUSIVE -", "Bürger der Stadt -"]
)
def test_labels_are_not_datelines(label: str) -> None:
    assert _parse(f"<p>{label} {LEAD}</p>{MORE}").dateline is None
