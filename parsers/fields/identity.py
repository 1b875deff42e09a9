"""Where the article lives and what language it is in: canonical URL and language code."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from parsers.document import Page
from parsers.structured import as_text
from parsers.text import clean

LANGUAGE_META = ("content-language", "og:locale", "language", "dc.language", "inlanguage")
_LANG = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*$")


def canonical_url(page: Page) -> str | None:
    meta, base_url = page.meta, page.url
    for link in page.named("link"):
        rel = link.get("rel")
        if not rel or not link.get("href"):
            continue
        rels = rel if isinstance(rel, list) else str(rel).split()
        if "canonical" in [r.lower() for r in rels]:
            return urljoin(base_url, clean(str(link["href"])))
    og = meta.get("og:url")
    return urljoin(base_url, og) if og else None


def language(page: Page) -> str | None:
    html = page.named("html")[:1]
    candidates = [str(html[0].get("lang") or html[0].get("xml:lang") or "") if html else ""]
    candidates.append(as_text(page.article_ld.get("inLanguage")) or "")
    candidates.extend(page.meta.get(key, "") for key in LANGUAGE_META)
    for raw in candidates:
        match = _LANG.match(raw.strip().split(",")[0].strip())
        if match:
            return match.group(1).lower()
    return None
