"""Where the article lives and what language it is in: canonical URL and language code."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Tag

from parsers.structured import as_text
from parsers.text import clean

LANGUAGE_META = ("content-language", "og:locale", "language", "dc.language", "inlanguage")
_LANG = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*$")


def canonical_url(soup: BeautifulSoup, meta: dict[str, str], base_url: str) -> str | None:
    for link in soup.find_all("link", attrs={"rel": True, "href": True}, limit=200):
        rel = link.get("rel")
        rels = rel if isinstance(rel, list) else str(rel).split()
        if "canonical" in [r.lower() for r in rels]:
            return urljoin(base_url, clean(str(link["href"])))
    og = meta.get("og:url")
    return urljoin(base_url, og) if og else None


def language(soup: BeautifulSoup, meta: dict[str, str], article_ld: dict[str, object]) -> str | None:
    html = soup.find("html")
    candidates = [str(html.get("lang") or html.get("xml:lang") or "") if isinstance(html, Tag) else ""]
    candidates.append(as_text(article_ld.get("inLanguage")) or "")
    candidates.extend(meta.get(key, "") for key in LANGUAGE_META)
    for raw in candidates:
        match = _LANG.match(raw.strip().split(",")[0].strip())
        if match:
            return match.group(1).lower()
    return None
