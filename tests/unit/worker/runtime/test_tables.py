"""`wirefeed articles` as a table: fitted to the width, words wrapped whole, URLs folded, ids shown."""

from __future__ import annotations

from datetime import UTC, datetime

from worker.runtime.tables import articles_console

ROW = {
    "id": 4711,
    "story_id": 42,
    "headline": "Haftar forces pound Libya capital after losing towns in a surprise counteroffensive",
    "dateline_text": "TRIPOLI, Libya (AFP) —",
    "byline": None,
    "authors": ["Imed Lamloum"],
    "photo_count": 1,
    "photo_credits": "ARIS MESSINIS / AFP",
    "first_seen_at": datetime(2026, 12, 3, 12, 27, tzinfo=UTC),
    "version": 2,
    "relation": "original",
    "source": "afp",
    "url": "https://wire.example.org/news/2026/12/03/haftar-forces-pound-libya-capital-after-losing-towns.html",
}


def test_the_table_fits_the_width_and_cuts_no_word() -> None:
    for width in (80, 100, 160):
        text = articles_console([ROW], width=width)
        assert all(len(line) <= width for line in text.splitlines()), text
        assert text.split()[:8] == ["id", "story", "relation", "v", "first", "seen", "(UTC)", "article"], text
        words = " ".join(text.split())
        for word in (
            "counteroffensive",
            "surprise",
            "Lamloum",
            "MESSINIS",
            "original",
            "4711",
            "42",
            "2026-12-03 12:27",
        ):
            assert word in words, (width, text)
        assert "…" not in text
        # The URL is folded across the headline column's lines, never cut: its pieces put back together give it.
        header, *lines = text.splitlines()
        start, end = header.index("article"), header.index("photos")
        assert " 2 " in lines[0], text  # the version
        column = "".join(line[start:end].strip() for line in lines)
        assert "afp:" + ROW["url"] in column, text


def test_an_empty_table_still_has_its_header() -> None:
    assert "article" in articles_console([], width=80)
