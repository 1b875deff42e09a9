"""A short run of the parser fuzz (bench/fuzz.py, 10,000 inputs for RELIABILITY.md): each hostile input gives an
Article, a Listing or a ParseError, never another exception."""

from __future__ import annotations

from bench.fuzz import MUTATIONS, run


def test_hostile_inputs_raise_only_parse_errors() -> None:
    report = run(300, seed=11)
    assert report.bugs == {}
    assert report.bug_count == 0
    assert report.inputs == sum(report.outcomes.values()) == 300
    assert set(report.by_mutation) == set(MUTATIONS)
    assert {"article: Article", "article: ParseError", "listing: Listing", "listing: ListingError"} <= set(
        report.outcomes
    )
