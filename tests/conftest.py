"""Fixtures every test may use. Nothing here starts or needs PostgreSQL or Redis: those live in
``tests/integration/conftest.py``, so the unit tests run with both stopped."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.paths import corpus_dir as _corpus_dir
from worker.runtime.settings import get_settings


@pytest.fixture(name="corpus_dir")
def corpus_dir_fixture() -> Path:
    """The development corpus; the test is skipped when ``../shared`` is not beside the project."""
    path = _corpus_dir()
    if path is None:
        pytest.skip("../shared/corpus is not here")
    return path


@pytest.fixture
def fresh_settings() -> Iterator[None]:
    """The process's settings are read again from the environment of the test, and again after it."""
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
