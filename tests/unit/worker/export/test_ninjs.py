"""ninjs and jsonl items built from an invented article row, with no database; every ninjs item checked against the
official schema."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from tests.ninjs_schemas import errors, schema, validator
from worker.export.jsonl import jsonl_item
from worker.export.ninjs import article_uri, ninjs_item, photo_holder, story_uri

PUBLISHED = datetime(2024, 5, 3, 8, 15, tzinfo=timezone(timedelta(hours=2)))
FETCHED = datetime(2024, 5, 3, 9, 0, 30, 123456, tzinfo=UTC)


def row(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": 7,
        "story_id": 3,
        "source": "partner",
        "url": "https://partner.example/world/tripoli?utm_source=x",
        "canonical_url": "https://partner.example/world/tripoli",
        "headline": "Rockets hit Tripoli airport",
        "dateline_text": "TRIPOLI, Libya (AFP) —",
        "dateline_city": "Tripoli",
        "dateline_region": None,
        "dateline_country": "Libya",
        "dateline_agency": "AFP",
        "dateline_date": None,
        "byline": "By Jane Doe",
        "authors": ["Jane Doe"],
        "body": "Rockets hit the airport on Friday.\n\nFlights were diverted.",
        "language": "en",
        "agency": "AFP",
        "copyright": "© 2024 AFP",
        "published_at": PUBLISHED,
        "modified_at": None,
        "version": 2,
        "relation": "copy",
        "first_seen_at": FETCHED,
        "updated_at": FETCHED,
        "first_published_at": PUBLISHED,
        "version_fetched_at": FETCHED,
        "story_headline": "Rockets hit Tripoli's airport",
        "story_first_article_id": 5,
        "story_original_url": "https://afp.example/tripoli",
        "photos": [
            {"url": "https://img.example/a.jpg", "caption": "Smoke over the airport.", "credit": "ARIS MESSINIS / AFP"},
            {"url": None, "caption": None, "credit": None},
        ],
    }
    return base | changes


@pytest.mark.parametrize("version", ["2.2", "3.1"])
def test_the_schemas_are_draft_2020_12_and_the_formats_are_checked(version):
    assert schema(version)["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert isinstance(validator(version), Draft202012Validator)
    assert {"uri", "date-time"} <= set(FormatChecker().checkers)  # the format extras are installed
    assert errors({"uri": "not a uri"}, version) and errors({"uri": "urn:x:y", "version": 2}, version)


@pytest.mark.parametrize("version", ["2.2", "3.1"])
@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"id": 5, "relation": "original", "version": 1, "story_first_article_id": 5},
        {
            "headline": None,
            "body": "",
            "byline": None,
            "authors": [],
            "agency": None,
            "copyright": None,
            "language": None,
            "dateline_text": None,
            "dateline_city": None,
            "dateline_country": None,
            "photos": [],
            "story_headline": None,
            "source": None,
            "first_published_at": None,
            "published_at": None,
        },
    ],
    ids=["copy", "original", "bare"],
)
def test_every_item_is_valid(version, changes):
    assert errors(ninjs_item(row(**changes), version), version) == []


def test_a_2_2_item_holds_the_article():
    item = ninjs_item(row(), "2.2")
    assert item["uri"] == article_uri("https://partner.example/world/tripoli")
    assert item["uri"].startswith("urn:uuid:")
    assert item["version"] == "2"
    assert item["firstcreated"] == "2024-05-03T06:15:00+00:00"
    assert item["versioncreated"] == "2024-05-03T09:00:30+00:00"  # no modification time: when version 2 came
    assert item["headlines"] == [{"role": "main", "value": "Rockets hit Tripoli airport"}]
    assert item["bodies"][0]["value"] == "Rockets hit the airport on Friday.\n\nFlights were diverted."
    assert item["bodies"][0]["wordcount"] == 9
    assert item["by"] == "By Jane Doe"
    assert item["located"] == "Tripoli, Libya"
    assert item["infosources"] == [{"name": "AFP", "role": "originator"}]
    assert item["language"] == "en"
    assert item["copyrightnotice"] == "© 2024 AFP"
    assert {"role": "wirefeed-article-id", "value": "7"} in item["altids"]


def test_photos_are_associations_with_caption_and_credit():
    photo, bare = ninjs_item(row(), "2.2")["associations"][:2]
    assert photo == {
        "name": "photo-1",
        "uri": article_uri("https://img.example/a.jpg"),
        "type": "picture",
        "descriptions": [{"role": "caption", "contenttype": "text/plain", "value": "Smoke over the airport."}],
        "by": "ARIS MESSINIS / AFP",
        "copyrightholder": "AFP",
        "renditions": [{"name": "original", "href": "https://img.example/a.jpg"}],
    }
    assert bare == {
        "name": "photo-2",
        "uri": article_uri("https://partner.example/world/tripoli#photo-2"),
        "type": "picture",
    }


def test_the_story_links_a_copy_to_its_original():
    copy = ninjs_item(row(), "2.2")
    original = ninjs_item(row(id=5, canonical_url="https://afp.example/tripoli", relation="original"), "2.2")
    story = story_uri("https://afp.example/tripoli")
    assert [(a["name"], a["uri"]) for a in copy["associations"][2:]] == [
        ("story", story),
        ("original", original["uri"]),
    ]
    assert [(a["name"], a["uri"]) for a in original["associations"][2:]] == [("story", story)]


def test_a_3_1_item_is_camel_cased_and_says_the_relations():
    item = ninjs_item(row(), "3.1")
    assert item["firstCreated"] == "2024-05-03T06:15:00+00:00"
    assert item["infoSources"] == [{"name": "AFP", "role": "originator"}]
    assert item["copyrightNotice"] == "© 2024 AFP"
    assert item["bodies"][0]["contentType"] == "text/plain"
    assert item["associations"][0]["copyrightHolder"] == "AFP"
    assert [(a["name"], a["rel"]) for a in item["associations"][2:]] == [("story", "copy"), ("original", "copy-of")]
    assert item["standard"]["version"] == "3.1"


def test_version_created_prefers_the_page_modification_time_then_a_first_version_publication():
    modified = datetime(2024, 5, 3, 12, 0, tzinfo=UTC)
    assert ninjs_item(row(modified_at=modified))["versioncreated"] == "2024-05-03T12:00:00+00:00"
    assert ninjs_item(row(version=1))["versioncreated"] == "2024-05-03T06:15:00+00:00"


def test_a_credit_without_agency_is_its_own_holder():
    assert photo_holder("Jane Doe") == "Jane Doe"
    assert photo_holder("Jane Doe/Reuters") == "Reuters"


def test_an_unknown_version_is_refused():
    with pytest.raises(ValueError, match=r"2\.2, 3\.1"):
        ninjs_item(row(), "1.0")


def test_the_jsonl_item_holds_our_fields():
    item = jsonl_item(row())
    assert item["dateline"] == {
        "text": "TRIPOLI, Libya (AFP) —",
        "city": "Tripoli",
        "region": None,
        "country": "Libya",
        "agency": "AFP",
        "date": None,
    }
    assert item["published_at"] == "2024-05-03T08:15:00+02:00"
    assert item["modified_at"] is None
    assert item["photos"][0] == {
        "url": "https://img.example/a.jpg",
        "caption": "Smoke over the airport.",
        "credit": "ARIS MESSINIS / AFP",
    }
    assert (item["relation"], item["story_id"], item["source"]) == ("copy", 3, "partner")
    assert jsonl_item(row(dateline_text=None))["dateline"] is None
