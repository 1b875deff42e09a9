from __future__ import annotations

from pathlib import Path

from parsers.similarity.fingerprint import paragraph_key
from parsers.similarity.minhash import text_signature
from parsers.similarity.neardup import MatchRules, matchable, overlap, own_paragraphs, relation_to_story, same_story
from tests.paths import ARTICLES, STUBS

RULES = MatchRules()


def body(name: str, directory: Path = ARTICLES) -> list[str]:
    text = (directory / f"{name}.txt").read_text(encoding="utf-8").split("\n", 2)[2]
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def joins(new: list[str], earlier: list[str]) -> bool:
    return same_story(overlap(text_signature(new), text_signature(earlier)), RULES)


def test_edited_copies_join_the_story() -> None:
    afp = body("afp-tripoli-rockets")
    swapped = [afp[0], afp[2], afp[1], *afp[3:]]
    swapped[7] = swapped[7].replace("60 and 70", "61 and 70")
    assert joins(afp[:-2], afp)
    assert joins(swapped, afp)
    assert joins([*afp, "Sign up for our morning newsletter to get the top stories in your inbox."], afp)


def test_same_event_written_separately_stays_apart() -> None:
    # Both quote the same spokesman verbatim; nothing else is shared.
    afp, wire = body("afp-tripoli-rockets"), body("wire-tripoli-shelling")
    assert not joins(wire, afp)
    assert not joins(body("tripoli-airport-reopens"), afp)


def test_a_paywall_stub_is_never_matchable() -> None:
    assert not matchable(text_signature(body("council-budget-brief", STUBS)), RULES)
    assert matchable(text_signature(body("afp-tripoli-rockets")), RULES)


def test_boilerplate_paragraphs_are_not_the_articles_own() -> None:
    footer = "Sign up for our morning newsletter to get the top stories in your inbox."
    key = paragraph_key(footer)
    assert key is not None
    assert own_paragraphs(["Some text of the story itself here.", footer], frozenset({key})) == [
        "Some text of the story itself here."
    ]


def test_an_update_adds_a_paragraph_and_a_copy_does_not() -> None:
    afp = body("afp-tripoli-rockets")
    first, added = afp[:-1], afp[-1]
    assert relation_to_story([*first[:2], added, *first[2:]], [first], RULES) == "update"
    assert relation_to_story(first[:-2], [first], RULES) == "copy"
    changed = [p.replace("60 and 70", "61 and 70") for p in first]
    assert relation_to_story([changed[1], changed[0], *changed[2:]], [first], RULES) == "copy"


def test_a_copy_of_an_update_is_a_copy_and_no_earlier_text_means_original() -> None:
    afp = body("afp-tripoli-rockets")
    assert relation_to_story(afp[:-1], [afp[:-2], afp], RULES) == "copy"
    assert relation_to_story(afp, [], RULES) == "original"
