"""Where the article lives and what language it is in: canonical URL and language code."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from parsers.article.document import Page
from parsers.article.structured import as_text
from parsers.article.text import clean

_ALNUM = re.compile(r"[\W_]+")
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


def site_names(page: Page) -> set[str]:
    """Keys (lower-case letters and digits) of the names the site goes by: og:site_name, host, publisher."""
    names = {name_key(page.meta.get("og:site_name", "")), name_key(page.meta.get("application-name", ""))}
    host = (urlsplit(page.url).hostname or "").lower().removeprefix("www.")
    names.update((name_key(host), name_key(host.split(".")[0])))
    publisher = page.article_ld.get("publisher")
    if isinstance(publisher, dict):
        names.add(name_key(as_text(publisher.get("name")) or ""))
    names.discard("")
    return names


def is_site_name(text: str, names: set[str]) -> bool:
    key = name_key(text)
    return (
        bool(key)
        and len(text) < 60
        and any(key == name or (len(name) > 3 and (name in key or key in name)) for name in names)
    )


def name_key(text: str) -> str:
    return _ALNUM.sub("", text.lower())


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
