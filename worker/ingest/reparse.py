"""Re-parse stored pages with the current parser, without fetching (``wirefeed reparse``).

The latest stored response of each URL is parsed again and stored like a fresh fetch: a changed text or
headline becomes a new version; changed metadata only (byline, dateline, dates, photos) is refreshed in
place; identical output changes nothing. A parser that now fails on a page leaves its stored article alone.
"""

from __future__ import annotations

import gzip
import logging
from collections import Counter
from datetime import datetime
from typing import Any

from parsers import Article
from worker import database as db
from worker.database import q
from worker.database.states import ParseStatus
from worker.database.store import _replace_photos, article_params, mark_page, store_article
from worker.ingest.fetch import parse_page
from worker.network.http import MAX_ERROR, describe
from worker.runtime.settings import Settings

log = logging.getLogger(__name__)


def page_ids(settings: Settings, source: str | None = None, since: datetime | None = None) -> list[int]:
    with db.connection(settings) as conn:
        rows = conn.execute(q("pages_to_reparse"), {"source": source, "since": since}).fetchall()
    return [int(r["id"]) for r in rows]


def _refresh(conn: db.Connection, article_id: int, article: Article) -> bool:
    """Update metadata the text did not change; True when anything differed."""
    params = article_params(article) | {"article_id": article_id}
    changed = conn.execute(q("refresh_article_fields"), params).fetchone() is not None
    photos = [
        (p["url"], p["caption"], p["credit"]) for p in conn.execute(q("article_photos"), {"article_id": article_id})
    ]
    if photos != [(p.url, p.caption, p.credit) for p in article.photos]:
        _replace_photos(conn, article_id, article)
        changed = True
    return changed


def _store(conn: db.Connection, page: dict[str, Any], article: Article) -> str:
    stored = store_article(
        conn,
        url=page["url"],
        source_id=page["source_id"],
        article=article,
        page_id=page["id"],
        fetched_at=page["fetched_at"],
    )
    if stored.outcome != "unchanged":
        return stored.outcome
    if page["parse_status"] == ParseStatus.PARSED:
        mark_page(conn, page["id"], ParseStatus.PARSED, article_id=stored.article_id)  # still this article's page
    return "refreshed" if _refresh(conn, stored.article_id, article) else "unchanged"


def reparse_page(page_id: int, settings: Settings) -> str:
    """new, version, refreshed, unchanged, duplicate, failed, or pruned (its body went since it was listed)."""
    with db.connection(settings) as conn:
        page = conn.execute(q("stored_page"), {"id": page_id}).fetchone()
        assert page is not None
        if page["body_gzip"] is None:
            return "pruned"
        try:
            article = parse_page(gzip.decompress(page["body_gzip"]), page["final_url"] or page["url"], page["profile"])
        except Exception as exc:  # never lose a stored article to a parser regression
            log.warning("re-parse of page %s (%s) failed: %s", page_id, page["url"], exc)
            if page["parse_status"] == ParseStatus.FAILED:
                mark_page(conn, page_id, ParseStatus.FAILED, error=describe(exc)[:MAX_ERROR])
            return "failed"
        return _store(conn, page, article)


def reparse(settings: Settings, source: str | None = None, since: datetime | None = None) -> Counter[str]:
    """Outcome counts of re-parsing every selected page."""
    return Counter(reparse_page(page_id, settings) for page_id in page_ids(settings, source, since))
