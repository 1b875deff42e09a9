"""Fine print: the body's last paragraph set in italics or small print is marked; the body keeps it."""

from __future__ import annotations

import pytest

from parsers import parse_article

STORY = "<p>" + " ".join(["The forces of the strongman rained rockets on the capital early on Tuesday."] * 3) + "</p>"
OTHER = "<p>" + " ".join(["Several homes were hit around the airbase in the eastern suburbs of the city."] * 3) + "</p>"
LINE = "This story was provided by the wire and edited for our readers in the region."


def parse(last: str) -> tuple[bool, str]:
    html = f"<html><body><article><h1>Rockets hit the capital</h1>{STORY}{OTHER}{last}</article></body></html>"
    article = parse_article(html.encode(), "https://www.citypost.example/a")
    return article.fine_print, article.paragraphs[-1]


@pytest.mark.parametrize(
    "last",
    [
        f"<p><em>{LINE}</em></p>",
        f"<p><small>{LINE}</small></p>",
        f"<p><span class='note'><em>{LINE}</em></span></p>",
        f'<p class="article-disclaimer">{LINE}</p>',
        f'<p style="font-size: 0.8em">{LINE}</p>',
    ],
)
def test_a_last_paragraph_in_italics_or_small_print_is_marked(last: str) -> None:
    assert parse(last) == (True, LINE)


@pytest.mark.parametrize("last", [f"<p>{LINE}</p>", "<p>This story was <em>provided</em> by the wire.</p>"])
def test_a_plain_or_partly_emphasised_last_paragraph_is_not(last: str) -> None:
    assert parse(last)[0] is False


def test_an_italic_paragraph_before_the_last_is_not() -> None:
    assert parse(f"<p><em>{LINE}</em></p><p>{LINE} And more words.</p>")[0] is False
