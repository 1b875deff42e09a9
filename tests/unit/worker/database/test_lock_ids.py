"""Advisory-lock ids are spelled once, in Python (worker.database); the SQL receives them as parameters."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.paths import ROOT

SQL_FILES = [*sorted((ROOT / "worker" / "database" / "sql").glob("*.sql")), ROOT / "schema.sql"]
# An advisory-lock call whose first argument is a number written out.
LITERAL_LOCK = re.compile(r"pg_\w*advisory\w*\(\s*-?\d", re.IGNORECASE)


@pytest.mark.parametrize("path", SQL_FILES, ids=lambda p: p.name)
def test_no_literal_lock_id_in_sql(path: Path) -> None:
    assert LITERAL_LOCK.findall(path.read_text(encoding="utf-8")) == []


def test_the_test_would_see_a_literal() -> None:
    assert LITERAL_LOCK.search("SELECT pg_try_advisory_xact_lock(7455002, %(id)s::integer)")
