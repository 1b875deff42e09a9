"""Fixtures every test may use. Nothing here starts or needs PostgreSQL or Redis: those live in
``tests/integration/conftest.py``, so the unit tests run with both stopped."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.paths import corpus_dir as _corpus_dir


@pytest.fixture(name="corpus_dir")
def corpus_dir_fixture() -> Path:
    """The development corpus; the test is skipped when ``../shared`` is not beside the project."""
    path = _corpus_dir()
    if path is None:
        pytest.skip("../shared/corpus is not here")
    return path
