"""IPTC ninjs items (News in JSON, versions 2.2 and 3.1) built from an exported article row.

The row is one of ``export_articles`` (worker/database/sql/export.sql): the article's latest version, its photos as
a list of ``{"url", "caption", "credit"}``, its story's headline and the canonical URL of the story's original.

Identifiers are ``urn:uuid:`` name-based UUIDs (RFC 9562 version 5, URL namespace): an article's is derived from
its canonical URL (unique in the database), so it stays the same across its versions, a re-ingest and another
database; a photo's from its image URL (the same picture printed by two sites is one object); a story's from the
canonical URL of its original article (``stories.first_article_id``) with ``#story``. A tag URI would need a domain
the operator owns; a name-based UUID needs none. Our own ids ride along in ``altids`` / ``altIds``.

Version 2.2 spells properties in lower case (``firstcreated``, ``infosources``); version 3.1 in camel case
(``firstCreated``, ``infoSources``) and gives each association a ``rel``. Neither has ``bylines``, ``links``,
``body_text`` or ``description_text`` (ninjs 1.x): the byline is ``by``, the body ``bodies``, a caption
``descriptions``, and the story is an association (``name`` "story") that every article of the story carries.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

VERSIONS = ("2.2", "3.1")
SCHEMA_URIS = {v: f"http://www.iptc.org/std/ninjs/ninjs-schema_{v}.json#" for v in VERSIONS}

# Version 3.x's camel-case spelling of the 2.x property names this module writes.
CAMEL_CASE = {
    "altids": "altIds",
    "charcount": "charCount",
    "contenttype": "contentType",
    "copyrightholder": "copyrightHolder",
    "copyrightnotice": "copyrightNotice",
    "firstcreated": "firstCreated",
    "infosources": "infoSources",
    "pubstatus": "pubStatus",
    "representationtype": "representationType",
    "versioncreated": "versionCreated",
    "wordcount": "wordCount",
}


def name_uri(name: str) -> str:
    """The ``urn:uuid:`` URI named by ``name`` (a URL)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, name).urn


def article_uri(canonical_url: str) -> str:
    return name_uri(canonical_url)


def story_uri(original_canonical_url: str) -> str:
    return name_uri(original_canonical_url + "#story")


def timestamp(value: datetime) -> str:
    """RFC 3339 date-time in UTC, whole seconds."""
    return value.astimezone(UTC).replace(microsecond=0).isoformat()


def located(row: Mapping[str, Any]) -> str | None:
    """The dateline place: city, region and country as printed (``Tripoli, Libya``), or None."""
    parts = [row.get(k) for k in ("dateline_city", "dateline_region", "dateline_country")]
    return ", ".join(p for p in parts if p) or None


def version_created(row: Mapping[str, Any]) -> datetime:
    """When the latest version was created: the page's modification time, else (first version only) its
    publication time, else when we fetched that version."""
    if row["modified_at"]:
        return row["modified_at"]
    if row["version"] == 1 and row["published_at"]:
        return row["published_at"]
    return row["version_fetched_at"] or row["first_seen_at"]


def photo_holder(credit: str) -> str:
    """The copyright holder named by a credit line: its last ``/``-separated part (``ARIS MESSINIS / AFP``: AFP)."""
    return credit.rsplit("/", 1)[-1].strip() or credit


def _photo(row: Mapping[str, Any], position: int, photo: Mapping[str, Any]) -> dict[str, Any]:
    url = photo["url"]
    item: dict[str, Any] = {
        "name": f"photo-{position + 1}",
        "uri": name_uri(url or f"{row['canonical_url']}#photo-{position + 1}"),
        "type": "picture",
    }
    if photo["caption"]:
        item["descriptions"] = [{"role": "caption", "contenttype": "text/plain", "value": photo["caption"]}]
    if photo["credit"]:
        item["by"] = photo["credit"]
        item["copyrightholder"] = photo_holder(photo["credit"])
    if url:
        item["renditions"] = [{"name": "original", "href": url}]
    return item


def _story(row: Mapping[str, Any], version: str) -> list[dict[str, Any]]:
    """The story association, and for a copy or an update the association to the story's original article."""
    story: dict[str, Any] = {
        "name": "story",
        "uri": story_uri(row["story_original_url"] or row["canonical_url"]),
        "type": "composite",
        "altids": [{"role": "wirefeed-story-id", "value": str(row["story_id"])}],
    }
    if row["story_headline"]:
        story["headlines"] = [{"role": "main", "value": row["story_headline"]}]
    links = [story]
    if row["story_first_article_id"] != row["id"] and row["story_original_url"]:
        links.append({"name": "original", "uri": article_uri(row["story_original_url"]), "type": "text"})
    if version != "2.2":
        story["rel"] = row["relation"]  # this article's place in the story: original, copy or update
        for link in links[1:]:
            link["rel"] = f"{row['relation']}-of"
    return links


def _body(text: str) -> dict[str, Any]:
    return {
        "role": "main",
        "contenttype": "text/plain",
        "charcount": len(text),
        "wordcount": len(text.split()),
        "value": text,
    }


def _altids(row: Mapping[str, Any]) -> list[dict[str, str]]:
    ids = [
        {"role": "wirefeed-article-id", "value": str(row["id"])},
        {"role": "url", "value": row["url"]},
        {"role": "canonical-url", "value": row["canonical_url"]},
    ]
    if row["source"]:
        ids.append({"role": "wirefeed-source", "value": row["source"]})
    if row.get("change_id") is not None:  # an item of the change feed (worker.export.feed)
        ids.append({"role": "wirefeed-change-id", "value": str(row["change_id"])})
        ids.append({"role": "wirefeed-change-kind", "value": row["change_kind"]})
    return ids


def _optional(row: Mapping[str, Any]) -> dict[str, Any]:
    """The properties written only when the article has them."""
    by = row["byline"] or ", ".join(row["authors"] or ())
    fields: dict[str, Any] = {
        "language": row["language"],
        "headlines": [{"role": "main", "value": row["headline"]}] if row["headline"] else None,
        "bodies": [_body(row["body"])] if row["body"] else None,
        "by": by or None,
        "located": located(row),
        "infosources": [{"name": row["agency"], "role": "originator"}] if row["agency"] else None,
        "copyrightnotice": row["copyright"],
    }
    return {k: v for k, v in fields.items() if v is not None}


def ninjs_item(row: Mapping[str, Any], version: str = "2.2") -> dict[str, Any]:
    """The ninjs ``version`` item of one exported article row."""
    if version not in VERSIONS:
        raise ValueError(f"ninjs version {version!r}: expected one of {', '.join(VERSIONS)}")
    item: dict[str, Any] = {
        "uri": article_uri(row["canonical_url"]),
        "standard": {"name": "ninjs", "version": version, "schema": SCHEMA_URIS[version]},
        "type": "text",
        "representationtype": "full",
        "pubstatus": "usable",
        "version": str(row["version"]),
        "firstcreated": timestamp(row["first_published_at"] or row["published_at"] or row["first_seen_at"]),
        "versioncreated": timestamp(version_created(row)),
        **_optional(row),
        "altids": _altids(row),
        "associations": [_photo(row, i, p) for i, p in enumerate(row["photos"])] + _story(row, version),
    }
    return item if version == "2.2" else _camel_case(item)


def _camel_case(value: Any) -> Any:
    """``value`` with every 2.x property name this module writes respelled for 3.x, at any depth."""
    if isinstance(value, dict):
        return {CAMEL_CASE.get(k, k): _camel_case(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_camel_case(v) for v in value]
    return value
