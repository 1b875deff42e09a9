"""Publication time: the printed time beside the byline, the page's meta and its structured data agree, or the
most specific of them wins; other stories' times and update times are never the publication time."""

from __future__ import annotations

import json

from parsers import parse_article
from parsers.article.fields.dates import DATE_ONLY, MINUTE, ZONED, Stamp, choose, printed_stamp

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
