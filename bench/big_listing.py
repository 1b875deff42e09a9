"""One poll of a 100,000-entry sitemap: seconds and peak memory of writing a big listing.

    PYTHONPATH=. python bench/big_listing.py [ENTRIES]

Serves a sitemap of ENTRIES (default 100,000) article URLs from a local HTTP server in a child process
(so that its memory is not counted), creates a database of its own (dropped at the end) and runs the poll
stage alone (``worker.ingest.poll.poll_source``; the fetches it queues are counted, not run). Prints, for
the first poll (every entry new) and for a second one of the same entries in a changed body (every entry
upserted again, none queued): seconds, and the process's peak RSS (``ru_maxrss``) with its RSS before.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["WIREFEED_ALLOW_PRIVATE_ADDRESSES"] = "1"
os.environ["WIREFEED_PER_HOST_RPS"] = "100000"
os.environ["WIREFEED_REDIS_PREFIX"] = f"wirefeed-bench-{os.getpid()}:"

from bench.dedup_quality import scratch_database  # noqa: E402
from worker import database as db  # noqa: E402


def write_sitemap(folder: Path, base: str, entries: int, marker: str) -> None:
    urls = "".join(f"<url><loc>{base}/a/{i}</loc><lastmod>2026-12-01</lastmod></url>" for i in range(entries))
    body = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset><!-- {marker} -->'
    (folder / "sitemap.xml").write_text(body, encoding="utf-8")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def poll_once(source_id: int) -> tuple[float, int, str]:
    from worker.ingest.poll import poll_source
    from worker.runtime.settings import get_settings

    queued: list[object] = []
    start = time.perf_counter()
    summary = poll_source(source_id, get_settings(), lambda *task: queued.append(task))
    return time.perf_counter() - start, len(queued), str(summary.status)


def main() -> int:
    entries = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as folder, scratch_database() as url:
        os.environ["DATABASE_URL"] = url
        from worker.ingest.sources import SourceConfig, upsert_source
        from worker.runtime.settings import get_settings

        get_settings.cache_clear()
        write_sitemap(Path(folder), base, entries, "first")
        server = subprocess.Popen(
            [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", folder],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            time.sleep(1.0)
            with db.connect(url) as conn:
                upsert_source(conn, SourceConfig(name="big", feed_url=f"{base}/sitemap.xml", kind="sitemap"))
                source_id = int(conn.execute("SELECT id FROM sources").fetchone()["id"])
            before = rss_mib()
            first = poll_once(source_id)
            first_peak = peak_rss_mib()
            write_sitemap(Path(folder), base, entries, "second")
            second = poll_once(source_id)
            with db.connect(url) as conn:
                listed = conn.execute("SELECT count(*) AS n FROM listing_entries").fetchone()["n"]
            db.close_pools()
        finally:
            server.terminate()
            server.wait()
    print(f"{entries} sitemap entries; RSS before the first poll {before:.0f} MiB")
    print(f"first poll:  {first[0]:6.1f} s, {first[2]}, {first[1]} fetches queued, peak RSS {first_peak:.0f} MiB")
    print(
        f"second poll: {second[0]:6.1f} s, {second[2]}, {second[1]} fetches queued, peak RSS {peak_rss_mib():.0f} MiB"
    )
    print(f"listing_entries rows: {listed}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
