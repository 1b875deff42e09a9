"""Pure text and URL fingerprints for deduplication (no I/O)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_QUOTES = str.maketrans({c: "'" for c in "‘’‚‛′`´«»‹›"} | {c: '"' for c in "“”„‟″"})
_DASHES = re.compile(r"[‐‑‒–—―−]")
_NON_WORD = re.compile(r"[^\w\s]+")
_SPACE = re.compile(r"\s+")

_TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid", "_ga", "ref_src", "cmpid"}
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def normalise_text(text: str) -> str:
    """NFKC, lower case, quotes and dashes unified, punctuation dropped, white space collapsed."""
    text = unicodedata.normalize("NFKC", text).lower().translate(_QUOTES)
    text = _DASHES.sub("-", text)
    return _SPACE.sub(" ", _NON_WORD.sub(" ", text)).strip()


def content_hash(text: str) -> str:
    """SHA-256 hex digest of the normalised word sequence of ``text``."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def _is_tracking(key: str) -> bool:
    k = key.lower()
    return k.startswith("utm_") or k in _TRACKING_PARAMS


def canonical_url(url: str) -> str:
    """Normalise a URL: lower-case scheme and host, default port, fragment and tracking parameters removed."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if parts.port and parts.port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{parts.port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)])
    return urlunsplit((scheme, host, parts.path or "/", query, ""))
