"""Parser fuzz: hostile mutations of the tests' own pages and listings through ``parse_article`` and ``parse_listing``.

Run: ``PYTHONPATH=. python bench/fuzz.py [--count 10000] [--seed 11] [--shard K/N]`` (needs no ../shared: the seeds
are the tests' fixture pages, the sample site's pages and the listings below). The run is reproducible: one seeded
random generator chooses every seed, mutation and byte; ``--shard K/N`` parses every Nth input from the Kth (N processes
share the run, their counts add up). Each input either parses (an ``Article`` or a ``Listing``) or raises
``ParseError`` (``ListingError`` is one); anything else, a warning included (warnings are errors, as in the tests), is a
bug, counted by exception type with the first input that raised it. The report gives those counts, the time by
mutation, and the slowest input with its mutation, size and time.
"""

from __future__ import annotations

import argparse
import gzip
import random
import sys
import time
import traceback
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from parsers import Article, ParseError, parse_article
from parsers.listings import Listing, parse_listing

ROOT = Path(__file__).resolve().parents[1]
URL = "https://wire.example.com/news/2026/12/03/story.html"
Mutation = Callable[[bytes, random.Random], bytes]

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Wire</title>
<item><title>Rockets hit Tripoli</title><link>https://wire.example.com/news/1</link><guid>n1</guid>
<pubDate>Tue, 02 Jun 2020 08:15:00 GMT</pubDate><dc:creator>Staff</dc:creator></item>
<item><title>Bridge repairs &amp; delays</title><link>/news/2</link><pubDate>2 Jun 2020</pubDate></item>
</channel></rss>"""
ATOM = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>
<entry><title>GDP grows</title><link href="https://wire.example.com/news/3"/><id>n3</id>
<updated>2020-06-02T08:15:00Z</updated></entry></feed>"""
SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://wire.example.com/news/4</loc><lastmod>2020-06-02T08:15:00+00:00</lastmod>
<news:news><news:publication><news:name>Wire</news:name><news:language>en</news:language></news:publication>
<news:publication_date>2020-06-02</news:publication_date><news:title>Prices rise</news:title></news:news></url>
</urlset>"""
SITEMAP_INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://wire.example.com/sitemap-1.xml</loc><lastmod>2020-06-02</lastmod></sitemap></sitemapindex>"""
JSON_FEED = b"""{"version": "https://jsonfeed.org/version/1.1", "title": "Wire", "items": [
{"id": "5", "url": "https://wire.example.com/news/5", "title": "Trains", "date_published": "2020-06-02T08:15:00Z"}]}"""
HTML_INDEX = b"""<html><head><title>Latest</title></head><body><ul>
<li><a href="/news/6">Night trains return</a></li><li><a href="https://wire.example.com/news/7">Water plant</a></li>
</ul></body></html>"""
LISTINGS = (RSS, ATOM, SITEMAP, SITEMAP_INDEX, JSON_FEED, HTML_INDEX)


def page_seeds() -> list[bytes]:
    """The tests' fixture pages and the sample site's pages (all in this repository)."""
    fixtures = ROOT / "tests" / "fixtures"
    pages = [path.read_bytes() for path in sorted((fixtures / "seed").glob("*.html"))]
    pages += [gzip.decompress(path.read_bytes()) for path in sorted(fixtures.glob("profiles/*/page.html.gz"))]
    pages += [path.read_bytes() for path in sorted((ROOT / "worker" / "devtools" / "sample" / "site").glob("*.html"))]
    return pages


# Mutations -------------------------------------------------------------------------------------------------------


def truncate(doc: bytes, rng: random.Random) -> bytes:
    return doc[: rng.randrange(len(doc) + 1)]


def random_bytes(doc: bytes, rng: random.Random) -> bytes:
    """A few runs of random bytes written over the document, or inserted in it."""
    out = bytearray(doc)
    for _ in range(rng.randint(1, 8)):
        at = rng.randrange(len(out) + 1)
        run = rng.randbytes(rng.randint(1, 64))
        out[at : at + (len(run) if rng.random() < 0.5 else 0)] = run
    return bytes(out)


def deep_nesting(doc: bytes, rng: random.Random) -> bytes:
    depth = rng.choice((500, 5_000, 50_000))
    tag = rng.choice((b"div", b"p", b"span", b"table", b"b", b"item", b"ul"))
    nest = b"<" + tag + b">"
    closing = b"</" + tag + b">" if rng.random() < 0.5 else b""
    return _insert(doc, rng, nest * depth + b"deep" + closing * depth)


def huge_attribute(doc: bytes, rng: random.Random) -> bytes:
    unit = rng.choice((b"x", b"&amp;", b"\xc3\xa9", b" "))
    value = unit * (rng.choice((10_000, 1_000_000)) // len(unit))
    name = rng.choice((b"class", b"content", b"href", b"data-x", b"style"))
    return _insert(doc, rng, b"<meta " + name + b'="' + value + b'"><a ' + name + b"='" + value + b"'>a</a>")


def bad_encoding(doc: bytes, rng: random.Random) -> bytes:
    kind = rng.randrange(5)
    if kind == 0:  # a charset that does not exist
        return doc.replace(b"utf-8", b"x-no-such-charset", 1).replace(b"UTF-8", b"x-bogus", 1)
    if kind == 1:  # declared UTF-16 (or UTF-8) over bytes that are not
        return b'<?xml version="1.0" encoding="utf-16"?>' + doc if doc[:1] != b"<" else b"\xff\xfe" + doc
    if kind == 2:  # invalid UTF-8 sequences sprinkled in
        return _sprinkle(doc, rng, (b"\xc3", b"\xff", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe2\x82"))
    if kind == 3:  # the document in another encoding than the one it declares
        return doc.decode("utf-8", "replace").encode(rng.choice(("utf-16", "utf-32", "cp1252", "shift_jis")), "replace")
    return rng.choice((b"\xef\xbb\xbf", b"\xfe\xff", b"\x00\x00\xfe\xff")) + doc  # a stray or wrong BOM


def nuls(doc: bytes, rng: random.Random) -> bytes:
    return _sprinkle(doc, rng, (b"\x00", b"\x00" * 16, b"&#0;", b"&#x0;", b"\x01\x02\x1b"))


def giant_line(doc: bytes, rng: random.Random) -> bytes:
    """No line breaks at all, and one text run of up to 2 MB with no space either."""
    word = rng.choice((b"a", b"\xd0\xb6", b"&nbsp;"))
    run = word * (rng.choice((100_000, 2_000_000)) // len(word))
    return _insert(doc.replace(b"\n", b" ").replace(b"\r", b""), rng, run)


def broken_tags(doc: bytes, rng: random.Random) -> bytes:
    shards = (b"<", b">", b"</", b"<!--", b"<![CDATA[", b"<?", b"<!DOCTYPE", b"<script>", b"<style>", b'"', b"'", b"&")
    out = bytearray(doc)
    for _ in range(rng.randint(1, 30)):
        at = rng.randrange(len(out) + 1)
        if rng.random() < 0.5 and at < len(out):
            del out[at]
        else:
            out[at:at] = rng.choice(shards)
    return bytes(out)


def empty(doc: bytes, rng: random.Random) -> bytes:
    return rng.choice((b"", b" ", b"\n\n", b"<html></html>", b"<?xml version='1.0'?>", b"{}", b"\x00", b"<"))


MUTATIONS: dict[str, Mutation] = {
    f.__name__: f
    for f in (truncate, random_bytes, deep_nesting, huge_attribute, bad_encoding, nuls, giant_line, broken_tags, empty)
}


def _insert(doc: bytes, rng: random.Random, piece: bytes) -> bytes:
    at = rng.randrange(len(doc) + 1)
    return doc[:at] + piece + doc[at:]


def _sprinkle(doc: bytes, rng: random.Random, pieces: tuple[bytes, ...]) -> bytes:
    out = doc
    for _ in range(rng.randint(1, 20)):
        out = _insert(out, rng, rng.choice(pieces))
    return out


# The run ---------------------------------------------------------------------------------------------------------


@dataclass
class Report:
    inputs: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)  # "article: Article", "listing: ListingError"...
    bugs: dict[str, str] = field(default_factory=dict)  # exception type -> the first input's label and traceback
    slowest: tuple[float, str] = (0.0, "")
    seconds: float = 0.0
    by_mutation: dict[str, list[float]] = field(default_factory=dict)  # mutation -> the time of each input

    @property
    def bug_count(self) -> int:
        return sum(n for outcome, n in self.outcomes.items() if outcome.endswith("(bug)"))


def inputs(count: int, seed: int) -> Iterator[tuple[str, str, str, bytes]]:
    """``count`` (target, mutation, label, document), the same for the same seed."""
    rng = random.Random(seed)
    pages, names = page_seeds(), list(MUTATIONS)
    for i in range(count):
        target = "article" if rng.random() < 0.6 else "listing"
        seeds = pages if target == "article" else LISTINGS
        index = rng.randrange(len(seeds))
        name = rng.choice(names)
        document = MUTATIONS[name](seeds[index], rng)
        yield target, name, f"#{i} {name} of {target} seed {index} ({len(document)} bytes)", document


def parse(target: str, document: bytes) -> object:
    if target == "article":
        return parse_article(document, URL)
    return parse_listing(document, URL)


def run(
    count: int, seed: int, shard: int = 0, shards: int = 1, progress: Callable[[str], None] | None = None
) -> Report:
    """Parse this shard's inputs; ``progress`` hears of every 500th input and of every input slower than 5 s."""
    report = Report()
    started = time.perf_counter()
    for i, (target, mutation, label, document) in enumerate(inputs(count, seed)):
        if i % shards != shard:
            continue
        report.inputs += 1
        began = time.perf_counter()
        outcome = _outcome(target, label, document, report)
        took = time.perf_counter() - began
        report.outcomes[f"{target}: {outcome}"] += 1
        report.by_mutation.setdefault(mutation, []).append(took)
        if took > report.slowest[0]:
            report.slowest = (took, label)
        if progress and (took > 5 or report.inputs % 500 == 0):
            progress(
                f"{report.inputs} inputs, {time.perf_counter() - started:.0f} s; last {label}: {outcome}, {took:.2f} s"
            )
    report.seconds = time.perf_counter() - started
    return report


def _outcome(target: str, label: str, document: bytes, report: Report) -> str:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            result = parse(target, document)
    except ParseError as exc:
        return type(exc).__name__
    except Exception as exc:
        name = type(exc).__name__
        report.bugs.setdefault(name, f"{label}\n{traceback.format_exc()}")
        return f"{name} (bug)"
    if not isinstance(result, Article | Listing):
        return f"{type(result).__name__} (bug)"
    return type(result).__name__


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--count", type=int, default=10_000)
    options.add_argument("--seed", type=int, default=11)
    options.add_argument("--shard", default="0/1", help="K/N: parse inputs K, K+N, K+2N... of the run")
    args = options.parse_args()
    shard, shards = map(int, args.shard.split("/"))
    report = run(args.count, args.seed, shard, shards, progress=lambda line: print(line, file=sys.stderr, flush=True))
    print(f"{report.inputs} inputs (shard {args.shard} of {args.count}), seed {args.seed}, {report.seconds:.0f} s")
    for outcome, n in sorted(report.outcomes.items()):
        print(f"  {outcome}: {n}")
    for mutation, times in sorted(report.by_mutation.items()):
        print(f"  {mutation}: {len(times)} inputs, mean {sum(times) / len(times):.3f} s, max {max(times):.2f} s")
    print(f"slowest: {report.slowest[0]:.2f} s, {report.slowest[1]}")
    print(f"exceptions other than ParseError: {report.bug_count}")
    for trace in report.bugs.values():
        print(trace)


if __name__ == "__main__":
    main()
