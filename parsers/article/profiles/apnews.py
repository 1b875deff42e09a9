"""AP News (apnews.com): the React template (V1, until early 2024) and the Brightspot one (V1_1)."""

from __future__ import annotations

from datetime import date

from parsers.article.profiles.base import Profile

APNEWS_V1 = Profile(
    name="AP News",
    version="V1",
    domains=("apnews.com",),
    marker='div.Article[data-key="article"]',
    headline='h1[class*="Component-heading"]',
    headline_source="ld",
    body='div.Article[data-key="article"]',
    byline='span[class*="Component-bylines"]',
    figure="figure",
    agency="AP",
)
APNEWS_V1_1 = Profile(
    name="AP News",
    version="V1_1",
    domains=("apnews.com",),
    valid_from=date(2024, 2, 1),
    marker="div.RichTextStoryBody.RichTextBody",
    headline="h1.Page-headline",
    headline_source="ld",
    body="div.RichTextStoryBody",
    byline="div.Page-authors",
    # Lead photos are carousel slides, each with its picture and its caption.
    figure="div.CarouselSlide, figure",
    agency="AP",
)
