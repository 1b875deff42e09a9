"""First-cut article extractor (headline, body, published time, photos from <figure>).

Replaced field by field by the full extractor (issue 3); the signature stays.
"""

from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup, Tag

from parsers.article import Article, Photo
from parsers.errors import ParseError

_SPACE = re.compile(r"\s+")


def _text(node: Tag) -> str:
    return _SPACE.sub(" ", node.get_text(" ")).strip()


def _meta(soup: BeautifulSoup, key: str) -> str | None:
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    content = tag.get("content") if isinstance(tag, Tag) else None
    return str(content).strip() if content else None


def _json_ld(soup: BeautifulSoup) -> dict[str, object]:
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            data = json.loads(script.string or "")
        except ValueError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict) and "headline" in item:
                return item
    return {}


def parse_article(html: str | bytes, url: str) -> Article:
    if not html or not html.strip():
        raise ParseError("empty document")
    soup = BeautifulSoup(html, "lxml")
    ld = _json_ld(soup)
    h1 = soup.find("h1")
    headline = str(ld.get("headline") or "") or (_text(h1) if isinstance(h1, Tag) else None)
    root = soup.find("article") or soup.body or soup
    photos = []
    for fig in root.find_all("figure"):
        img = fig.find("img")
        cap = fig.find("figcaption")
        photos.append(
            Photo(
                url=str(img.get("src")) if isinstance(img, Tag) and img.get("src") else None,
                caption=_text(cap) if isinstance(cap, Tag) else None,
            )
        )
        fig.decompose()
    paragraphs = tuple(t for p in root.find_all("p") if (t := _text(p)))
    canonical = soup.find("link", rel="canonical")
    html_tag = soup.find("html")
    return Article(
        url=url,
        canonical_url=str(canonical["href"]) if isinstance(canonical, Tag) and canonical.get("href") else None,
        headline=headline or None,
        paragraphs=paragraphs,
        photos=tuple(photos),
        published_at=str(ld.get("datePublished") or "") or _meta(soup, "article:published_time"),
        language=str(html_tag.get("lang")) if isinstance(html_tag, Tag) and html_tag.get("lang") else None,
    )
