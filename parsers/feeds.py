"""Listings into entries (kept for the callers of the first cut): see :mod:`parsers.listings`."""

from __future__ import annotations

from parsers.listings import Listing, ListingEntry, ListingError, parse_listing

__all__ = ["Listing", "ListingEntry", "ListingError", "parse_listing"]
