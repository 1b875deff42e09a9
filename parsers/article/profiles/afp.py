"""The AFP agency page template (article.article-afp): dateline lead-in, file-photo figure, © line."""

from __future__ import annotations

from parsers.article.profiles.base import Profile

AFP_V1 = Profile(
    name="AFP",
    version="V1",
    domains=("afp.com",),
    marker="article.article-afp",
    headline="article.article-afp h1.article-title",
    body="article.article-afp div.article-text",
    byline="article.article-afp .article-byline",
    figure="article.article-afp figure",
    agency="AFP",
)
