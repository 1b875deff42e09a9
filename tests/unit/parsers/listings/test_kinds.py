"""The listing kinds have one definition (ListingKind); the schema's CHECK and the parser follow it."""

from __future__ import annotations

import re

import pytest

from parsers.listings import ListingKind, parse_listing, sniff_kind
from tests.paths import ROOT

_KIND_CHECK = re.compile(r"CONSTRAINT sources_kind_check CHECK \(kind IN \(([^)]*)\)\)")


def test_the_schema_checks_the_enum_values() -> None:
    check = _KIND_CHECK.search((ROOT / "schema.sql").read_text(encoding="utf-8"))
    assert check is not None, "schema.sql has no CHECK on sources.kind"
    listed = [value.strip().strip("'") for value in check.group(1).split(",")]
    assert listed == [kind.value for kind in ListingKind]


def test_sniffed_kinds_are_members_that_read_as_their_value() -> None:
    sniffed = sniff_kind(b'{"version": "https://jsonfeed.org/version/1.1", "items": []}')
    assert sniffed is ListingKind.JSONFEED
    assert f"{sniffed}" == "jsonfeed" and sniffed == "jsonfeed"
    assert sniff_kind(b"<?xml version='1.0'?><urlset></urlset>") is ListingKind.SITEMAP
    assert sniff_kind(b"<html><body></body></html>") is ListingKind.HTML
    assert sniff_kind(b"<rss version='2.0'><channel></channel></rss>") is ListingKind.RSS


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown listing kind"):
        parse_listing(b"<rss></rss>", "https://example.com/", kind="gopher")
