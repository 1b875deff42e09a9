"""Listing-to-committed latency: a source polled every 10 s, stories added to its listing at random moments.

    PYTHONPATH=. python bench/latency.py [--items 30] [--mean-gap 4] [--mode separate|run]

A local site serves an RSS listing; the source polls it every 10 s (adaptive interval off), with the tick of the
default settings (WIREFEED_TICK_SECONDS). ``--mode separate`` runs `wirefeed worker --concurrency 2` and
`wirefeed beat`, ``--mode run`` one `wirefeed run --concurrency 2` (beat embedded), on a scratch database and a
queue and Redis prefix of their own. Once the first poll has stored the listing's first story, ``--items``
stories (real corpus pages, distinct texts) are added to the listing one at a time, the gaps between them drawn
from an exponential distribution of mean ``--mean-gap`` seconds (seeded). Each story's latency runs from the moment
its page and listing entry appear to its article's `changes` row (written at commit, ``committed_at``). Prints the
median, p90, p99 (the nearest rank: with 30 items, the slowest) and the largest.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RUN = uuid.uuid4().hex[:8]
os.environ.setdefault("WIREFEED_ALLOW_PRIVATE_ADDRESSES", "1")
os.environ["WIREFEED_PER_HOST_RPS"] = "100000"
os.environ["WIREFEED_ADAPTIVE_INTERVAL"] = "0"
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
os.environ["WIREFEED_QUEUE"] = f"bench-latency-{RUN}"
os.environ["WIREFEED_REDIS_PREFIX"] = f"bench-latency-{RUN}:"

from bench.dedup_quality import scratch_database  # noqa: E402
from bench.ingest import corpus_pages, load, stop  # noqa: E402
from parsers.similarity.fingerprint import content_hash  # noqa: E402
from worker import database as db  # noqa: E402
from worker.devtools.sample_site import SampleSite  # noqa: E402
from worker.ingest.fetch import parse_page  # noqa: E402
from worker.ingest.sources import SourceConfig, upsert_source  # noqa: E402

POLL_INTERVAL = 10
COMMANDS = {
    "separate": [["worker", "--concurrency", "2"], ["beat"]],
    "run": [["run", "--concurrency", "2", "--quiet"]],
}


def start(mode: str, logs: Path) -> list[subprocess.Popen[bytes]]:
    procs = []
    for i, args in enumerate(COMMANDS[mode]):
        log = (logs / f"{args[0]}{i}.log").open("w")
        cmd = [sys.executable, "-m", "worker", *args, "--loglevel", "INFO"]
        procs.append(subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True))
    return procs


def committed_at(conn: db.Connection, url: str) -> float | None:
    row = conn.execute(
        "SELECT extract(epoch FROM committed_at) AS t FROM changes WHERE url = %s AND kind = 'new'", (url,)
    ).fetchone()
    return float(row["t"]) if row else None


def wait_for(conn: db.Connection, url: str, timeout: float) -> float | None:
    deadline = time.monotonic() + timeout
    while (t := committed_at(conn, url)) is None and time.monotonic() < deadline:
        time.sleep(0.2)
    return t


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def storable(pages: list[bytes], count: int) -> list[bytes]:
    """The first ``count`` pages that parse to an article of a text of their own."""
    kept, texts = [], set()
    for body in pages:
        with contextlib.suppress(Exception):
            digest = content_hash(parse_page(body, "http://127.0.0.1/").body)
            if digest not in texts:
                texts.add(digest)
                kept.append(body)
        if len(kept) == count:
            break
    return kept


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=30)
    parser.add_argument("--mean-gap", type=float, default=4.0, help="mean seconds between two added stories")
    parser.add_argument("--mode", choices=sorted(COMMANDS), default="separate")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    pages = storable(corpus_pages(), args.items + 1)
    if len(pages) < args.items + 1:
        print("the corpus is missing or too small", file=sys.stderr)
        return 2
    rng = random.Random(args.seed)
    site = SampleSite(site_dir=Path("/nonexistent"))
    site.set_page("/late/first.html", pages[0].decode("utf-8", "replace"))
    latencies: list[float] = []
    try:
        with scratch_database() as url, tempfile.TemporaryDirectory(prefix="wirefeed-latency-") as tmp:
            os.environ["DATABASE_URL"] = url
            with db.connect(url) as conn:
                upsert_source(
                    conn, SourceConfig(name="wire", feed_url=site.url("/feed.xml"), poll_interval=POLL_INTERVAL)
                )
            procs = start(args.mode, Path(tmp))
            try:
                with db.connect(url, autocommit=True) as conn:
                    if wait_for(conn, site.url("/late/first.html"), 120) is None:
                        raise SystemExit(f"the first story was not stored in 2 minutes: see {tmp}")
                    print(f"mode {args.mode}: first poll done; {load()}")
                    added: dict[str, float] = {}
                    for i in range(args.items):
                        time.sleep(rng.expovariate(1 / args.mean_gap))
                        path = f"/late/{i:03d}.html"
                        site.set_page(path, pages[i + 1].decode("utf-8", "replace"))
                        added[site.url(path)] = time.time()
                    for item_url, at in added.items():
                        t = wait_for(conn, item_url, 60)
                        if t is None:
                            print(f"not stored within a minute: {item_url}")
                            continue
                        latencies.append(t - at)
                    print(f"after the run: {load()}")
            finally:
                stop(procs)
    finally:
        site.close()
    if not latencies:
        return 1
    print(
        f"{len(latencies)}/{args.items} stories, listing to committed: median {statistics.median(latencies):.1f} s, "
        f"p90 {percentile(latencies, 90):.1f} s, p99 {percentile(latencies, 99):.1f} s, max {max(latencies):.1f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
