from __future__ import annotations

from collections.abc import Iterator

import pytest

from worker.runtime.settings import get_settings


@pytest.fixture
def fresh_settings() -> Iterator[None]:
    """The process's settings are read again from the environment of the test, and again after it."""
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
