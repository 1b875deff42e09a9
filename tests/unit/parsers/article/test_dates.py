"""Publication time: the printed time beside the byline, the page's meta and its structured data agree, or the
most specific of them wins; other stories' times and update times are never the publication time."""

from __future__ import annotations

import json

import pytest

from parsers import parse_article
from parsers.article import vocabulary
from parsers.article.fields.dates import DATE_ONLY, MINUTE, ZONED, Stamp, choose, filed_on, printed_stamp

STORY = "<p>The harbour authority reopened the north quay on Monday after three weeks of repairs to the pier.</p>"


def _page(head: str = "", header: str = "", ld: dict[str, str] | None = None, after: str = "") -> str:
    script = ""
    if ld is not None:
        data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Quay reopens", **ld}
        script = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    return (
        f"<html><head><title>Quay reopens</title>{head}{script}</head><body><article><h1>Quay reopens</h1>"
        f"{header}{STORY}{STORY}{after}</article></body></html>"
    )


def _published(html: str) -> str | None:
    return parse_article(html, "https://example.org/news/quay").published_at


def test_date_only_structured_data_gives_way_to_the_time_printed_beside_the_byline() -> None:
    header = '<div class="byline">By Ann Lee <span class="date">March 4, 2024 4:03 PM</span></div>'
    assert _published(_page(header=header, ld={"datePublished": "2024-03-04"})) == "2024-03-04T16:03:00+00:00"


def test_midnight_placeholder_gives_way_to_the_printed_time() -> None:
    header = '<p class="article-date">04.03.2024, 16:03</p>'
    html = _page(header=header, ld={"datePublished": "2024-03-04T00:00:00Z"})
    assert _published(html) == "2024-03-04T16:03:00+00:00"


def test_printed_zone_completes_a_meta_time_without_one() -> None:
    head = '<meta property="article:published_time" content="2024-03-04T16:03:00">'
    header = '<div class="byline">By Ann Lee, March 4, 2024 4:03 PM EST</div>'
    assert _published(_page(head=head, header=header)) == "2024-03-04T16:03:00-05:00"


def test_zoned_structured_time_wins_over_a_printed_time_without_zone() -> None:
    header = '<span class="timestamp">March 4, 2024 5:03 PM</span>'  # the same instant in the reader's zone
    html = _page(header=header, ld={"datePublished": "2024-03-04T16:03:00+00:00"})
    assert _published(html) == "2024-03-04T16:03:00+00:00"


def test_time_of_another_story_in_a_teaser_list_is_not_this_articles() -> None:
    related = (
        '<ul class="related"><li><a href="/news/ferry">Ferry strike ends after four days of talks</a>'
        '<time datetime="2024-03-04T09:30:00+00:00">4 March, 9:30</time></li></ul>'
    )  # the same day, and more specific than the page's own date: still another story's time
    assert _published(_page(after=related, ld={"datePublished": "2024-03-04"})) == "2024-03-04T00:00:00+00:00"


def test_time_in_a_list_item_of_the_byline_is_the_articles() -> None:
    header = (
        '<ul class="meta"><li>By <a href="/staff/ann-lee">Ann Lee</a></li>'
        '<li><time datetime="2024-03-04T16:03:00+01:00">4 March, 16:03</time></li></ul>'
    )
    assert _published(_page(header=header, ld={"datePublished": "2024-03-04"})) == "2024-03-04T16:03:00+01:00"


def test_update_time_is_not_taken_as_published() -> None:
    header = (
        '<time class="updated" datetime="2024-03-05T08:00:00+00:00">5 March</time>'
        '<time class="published" datetime="2024-03-04T16:03:00+00:00">4 March</time>'
    )
    assert _published(_page(header=header)) == "2024-03-04T16:03:00+00:00"


def test_time_printed_as_updated_is_not_taken_as_published() -> None:
    header = (
        '<div class="byline">By Ann Lee <span class="date">Updated March 5, 2024 8:00 AM EST</span>'
        '<span class="date">March 4, 2024 4:03 PM EST</span></div>'
    )
    assert _published(_page(header=header, ld={"datePublished": "2024-03-04"})) == "2024-03-04T16:03:00-05:00"


def test_partner_time_in_structured_data_wins_over_the_agency_time_printed_in_the_copy() -> None:
    # The agency filed at 9:14 New York time; the partner published its copy at 16:03 Paris time.
    header = '<div class="byline">By Ann Lee, AP <span class="date">March 4, 2024 9:14 AM EST</span></div>'
    html = _page(header=header, ld={"datePublished": "2024-03-04T16:03:00+01:00"})
    assert _published(html) == "2024-03-04T16:03:00+01:00"


def test_printed_stamp_reads_the_zone_after_the_time() -> None:
    stamp = printed_stamp("Posted 4 March | 04.03.2024, 16:03 (UTC+2)")
    assert stamp is not None and stamp.moment.isoformat() == "2024-03-04T16:03:00+02:00"
    assert stamp.precision == ZONED
    undated = printed_stamp("04.03.2024")
    assert undated is not None and undated.precision == DATE_ONLY


def test_choice_keeps_the_strongest_source_on_a_tie_and_drops_a_disagreeing_date() -> None:
    def stamp(iso: str, precision: int, source: str) -> Stamp:
        from datetime import datetime

        return Stamp(datetime.fromisoformat(iso), precision, source)

    structured = stamp("2024-03-04T10:00:00+00:00", MINUTE, "structured")
    printed = stamp("2024-03-04T10:05:00+00:00", MINUTE, "printed")
    elsewhere = stamp("2024-02-20T10:00:00+01:00", ZONED, "time")
    assert choose([structured, printed, elsewhere]) == structured


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("3 mars 2026 à 14h30", "2026-03-03T14:30:00+00:00"),
        ("mardi 3 mars 2026 à 14 h 30", "2026-03-03T14:30:00+00:00"),
        ("3. März 2026, 14.30 Uhr", "2026-03-03T14:30:00+00:00"),
        ("3. März 2026 um 14.30 Uhr MEZ", "2026-03-03T14:30:00+01:00"),
        ("3 de marzo de 2026 a las 14:30", "2026-03-03T14:30:00+00:00"),
        ("03.03.2026 14:30 GMT+3", "2026-03-03T14:30:00+03:00"),
        ("3 Mart 2026 Salı 14:30", "2026-03-03T14:30:00+00:00"),
        ("3 March 2026 • 14:30 GMT", "2026-03-03T14:30:00+00:00"),
        ("2026-03-03 14:30", "2026-03-03T14:30:00+00:00"),
        ("March 3, 2026 10:32 a.m. EST", "2026-03-03T10:32:00-05:00"),
        # a US zone printed without standard or daylight time follows the zone's rules on that day
        ("Mar. 3, 2026, 10:32 AM ET", "2026-03-03T10:32:00-05:00"),
        ("July 3, 2026, 10:32 AM ET", "2026-07-03T10:32:00-04:00"),
        # the time printed before its date
        ("Published 10:32 AM EST, Tue March 3, 2026", "2026-03-03T10:32:00-05:00"),
        ("14:30 - 3 mars 2026", "2026-03-03T14:30:00+00:00"),
        # slashes: the US order and the other read alike when one part is past twelve
        ("3/14/2026 10:32 AM EST", "2026-03-14T10:32:00-05:00"),
        ("14/3/2026 14:30", "2026-03-14T14:30:00+00:00"),
        ("14:30, 03/03/2026", "2026-03-03T14:30:00+00:00"),
    ],
)
def test_printed_dates_in_the_formats_and_languages_of_partner_sites(printed: str, expected: str) -> None:
    stamp = printed_stamp(printed)
    assert stamp is not None and stamp.moment.isoformat() == expected


def test_a_word_that_is_no_month_makes_no_date() -> None:
    assert printed_stamp("Seite 3 von 2026") is None
    assert printed_stamp("Chapter 3, 2026 edition") is None
    assert printed_stamp("3/4/2026 10:00") is None  # March 4 or 3 April: no date we can tell


def test_the_printed_time_of_agency_copy_completes_a_date_only_meta_value() -> None:
    # A partner page: its meta says the day only; the byline prints the agency's time in French.
    head = '<meta property="article:published_time" content="2026-03-03">'
    header = '<div class="signature">Par Jean Dupont (AFP) <span class="date">3 mars 2026 à 14h30</span></div>'
    assert _published(_page(head=head, header=header)) == "2026-03-03T14:30:00+00:00"


def test_a_time_element_without_datetime_is_read_as_printed() -> None:
    header = "<p>By Ann Lee <time>March 3, 2026 10:32 a.m. EST</time></p>"
    html = _page(header=header, ld={"datePublished": "2026-03-03"})
    assert _published(html) == "2026-03-03T10:32:00-05:00"


def test_every_month_names_file_names_twelve_months_and_no_name_two() -> None:
    seen: dict[str, int] = {}
    for lang in vocabulary.languages("month_names"):
        lines = vocabulary.words_of("month_names", lang)
        assert len(lines) == 12, lang
        for number, line in enumerate(lines, 1):
            for name in line.split():
                assert seen.setdefault(name, number) == number, f"{lang}: {name}"


def test_the_day_the_dateline_prints_picks_the_stamps_of_that_day() -> None:
    # The partner's meta states when it built its page, the next day in UTC; the dateline and the time printed
    # beside the byline state the day the agency filed the story.
    head = '<meta property="article:published_time" content="2026-03-04T02:15:00Z">'
    header = '<div class="byline">By Ann Lee <span class="date">March 3, 2026 10:32 a.m. EST</span></div>'
    lead = "<p>PARIS, March 3 (AFP) - The harbour authority reopened the north quay after weeks of repairs.</p>"
    assert _published(_page(head=head, header=header + lead)) == "2026-03-03T10:32:00-05:00"
    # without a dateline the strongest source stands
    assert _published(_page(head=head, header=header)) == "2026-03-04T02:15:00+00:00"


@pytest.mark.parametrize(
    ("printed", "day"),
    [("March 3", (3, 3)), ("1er mars", (3, 1)), ("3 GIU", (6, 3)), ("4月24日", (4, 24)), ("Dec. 1, 2026", (12, 1))],
)
def test_the_day_a_dateline_date_states(printed: str, day: tuple[int, int]) -> None:
    assert filed_on(printed) == day
    assert filed_on("Tuesday") is None
