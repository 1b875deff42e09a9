"""Site profiles: small declarative overrides of the generic extractor's selectors, one tuple registers all.

A profile says where a site keeps each field (CSS selectors), for which hosts, and since when. When a site is
redesigned, add a dated version beside the old one; the newest version whose ``marker`` matches the page wins.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from parsers.article.profiles.afp import AFP_V1
from parsers.article.profiles.apnews import APNEWS_V1, APNEWS_V1_1
from parsers.article.profiles.base import Profile

# Every profile in force; order does not matter (versions are chosen by date and marker).
PROFILES: tuple[Profile, ...] = (APNEWS_V1, APNEWS_V1_1, AFP_V1)


# The key that turns profiles off for a source: the generic extractor only.
GENERIC = "generic"


def known_keys(profiles: tuple[Profile, ...] = PROFILES) -> tuple[str, ...]:
    """The names a source may give in its ``profile`` setting."""
    return (GENERIC, *sorted({p.key for p in profiles}))


def for_page(
    url: str, soup: BeautifulSoup, profiles: tuple[Profile, ...] = PROFILES, key: str | None = None
) -> Profile | None:
    """The newest profile whose marker is on the page: of the site ``key`` names (a partner republishing in
    an agency's template, say), else of the URL's host. ``key="generic"`` means none."""
    if key == GENERIC:
        return None
    if key is not None:
        matching = [p for p in profiles if p.key == key]
    else:
        host = (urlsplit(url).hostname or "").lower()
        matching = [p for p in profiles if any(host == d or host.endswith("." + d) for d in p.domains)]
    # A page showing none of the versions' markers is in a template no profile knows: the generic rules.
    for profile in sorted(matching, key=lambda p: p.valid_from or date.min, reverse=True):
        if profile.marker is None or soup.select_one(profile.marker) is not None:
            return profile
    return None


__all__ = ["GENERIC", "PROFILES", "Profile", "for_page", "known_keys"]
