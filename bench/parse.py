"""Parser speed and memory: median time per page, ours vs trafilatura, with the bare lxml parse as the floor.

Run: ``python bench/parse.py [CORPUS_DIR] [--repeats N] [--no-memory]`` (trafilatura from the ``bench`` extra).

The machine is shared and timings are noisy, so the parsers are timed interleaved: each page is parsed by
every parser in turn (the order rotating from page to page) before the next page, and the whole corpus is
timed ``--repeats`` times after one warm-up pass. Every parser runs as ours does (parsers.article.garbage): no
garbage collection during its call and one young collection after it, inside its time; else one parser's garbage
would be collected in another's time. Each repeat prints its own medians; the summary line takes
each page's fastest time over the repeats (the one least disturbed by other work) and the median of those.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import statistics
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import lxml.html

from parsers import ParseError, parse_article
from parsers.article import garbage
from parsers.article.document import load
from parsers.article.fields import identity

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev"
MEMORY_PAGES = 1000
REPEATS = 5

Run = Callable[[bytes], object]


def load_pages(corpus: Path) -> list[bytes]:
    pages = []
    for path in sorted(corpus.rglob("page.html*")):
        raw = path.read_bytes()
        pages.append(gzip.decompress(raw) if path.suffix == ".gz" else raw)
    return pages


def ours(page: bytes) -> object:
    try:
        return parse_article(page, "https://example.org/article")
    except ParseError:
        return None


def parsers() -> dict[str, Run]:
    runs: dict[str, Run] = {"floor": lxml.html.fromstring, "ours": ours}
    try:
        import trafilatura
    except ImportError:
        print("trafilatura not installed (pip install '.[bench]'): no comparison")
    else:
        runs["trafilatura"] = lambda page: trafilatura.bare_extraction(page, with_metadata=True)
    return runs


def time_interleaved(pages: list[bytes], runs: dict[str, Run]) -> dict[str, list[float]]:
    """Seconds per page for each parser, every page parsed by all of them before the next page."""
    names = list(runs)
    times: dict[str, list[float]] = {name: [] for name in names}
    for index, page in enumerate(pages):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            start = time.perf_counter()
            with garbage.collected_after():  # as our parser runs: each pays for collecting its own garbage, once
                runs[name](page)
            times[name].append(time.perf_counter() - start)
    return times


def medians_line(label: str, medians: dict[str, float]) -> str:
    figures = "  ".join(f"{name} {ms:6.2f}" for name, ms in medians.items())
    ratio = f"  ratio {medians['ours'] / medians['trafilatura']:.2f}" if "trafilatura" in medians else ""
    return f"{label:<22} median ms/page: {figures}{ratio}"


def detection_cost(pages: list[bytes]) -> str:
    """Language detection timed on its own, on every page's story (the parser runs it only on pages that declare
    no valid language: the median over all pages is its cost where it runs)."""
    stories = []
    undeclared = 0
    for page in pages:
        try:
            stories.append(parse_article(page, "https://example.org/article").paragraphs)
        except ParseError:
            stories.append(())
        undeclared += identity.declared_language(load(page, "https://example.org/article")) is None
    identity.detected_language(("warm the model up before the clock starts",))
    times = []
    for story in stories:
        start = time.perf_counter()
        identity.detected_language(story)
        times.append(time.perf_counter() - start)
    median = statistics.median(times) * 1000
    return f"language detection     median ms/page: {median:6.3f} where run; run on {undeclared} of {len(pages)} pages"


def memory_growth(pages: list[bytes], count: int) -> list[tuple[int, float, float]]:
    """Traced memory (MiB) after the first pass over the pages and after ``count`` pages in all, as found
    and after a garbage collection (parse trees are cycles: what is found depends on when the collector ran)."""
    readings = []
    tracemalloc.start()
    for done in range(1, count + 1):
        ours(pages[(done - 1) % len(pages)])
        if done in (len(pages), count):
            found = tracemalloc.get_traced_memory()[0]
            gc.collect()
            readings.append((done, found / 2**20, tracemalloc.get_traced_memory()[0] / 2**20))
    tracemalloc.stop()
    return readings


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    options.add_argument("--repeats", type=int, default=REPEATS)
    options.add_argument("--no-memory", action="store_true", help="skip the memory check over 1,000 pages")
    args = options.parse_args()
    pages = load_pages(args.corpus)
    print(f"{len(pages)} pages from {args.corpus}, {args.repeats} interleaved repeats after a warm-up")
    runs = parsers()
    time_interleaved(pages, runs)
    repeats = []
    for repeat in range(args.repeats):
        times = time_interleaved(pages, runs)
        repeats.append(times)
        print(medians_line(f"repeat {repeat + 1}", {n: statistics.median(t) * 1000 for n, t in times.items()}))
    best = {name: statistics.median(map(min, zip(*(r[name] for r in repeats), strict=True))) * 1000 for name in runs}
    print(medians_line("best of repeats", best))
    print(detection_cost(pages))
    if not args.no_memory:
        for done, found, live in memory_growth(pages, MEMORY_PAGES):
            print(f"traced memory after {done:5d} pages {found:6.2f} MiB, {live:5.2f} MiB after gc.collect()")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
