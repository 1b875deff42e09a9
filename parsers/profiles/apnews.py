"""AP News (apnews.com): the Brightspot templates."""

from __future__ import annotations

from datetime import date

from parsers.profiles.base import Profile

APNEWS_V1 = Profile(
    name="AP News",
    version="V1",
    domains=("apnews.com",),
    valid_until=date(2024, 2, 1),
    marker="div.RichTextStoryBody",
    headline="h1.Page-headline, div.CardHeadline h1",
    body="div.RichTextStoryBody",
    byline="div.Page-authors, div.CardHeadline-By",
    figure="figure.Figure, div.LeadFeature figure, figure",
    agency="AP",
)
APNEWS_V1_1 = Profile(
    name="AP News",
    version="V1_1",
    domains=("apnews.com",),
    valid_from=date(2024, 2, 1),
    marker="div.RichTextStoryBody.RichTextBody",
    headline="h1.Page-headline",
    body="div.RichTextStoryBody",
    byline="div.Page-authors",
    figure="figure.Figure, figure",
    agency="AP",
)
