"""What document.load drops before building the tree: the written-out pattern drops what the plain one does."""

from __future__ import annotations

import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.article.document import _INERT, _keep_json_ld

# The plain statement of _INERT: an element runs to the first closing tag of its name.
PLAIN = re.compile(
    r"<(script|style|svg|template|iframe|nav|select|button)(?=[\s/>])[^>]*>.*?</\1\s*>|<!--.*?-->",
    re.IGNORECASE | re.DOTALL,
)
PIECES = st.sampled_from(
    [
        *("<script>", "<SCRIPT type='application/ld+json'>", "</script>", "</ScRiPt >", "</script\n>", "</scripts>"),
        *("<svg/>", "<svg", "</svg>", "<nav>", "</nav>", "<nav-bar>", "<button>", "</button >", "<style>"),
        *("</style>", "<iframe src=x>", "</iframe>", "<!--", "-->", "<", ">", "/", "</", "x", " ", "\n", "<p>"),
    ]
)


@settings(max_examples=500)
@given(st.lists(PIECES, max_size=30))
def test_drops_what_the_plain_pattern_drops(pieces: list[str]) -> None:
    markup = "".join(pieces)
    assert _INERT.sub(_keep_json_ld, markup) == PLAIN.sub(_keep_json_ld, markup)


def test_an_unclosed_script_full_of_tags_is_linear() -> None:
    markup = "<p>x</p><script>" + "<a href='#'>" * 50_000
    start = time.perf_counter()
    assert _INERT.sub(_keep_json_ld, markup) == markup
    assert time.perf_counter() - start < 2
