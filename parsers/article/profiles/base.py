"""What a site profile may say: selectors per field, the hosts it serves and its dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Profile:
    """Selectors that override the generic extractor for one site version (None: use the generic rule)."""

    name: str
    version: str
    domains: tuple[str, ...]
    valid_from: date | None = None
    # A selector present on pages of this version; None matches every page of the domains.
    marker: str | None = None
    headline: str | None = None
    # Which headline the site treats as the article's own: "ld" (structured data), "og" or "h1"; None means
    # "h1" when the profile gives a headline selector, else "ld".
    headline_source: str | None = None
    body: str | None = None
    byline: str | None = None
    figure: str = "figure"
    agency: str | None = None

    @property
    def key(self) -> str:
        """The name a source's settings give this site's profiles by: the stem of its first domain."""
        return self.domains[0].split(".")[0]
