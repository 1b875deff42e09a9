"""Parser speed and memory: median time per page of ours vs trafilatura over the corpus, lxml parse as the floor.

Run: ``python bench/parse.py [CORPUS_DIR]`` (trafilatura from the ``bench`` extra).
"""

from __future__ import annotations

import gzip
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import lxml.html

from parsers import ParseError, parse_article

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev"
MEMORY_PAGES = 1000


def load_pages(corpus: Path) -> list[bytes]:
    pages = []
    for path in sorted(corpus.rglob("page.html*")):
        raw = path.read_bytes()
        pages.append(gzip.decompress(raw) if path.suffix == ".gz" else raw)
    return pages


def median_ms(pages: list[bytes], run: Callable[[bytes], object]) -> float:
    times = []
    for page in pages:
        start = time.perf_counter()
        run(page)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def ours(page: bytes) -> object:
    try:
        return parse_article(page, "https://example.org/article")
    except ParseError:
        return None


def memory_growth(pages: list[bytes], count: int) -> tuple[float, float]:
    """Traced memory (MiB) after the first pass over the pages and after ``count`` pages in all."""
    tracemalloc.start()
    for page in pages:
        ours(page)
    first = tracemalloc.get_traced_memory()[0]
    for i in range(count - len(pages)):
        ours(pages[i % len(pages)])
    last = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return first / 2**20, last / 2**20


def main(corpus: Path) -> int:
    pages = load_pages(corpus)
    print(f"{len(pages)} pages from {corpus}")
    floor = median_ms(pages, lxml.html.fromstring)
    mine = median_ms(pages, ours)
    print(f"lxml.html.fromstring (floor)  median {floor:7.2f} ms/page")
    print(f"wirefeed parse_article        median {mine:7.2f} ms/page")
    try:
        import trafilatura
    except ImportError:
        print("trafilatura not installed (pip install '.[bench]'): no comparison")
    else:
        theirs = median_ms(pages, lambda page: trafilatura.bare_extraction(page, with_metadata=True))
        print(f"trafilatura 2.3.1 bare_extraction median {theirs:7.2f} ms/page")
        print(f"ratio ours / trafilatura      {mine / theirs:7.2f}")
    first, last = memory_growth(pages, MEMORY_PAGES)
    print(f"traced memory after {len(pages)} pages {first:.2f} MiB, after {MEMORY_PAGES} pages {last:.2f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CORPUS))
