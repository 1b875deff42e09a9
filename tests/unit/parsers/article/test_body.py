"""Unit tests of the body rules, each on a small page written for the rule."""

from __future__ import annotations

from parsers.article.document import load
from parsers.article.fields.body import body
from parsers.article.text import node_text

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


def test_text_written_straight_into_the_body_between_headings_and_breaks() -> None:
    inner = f"<div><p>{FIRST}</p><h2>Detours</h2>{SECOND}<br><br>{THIRD}<br></div>"
    assert paragraphs(inner) == [FIRST, "Detours", SECOND, THIRD]


def test_unclosed_paragraph_ends_at_the_box_it_holds() -> None:
    # lxml leaves an <aside> (unknown to its HTML 4 rules) inside the open <p>.
    inner = f"<div><p>{FIRST}<aside><h4>Related</h4><p>Another story</p></aside><p>{SECOND}</p><p>{THIRD}</div>"
    assert paragraphs(inner) == [FIRST, SECOND, THIRD]


def test_run_of_inline_elements_only_is_a_label_not_prose() -> None:
    date = "<time class='article-date'>First published on 30/04/2024 - 16:17</time>"
    teaser = "<span>An earlier video about the bridge and its long history. 18.04.2024 | 3:18 min</span>"
    inner = f"<div><p>{FIRST}</p>{date}<p>{SECOND}</p>{teaser}<p>{THIRD}</p></div>"
    assert paragraphs(inner) == [FIRST, SECOND, THIRD]


def test_link_around_blocks_is_a_teaser_of_another_page() -> None:
    teaser = "<a href='/other'><h3>Bridge works elsewhere</h3><p>How the next town handled its own repairs.</p></a>"
    inner = f"<div><p>{FIRST}</p><p>{SECOND}</p><div>{teaser}</div><p>{THIRD}</p></div>"
    assert paragraphs(inner) == [FIRST, SECOND, THIRD]


def test_next_story_appended_below_is_left_out() -> None:
    first = f"<article><h1>Bridge to close</h1><div class='text'><p>{FIRST}</p><p>{SECOND}</p></div></article>"
    longer = " ".join([THIRD] * 3)
    second = f"<article><h1>Budget passed</h1><div class='text'><p>{longer}</p><p>{longer}</p></div></article>"
    assert paragraphs(first + second) == [FIRST, SECOND]


def test_standfirst_that_rewords_the_description() -> None:
    description = "The old bridge closes for a year of repairs. How will the town cope?"
    standfirst = "The old bridge will close for a whole year of repairs, the council says. How will the town cope?"
    html = (
        f"<html><body><div><p class='x1'>{standfirst}</p></div>"
        f"<div class='y2'><p>{FIRST}</p><p>{SECOND}</p><p>{THIRD}</p></div></body></html>"
    )
    assert body(load(html, URL), description).paragraphs == (standfirst, FIRST, SECOND, THIRD)


def test_paragraph_with_few_words_of_the_description_is_no_standfirst() -> None:
    description = "The old bridge closes for a year of repairs. How will the town cope?"
    other = "The mayor said the old roads through the town would carry the traffic for now."
    html = (
        f"<html><body><div><p class='x1'>{other}</p></div>"
        f"<div class='y2'><p>{FIRST}</p><p>{SECOND}</p><p>{THIRD}</p></div></body></html>"
    )
    assert body(load(html, URL), description).paragraphs == (FIRST, SECOND, THIRD)


def test_standfirst_at_the_top_of_the_body_though_its_class_says_teaser() -> None:
    description = "The old bridge closes for a year. Drivers face long detours, and the shops worry."
    html = (
        f"<html><body><div class='article-body'><p class='article__teaser'>{description}</p>"
        f"<p>{FIRST}</p><p>{SECOND}</p><p>{THIRD}</p></div></body></html>"
    )
    assert body(load(html, URL), description).paragraphs == (description, FIRST, SECOND, THIRD)


def test_list_of_linked_headlines_with_summaries_is_left_out() -> None:
    card = (
        "<div class='card'><h3><a href='/{0}'>Story number {0} of the week</a></h3>"
        "<p>A line or two that sums up story number {0} for the reader.</p></div>"
    )
    cards = "".join(card.format(n) for n in (1, 2, 3))
    inner = f"<div><p>{FIRST}</p><p>{SECOND}</p><p>{THIRD}</p><section><div class='row'>{cards}</div></section></div>"
    assert paragraphs(inner) == [FIRST, SECOND, THIRD]


def test_paragraphs_around_single_links_stay() -> None:
    inner = f"<div><p>{FIRST}</p><p><a href='/a'>More on the bridge</a></p><p>{SECOND}</p><p>{THIRD}</p></div>"
    assert paragraphs(inner) == [FIRST, SECOND, THIRD]


def test_heading_that_ends_the_body_is_a_label_of_something_left_out() -> None:
    inner = f"<div><p>{FIRST}</p><h2>Detours</h2><p>{SECOND}</p><p>{THIRD}</p><h3>Elsewhere in the region</h3></div>"
    assert paragraphs(inner) == [FIRST, "Detours", SECOND, THIRD]


def test_css_module_class_names_by_their_local_name() -> None:
    # "Component_local__hash": the hash hides the words; the component ("PollTeaser") is context, like a BEM block.
    poll = "<div class='Article_elementPoll__0I_DP'><p>Should the old bridge close for a whole year?</p></div>"
    inner = (
        f"<section class='Article_body__60Liu'><p>{FIRST}</p>{poll}"
        f"<div class='PollTeaser_text__a1B2c'><p>{SECOND}</p></div><p>{THIRD}</p></section>"
    )
    assert paragraphs(inner) == [FIRST, SECOND, THIRD]


def test_fact_box_longer_than_the_story_is_left_out() -> None:
    facts = "".join(
        f"<p>Fact {n}: the old bridge carried twelve thousand cars a day before it was closed.</p>" for n in range(6)
    )
    box = f"<div class='article-factbox'>{facts}</div>"
    inner = f"<div class='article-body'><p>{FIRST}</p>{box}<p>{SECOND}</p><p>{THIRD}</p></div>"
    assert paragraphs(inner) == [FIRST, SECOND, THIRD]


def test_element_named_by_another_furniture_word_and_holding_most_text_stays() -> None:
    inner = f"<div class='article-body'><p>{FIRST}</p><div class='gallery'><p>{SECOND}</p><p>{THIRD}</p></div></div>"
    assert paragraphs(inner) == [FIRST, SECOND, THIRD]


def test_short_calls_to_the_reader_are_left_out_in_several_languages() -> None:
    calls = [
        "Got a story? Get in touch with our news team by email.",
        "For more stories like this, check our news page.",
        "Folgen Sie uns auf WhatsApp!",
        "Jetzt abonnieren und weiterlesen",
        "Abonnez-vous à notre newsletter",
        "Czytaj więcej",
        "Les også:",
        "Mehr zur Lage lesen Sie in unserem Liveblog:",
    ]
    inner = (
        f"<div><p>{FIRST}</p>" + "".join(f"<p>{call}</p>" for call in calls) + f"<p>{SECOND}</p><p>{THIRD}</p></div>"
    )
    assert paragraphs(inner) == [FIRST, SECOND, THIRD]


def test_story_sentences_with_the_words_of_a_call_stay() -> None:
    sentences = [
        "Follow the money, the inspector told the council, and the delays of the works explain themselves.",
        "As the ministry wrote in its live blog, the bridge will close on Monday.",
        "Got a story about the bridge, the mayor asked the crowd; " + "and dozens of drivers told theirs. " * 6,
    ]
    inner = f"<div><p>{FIRST}</p>" + "".join(f"<p>{s.strip()}</p>" for s in sentences) + f"<p>{SECOND}</p></div>"
    assert paragraphs(inner) == [FIRST, *(s.strip() for s in sentences), SECOND]


def test_story_card_inside_the_body_is_a_teaser_of_another_page() -> None:
    card = "<article><p>Since March the ferry has carried the commuters the old bridge used to carry.</p></article>"
    inner = f"<div><p>{FIRST}</p><p>{SECOND}</p>{card}<p>{THIRD}</p></div>"
    assert paragraphs(inner) == [FIRST, SECOND, THIRD]


def test_posts_of_a_live_blog_each_an_article_stay() -> None:
    inner = f"<div><p>{FIRST}</p><article><p>{SECOND}</p></article><article><p>{THIRD}</p></article></div>"
    assert paragraphs(inner) == [FIRST, SECOND, THIRD]
