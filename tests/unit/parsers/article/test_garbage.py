"""No garbage collection while a page is parsed, one young collection after it, the collector's state kept."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator

import pytest

from parsers import parse_article
from parsers.article import garbage

PAGE = (
    "<html><head><title>Ferry timetable changes</title></head><body><article><h1>Ferry timetable changes</h1>"
    + "".join(
        f"<p>The harbour committee met on Tuesday to review paragraph {i} of the winter timetable.</p>"
        for i in range(40)
    )
    + "</article></body></html>"
)


def _parsing() -> bool:
    """Whether a page's parse (the extractor's ``_parsed``) is on the stack."""
    frame = sys._getframe()
    while frame is not None:
        if frame.f_code.co_name == "_parsed":
            return True
        frame = frame.f_back  # type: ignore[assignment]
    return False


@pytest.fixture
def collections() -> Iterator[list[tuple[int, bool]]]:
    """The collections that run, as they run: their generation, and whether a parse was running."""
    runs: list[tuple[int, bool]] = []

    def record(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            runs.append((info["generation"], _parsing()))

    gc.callbacks.append(record)
    yield runs
    gc.callbacks.remove(record)


def test_a_parse_runs_a_young_collection_after_it_and_none_during_it(collections: list[tuple[int, bool]]) -> None:
    thresholds = gc.get_threshold()
    gc.set_threshold(1)  # left alone, the collector would run at nearly every allocation
    try:
        article = parse_article(PAGE, "https://wire.example/ferry")
    finally:
        gc.set_threshold(*thresholds)
    assert len(article.paragraphs) == 40
    assert (0, False) in collections
    assert not any(during for _, during in collections)
    assert gc.isenabled()


def test_the_collector_stays_off_when_it_was_off_and_comes_back_after_a_failure(
    collections: list[tuple[int, bool]],
) -> None:
    gc.disable()
    try:
        parse_article(PAGE, "https://wire.example/ferry")
        assert not gc.isenabled() and collections == []
    finally:
        gc.enable()
    with pytest.raises(ValueError), garbage.collected_after():
        assert not gc.isenabled()
        raise ValueError("a parse that fails")
    assert gc.isenabled() and collections == [(0, False)]


def test_nested_blocks_share_one_switch(collections: list[tuple[int, bool]]) -> None:
    with garbage.collected_after():
        with garbage.collected_after():
            pass
        assert not gc.isenabled() and collections == []  # the outer block still runs
    assert gc.isenabled() and collections == [(0, False)]
