"""Golden tests: every registered profile parses its saved page exactly as its expected JSON says.

Fixtures live in ``tests/fixtures/profiles/<domain stem>-<version>/`` (page.html.gz, url.txt, expected.json).
Regenerate an expected.json after a deliberate change with ``python -m tests.parsers.test_profiles``.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from parsers import parse_article
from parsers.article.document import load
from parsers.article.profiles import PROFILES, Profile, for_page, known_keys
from parsers.article.profiles.apnews import APNEWS_V1_1
from tests.paths import FIXTURES

GOLDEN = FIXTURES / "profiles"


def folder(profile: Profile) -> Path:
    return GOLDEN / f"{profile.key}-{profile.version}"


def parse_golden(profile: Profile) -> tuple[dict[str, object], str]:
    base = folder(profile)
    url = (base / "url.txt").read_text(encoding="utf-8").strip()
    page = gzip.decompress((base / "page.html.gz").read_bytes())
    return parse_article(page, url, strict=True).to_dict(), url


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: f"{p.name}-{p.version}")
def test_golden(profile: Profile) -> None:
    base = folder(profile)
    assert (base / "page.html.gz").exists(), f"profile {profile.name} {profile.version} ships no golden page"
    got, url = parse_golden(profile)
    page = load(gzip.decompress((base / "page.html.gz").read_bytes()), url)
    assert for_page(url, page.soup) == profile
    assert got == json.loads((base / "expected.json").read_text(encoding="utf-8"))


def test_a_named_profile_applies_on_any_host() -> None:
    """A partner republishing in an agency's template: the source names the profile, the host does not."""
    golden = folder(APNEWS_V1_1)
    page = gzip.decompress((golden / "page.html.gz").read_bytes())
    expected = json.loads((golden / "expected.json").read_text(encoding="utf-8"))
    partner = "https://partner.example.org/2024/ap-story"
    named = parse_article(page, partner, strict=True, profile="apnews").to_dict()
    assert {k: named[k] for k in ("headline", "byline", "authors", "paragraphs", "photos")} == {
        k: expected[k] for k in ("headline", "byline", "authors", "paragraphs", "photos")
    }
    by_host = parse_article(page, partner, strict=True).to_dict()
    assert by_host["photos"] == [] and expected["photos"]  # the carousel slides only the profile knows


def test_generic_turns_profiles_off_and_unknown_names_are_refused() -> None:
    golden = folder(APNEWS_V1_1)
    page = gzip.decompress((golden / "page.html.gz").read_bytes())
    url = (golden / "url.txt").read_text(encoding="utf-8").strip()
    assert parse_article(page, url, profile="generic").photos == ()
    assert for_page(url, load(page, url).soup, key="afp") is None  # AFP's markers are not on an AP page
    assert known_keys() == ("generic", "afp", "apnews")
    with pytest.raises(ValueError, match="unknown site profile 'reuters'"):
        parse_article(page, url, profile="reuters")


def regenerate() -> None:
    for profile in PROFILES:
        got, _ = parse_golden(profile)
        text = json.dumps(got, ensure_ascii=False, indent=1) + "\n"
        (folder(profile) / "expected.json").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    regenerate()
