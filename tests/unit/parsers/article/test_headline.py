"""The headline chosen by the agreement of structured data, og:title, <h1> and <title>: invented pages."""

from __future__ import annotations

import json

from parsers import parse_article

URL = "https://coast.example/local/ferry-story"
BODY = "<p>" + "The ferry company published its new timetable for the coming season on Monday. " * 3 + "</p>"


def _headline(ld: dict[str, str] | None = None, og: str = "", h1: str = "", title: str = "") -> str | None:
    head = f"<title>{title}</title>" if title else ""
    if ld:
        head += f'<script type="application/ld+json">{json.dumps({"@type": "NewsArticle", **ld})}</script>'
    if og:
        head += f'<meta property="og:title" content="{og}">'
    heading = f"<h1>{h1}</h1>" if h1 else ""
    html = f"<html><head>{head}</head><body><article>{heading}{BODY}</article></body></html>"
    return parse_article(html, URL, strict=True).headline


def test_a_kicker_only_the_structured_data_prints_is_cut_off() -> None:
    found = _headline(
        ld={"headline": "Harbour news: Ferry timetable changes for winter"},
        og="Ferry timetable changes for winter",
        h1="Ferry timetable changes for winter",
    )
    assert found == "Ferry timetable changes for winter"


def test_a_kicker_most_sources_print_is_part_of_the_headline() -> None:
    # Only og:title leaves the lead-in out; the structured data, the page and the title all print it.
    whole = "After the storm: Ferry timetable changes for winter"
    found = _headline(ld={"headline": whole}, og="Ferry timetable changes for winter", h1=whole, title=whole)
    assert found == whole


def test_a_hyphenated_word_is_no_kicker() -> None:
    # "Island-ferry timetable" is not "Island" followed by a headline, whatever og:title says.
    whole = "Island-ferry timetable changes for winter"
    found = _headline(
        ld={"headline": whole}, og="ferry timetable changes for winter", h1="ferry timetable changes for winter"
    )
    assert found == whole


def test_the_structured_name_wins_over_a_headline_holding_a_description() -> None:
    found = _headline(
        ld={"headline": "Passenger route across the bay", "name": "Bay ferry"},
        h1="Bay ferry",
        title="Bay ferry",
    )
    assert found == "Bay ferry"


def test_the_structured_headline_stays_first_when_it_disagrees_alone() -> None:
    # Sites write a different headline for social media: the structured data stays the article's own.
    found = _headline(
        ld={"headline": "Ferry timetable changes for winter"},
        og="You won't believe the new ferry times",
        h1="You won't believe the new ferry times",
    )
    assert found == "Ferry timetable changes for winter"


def test_a_banner_h1_without_metadata_gives_way_to_the_title() -> None:
    found = _headline(h1="Coast Life Travel Centre", title="Ferry timetable changes for winter")
    assert found == "Ferry timetable changes for winter"


def test_an_h1_the_title_repeats_stays() -> None:
    found = _headline(h1="Ferry timetable changes for winter", title="Ferry timetable changes for winter, in full")
    assert found == "Ferry timetable changes for winter"


def test_a_cut_headline_is_not_completed_from_the_title_with_its_site_part() -> None:
    found = _headline(
        ld={"headline": "Ferry timetable changes for…"},
        title="Ferry timetable changes for winter - Travel / Coast",
    )
    assert found == "Ferry timetable changes for…"


def test_a_title_part_that_mentions_the_site_is_not_cut_as_its_name() -> None:
    # The host is coast.example: "Coast Life" is the site's name, "How Coast planned ..." a sentence about it.
    found = _headline(og="How Coast planned its ferries - an inside look | Coast Life")
    assert found == "How Coast planned its ferries - an inside look"


HEADLINE = "Ferry timetable changes for winter"


def test_an_agency_named_after_the_headline_of_a_partners_copy_is_cut_off() -> None:
    assert _headline(og=f"{HEADLINE} | Reuters", h1=HEADLINE, title=f"{HEADLINE} | Reuters | Coast Daily") == HEADLINE
    assert _headline(title=f"{HEADLINE} - The Associated Press") == HEADLINE
    # an agency named inside the headline stays
    assert _headline(og="Reuters wins ferry timetable case", h1="Reuters wins ferry timetable case") == (
        "Reuters wins ferry timetable case"
    )


def test_a_kicker_the_h1_prints_in_an_element_of_its_own_is_cut_when_the_title_prints_the_rest() -> None:
    found = _headline(h1=f"<span class='overline'>Winter service</span> <span>{HEADLINE}</span>", title=HEADLINE)
    assert found == HEADLINE


def test_a_kicker_element_of_the_h1_that_the_metadata_prints_too_stays() -> None:
    whole = f"Winter service: {HEADLINE}"
    found = _headline(
        ld={"headline": whole}, og=whole, h1=f"<span>Winter service:</span><span>{HEADLINE}</span>", title=whole
    )
    assert found == whole


def test_a_kicker_only_og_title_prints_gives_way_to_the_h1_after_its_kicker_element() -> None:
    found = _headline(og=f"Coast news: {HEADLINE}", h1=f"<span>Winter service</span><span>{HEADLINE}</span>")
    assert found == HEADLINE


def test_an_h1_that_only_emphasises_its_first_words_is_not_cut() -> None:
    # Nothing else prints the rest alone: the first element is part of the headline.
    found = _headline(h1="<em>Ferry</em> timetable changes for winter")
    assert found == HEADLINE


def test_of_several_h1s_the_one_the_title_begins_with_is_the_headline() -> None:
    # A documentation-style page: the site's banner is an <h1> too, and the title ends with it.
    html = (
        "<html><head><title>Ferry timetable changes — Coast Ferries handbook</title></head><body>"
        "<h1>Coast Ferries handbook</h1><div><h1>Ferry timetable changes<a class='headerlink' href='#x'>¶</a></h1>"
        f"{BODY}</div></body></html>"
    )
    assert parse_article(html, URL, strict=True).headline == "Ferry timetable changes"


def test_a_site_name_the_page_declares_nowhere_is_cut_when_the_h1_leaves_it_out() -> None:
    # coast.example does not say that it is the "Harbour Gazette": og:title and the title both print it.
    found = _headline(og=f"{HEADLINE} | Harbour Gazette", h1=HEADLINE, title=f"{HEADLINE} | Harbour Gazette")
    assert found == HEADLINE


def test_a_part_one_source_alone_adds_or_a_phrase_after_the_headline_stays() -> None:
    assert _headline(og=f"{HEADLINE} | Jane Example", h1=HEADLINE) == f"{HEADLINE} | Jane Example"
    subtitle = f"{HEADLINE} - what you need to know"
    assert _headline(og=subtitle, h1=HEADLINE, title=subtitle) == subtitle


def test_an_h1_that_is_the_site_banner_the_title_ends_with_gives_way_to_the_title() -> None:
    assert _headline(h1="Harbour Gazette", title=f"{HEADLINE} « Harbour Gazette") == HEADLINE


def test_a_headline_in_capitals_takes_the_case_another_source_prints() -> None:
    assert _headline(og=HEADLINE.upper(), h1=HEADLINE) == HEADLINE


def test_an_og_title_that_is_the_declared_site_name_is_no_headline() -> None:
    html = (
        "<html><head><meta property='og:site_name' content='Harbour Gazette'>"
        "<meta property='og:title' content='Harbour Gazette'><title>Harbour Gazette</title></head>"
        f"<body><article><h1>{HEADLINE}</h1>{BODY}</article></body></html>"
    )
    assert parse_article(html, URL, strict=True).headline == HEADLINE


def test_a_title_that_is_only_the_site_name_vouches_for_no_banner_h1() -> None:
    # coast.example titles every page "Coast Example": its banner <h1> says so too; the story's <h1> is the headline.
    html = (
        "<html><head><title>Coast Example</title></head><body><h1>Coast Example</h1>"
        f"<article><h1>{HEADLINE}</h1>{BODY}</article></body></html>"
    )
    assert parse_article(html, URL, strict=True).headline == HEADLINE


def test_headline_marked_by_microdata_stands_for_a_missing_h1_when_the_title_agrees() -> None:
    # No <h1>: the page prints its headline in an <h2 itemprop="headline">; the title adds a name the page
    # declares nowhere else, which the printed headline leaves out.
    headline = "Ferry timetable changes for winter"
    title = f"{headline} | Harbour Weekly Post"
    teaser = "<div class='more'><h3 itemprop='headline'>Lighthouse keeper retires after forty years</h3></div>"
    html = (
        f"<html><head><title>{title}</title><meta property='og:title' content='{title}'></head><body>"
        f"{teaser}<div class='story'><h2 itemprop='headline'>{headline}</h2>{BODY}</div></body></html>"
    )
    assert parse_article(html, URL, strict=True).headline == headline
    # a marked headline the title and og:title do not vouch for (another story's teaser) is no candidate
    html = f"<html><head><title>{title}</title><meta property='og:title' content='{title}'></head><body>{teaser}{BODY}"
    assert parse_article(html + "</body></html>", URL, strict=True).headline == title
