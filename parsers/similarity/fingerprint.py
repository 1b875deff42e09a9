"""Exact fingerprints of an article: its normalised words, content hash, canonical URL, paragraph keys.

Two fetches of the same story must yield the same fingerprint even when the page changed its quote
style, dashes, tracking parameters or case; everything here is a pure function of text or a URL.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from parsers.typography import FINGERPRINT_FOLDS

# Quotes and dashes in their many typographic forms, folded to one each before punctuation is
# dropped, so that an apostrophe inside a word ("don’t" / "don't") always disappears the same way.
_TYPOGRAPHY = str.maketrans(FINGERPRINT_FOLDS)
_APOSTROPHE_IN_WORD = re.compile(r"(?<=\w)'(?=\w)")
# Scripts written without spaces between words: each character counts as a word, so that
# shingles of Chinese or Japanese text are character 5-grams rather than whole sentences.
_UNSPACED = re.compile("([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f])")

# Query parameters that say how a reader arrived, never which page they read.
_TRACKING_NAMES = """
    fbclid gclid dclid gbraid wbraid msclkid yclid twclid igshid ttclid mc_cid mc_eid _ga _gl _hsenc _hsmi
    mkt_tok vero_id oly_anon_id oly_enc_id ocid cmpid cmp smid ito spm s_cid share rss ref_src ref_url
    at_medium at_campaign at_custom1 at_custom2 ns_mchannel ns_source ns_campaign ns_linkname ns_fee
    __twitter_impression amp outputtype
"""
_TRACKING_PARAMS = frozenset(_TRACKING_NAMES.split())
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_AMP_SUFFIX = re.compile(r"(?:/amp/?|\.amp)$")

MIN_KEYED_PARAGRAPH_WORDS = 8
"""Paragraphs shorter than this ("Read more", "Photo: AFP") are too common to identify a story."""


class _Punctuation(dict[int, str]):
    """A ``str.translate`` table mapping punctuation, symbols and controls to a space.

    Built lazily per code point: the full table of 1.1 M code points would cost a second at import.
    """

    def __missing__(self, code: int) -> str:
        char = chr(code)
        category = unicodedata.category(char)
        # Format characters (soft hyphen, zero-width joiner) sit inside words: drop them, not split.
        replacement = "" if category == "Cf" else " " if category[0] in "PSZC" else char
        self[code] = replacement
        return replacement


_PUNCTUATION = _Punctuation()


@lru_cache(maxsize=8192)
def words(text: str) -> tuple[str, ...]:
    """The normalised word sequence of ``text``: NFKC, lower case, quotes and dashes unified,
    apostrophes inside words removed, other punctuation and symbols dropped.

    Cached: one store asks for the words of each paragraph several times (keys, signature, relation)."""
    folded = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY).lower()
    folded = _APOSTROPHE_IN_WORD.sub("", folded)
    folded = _UNSPACED.sub(r" \1 ", folded.translate(_PUNCTUATION))
    return tuple(folded.split())


def normalise_text(text: str) -> str:
    """The normalised word sequence joined by single spaces."""
    return " ".join(words(text))


def content_hash(text: str) -> str:
    """sha256 (hex) of the normalised word sequence: equal for re-fetches that differ only in
    typography, case, punctuation or white space."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def paragraphs_hash(paragraphs: Sequence[str]) -> str:
    """``content_hash`` of the paragraphs joined by blank lines (the article's body), from each paragraph's words:
    the store needs those words anyway (keys, shingles), so the body is not normalised a second time."""
    normalised = " ".join(word for paragraph in paragraphs for word in words(paragraph))
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def stable_key(*parts: str | bytes) -> int:
    """A signed 64-bit key (fits a PostgreSQL bigint), stable across processes and machines."""
    digest = hashlib.blake2b(digest_size=8)
    for part in parts:
        digest.update(part.encode("utf-8") if isinstance(part, str) else part)
        digest.update(b"\x1f")
    return int.from_bytes(digest.digest(), "big", signed=True)


def paragraph_key(paragraph: str) -> int | None:
    """The key of one normalised paragraph, or None when it is too short to identify anything."""
    paragraph_words = words(paragraph)
    if len(paragraph_words) < MIN_KEYED_PARAGRAPH_WORDS:
        return None
    return stable_key("paragraph", " ".join(paragraph_words))


def paragraph_keys(paragraphs: Sequence[str]) -> list[int | None]:
    """One key (or None) per paragraph, in order."""
    return [paragraph_key(paragraph) for paragraph in paragraphs]


def normalise_url(url: str) -> str:
    """The URL with what does not change the page removed: tracking parameters, the fragment,
    a default port, an AMP suffix; scheme and host lower-cased, remaining parameters sorted."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if parts.port is not None and _DEFAULT_PORTS.get(scheme) != parts.port:
        host = f"{host}:{parts.port}"
    if parts.username or parts.password:
        host = f"{parts.username or ''}{':' + parts.password if parts.password else ''}@{host}"
    path = _AMP_SUFFIX.sub("", parts.path) or "/"
    query = urlencode(sorted(_kept_params(parts.query)))
    return urlunsplit((scheme, host, path, query, ""))


def _kept_params(query: str) -> list[tuple[str, str]]:
    return [
        (name, value)
        for name, value in parse_qsl(query, keep_blank_values=True)
        if name.lower() not in _TRACKING_PARAMS and not name.lower().startswith(_TRACKING_PREFIXES)
    ]
