"""Where the tests' own data lives, and the shared corpus beside the project when it is there."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
FIXTURES = TESTS / "fixtures"
DATA = TESTS / "data"
ARTICLES = DATA / "articles"
STUBS = DATA / "stubs"
SHARED = ROOT.parent / "shared"
SAMPLE_SITE = ROOT / "worker" / "devtools" / "sample" / "site"


def corpus_dir() -> Path | None:
    """``../shared/corpus/dev`` when it is beside the project, else None (corpus tests skip)."""
    path = SHARED / "corpus" / "dev"
    return path if path.is_dir() else None
