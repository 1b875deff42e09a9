"""Unit tests of the body rules, each on a small page written for the rule."""

from __future__ import annotations

from parsers.document import load
from parsers.fields.body import body
from parsers.text import node_text

URL = "https://news.example/story"
FIRST = "The council voted on Tuesday to close the old bridge for repairs lasting a year."
SECOND = "Drivers will be sent through the town centre, which shopkeepers welcomed warmly."
THIRD = "The works are expected to cost four million euros, paid for by the regional budget."


def paragraphs(inner: str) -> list[str]:
    html = f"<html><body><header>News Example</header><main>{inner}</main><footer>Contact</footer></body></html>"
    return list(body(load(html, URL)).paragraphs)


def test_ruby_reading_is_kept_in_its_parentheses() -> None:
    page = load("<p>韓国の<ruby><rb>尹錫悦</rb><rp>（</rp><rt>ユンソンニョル</rt><rp>）</rp></ruby>大統領</p>", URL)
    assert node_text(page.soup.p) == "韓国の尹錫悦（ユンソンニョル）大統領"


def test_ruby_reading_without_parentheses_gets_them() -> None:
    page = load("<p><ruby>東京<rt>とうきょう</rt></ruby>に着いた</p>", URL)
    assert node_text(page.soup.p) == "東京（とうきょう）に着いた"
