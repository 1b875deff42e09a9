"""The whole pipeline on real pages: poll → fetch → parse → dedup → PostgreSQL, per page.

    PYTHONPATH=. python bench/ingest.py [CORPUS_DIR]

Serves every page of the corpus (default ../shared/corpus/dev) from a local site with an RSS feed on
127.0.0.1, ingests it with `poll_inline` into a database of its own (created here, dropped at the end), and
prints the time per page of the full pipeline against two references measured in the same process on the
same pages: the bare HTTP fetch (requests, no storage) and the bare parse. Then polls again and checks that
an unchanged source costs one request and stores nothing. Every page must be accounted for in `pages`.
"""

from __future__ import annotations

import gzip
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("WIREFEED_ALLOW_PRIVATE_ADDRESSES", "1")
os.environ["WIREFEED_PER_HOST_RPS"] = "100000"

import requests  # noqa: E402

from bench.dedup_quality import scratch_database  # noqa: E402
from parsers import parse_article  # noqa: E402
from worker import database as db  # noqa: E402
from worker.devtools.sample_site import SampleSite  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "dev"


def load_pages(corpus: Path) -> dict[str, bytes]:
    pages = {}
    for page in sorted(corpus.rglob("page.html.gz")):
        slug = "-".join(page.parent.relative_to(corpus).parts)
        pages[f"/world/{slug}.html"] = gzip.decompress(page.read_bytes())
    return pages


def serve(pages: dict[str, bytes]) -> SampleSite:
    site = SampleSite(site_dir=Path("/nonexistent"))
    for path, body in pages.items():
        site.set_page(path, body.decode("utf-8", "replace"))
    return site


def per_page(seconds: float, count: int) -> float:
    return 1000 * seconds / count


def reference_fetch(site: SampleSite, paths: list[str]) -> float:
    with requests.Session() as http:
        start = time.perf_counter()
        for path in paths:
            assert http.get(site.url(path), timeout=30).content
        return time.perf_counter() - start


def reference_parse(pages: dict[str, bytes], site: SampleSite) -> float:
    start = time.perf_counter()
    for path, body in pages.items():
        parse_article(body, site.url(path))
    return time.perf_counter() - start


def run_pipeline(url: str, site: SampleSite) -> tuple[float, object]:
    from worker.ingest.sources import SourceConfig, upsert_source
    from worker.runtime.inline import poll_inline
    from worker.runtime.settings import get_settings

    get_settings.cache_clear()
    with db.connect(url) as conn:
        upsert_source(conn, SourceConfig(name="corpus", feed_url=site.url("/feed.xml")))
        source_id = conn.execute("SELECT id FROM sources").fetchone()["id"]
    start = time.perf_counter()
    summary = poll_inline(source_id, get_settings())
    return time.perf_counter() - start, summary


def main() -> int:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CORPUS
    if not corpus.is_dir():
        print(f"no corpus at {corpus}", file=sys.stderr)
        return 2
    pages = load_pages(corpus)
    site = serve(pages)
    try:
        with scratch_database() as url:
            os.environ["DATABASE_URL"] = url
            fetch_s = statistics.median(reference_fetch(site, list(pages)) for _ in range(3))
            parse_s = reference_parse(pages, site)
            total_s, summary = run_pipeline(url, site)
            seen = len(site.requests)
            again_s, again = run_pipeline(url, site)
            with db.connect(url) as conn:
                statuses = Counter(r["parse_status"] for r in conn.execute("SELECT parse_status FROM pages"))
                counts = conn.execute(db.q("stats")).fetchone()
            db.close_pools()
    finally:
        site.close()
    n = len(pages)
    print(f"{n} pages, {sum(map(len, pages.values())) / n / 1024:.0f} KiB on average")
    print(f"reference: HTTP fetch only        {per_page(fetch_s, n):7.1f} ms/page")
    print(f"reference: parse only             {per_page(parse_s, n):7.1f} ms/page")
    print(
        f"full pipeline (poll→store)        {per_page(total_s, n):7.1f} ms/page   "
        f"= {total_s / (fetch_s + parse_s):.2f}× (fetch + parse)   {n / total_s:.1f} pages/s, one process"
    )
    print(f"outcomes: {dict(Counter(f.outcome for f in summary.fetches))}")  # type: ignore[attr-defined]
    print(f"pages rows by parse_status: {dict(statuses)}; all pages accounted for: {sum(statuses.values()) == n}")
    print(f"stored: {counts['articles']} articles in {counts['stories']} stories")
    print(
        f"second poll: {again.poll.status}, {len(site.requests) - seen} request(s), "  # type: ignore[attr-defined]
        f"{len(again.fetches)} fetches, {1000 * again_s:.0f} ms"
    )  # type: ignore[attr-defined]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
