"""One module per field; each reads a parsed ``Page`` and returns that field's value."""

from __future__ import annotations
