"""Pure parsing: bytes and a URL in, frozen values out. No network, no database, no Celery."""

from __future__ import annotations

from parsers.article.extract import parse_article
from parsers.article.model import Article, Dateline, Photo
from parsers.errors import ParseError

__all__ = ["Article", "Dateline", "ParseError", "Photo", "parse_article"]
