"""The article extractor: parse once, then each field from its own module, with a per-field failure policy.

A field whose extractor fails yields its empty value and a warning in ``Article.warnings``; with
``strict=True`` the failure raises ``ParseError`` instead, so tests see it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from parsers.article import garbage, profiles
from parsers.article.document import Page, load
from parsers.article.fields import body as body_field
from parsers.article.fields import (
    body_credit,
    body_fallback,
    dates,
    fine_print,
    headline,
    identity,
    photos,
    printed_captions,
    provenance,
)
from parsers.article.fields import byline as byline_field
from parsers.article.fields import dateline as dateline_field
from parsers.article.model import Article, Dateline, Photo
from parsers.article.profiles.base import Profile
from parsers.errors import ParseError

T = TypeVar("T")


class _Fields:
    """Runs field extractors under the failure policy and collects the warnings."""

    def __init__(self, strict: bool) -> None:
        self.strict = strict
        self.warnings: list[str] = []

    def run(self, name: str, extract: Callable[[], T], empty: T) -> T:
        try:
            return extract()
        except Exception as exc:
            if self.strict:
                raise ParseError(f"{name}: {exc!r}") from exc
            self.warnings.append(f"{name}: {type(exc).__name__}: {exc}")
            return empty


def parse_article(
    html: str | bytes,
    url: str,
    *,
    content_type: str | None = None,
    strict: bool = False,
    profile: str | None = None,
) -> Article:
    """Parse one article page; ``ParseError`` when the document is not a parseable HTML page.

    ``profile`` names the site profile to apply (``profiles.known_keys()``; ``"generic"`` for none); by default
    the profile is chosen by the URL's host. An unknown name is a ``ValueError``.
    """
    if profile is not None and profile not in profiles.known_keys():
        raise ValueError(f"unknown site profile {profile!r} (known: {', '.join(profiles.known_keys())})")
    with garbage.collected_after():  # the page's tree is garbage once _parsed returns
        return _parsed(html, url, content_type, _Fields(strict), profile)


def _parsed(html: str | bytes, url: str, content_type: str | None, fields: _Fields, profile: str | None) -> Article:
    page = load(html, url, content_type)
    chosen = fields.run("profile", lambda: profiles.for_page(url, page.soup, key=profile), None)
    return _article(page, chosen or _GENERIC, fields)


_GENERIC = Profile(name="generic", version="V1", domains=())


def _article(page: Page, profile: Profile, fields: _Fields) -> Article:
    description = page.meta.get("og:description") or page.meta.get("description")
    text = fields.run("body", lambda: body_field.body(page, description, profile.body), body_field.Body((), None, None))
    if not profile.body:  # a site profile's container is known right: no fallback
        text = fields.run("body fallback", lambda: _with_fallback(page, text, fields.warnings), text)
    no_photos: tuple[Photo, ...] = ()
    pics = fields.run("photos", lambda: photos.photos(page, profile.figure, text.container), no_photos)
    text = fields.run("printed captions", lambda: _without_captions(text, pics), text)
    by = fields.run("byline", lambda: byline_field.byline(page, profile.byline, text), byline_field.Byline(None, ()))
    story = fields.run("credit line", lambda: _without_credit_line(text, by.authors), text.paragraphs)
    uncut: tuple[Dateline | None, tuple[str, ...], int] = (None, story, 0)
    dateline, paragraphs, where = fields.run("dateline", lambda: dateline_field.cut(story), uncut)
    rights = fields.run("copyright", lambda: provenance.copyright_line(page, text.container, text.copyright), None)
    agency = fields.run(
        "agency",
        lambda: provenance.agency(dateline, _credited(by), rights, page.article_ld, pics, text.container),
        None,
    )
    return Article(
        url=page.url,
        canonical_url=fields.run("canonical_url", lambda: identity.canonical_url(page), None),
        headline=fields.run(
            "headline", lambda: headline.headline(page, profile.headline, profile.headline_source), None
        ),
        dateline=dateline,
        dateline_index=where,
        byline=by.text,
        authors=by.authors,
        paragraphs=paragraphs,
        photos=pics,
        published_at=fields.run(
            "published_at", lambda: dates.published_at(page, dateline.date if dateline else None), None
        ),
        updated_at=fields.run("updated_at", lambda: dates.updated_at(page), None),
        language=fields.run("language", lambda: identity.language(page, paragraphs), None),
        agency=agency or profile.agency,
        copyright=rights,
        fine_print=fields.run("fine print", lambda: fine_print.fine_print(text.container, paragraphs), False),
        warnings=tuple(fields.warnings),
    )


def _with_fallback(page: Page, found: body_field.Body, warnings: list[str]) -> body_field.Body:
    """The fallback body where the container search found nothing or too little, with its warning."""
    better = body_fallback.fallback(page, found)
    if better is None:
        return found
    warnings.append(body_fallback.FALLBACK)
    return better


def _without_captions(text: body_field.Body, pics: tuple[Photo, ...]) -> body_field.Body:
    """The body without the captions and photo credits it prints as paragraphs."""
    return replace(text, paragraphs=printed_captions.without_captions(text.paragraphs, pics))


def _without_credit_line(text: body_field.Body, authors: tuple[str, ...]) -> tuple[str, ...]:
    """The body without its first or last paragraph when that is the credit line the authors came from
    ("Von Max Muster", "Texto: Ana López"): a byline printed in the body is not article text."""
    paragraphs = text.paragraphs
    if not authors or len(paragraphs) < 2 or min(len(paragraphs[0]), len(paragraphs[-1])) > body_credit.MAX_LINE:
        return paragraphs  # no short paragraph at either end: no credit line to take out
    found = body_credit.credit_line(text.container, paragraphs)
    if found is None or not set(found[1]) <= set(authors):
        return paragraphs
    line = found[0]
    if paragraphs[0] == line:
        return paragraphs[1:]
    return paragraphs[:-1] if paragraphs[-1] == line else paragraphs


def _credited(by: byline_field.Byline) -> tuple[str, ...]:
    """The authors, then the agency their byline names as their employer."""
    return (*by.authors, by.agency) if by.agency else by.authors
