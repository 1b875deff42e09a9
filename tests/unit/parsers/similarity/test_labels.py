"""Story labels as a pure function of the story's members (no database: see tests/integration/test_dedup_labels.py)."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from parsers.similarity.fingerprint import paragraph_key
from parsers.similarity.labels import Member, furniture, names_site, on_agency_site, story_labels
from parsers.similarity.neardup import MatchRules
from tests.unit.parsers.similarity.test_neardup import body

RULES = MatchRules()
T0 = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
AFP = tuple(body("afp-tripoli-rockets"))
BASE = AFP[:-2]
ORIGINAL = Member(1, BASE, "https://www.afp.example/en/tripoli", T0, "AFP")
COPY = Member(2, BASE[:-1], "https://www.dailyherald.example/tripoli", T0, "AFP")
PITCH = "Our morning briefing brings the most important stories to your inbox before breakfast every weekday."
FOOTED = Member(3, (*BASE, PITCH), "https://www.citypost.example/tripoli", T0 + timedelta(minutes=5), "AFP", True)
UPDATE = Member(4, AFP, "https://www.afp.example/en/tripoli-2", T0 + timedelta(hours=1), "AFP")
EXPECTED = {1: "original", 2: "copy", 3: "copy", 4: "update"}


def test_every_order_of_the_members_gives_the_same_labels() -> None:
    for order in itertools.permutations((ORIGINAL, COPY, FOOTED, UPDATE)):
        assert story_labels(order, RULES) == EXPECTED


def test_the_original_is_the_first_published_then_the_agency_s_own_site() -> None:
    earlier_copy = replace(COPY, published_at=T0 - timedelta(minutes=1))
    # the agency text adds a paragraph to the earlier-published trimmed text: an update of it
    assert story_labels((ORIGINAL, earlier_copy), RULES) == {1: "update", 2: "original"}
    undated = replace(ORIGINAL, published_at=None)
    assert story_labels((undated, COPY), RULES)[2] == "original"  # a dated member comes first
    assert on_agency_site("www.afp.example", {"AFP"}) and on_agency_site("apnews.example", {"AP"})
    assert not on_agency_site("www.dailyherald.example", {"AFP"})


def test_without_dates_the_text_the_others_derive_from_is_the_original() -> None:
    undated = [replace(m, published_at=None, agency=None) for m in (ORIGINAL, COPY, FOOTED, UPDATE)]
    assert story_labels(undated, RULES) == EXPECTED


def test_a_footer_only_paragraph_is_a_copy_when_its_look_or_its_site_tells() -> None:
    unmarked = replace(FOOTED, fine_print=False)
    assert story_labels((ORIGINAL, unmarked), RULES)[3] == "update"  # nothing tells it is furniture
    naming = replace(unmarked, paragraphs=(*BASE, "This report was published by The City Post for its readers."))
    assert story_labels((ORIGINAL, naming), RULES)[3] == "copy"
    assert story_labels((ORIGINAL, unmarked), RULES, site_lines={("www.citypost.example", paragraph_key(PITCH))})[
        3
    ] == ("copy")
    assert story_labels((ORIGINAL, unmarked), RULES, boilerplate={paragraph_key(PITCH)})[3] == "copy"


def test_only_short_paragraphs_at_the_end_are_furniture() -> None:
    long_last = replace(FOOTED, paragraphs=(*BASE, PITCH + " " + AFP[0]))
    assert furniture(long_last) == frozenset()
    pitch_first = replace(FOOTED, paragraphs=(PITCH, *BASE), fine_print=False)
    assert furniture(pitch_first) == frozenset()
    assert furniture(FOOTED) == {len(BASE)}


def test_a_site_is_named_by_its_host_or_its_name_in_words() -> None:
    assert names_site("Copyright The City Post 2026", "www.citypost.example")
    assert names_site("More at dailyherald.example", "www.dailyherald.example")
    assert names_site("Das Abendblatt dankt", "www.abendblatt.example")
    assert not names_site("The city council met on Tuesday", "www.citypost.example")
