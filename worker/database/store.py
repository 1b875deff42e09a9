"""Store a fetched page and its parsed article: raw page, article, version, photos and story.

Deduplication is done by constraints: the canonical URL and the content hash are unique. Advisory locks on
both keys (taken in the order of their hashes) serialise concurrent workers storing the same article, so the check
before each insert is never stale; the unique indexes remain the final arbiter. A new article or version (and a
story merge, in dedup) gets its row of the change feed (``changes``) from schema.sql's triggers when the caller's
transaction commits.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from psycopg.types.json import Jsonb

from parsers import Article
from parsers.similarity.fingerprint import normalise_url, paragraphs_hash
from worker.database import Connection, dedup, labels, q
from worker.database.states import ParseStatus
from worker.network.http import Response

RAW_COMPRESSION = 3
"""gzip level of stored raw pages: on the 384 corpus pages level 3 compresses 4.45× in about half the time of level 6
(4.95×), level 1 4.21× (BENCHMARKS.md, issue 14)."""

Outcome = Literal["new", "version", "unchanged", "duplicate"]


@dataclass(frozen=True)
class Stored:
    outcome: Outcome
    article_id: int
    story_id: int
    version: int
    relation: str | None = None  # a new article's relation to its story (original, copy, update)


def raw_response(response: Response | None, status: int | None = None) -> dict[str, Any]:
    """The columns that keep a response raw (``pages`` and ``listing_fetches`` share them): final URL,
    status, headers, gzip body with its digest and size. Without a response, only the HTTP status that
    failed the fetch (None when no response arrived)."""
    if response is None:
        return {
            "final_url": None,
            "status": status,
            "headers": Jsonb({}),
            "body_gzip": None,
            "body_sha256": None,
            "body_size": None,
            "fetched_at": None,
        }
    body = response.body
    return {
        "final_url": response.final_url,
        "status": response.status,
        "headers": Jsonb(response.headers),
        "body_gzip": gzip.compress(body, compresslevel=RAW_COMPRESSION, mtime=0),
        "body_sha256": hashlib.sha256(body).hexdigest(),
        "body_size": len(body),
        "fetched_at": response.fetched_at,
    }


def save_page(
    conn: Connection,
    *,
    source_id: int | None,
    url: str,
    response: Response | None,
    error: str | None = None,
    status: int | None = None,
) -> int:
    """Keep a fetched page raw (gzip) with its status and headers, or a failed fetch with its error and the
    HTTP status that failed it (404, 410, 503...; None when no response arrived). Its id."""
    return send_page(conn, source_id=source_id, url=url, response=response, error=error, status=status)()


def send_page(
    conn: Connection,
    *,
    source_id: int | None,
    url: str,
    response: Response | None,
    error: str | None = None,
    status: int | None = None,
) -> Callable[[], int]:
    """Send the page's insert (see :func:`save_page`); the returned function reads its id (in a pipeline, with
    whatever was sent after it: the COMMIT, say)."""
    cursor = conn.execute(
        q("insert_page"),
        {
            "source_id": source_id,
            "url": url,
            **raw_response(response, status),
            "parse_status": ParseStatus.PENDING if error is None else ParseStatus.FETCH_FAILED,
            "parse_error": error,
        },
    )

    def page_id() -> int:
        row = cursor.fetchone()
        assert row is not None
        return int(row["id"])

    return page_id


def mark_page(
    conn: Connection, page_id: int, status: ParseStatus, *, error: str | None = None, article_id: int | None = None
) -> None:
    conn.execute(
        q("mark_page"), {"page_id": page_id, "parse_status": status, "parse_error": error, "article_id": article_id}
    )


def article_params(article: Article) -> dict[str, Any]:
    d = article.dateline
    return {
        "headline": article.headline,
        "byline": article.byline,
        "authors": list(article.authors),
        "body": article.body,
        "language": article.language,
        "agency": article.agency,
        "copyright": article.copyright,
        "published_at": article.published_at,
        "modified_at": article.updated_at,
        "dateline_text": d.text if d else None,
        "dateline_city": d.city if d else None,
        "dateline_region": d.region if d else None,
        "dateline_country": d.country if d else None,
        "dateline_agency": d.agency if d else None,
        "dateline_date": d.date if d else None,
        "fine_print": article.fine_print,
    }


def _lock(conn: Connection, *keys: str) -> None:
    conn.execute(q("lock_keys"), {"keys": list(keys)})


def _replace_photos(conn: Connection, article_id: int, article: Article, *, new: bool = False) -> None:
    """The article's photos become those of ``article`` (``new``: the article was inserted in this transaction and
    has none to delete)."""
    if not new:
        conn.execute(q("delete_photos"), {"article_id": article_id})
    photos = article.photos
    if photos:
        params = {
            "article_id": article_id,
            "urls": [p.url for p in photos],
            "captions": [p.caption for p in photos],
            "credits": [p.credit for p in photos],
        }
        conn.execute(q("insert_photos"), params)  # one statement for all of them


def _version_row(
    article_id: int, version: int, article: Article, digest: str, fetched_at: datetime, page_id: int
) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "version": version,
        "headline": article.headline,
        "body": article.body,
        "content_hash": digest,
        "published_at": article.published_at,
        "modified_at": article.updated_at,
        "fetched_at": fetched_at,
        "page_id": page_id,
    }


def _store_version(
    conn: Connection, existing: dict[str, Any], article: Article, digest: str, fetched_at: datetime, page_id: int
) -> Stored:
    article_id = int(existing["id"])
    if existing["content_hash"] == digest and existing["headline"] == article.headline:
        conn.execute(q("touch_article"), {"article_id": article_id, "fetched_at": fetched_at})
        return Stored("unchanged", article_id, int(existing["story_id"]), int(existing["version"]))
    dedup.index_version(conn, article_id, int(existing["story_id"]), article.paragraphs)
    story_id = labels.hold_story(conn, article_id) or int(existing["story_id"])
    relabelling = labels.relabel(conn, [story_id], article, str(existing["canonical_url"]), key=article_id)
    params = article_params(article) | {
        "article_id": article_id,
        "relation": relabelling.relation,
        "content_hash": digest,
        "fetched_at": fetched_at,
        "page_id": page_id,
    }
    row = conn.execute(q("update_article_version"), params).fetchone()
    assert row is not None
    version = int(row["version"])
    conn.execute(q("insert_article_version"), _version_row(article_id, version, article, digest, fetched_at, page_id))
    labels.apply(conn, story_id, relabelling, article_id)
    _replace_photos(conn, article_id, article)
    conn.execute(q("touch_story"), {"story_id": story_id, "article_id": article_id, "seen_at": fetched_at})
    return Stored("version", article_id, story_id, version)


def _insert_story(conn: Connection, article: Article, fetched_at: datetime) -> int:
    story = conn.execute(
        q("insert_story"), {"headline": article.headline, "agency": article.agency, "seen_at": fetched_at}
    ).fetchone()
    assert story is not None
    return int(story["id"])


def _store_new(
    conn: Connection,
    *,
    url: str,
    canonical: str,
    source_id: int | None,
    article: Article,
    digest: str,
    fetched_at: datetime,
    page_id: int,
) -> Stored:
    match = dedup.match_story(conn, article.paragraphs)
    story_id = match.story_id or _insert_story(conn, article, fetched_at)
    relabelling = labels.relabel(conn, [story_id, *match.merged], article, canonical, new_story=match.story_id is None)
    params = article_params(article) | {
        "story_id": story_id,
        "source_id": source_id,
        "url": url,
        "canonical_url": canonical,
        "relation": relabelling.relation,
        "content_hash": digest,
        "fetched_at": fetched_at,
        "page_id": page_id,
    }
    row = conn.execute(q("insert_article"), params).fetchone()
    assert row is not None
    article_id = int(row["id"])
    conn.execute(q("insert_article_version"), _version_row(article_id, 1, article, digest, fetched_at, page_id))
    labels.apply(conn, story_id, relabelling, article_id)
    dedup.index_article(conn, article_id, story_id, match, new=True)
    _replace_photos(conn, article_id, article, new=True)
    conn.execute(q("touch_story"), {"story_id": story_id, "article_id": article_id, "seen_at": fetched_at})
    return Stored("new", article_id, story_id, 1, relabelling.relation)


def store_article(
    conn: Connection, *, url: str, source_id: int | None, article: Article, page_id: int, fetched_at: datetime
) -> Stored:
    """Store ``article`` (parsed from page ``page_id``) in the caller's transaction.

    Same canonical URL: unchanged (nothing but last_fetched_at) or a new version. Same normalised text at
    another URL: the URL is recorded as leading to the stored article. Otherwise a new article, in a new story or
    (a near-duplicate) an earlier one.
    """
    canonical = normalise_url(article.canonical_url or url)
    digest = paragraphs_hash(article.paragraphs)
    _lock(conn, "url:" + canonical, "text:" + digest)
    # Both lookups sent before either is read: one round trip in a pipeline (worker.ingest.fetch).
    by_url = conn.execute(q("article_by_canonical_url"), {"canonical_url": canonical})
    same = conn.execute(q("article_by_content_hash"), {"content_hash": digest}).fetchone()
    existing = by_url.fetchone()
    if same and (not existing or same["id"] != existing["id"]):
        # The text is stored already (under another URL): this URL now leads to that article.
        stored = Stored("duplicate", int(same["id"]), int(same["story_id"]), int(same["version"]))
    elif existing:
        stored = _store_version(conn, existing, article, digest, fetched_at, page_id)
    else:
        stored = _store_new(
            conn,
            url=url,
            canonical=canonical,
            source_id=source_id,
            article=article,
            digest=digest,
            fetched_at=fetched_at,
            page_id=page_id,
        )
    known = sorted({url, canonical})
    conn.execute(q("insert_article_urls"), {"urls": known, "article_id": stored.article_id, "source_id": source_id})
    status = ParseStatus.DUPLICATE if stored.outcome in ("duplicate", "unchanged") else ParseStatus.PARSED
    mark_page(conn, page_id, status, article_id=stored.article_id)
    return stored
