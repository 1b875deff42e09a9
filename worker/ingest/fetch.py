"""Stage two of ingestion: fetch an article page, keep it raw, parse it and store the article.

poll (worker.ingest.poll) → URL → **fetch the page → keep it → parse → store** (worker.database.store).
Celery's ``wirefeed.fetch_article`` task is a thin wrapper that retries what ``FailureKind`` says is
retryable; when the retries are spent, ``record_fetch_failure`` keeps the failure as a page row.
"""

from __future__ import annotations

from dataclasses import dataclass

from parsers import Article, ParseError, parse_article
from worker import database as db
from worker.database import q
from worker.database.states import ParseStatus
from worker.database.store import Stored, mark_page, save_page, store_article
from worker.network.http import MAX_ERROR, PAGE_TYPES, FetchError, Response, describe
from worker.network.politeness import Manners, manners_of, polite_fetcher
from worker.runtime.settings import Settings


@dataclass(frozen=True)
class FetchSummary:
    """``outcome``: the store's (new, version, unchanged, duplicate), or not_modified, parse_failed, fetch_failed."""

    url: str
    outcome: str
    article_id: int | None = None
    story_id: int | None = None
    version: int | None = None
    error: str | None = None


def _conditional_headers(conn: db.Connection, url: str) -> tuple[str | None, str | None]:
    row = conn.execute(q("latest_page_headers"), {"url": url}).fetchone()
    headers = row["headers"] if row else {}
    return headers.get("etag"), headers.get("last-modified")


def record_fetch_failure(url: str, source_id: int | None, error: FetchError, settings: Settings) -> FetchSummary:
    """Keep a failed fetch (after its retries) as a page row with its error: nothing is silently dropped."""
    message = describe(error)
    with db.connection(settings) as conn:
        save_page(conn, source_id=source_id, url=url, response=None, error=message[:MAX_ERROR], status=error.status)
    return FetchSummary(url=url, outcome=ParseStatus.FETCH_FAILED, error=message)


def parse_page(body: bytes, url: str, profile: str | None = None) -> Article:
    """The article of a fetched page; a page without article text is a parse failure."""
    article = parse_article(body, url, profile=profile)
    if not article.paragraphs:
        raise ParseError("no article text found")
    return article


def store_page(
    url: str, source_id: int | None, response: Response, settings: Settings, profile: str | None = None
) -> FetchSummary:
    """Keep the raw page (committed first, so it survives any later failure), parse it, then store the article,
    version, photos and story in a second transaction; a parse failure marks the page in a transaction of its own.
    ``profile``: the site profile the page's source names (None: chosen by the page's host)."""
    if response.not_modified:
        return FetchSummary(url=url, outcome=ParseStatus.NOT_MODIFIED)
    with db.connection(settings) as conn:
        page_id = save_page(conn, source_id=source_id, url=url, response=response)
    try:
        article = parse_page(response.body, response.final_url, profile)
    except Exception as exc:  # the worker never dies on input: any parser failure is stored with the page
        error = describe(exc)
        with db.connection(settings) as conn:
            mark_page(conn, page_id, ParseStatus.FAILED, error=error[:MAX_ERROR])
        return FetchSummary(url=url, outcome="parse_failed", error=error)
    with db.connection(settings) as conn:
        stored: Stored = store_article(
            conn, url=url, source_id=source_id, article=article, page_id=page_id, fetched_at=response.fetched_at
        )
    return FetchSummary(
        url=url, outcome=stored.outcome, article_id=stored.article_id, story_id=stored.story_id, version=stored.version
    )


def fetch_article(url: str, source_id: int | None, settings: Settings) -> FetchSummary:
    """Fetch, keep, parse and store one article page. Raises FetchError for the caller to retry or record.

    The page is fetched politely (the source's manners), conditionally when a previous fetch gave an ETag or
    Last-Modified; the source row read once gives both its manners and its site profile."""
    with db.connection(settings) as conn:
        etag, modified = _conditional_headers(conn, url)
        source = conn.execute(q("source_by_id"), {"id": source_id}).fetchone() if source_id else None
    manners = manners_of(source) if source else Manners()
    response = polite_fetcher(settings).fetch(url, manners, etag=etag, last_modified=modified, accept=PAGE_TYPES)
    return store_page(url, source_id, response, settings, source["profile"] if source else None)
