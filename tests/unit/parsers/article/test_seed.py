"""The seed article (shared/seed) rendered in several publisher templates parses as the seed README says."""

from __future__ import annotations

import json

import pytest

from parsers import parse_article
from tests.paths import FIXTURES

SEED = FIXTURES / "seed"
EXPECTED = json.loads((SEED / "expected.json").read_text(encoding="utf-8"))
PAGES = {
    "afp-agency.html": "https://www.afp.com/en/news/haftar-forces-pound-libya-capital-after-losing-towns",
    "partner-jsonld.html": "https://www.mediterranean-daily.example/world/2020/06/02/haftar-forces-pound-libya-capital",
    "partner-plain.html": "https://www.valletta-courier.example/world/haftar-forces-pound-libya-capital/",
}


@pytest.fixture(params=sorted(PAGES), ids=lambda name: name.removesuffix(".html"))
def seed(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    name = request.param
    return parse_article((SEED / name).read_bytes(), PAGES[name], content_type="text/html; charset=utf-8", strict=True)


def test_headline(seed) -> None:  # type: ignore[no-untyped-def]
    assert seed.headline == EXPECTED["headline"]


def test_dateline_is_split_and_cut_from_the_first_paragraph(seed) -> None:  # type: ignore[no-untyped-def]
    assert seed.to_dict()["dateline"] == EXPECTED["dateline"]
    assert not seed.paragraphs[0].startswith("TRIPOLI")


def test_body_is_the_ten_paragraphs_without_furniture(seed) -> None:  # type: ignore[no-untyped-def]
    assert list(seed.paragraphs) == EXPECTED["paragraphs"]
    assert "Agence France-Presse" not in seed.body
    for furniture in ("cookies", "Subscribe", "Read more", "Share", "Mark Zammit", "ARIS MESSINIS"):
        assert furniture not in seed.body


def test_photo_caption_without_credit(seed) -> None:  # type: ignore[no-untyped-def]
    assert len(seed.photos) == 1
    photo = seed.photos[0]
    assert photo.caption == EXPECTED["caption"]
    assert photo.caption.startswith("(FILES) ")
    assert photo.credit == "ARIS MESSINIS / AFP"
    assert photo.url and photo.url.endswith(".jpg")


def test_no_byline_agency_from_dateline_and_copyright(seed) -> None:  # type: ignore[no-untyped-def]
    # No byline is printed. Authors lists only who the page credits: the JSON-LD pages credit the
    # organisation "AFP"; the page without JSON-LD credits nobody. The agency is always AFP.
    assert seed.byline is None
    assert list(seed.authors) in ([], ["AFP"])
    assert seed.agency == "AFP"
    assert seed.copyright == EXPECTED["copyright"]


def test_times_language_and_no_warnings(seed) -> None:  # type: ignore[no-untyped-def]
    assert seed.published_at is not None and seed.published_at.startswith("2020-06-02T")
    # The partner's template declares British English (lang="en-GB"), the others plain "en".
    assert seed.language == ("en-GB" if "mediterranean-daily" in seed.url else "en")
    assert seed.warnings == ()
