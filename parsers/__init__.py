"""Pure parsing: bytes and a URL in, frozen values out. No network, no database, no Celery."""

from __future__ import annotations

from parsers.article import Article, Dateline, Photo
from parsers.errors import ParseError
from parsers.extract import parse_article

__all__ = ["Article", "Dateline", "ParseError", "Photo", "parse_article"]
