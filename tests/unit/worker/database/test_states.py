"""The worker's StrEnums and schema.sql allow the same values, so that neither drifts from the other."""

from __future__ import annotations

import re

import pytest

from parsers.similarity.neardup import Relation
from tests.paths import ROOT
from worker.database.states import ChangeKind, FetchOutcome, ParseStatus, PendingReason, PollOutcome

SCHEMA = (ROOT / "schema.sql").read_text(encoding="utf-8")


def checked_values(column: str, constraint: str = "") -> set[str]:
    """The values a ``CHECK (column IN ('a', 'b'))`` constraint allows (the one named ``constraint``, if given)."""
    named = rf"CONSTRAINT\s+{constraint}\s+" if constraint else ""
    found = re.findall(rf"{named}CHECK\s*\(\s*{column}\s+IN\s*\(([^)]*)\)\s*\)", SCHEMA)
    assert len(found) == 1, f"one CHECK on {column} expected, found {len(found)}"
    return set(re.findall(r"'([^']*)'", found[0]))


def commented_values(table: str, column: str) -> set[str]:
    """The values a column's comment lists after its colon: ``'…: ok (why), failed.'`` (no CHECK there)."""
    comment = re.search(rf"COMMENT ON COLUMN {table}\.{column} IS '[^:']*:([^']*)'", SCHEMA)
    assert comment is not None, f"no comment listing the values of {table}.{column}"
    top_level = re.sub(r"\([^)]*\)", "", comment.group(1))
    return {item.strip(" .") for item in top_level.split(",")}


CHECKED = {"parse_status": ParseStatus, "relation": Relation, "reason": PendingReason, "outcome": FetchOutcome}


@pytest.mark.parametrize("column", list(CHECKED))
def test_enum_matches_the_check_constraint(column: str) -> None:
    enum = CHECKED[column]
    assert {member.value for member in enum} == checked_values(column)


def test_change_kind_matches_the_check_constraint() -> None:
    assert {member.value for member in ChangeKind} == checked_values("kind", "changes_kind_check")


def test_poll_outcome_matches_the_column_comment() -> None:
    assert {member.value for member in PollOutcome} == commented_values("sources", "last_poll_status")
