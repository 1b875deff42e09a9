"""Ingest against parse-only: real Celery workers, real Redis and PostgreSQL, the same pages parsed bare.

    PYTHONPATH=. python bench/ingest.py [--workers K] [--pages N] [--instances I] [--rss-at 1000] [--no-parse]

N pages with distinct URLs (default 2,000) are made from the real pages of the corpora (../shared/corpus/dev and
extra, 384 pages): the first round as they are, each later round with a round mark at the start of every <p>, so
every page has a text of its own (a near copy of the same page of an earlier round: it joins that story as a copy
or update, as wire copies do). A local site serves them with an RSS listing of all of them; the source's poll
(run inline, not timed) adds the pending fetches. Then I instances of `wirefeed worker --concurrency K`
(bench/ingest_worker.py: the same worker, counting its database calls) start on a queue and a Redis prefix of
their own and a scratch database, the per-host rate limit lifted; once they are ready every fetch task is sent,
and the clock runs from the first send to the moment every pending row is closed (checked every 0.1 s).

In the same run, before and after the ingest, I × K plain processes parse the same pages (`parse_page`, as the
worker calls it), and the bench prints both rates and ingest / parse-only (against the mean of the two parse
runs). Then per fetch task: SQL statements, round trips and pool checkouts (counted in the workers' driver), the
time spent waiting for PostgreSQL and a pool process's idle time between two tasks (``WIREFEED_BENCH_PROFILE=DIR``
also writes a CPU profile of each pool process there);
WAL bytes per stored article (of 100 more pages stored after the timed run: pg_waldump over their WAL, only records
of the scratch database and of its transactions, read before the busy cluster recycles it); and the pool
processes' RSS (every ``--rss-at`` articles as the run goes, and at the end; ``--no-parse`` skips parse-only).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import multiprocessing
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPORA = [ROOT.parent / "shared" / "corpus" / "dev", ROOT.parent / "shared" / "corpus" / "extra"]
WALDUMP = "/usr/lib/postgresql/15/bin/pg_waldump"

os.environ.setdefault("WIREFEED_ALLOW_PRIVATE_ADDRESSES", "1")
os.environ["WIREFEED_PER_HOST_RPS"] = "100000"
os.environ["WIREFEED_ADAPTIVE_INTERVAL"] = "0"
# No beat runs here, so no tick hands out again a fetch whose message expired (after the lease): every message
# must outlive the whole backlog.
os.environ["WIREFEED_FETCH_LEASE_SECONDS"] = "7200"
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
RUN = uuid.uuid4().hex[:8]
os.environ["WIREFEED_QUEUE"] = f"bench-ingest-{RUN}"
os.environ["WIREFEED_REDIS_PREFIX"] = f"bench-ingest-{RUN}:"

from bench.dedup_quality import scratch_database  # noqa: E402
from worker import database as db  # noqa: E402
from worker.devtools.sample_site import SampleSite  # noqa: E402
from worker.ingest.fetch import parse_page  # noqa: E402

_P_TAG = re.compile(rb"(<p\b[^>]*>)", re.IGNORECASE)
_CANONICAL = re.compile(rb"""(rel=["']?|property=["']?|name=["']?)(canonical|og:url)""", re.IGNORECASE)
WAL_PAGES = 100  # pages stored after the timed run while the WAL is read (the cluster's WAL is recycled fast)
PAGES: list[tuple[str, bytes]] = []  # (url, body) of the run; module level so that forked parsers share it


def corpus_pages() -> list[bytes]:
    return [
        gzip.decompress(page.read_bytes())
        for corpus in CORPORA
        if corpus.is_dir()
        for page in sorted(corpus.rglob("page.html.gz"))
    ]


def make_pages(originals: list[bytes], count: int, first: int = 0) -> list[tuple[str, bytes]]:
    """``count`` (path, body) from number ``first`` on: the originals in rounds, each round after the first marked
    in every paragraph and without its canonical URL (its own URL is then its canonical: a copy on another site)."""
    pages = []
    for i in range(first, first + count):
        round_, body = divmod(i, len(originals))[0], originals[i % len(originals)]
        if round_:
            body = _P_TAG.sub(rb"\1" + f"R{round_}. ".encode(), body)
            body = _CANONICAL.sub(rb"\1x-\2", body)
        pages.append((f"/a/{i:06d}.html", body))
    return pages


def _parse_share(share: int, shares: int) -> tuple[int, float]:
    """Pages parsed and the CPU seconds it took."""
    done, cpu = 0, time.process_time()
    for url, body in PAGES[share::shares]:
        with contextlib.suppress(Exception):  # the worker stores a failure; parse-only just goes on
            parse_page(body, url)
        done += 1
    return done, time.process_time() - cpu


def parse_only(processes: int) -> tuple[float, float]:
    """Seconds for ``processes`` forked processes to parse every page once (started and warmed before the clock),
    and the CPU seconds they spent."""
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        pool.starmap(_warm, [()] * processes)
        start = time.perf_counter()
        shares = pool.starmap(_parse_share, [(i, processes) for i in range(processes)])
        seconds = time.perf_counter() - start
    assert sum(done for done, _ in shares) == len(PAGES)
    return seconds, sum(cpu for _, cpu in shares)


def _warm() -> None:
    parse_page(PAGES[0][1], PAGES[0][0])


def serve(pages: list[tuple[str, bytes]]) -> SampleSite:
    site = SampleSite(site_dir=Path("/nonexistent"))
    for path, body in pages:
        site.set_page(path, body.decode("utf-8", "replace"))
    return site


def queue_pending(url: str, site: SampleSite) -> list[int]:
    """Poll the site's listing inline (the source made due): the pending fetches, not handed to any broker."""
    from worker.ingest.poll import poll_source
    from worker.ingest.sources import SourceConfig, upsert_source
    from worker.runtime.settings import get_settings

    get_settings.cache_clear()
    with db.connect(url) as conn:
        upsert_source(conn, SourceConfig(name="corpus", feed_url=site.url("/feed.xml")))
        source_id = conn.execute("UPDATE sources SET next_poll_at = now() RETURNING id").fetchone()["id"]
    queued: list[int] = []
    poll_source(source_id, get_settings(), queued.append)
    db.close_pools()
    return queued


@contextmanager
def workers(instances: int, concurrency: int, counts_dir: Path, logs: Path) -> Iterator[list[subprocess.Popen]]:
    procs = []
    try:
        for i in range(instances):
            log = (logs / f"worker{i}.log").open("w")
            cmd = [sys.executable, str(ROOT / "bench" / "ingest_worker.py"), str(counts_dir), f"bench{i}-{RUN}@%h"]
            procs.append(
                subprocess.Popen([*cmd, str(concurrency)], stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
            )
        deadline = time.monotonic() + 120
        while not all(" ready." in (logs / f"worker{i}.log").read_text() for i in range(instances)):
            if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
                raise SystemExit(f"workers did not start: see {logs}")
            time.sleep(0.2)
        yield procs
    finally:
        stop(procs)


def stop(procs: list[subprocess.Popen[bytes]]) -> None:
    """Stop the process groups warmly (SIGTERM), killed after a minute."""
    for p in procs:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGTERM)
    for p in procs:
        try:
            p.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)


def pool_rss_mib(procs: list[subprocess.Popen]) -> float:
    """Summed RSS of the workers' pool processes (the children of each worker's main process)."""
    total = 0
    for p in procs:
        children = Path(f"/proc/{p.pid}/task/{p.pid}/children").read_text().split()
        for child in children:
            status = Path(f"/proc/{child}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
    return total / 1024


def used(pid: object) -> float:
    """CPU seconds (user + system) process ``pid`` has spent so far (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_seconds(procs: list[subprocess.Popen]) -> tuple[float, float]:
    """CPU seconds spent so far by the workers' pool processes, and by their main processes."""
    pool = sum(used(c) for p in procs for c in Path(f"/proc/{p.pid}/task/{p.pid}/children").read_text().split())
    return pool, sum(used(p.pid) for p in procs)


def backends_cpu(conn: db.Connection) -> float:
    """CPU seconds spent by the PostgreSQL server processes of the other sessions on the scratch database (the
    workers' pooled connections, opened during the run and still open)."""
    rows = conn.execute(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
    ).fetchall()
    return sum(used(r["pid"]) for r in rows)


def wal_position(conn: db.Connection) -> str:
    return str(conn.execute("SELECT pg_current_wal_insert_lsn() AS lsn").fetchone()["lsn"])


def wal_bytes(url: str, start: str, end: str) -> int | None:
    """Bytes of WAL between two positions written for the scratch database: records touching its relations, and
    every record of a transaction that did (its commit)."""
    with db.connect(url) as conn:
        oid = conn.execute("SELECT oid FROM pg_database WHERE datname = current_database()").fetchone()["oid"]
        wal_dir = Path(conn.execute("SHOW data_directory").fetchone()["data_directory"]) / "pg_wal"
    if not Path(WALDUMP).exists() or not os.access(wal_dir, os.R_OK):
        return None
    dump = subprocess.run([WALDUMP, "-p", str(wal_dir), "-s", start, "-e", end], capture_output=True, text=True)
    if not dump.stdout:
        print(f"pg_waldump {start}..{end}: {dump.stderr.strip()}", file=sys.stderr)
        return None
    record = re.compile(r"len \(rec/tot\):\s*\d+/\s*(\d+), tx:\s*(\d+)")
    ours = re.compile(rf"rel \d+/{oid}/\d+")
    total, by_tx, our_txs = 0, Counter[str](), set()
    for line in dump.stdout.splitlines():
        m = record.search(line)
        if not m:
            continue
        size, tx = int(m.group(1)), m.group(2)
        if ours.search(line):
            total += size
            if tx != "0":
                our_txs.add(tx)
        elif tx != "0":
            by_tx[tx] += size
    return total + sum(by_tx[tx] for tx in our_txs)


def wait_closed(url: str, procs: list[subprocess.Popen], rss_at: int) -> tuple[float, float | None]:
    """Block until no pending row is open; the time it happened and the pool RSS after ``rss_at`` articles."""
    rss, mark = None, rss_at
    with db.connect(url, autocommit=True) as conn:
        while True:
            row = conn.execute(
                "SELECT count(*) FILTER (WHERE closed_at IS NULL) AS open, "
                "count(*) FILTER (WHERE outcome IN ('new', 'version')) AS stored FROM pending_fetches"
            ).fetchone()
            if row["open"] == 0:
                return time.perf_counter(), rss
            if row["stored"] >= mark:  # every rss_at articles
                sample = pool_rss_mib(procs)
                print(f"  {row['stored']} articles stored: pool RSS {sample:.0f} MiB; {load()}", flush=True)
                rss = sample if rss is None else rss
                mark += rss_at
            if any(p.poll() is not None for p in procs):
                raise SystemExit("a worker died")
            time.sleep(0.1)


def send(pending: list[int]) -> None:
    from worker.runtime.tasks import enqueue_fetch

    for pending_id in pending:
        enqueue_fetch(pending_id)


def ingest(url: str, pending: list[int], site: SampleSite, args: argparse.Namespace) -> dict[str, object]:
    """The timed run, then the WAL of ``WAL_PAGES`` more pages stored by the same workers."""
    from worker.runtime.settings import get_settings

    get_settings.cache_clear()
    with tempfile.TemporaryDirectory(prefix="wirefeed-bench-") as tmp:
        counts_dir = Path(tmp)
        with workers(args.instances, args.workers, counts_dir, counts_dir) as procs:
            cpu_start, own_start = cpu_seconds(procs), time.process_time()
            start = time.perf_counter()
            send(pending)
            end, rss_first = wait_closed(url, procs, args.rss_at)
            cpu_end, own = cpu_seconds(procs), time.process_time() - own_start
            with db.connect(url, autocommit=True) as conn:
                server = backends_cpu(conn)
            rss_last = pool_rss_mib(procs)
            counts: Counter[str] = Counter()
            for path in counts_dir.glob("*.json"):
                counts.update(json.loads(path.read_text()))
            more = make_pages(corpus_pages(), WAL_PAGES, first=args.pages)
            for path, body in more:
                site.set_page(path, body.decode("utf-8", "replace"))
            more_pending = queue_pending(url, site)
            with db.connect(url, autocommit=True) as conn:
                wal_start = wal_position(conn)
                send(more_pending)
                wait_closed(url, procs, 10**9)
                wal_end = wal_position(conn)
                stored = conn.execute(
                    "SELECT count(*) AS n FROM pending_fetches WHERE id = ANY(%s) AND outcome IN ('new', 'version')",
                    (more_pending,),
                ).fetchone()["n"]
            wal = wal_bytes(url, wal_start, wal_end)
    return {
        "seconds": end - start,
        "counts": counts,
        "wal": (wal, stored),
        "rss": (rss_first, rss_last),
        "cpu": (cpu_end[0] - cpu_start[0], cpu_end[1] - cpu_start[1], server, own),
    }


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2, help="pool processes per worker instance (K)")
    parser.add_argument("--pages", type=int, default=2000, help="pages of distinct URLs to ingest (N)")
    parser.add_argument("--instances", type=int, default=1, help="`wirefeed worker` instances, K processes each")
    parser.add_argument("--rss-at", type=int, default=1000, help="RSS taken every that many articles stored")
    parser.add_argument("--no-parse", action="store_true", help="no parse-only runs (for a long memory run)")
    args = parser.parse_args()
    originals = corpus_pages()
    if not originals:
        print(f"no corpus at {CORPORA[0]}", file=sys.stderr)
        return 2
    PAGES[:] = make_pages(originals, args.pages)
    processes = args.workers * args.instances
    site = serve(PAGES)
    try:
        with scratch_database() as url:
            os.environ["DATABASE_URL"] = url
            print(f"{len(PAGES)} pages ({len(originals)} originals), {processes} processes; {load()}")
            parse_before = (1.0, 0.0) if args.no_parse else parse_only(processes)
            pending = queue_pending(url, site)
            assert len(pending) == len(PAGES), f"{len(pending)} pending fetches for {len(PAGES)} pages"
            result = ingest(url, pending, site, args)
            parse_after = (1.0, 0.0) if args.no_parse else parse_only(processes)
            with db.connect(url) as conn:
                outcomes = Counter(
                    {
                        r["outcome"]: r["n"]
                        for r in conn.execute(
                            "SELECT outcome, count(*) AS n FROM pending_fetches WHERE id <= %s GROUP BY outcome",
                            (max(pending),),
                        )
                    }
                )
                stats = conn.execute(db.q("stats")).fetchone()
            print(f"after the run: {load()}")
    finally:
        site.close()
    report(args, result, outcomes, stats, parse_before, parse_after)
    return 0


def report(
    args: argparse.Namespace,
    result: dict[str, object],
    outcomes: Counter[str],
    stats: dict[str, object],
    parse_before: tuple[float, float],
    parse_after: tuple[float, float],
) -> None:
    n = args.pages
    seconds = float(result["seconds"])  # type: ignore[arg-type]
    (before_s, before_cpu), (after_s, after_cpu) = parse_before, parse_after
    parse_cpu = (before_cpu + after_cpu) / 2
    parse_rate = n / ((before_s + after_s) / 2)
    ingest_rate = n / seconds
    if not args.no_parse:
        print(f"parse only: {n / before_s:.1f} pages/s before, {n / after_s:.1f} after (mean {parse_rate:.1f})")
    print(
        f"ingest ({args.instances} × `wirefeed worker --concurrency {args.workers}`): "
        f"{ingest_rate:.1f} pages/s ({seconds:.1f} s from the first send to the last commit)"
    )
    if not args.no_parse:
        print(f"ingest / parse-only = {ingest_rate / parse_rate:.2f}")
    pool_cpu, main_cpu, server_cpu, own_cpu = result["cpu"]  # type: ignore[misc]
    print(
        f"CPU per page: parse only {1000 * parse_cpu / n:.1f} ms ({1000 * before_cpu / n:.1f} before, "
        f"{1000 * after_cpu / n:.1f} after); workers' pool processes {1000 * pool_cpu / n:.1f} ms "
        f"(parse-only / pool = {parse_cpu / pool_cpu:.2f}), their main processes {1000 * main_cpu / n:.1f} ms"
    )
    print(
        f"CPU per page beside them: PostgreSQL backends {1000 * server_cpu / n:.1f} ms, this process (page server, "
        f"sending, polling) {1000 * own_cpu / n:.1f} ms"
    )
    print(f"outcomes: {dict(outcomes)}")
    print(f"stored: {stats['articles']} articles in {stats['stories']} stories, {stats['photos']} photos")
    counts: Counter[str] = result["counts"]  # type: ignore[assignment]
    tasks = counts["tasks"] or 1
    stored = outcomes["new"] + outcomes["version"]
    print(
        f"per fetch task ({counts['tasks']} tasks): {counts['statements'] / tasks:.1f} statements, "
        f"{counts['round_trips'] / tasks:.1f} round trips, {counts['checkouts'] / tasks:.2f} connection checkouts; "
        f"{counts['database_ms'] / tasks:.1f} ms waiting for PostgreSQL, "
        f"{counts['idle_ms'] / (counts['gaps'] or 1):.1f} ms idle between two tasks of a pool process"
    )
    stages = ", ".join(
        f"{name} {counts[f'cpu_{name}_ms'] / tasks:.1f}" for name in ("claim", "fetch", "page", "parse", "store")
    )
    print(
        f"pool CPU per fetch task: {counts['cpu_task_ms'] / tasks:.1f} ms in the task ({stages}), "
        f"{counts['cpu_between_ms'] / (counts['gaps'] or 1):.1f} ms between two tasks; the garbage collector "
        f"{counts['cpu_gc_ms'] / tasks:.1f} ms a task ({counts['cpu_gc2_ms'] / tasks:.1f} in full collections)"
    )
    wal, wal_stored = result["wal"]  # type: ignore[misc]
    if wal is not None and wal_stored:
        print(
            f"WAL: {wal / wal_stored / 1024:.1f} KiB per stored article ({wal_stored} more pages stored after the run)"
        )
    rss_first, rss_last = result["rss"]  # type: ignore[misc]
    if rss_first is not None:
        print(f"pool RSS: {rss_first:.0f} MiB after {args.rss_at} articles, {rss_last:.0f} MiB after {stored}")
    else:
        print(f"pool RSS: {rss_last:.0f} MiB after {stored} articles")


if __name__ == "__main__":
    raise SystemExit(main())
