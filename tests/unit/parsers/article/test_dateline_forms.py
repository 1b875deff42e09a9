"""Dateline forms of agency copy that partner sites print besides the common ones: a place in lower or mixed case
before the agency, a city with its river or region after a slash, places of five words or more; and the agency of a
story a person's byline credits, from its dateline or a labelled source line (invented pages)."""

from __future__ import annotations

import pytest

from parsers import parse_article
from parsers.article.fields import dateline
from parsers.article.model import Article

URL = "https://lakeside-courier.example.org/news/2026/12/03/harbour-reopens-after-storm"
LEAD = (
    "The harbour reopened to shipping on Thursday morning after three days of storms had closed it to all but "
    "rescue boats, the port authority said."
)
MORE = (
    "<p>Ferries to the islands will run on a reduced timetable until the weekend, when engineers expect to finish "
    "checking the breakwater.</p><p>Fishermen said the closure had cost them most of the week's catch and asked "
    "the council for help with repairs to their boats.</p>"
)


def _parse(body: str) -> Article:
    html = (
        "<html><head><title>Harbour reopens after storm - Lakeside Courier</title>"
        '<meta property="og:site_name" content="Lakeside Courier"></head><body>'
        '<nav><a href="/">Lakeside Courier</a> <a href="/news">News</a></nav><main><article>'
        f"<h1>Harbour reopens after storm</h1>{body}</article></main>"
        "<footer>© 2026 Lakeside Courier</footer></body></html>"
    )
    return parse_article(html, URL, strict=True)


def _line(lead: str) -> tuple[str | None, str | None] | None:
    article = _parse(f"<p>{lead} {LEAD}</p>{MORE}")
    if article.dateline is None:
        return None
    assert article.paragraphs[0].startswith("The harbour reopened")
    return article.dateline.city, article.dateline.agency


# ---- 1. a place in lower or mixed case before the agency ---------------------------------------------------------
@pytest.mark.parametrize(
    ("lead", "city", "agency"),
    [
        ("Washington (AP) —", "Washington", "AP"),
        ("washington (AP) —", "Washington", "AP"),
        ("berlin (dpa) -", "Berlin", "dpa"),
        ("new york (Reuters) -", "New York", "Reuters"),
        ("New york (Reuters) -", "New York", "Reuters"),
        ("rio de janeiro (AFP) -", "Rio de Janeiro", "AFP"),
        ("porto alegre (EFE) -", "Porto Alegre", "EFE"),
    ],
)
def test_a_place_in_lower_or_mixed_case_before_an_agency(lead: str, city: str, agency: str) -> None:
    assert _line(lead) == (city, agency)


@pytest.mark.parametrize(
    "paragraph",
    [
        # Ordinary lower-case text: no agency in brackets, or a bracket that names none.
        "washington - the city prepared for a long weekend of road closures and parades downtown.",
        "washington — the city prepared for a long weekend of road closures and parades downtown.",
        "berlin: die Stadt bereitet sich auf ein langes Wochenende mit Straßensperrungen vor.",
        "the mayor (a former judge) - who took office in May - said the closures were needed.",
        "the city (ap) - a note that names no agency as agencies print their names, in lower case.",
        "officials said (Reuters) - the wording of a quote is no dateline, nor its source in brackets.",
        "in washington (AP) — a sentence that starts with a preposition is no place before the agency.",
    ],
)
def test_lower_case_text_is_no_dateline_without_an_agency_in_brackets(paragraph: str) -> None:
    assert dateline.split(paragraph) is None


# ---- 2. a city with its river or region after a slash ------------------------------------------------------------
@pytest.mark.parametrize(
    ("lead", "city", "agency"),
    [
        ("Frankfurt/Main (dpa) -", "Frankfurt", "dpa"),
        ("Frankfurt/Oder (dpa) -", "Frankfurt", "dpa"),
        ("Halle/Saale (dpa) -", "Halle", "dpa"),
        ("Halle (Saale) (dpa) -", "Halle", "dpa"),
        ("Freiburg/Breisgau (dpa) -", "Freiburg", "dpa"),
        ("FRANKFURT/MAIN (dpa) -", "Frankfurt", "dpa"),
        ("Frankfurt / Main (dpa) -", "Frankfurt", "dpa"),
        ("Frankfurt/Main -", "Frankfurt", None),
        # The river in brackets is no source ("(Oder)" is not an agency).
        ("Frankfurt (Oder) -", "Frankfurt", None),
        ("Frankfurt (Oder) —", "Frankfurt", None),
        # Two cities joined by a slash stay both (the story was filed from both).
        ("London/Paris (Reuters) -", "London/Paris", "Reuters"),
        ("BERLIN/MOSKAU (dpa) -", "Berlin/Moskau", "dpa"),
        ("Brüssel/Straßburg (dpa) -", "Brüssel/Straßburg", "dpa"),
    ],
)
def test_a_city_with_its_river_or_region_after_a_slash(lead: str, city: str, agency: str | None) -> None:
    assert _line(lead) == (city, agency)


def test_the_slash_qualifier_stays_in_the_printed_text() -> None:
    found = dateline.split(f"Frankfurt/Main (dpa) - {LEAD}")
    assert found is not None
    assert found[0].text == "Frankfurt/Main (dpa) -"


# ---- 3. places of five words or more before an agency --------------------------------------------------------------
@pytest.mark.parametrize(
    ("lead", "city", "agency"),
    [
        ("Santa Cruz de la Sierra (EFE) -", "Santa Cruz de la Sierra", "EFE"),
        ("SANTA CRUZ DE LA SIERRA, Bolivia (AP) —", "Santa Cruz De La Sierra", "AP"),
        ("Rio de Janeiro (Reuters) -", "Rio de Janeiro", "Reuters"),
        ("San Juan de los Morros (EFE) -", "San Juan de los Morros", "EFE"),
        ("Villa Carlos Paz de la Sierra (EFE) -", "Villa Carlos Paz de la Sierra", "EFE"),
    ],
)
def test_places_of_five_words_or_more_before_an_agency(lead: str, city: str, agency: str) -> None:
    assert _line(lead) == (city, agency)


def test_a_long_run_of_title_case_words_before_a_dash_is_no_place() -> None:
    # Five capitalised words before a dash with no agency: a headline-like kicker, not a dateline.
    assert dateline.split(f"Santa Cruz de la Sierra Votes - {LEAD}") is None


# ---- 4. the agency beside a person's byline ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "agency"),
    [
        # The dateline's agency beside the reporter's byline.
        (f'<div class="byline">By Jane Doe</div><p>WASHINGTON (AP) — {LEAD}</p>{MORE}', "AP"),
        (f'<div class="byline">Von Anna Schmidt</div><p>Frankfurt/Main (dpa) - {LEAD}</p>{MORE}', "dpa"),
        # A labelled source line after the story or above it.
        (f'<div class="byline">By Jane Doe</div><p>{LEAD}</p>{MORE}<p>Source: AP</p>', "AP"),
        (f'<div class="byline">Von Anna Schmidt</div><p>{LEAD}</p>{MORE}<p>Quelle: dpa</p>', "dpa"),
        (f'<div class="byline">By Jane Doe</div><p class="source">Source: Reuters</p><p>{LEAD}</p>{MORE}', "Reuters"),
        (f'<div class="byline">By Jane Doe</div><p>{LEAD}</p>{MORE}<div><span>Source:</span> AFP</div>', "AFP"),
    ],
)
def test_the_agency_beside_a_persons_byline(body: str, agency: str) -> None:
    article = _parse(body)
    assert article.authors[0] in ("Jane Doe", "Anna Schmidt")
    assert article.agency == agency


@pytest.mark.parametrize(
    "extra",
    [
        # A chart's source names where its figures come from, not the story's.
        '<figure><img src="/chart.png" alt="Chart"><figcaption>Source: Reuters</figcaption></figure>',
        "<table><tr><td>Port traffic</td><td>1,200</td></tr><caption>Source: AP</caption></table>",
        # A source line that names no agency.
        "<p>Source: port authority</p>",
        # Another story's source in a related-stories box.
        '<aside class="related"><ul><li><a href="/x">Storm warning</a></li><li>Source: AFP</li></ul></aside>',
    ],
)
def test_sources_that_are_not_the_storys_give_no_agency(extra: str) -> None:
    article = _parse(f'<div class="byline">By Jane Doe</div><p>{LEAD}</p>{extra}{MORE}')
    assert article.authors == ("Jane Doe",)
    assert article.agency is None
