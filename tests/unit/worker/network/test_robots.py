"""robots.txt rules read by RFC 9309: a table of the RFC's own examples, and the two rules the old parser got wrong."""

from __future__ import annotations

import pytest

from worker.network.robots import RobotsFile, robots_url

# RFC 9309 section 5.1, the complete example.
RFC_EXAMPLE = """\
User-Agent: *
Disallow: *.gif$
Disallow: /example/
Allow: /publications/

User-Agent: foobot
Disallow:/
Allow:/example/page.html
Allow:/example/allowed.gif

User-Agent: barbot
User-Agent: bazbot
Disallow: /example/page.html

User-Agent: quxbot

EOF
"""
# Section 2.2.1: groups naming the same product token are combined.
MERGED_GROUPS = "user-agent: ExampleBot\ndisallow: /foo\ndisallow: /bar\n\nuser-agent: ExampleBot\ndisallow: /baz\n"
# Section 2.2.2: the most specific (longest) match wins; an equivalent allow wins over a disallow.
LONGEST = "user-agent: *\nallow: /example/page/\ndisallow: /example/page/disallowed.gif\nallow: /tie\ndisallow: /tie\n"
# Section 2.2.3: special characters, and percent-encoded octets in patterns.
SPECIAL = (
    "user-agent: *\ndisallow: /this/path/exactly$\ndisallow: /this/*/deep\n"
    "disallow: /path/file-with-a-%2A.html\ndisallow: /path/foo-%24\ndisallow: /foo/bar/ツ # comment\n"
)
# The two rules issue 11 found broken: an extension anchored with $, and an Allow under a shorter Disallow.
REGRESSIONS = "User-agent: *\nDisallow: /*.pdf$\nDisallow: /news/\nAllow: /news/public/\nDisallow: /*?print=\n"
WIREFEED_GROUP = (
    "User-agent: *\nDisallow: /\nCrawl-delay: 9\n\nUser-agent: Wirefeed\nDisallow: /drafts/\nCrawl-delay: 2\n"
)

UA = "wirefeed/0.1 (+https://wirefeed.example; ops@wirefeed.example)"

CASES = [
    (RFC_EXAMPLE, "mybot", "/picture.gif", False),
    (RFC_EXAMPLE, "mybot", "/picture.gif?size=2", True),  # $ ends the pattern: a query is more than it
    (RFC_EXAMPLE, "mybot", "/example/page.html", False),
    (RFC_EXAMPLE, "mybot", "/publications/2020.html", True),
    (RFC_EXAMPLE, "foobot", "/example/page.html", True),
    (RFC_EXAMPLE, "foobot", "/example/allowed.gif", True),
    (RFC_EXAMPLE, "FooBot/2.1", "/anything", False),  # product tokens match case-insensitively
    (RFC_EXAMPLE, "barbot", "/example/page.html", False),
    (RFC_EXAMPLE, "bazbot", "/example/page.html", False),
    (RFC_EXAMPLE, "bazbot", "/example/other.gif", True),  # its own group only: the * group's rules do not add up
    (RFC_EXAMPLE, "quxbot", "/example/page.html", True),  # an empty group allows everything
    (MERGED_GROUPS, "ExampleBot", "/foo", False),
    (MERGED_GROUPS, "ExampleBot", "/bar", False),
    (MERGED_GROUPS, "ExampleBot", "/baz", False),
    (MERGED_GROUPS, "OtherBot", "/foo", True),  # no group for it and no * group: no rules apply
    (LONGEST, "mybot", "/example/page/", True),
    (LONGEST, "mybot", "/example/page/disallowed.gif", False),
    (LONGEST, "mybot", "/tie", True),
    (SPECIAL, "mybot", "/this/path/exactly", False),
    (SPECIAL, "mybot", "/this/path/exactly/more", True),
    (SPECIAL, "mybot", "/this/a/b/deep", False),
    (SPECIAL, "mybot", "/path/file-with-a-*.html", False),
    (SPECIAL, "mybot", "/path/file-with-a-x.html", True),  # %2A is a literal star, not a wildcard
    (SPECIAL, "mybot", "/path/foo-$", False),
    (SPECIAL, "mybot", "/foo/bar/%E3%83%84", False),  # section 5.2: UTF-8 in a pattern matches its %-encoding
    (SPECIAL, "mybot", "/robots.txt", True),  # section 2.2.2: /robots.txt is always allowed
    (REGRESSIONS, UA, "/files/report.pdf", False),
    (REGRESSIONS, UA, "/files/report.pdf?download=1", True),
    (REGRESSIONS, UA, "/news/public/2026/story.html", True),
    (REGRESSIONS, UA, "/news/2026/story.html", False),
    (REGRESSIONS, UA, "/world/story.html?print=1", False),
    (REGRESSIONS, UA, "/world/story.html", True),
    (WIREFEED_GROUP, UA, "/news/1", True),  # our product token in the full User-Agent picks our group
    (WIREFEED_GROUP, UA, "/drafts/1", False),
    (WIREFEED_GROUP, "otherbot/1.0", "/news/1", False),
]


@pytest.mark.parametrize(("text", "agent", "path", "allowed"), CASES, ids=[f"{c[1][:12]}{c[2]}" for c in CASES])
def test_rfc9309_rules(text: str, agent: str, path: str, allowed: bool) -> None:
    verdict = RobotsFile("rules", text).verdict("https://www.example.com" + path, agent)
    assert verdict.allowed is allowed


def test_crawl_delay_comes_from_the_matching_group() -> None:
    robots = RobotsFile("rules", WIREFEED_GROUP)
    assert robots.verdict("https://www.example.com/a", UA).crawl_delay == 2.0
    assert robots.verdict("https://www.example.com/a", "otherbot").crawl_delay == 9.0
    assert RobotsFile("rules", REGRESSIONS).verdict("https://www.example.com/a", UA).crawl_delay is None


def test_no_rules_allow_everything() -> None:
    verdict = RobotsFile("none").verdict("https://www.example.com/private/", UA)
    assert (verdict.allowed, verdict.crawl_delay) == (True, None)


def test_robots_url_is_per_scheme_host_and_port() -> None:
    assert robots_url("https://News.Example.com:8443/a/b?c=d") == "https://news.example.com:8443/robots.txt"
