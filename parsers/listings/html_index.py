"""HTML index pages: article links picked by a CSS selector (by default every link on the same host)."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit, urlunsplit

from bs4 import BeautifulSoup, Tag
from soupsieve import SelectorSyntaxError

from parsers.listings.model import Listing, ListingEntry, ListingError

DEFAULT_LINK_SELECTOR = "a[href]"
_SPACE = re.compile(r"\s+")


def _absolute(href: str, base: str) -> str | None:
    parts = urlsplit(urljoin(base, href.strip()))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return urlunsplit(parts._replace(fragment=""))


def _base(soup: BeautifulSoup, url: str) -> str:
    base = soup.find("base", href=True)
    return urljoin(url, str(base["href"])) if isinstance(base, Tag) else url


def parse_html_index(body: bytes, url: str, link_selector: str | None = None) -> Listing:
    soup = BeautifulSoup(body, "lxml")
    base = _base(soup, url)
    try:
        anchors = soup.select(link_selector or DEFAULT_LINK_SELECTOR)
    except SelectorSyntaxError as exc:
        raise ListingError(f"bad link selector {link_selector!r}: {exc}") from exc
    host = urlsplit(url).netloc
    seen: dict[str, ListingEntry] = {}
    for anchor in anchors:
        link = anchor if anchor.get("href") else anchor.find("a", href=True)
        target = _absolute(str(link["href"]), base) if isinstance(link, Tag) else None
        if not target or target in seen or target.rstrip("/") == url.rstrip("/"):
            continue
        if link_selector is None and urlsplit(target).netloc != host:
            continue
        seen[target] = ListingEntry(url=target, title=_SPACE.sub(" ", anchor.get_text(" ")).strip() or None)
    title = soup.title.get_text().strip() if soup.title else None
    return Listing(kind="html", entries=tuple(seen.values()), title=title or None)
