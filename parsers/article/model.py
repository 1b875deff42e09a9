"""The parsed article: the contract between the parser and everything downstream."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Dateline:
    """The filing lead-in of wire copy, e.g. ``TRIPOLI, Libya (AFP) —``."""

    text: str
    city: str | None = None
    region: str | None = None
    country: str | None = None
    agency: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class Photo:
    """An editorial photo of the article: caption without the credit, credit on its own."""

    url: str | None
    caption: str | None = None
    credit: str | None = None


@dataclass(frozen=True)
class Article:
    """Everything the parser extracts from one article page.

    Times are ISO 8601 strings with their UTC offset (``2020-06-02T08:15:00+00:00``) or None.
    """

    url: str
    canonical_url: str | None = None
    headline: str | None = None
    dateline: Dateline | None = None
    byline: str | None = None
    authors: tuple[str, ...] = ()
    paragraphs: tuple[str, ...] = ()
    photos: tuple[Photo, ...] = ()
    published_at: str | None = None
    updated_at: str | None = None
    language: str | None = None
    agency: str | None = None
    copyright: str | None = None
    # Index of the paragraph the dateline was cut from (it may follow a standfirst).
    dateline_index: int = field(default=0, compare=False)
    # The page printed the body's last paragraph in italics or small print (a site's footer, credit or pitch).
    fine_print: bool = field(default=False, compare=False)
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    def to_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "canonical_url": self.canonical_url,
            "headline": self.headline,
            "dateline": asdict(self.dateline) if self.dateline else None,
            "byline": self.byline,
            "authors": list(self.authors),
            "paragraphs": list(self.paragraphs),
            "body": self.body,
            "photos": [asdict(p) for p in self.photos],
            "published_at": self.published_at,
            "updated_at": self.updated_at,
            "language": self.language,
            "agency": self.agency,
            "copyright": self.copyright,
        }
