from __future__ import annotations


class ParseError(ValueError):
    """The document cannot be parsed as an article (empty, not HTML, no text at all...)."""
