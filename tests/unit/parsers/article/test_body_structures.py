"""Unit tests of body rules for page structures met on publishers nobody has tuned for, each on a page of its own."""

from __future__ import annotations

from parsers.article.document import load
from parsers.article.fields.body import body

URL = "https://valley.example/2026/orchard-harvest"
ONE = "Growers in the upper valley began picking apples a fortnight early after a warm and dry September."
TWO = "The cooperative said its cold stores were already half full and asked members to stagger deliveries."
THREE = "Prices at the wholesale market fell slightly on Monday as the first lorries arrived from the hills."


def paragraphs(body_html: str) -> list[str]:
    html = f"<html><head><title>Early harvest</title></head><body>{body_html}</body></html>"
    return list(body(load(html, URL)).paragraphs)


def test_page_wrapped_in_one_form_still_gives_its_story() -> None:
    html = (
        "<form method='post' action='/default.aspx'><div class='menu'><a href='/'>Home</a></div>"
        f"<div class='col'><h1>Early harvest</h1><div class='copy'><p>{ONE}</p><p>{TWO}</p><p>{THREE}</p></div>"
        "</div></form>"
    )
    assert paragraphs(html) == [ONE, TWO, THREE]


def test_story_in_an_aside_column_is_kept_when_it_holds_most_text() -> None:
    html = f"<aside class='two-thirds'><h1>Early harvest</h1><p>{ONE}</p><p>{TWO}</p><p>{THREE}</p></aside>"
    assert paragraphs(html) == [ONE, TWO, THREE]


def test_story_in_the_footer_of_its_article_is_kept_when_it_holds_most_text() -> None:
    transcript = f"<footer class='meta'><div class='transcript'><p>{ONE}</p><p>{TWO}</p><p>{THREE}</p></div></footer>"
    html = f"<article><h1>Early harvest</h1><p>Watch the video.</p>{transcript}</article>"
    assert paragraphs(html) == [ONE, TWO, THREE]


def test_page_footer_longer_than_a_short_story_stays_out() -> None:
    note = "<li><p>Subscribe to the valley paper, offer {}, delivered to your door.</p></li>"
    notes = "".join(note.format(i) for i in range(4))
    html = f"<div class='main'><p>{ONE}</p></div><footer><ul>{notes}</ul></footer>"
    assert paragraphs(html) == [ONE]


def test_aside_holding_a_small_share_stays_out() -> None:
    sidebar = "<aside><p>The weekly market report is published every Friday morning for members.</p></aside>"
    html = f"<div class='copy'><p>{ONE}</p><p>{TWO}</p><p>{THREE}</p></div>{sidebar}"
    assert paragraphs(html) == [ONE, TWO, THREE]


def test_longer_list_of_teaser_cards_does_not_take_the_story_s_place() -> None:
    cards = "".join(
        f"<div class='card'><h4><a href='/n/{i}'>Another valley story {i}</a></h4><p>A summary of another story "
        f"from the valley, number {i}, written to be long enough to count as text.</p></div>"
        for i in range(7)
    )
    html = f"<div class='grid'><div class='list'>{cards}</div><div class='main'><p>{ONE}</p><p>{TWO}</p></div></div>"
    assert paragraphs(html) == [ONE, TWO]


def test_summaries_that_are_links_do_not_count_as_story_text() -> None:
    cards = "".join(
        f"<div><p><a href='/n/{i}'>A linked summary of another story from the valley, number {i}, long enough "
        "to count.</a></p></div>"
        for i in range(6)
    )
    html = f"<div class='more'>{cards}</div><div class='main'><p>{ONE}</p><p>{TWO}</p></div>"
    assert paragraphs(html) == [ONE, TWO]


def test_loose_text_between_breaks_beside_a_picture_block_is_the_story() -> None:
    html = (
        f"<h1>Early harvest</h1><div class='entry'>{ONE}<br><br><div class='pic'><img src='/apples.jpg'></div>"
        f"{TWO}<br><br>{THREE}<br></div><div class='footer-links'><p>Contact the editors.</p></div>"
    )
    assert paragraphs(html) == [ONE, TWO, THREE]


def test_body_printed_in_chunks_of_the_same_markup_is_read_whole() -> None:
    more = " ".join([TWO, THREE, ONE.lower()])
    first = f"<div class='chunk'><div class='text text-1'><p>{ONE}</p></div></div>"
    box = "<div class='aside-box'><a href='/n/1'>Related: apple prices</a></div>"
    second = f"<div class='chunk'><div class='text text-2'><p>{TWO}</p><p>{THREE}</p><p>{more}</p></div></div>"
    html = f"<article><h1>Early harvest</h1>{first}{box}{second}</article>"
    assert paragraphs(html) == [ONE, TWO, THREE, more]


def test_short_loose_label_beside_blocks_does_not_make_a_container() -> None:
    html = f"<div class='box'>Updated today<div class='copy'><p>{ONE}</p><p>{TWO}</p></div></div>"
    assert paragraphs(html) == [ONE, TWO]


def test_quoted_social_post_stays_in_the_story() -> None:
    post = "<blockquote class='instagram-media'><p>Picking started today in the top orchards!</p></blockquote>"
    html = f"<article><h1>Early harvest</h1><p>{ONE}</p>{post}<p>{TWO}</p></article>"
    assert paragraphs(html) == [ONE, "Picking started today in the top orchards!", TWO]


def test_quotation_marked_as_a_promotion_stays_out() -> None:
    promo = "<blockquote class='newsletter-promo'><p>Get the valley's farming news in your inbox.</p></blockquote>"
    html = f"<article><h1>Early harvest</h1><p>{ONE}</p>{promo}<p>{TWO}</p></article>"
    assert paragraphs(html) == [ONE, TWO]


def test_short_items_of_a_list_the_story_introduces_are_kept() -> None:
    listing = "<ul><li>Gala, 40 tonnes</li><li>Braeburn, 25 tonnes</li></ul>"
    html = f"<article><h1>Early harvest</h1><p>{ONE}</p><p>Picked so far:</p>{listing}<p>{TWO}</p></article>"
    assert paragraphs(html) == [ONE, "Picked so far:", "Gala, 40 tonnes", "Braeburn, 25 tonnes", TWO]


def test_short_items_of_a_list_no_paragraph_introduces_stay_out() -> None:
    info = "<ul class='facts'><li>Filed at 09:10</li><li>Three minute read</li></ul>"
    html = f"<article><h1>Early harvest</h1>{info}<p>{ONE}</p><p>{TWO}</p></article>"
    assert paragraphs(html) == [ONE, TWO]


def test_table_in_the_story_is_printed_a_row_a_line() -> None:
    table = "<table><tr><th>Variety</th><th>Tonnes</th></tr><tr><td>Gala</td><td>40</td></tr></table>"
    html = f"<article><h1>Early harvest</h1><p>{ONE}</p>{table}<p>{TWO}</p></article>"
    assert paragraphs(html) == [ONE, "Variety | Tonnes", "Gala | 40", TWO]


def test_table_with_a_note_in_a_paragraph_in_one_cell_is_still_printed_a_row_a_line() -> None:
    note = "<td>Late frost<p>Picked by hand on the upper terraces.</p></td>"
    rows = f"<tr><td>Gala</td><td>40</td><td>Early</td></tr><tr><td>Braeburn</td><td>25</td>{note}</tr>"
    html = f"<article><h1>Early harvest</h1><p>{ONE}</p><table>{rows}</table><p>{TWO}</p></article>"
    expected = ["Gala | 40 | Early", "Braeburn | 25 | Late frost Picked by hand on the upper terraces."]
    assert paragraphs(html) == [ONE, *expected, TWO]


def test_layout_table_whose_cell_holds_the_story_is_read_block_by_block() -> None:
    cell = f"<td><p>{ONE}</p><p>{TWO}</p></td>"
    html = f"<table><tr><td>Menu</td>{cell}</tr><tr><td>Links</td><td>Footer text</td></tr></table>"
    assert paragraphs(html) == [ONE, TWO]


def test_section_whose_id_spells_its_heading_is_text_whatever_the_words() -> None:
    section = f"<div class='section' id='sharing-the-harvest'><h2>Sharing the harvest</h2><p>{TWO}</p></div>"
    html = f"<div class='document'><h1>Early harvest</h1><p>{ONE}</p>{section}<p>{THREE}</p></div>"
    assert paragraphs(html) == [ONE, "Sharing the harvest", TWO, THREE]


def test_share_box_named_by_its_id_stays_out() -> None:
    box = "<div id='sharing-tools'><h2>Share this</h2><p>Send this story to a friend by e-mail today.</p></div>"
    html = f"<div class='document'><h1>Early harvest</h1><p>{ONE}</p>{box}<p>{THREE}</p></div>"
    assert paragraphs(html) == [ONE, THREE]


def test_table_of_links_in_the_story_stays_out() -> None:
    table = "<table><tr><td><a href='/a'>Orchard prices archive</a></td><td><a href='/b'>Weather</a></td></tr></table>"
    html = f"<article><h1>Early harvest</h1><p>{ONE}</p>{table}<p>{TWO}</p></article>"
    assert paragraphs(html) == [ONE, TWO]


def test_lead_in_its_own_section_before_a_gallery_is_kept() -> None:
    frames = "".join(
        f"<div class='frame'><h3>Orchard {i}</h3><p>{THREE} Orchard {i} is high up.</p></div>" for i in (1, 2, 3)
    )
    html = (
        f"<article><h1>Early harvest</h1><div class='gallery-wrap'><div class='gallery-lead'><p>{ONE}</p>"
        f"<p>{TWO}</p></div><div class='gallery-frames'>{frames}</div></div></article>"
    )
    assert paragraphs(html)[:3] == [ONE, TWO, "Orchard 1"]


def test_caption_block_marked_as_a_lead_stays_out() -> None:
    caption = "<div class='gallery-lead'><img src='/a.jpg'><p>Pickers at work above the village at dawn.</p></div>"
    html = f"<article><h1>Early harvest</h1><div class='gallery-wrap'>{caption}<p>{ONE}</p><p>{TWO}</p></div></article>"
    assert paragraphs(html) == [ONE, TWO]


def test_post_written_as_a_list_wins_over_longer_comments_in_paragraphs() -> None:
    notes = "".join(f"<li>{text}</li>" for text in (ONE, TWO, THREE))
    comments = "".join(f"<div class='reply'><p>{ONE} Reply {i}.</p></div>" for i in range(2))
    html = f"<div class='post'><h1>Early harvest</h1><ul>{notes}</ul></div><div class='replies'>{comments}</div>"
    assert paragraphs(html) == [ONE, TWO, THREE]


def test_list_of_links_does_not_take_the_story_s_place() -> None:
    menu = "".join(f"<li><a href='/s/{i}'>Valley farming section number {i} and its news</a></li>" for i in range(9))
    html = f"<ul class='sections'>{menu}</ul><div class='main'><p>{ONE}</p><p>{TWO}</p></div>"
    assert paragraphs(html) == [ONE, TWO]


def test_headline_printed_as_a_heading_above_the_text_is_not_body() -> None:
    html = f"<div class='story'><h2>Early harvest</h2><div class='copy'><p>{ONE}</p><p>{TWO}</p></div></div>"
    assert paragraphs(html) == [ONE, TWO]


def test_subheading_above_the_text_is_kept() -> None:
    html = f"<div class='story'><h2>Cold stores fill up</h2><div class='copy'><p>{ONE}</p><p>{TWO}</p></div></div>"
    assert paragraphs(html) == ["Cold stores fill up", ONE, TWO]


def test_stream_of_wrapped_teaser_cards_below_a_short_story_does_not_win() -> None:
    cards = "".join(
        f"<li><div class='box'><div class='inner'><h3><a href='/n/{i}'>Another valley story {i}</a></h3><p>A "
        f"summary of another story from the valley, number {i}, long enough to count as text.</p></div></div></li>"
        for i in range(6)
    )
    html = f"<div class='page'><div class='main'><p>{ONE}</p><p>{TWO}</p></div><ul class='stream'>{cards}</ul></div>"
    assert paragraphs(html) == [ONE, TWO]


def test_lead_paragraph_below_a_breadcrumb_is_no_teaser() -> None:
    crumbs = "<div class='trail'><ul><li><a href='/'>Home</a></li><li><a href='/farming/'>Farming</a></li></ul></div>"
    rest = f"<div class='rest'><p>{TWO}</p><p>{THREE}</p></div>"
    other = f"<div class='other'>{crumbs}<p>{THREE} Again.</p></div>"
    html = f"<article class='one'>{crumbs}<p>{ONE}</p>{rest}</article>{other}"
    assert paragraphs(html)[:3] == [ONE, TWO, THREE]


def test_links_inside_loose_text_keep_their_words_whatever_their_class() -> None:
    # A study text written between <br>s, its glossed words links that open a note ("popup" is a class word of
    # boxes): the words belong to the sentence, as they do inside a <p>.
    note = "<a href='javascript:void(0)' class='popup' onclick='return note(1)'>{}</a>"
    first = f"{note.format('Growers')} in the upper valley began picking {note.format('apples')} a fortnight early."
    picture = "<div class='pic'><img src='/apples.jpg'></div>"
    html = f"<div class='text'>{first}<br><br>{picture}{TWO}<br><br>{THREE}<br></div>"
    assert paragraphs(html) == [
        "Growers in the upper valley began picking apples a fortnight early.",
        TWO,
        THREE,
    ]
    # an inline box set apart from any text still stays out
    box = "<span class='popup'>Sign up for the valley newsletter today</span>"
    html = f"<div class='text'>{ONE}<br><br>{picture}{TWO}<br><br>{box}<br><br>{THREE}</div>"
    assert paragraphs(html) == [ONE, TWO, THREE]


def _legend(count: int) -> str:
    caption = "A grower lifts a crate of red apples onto the trailer at the edge of the orchard in the hills."
    items = "".join(
        f"<li><h2><span class='counter'>{n}/{count}</span> Harvest day {n}</h2>"
        f"<p>{caption}</p><p>VALLEY PHOTOS</p></li>"
        for n in range(1, count + 1)
    )
    return f"<div class='widget'><div class='slides'><ul>{items}</ul></div></div>"


def test_gallery_legend_printed_inside_the_story_is_no_story_text() -> None:
    # Twelve numbered slides between the story's paragraphs hold more text than the story: captions, not the story.
    story = f"<p>{ONE}</p><p>{TWO}</p>{_legend(12)}<p>{THREE}</p>"
    html = f"<article><h1>Early harvest</h1><div class='text'>{story}</div></article>"
    assert paragraphs(html) == [ONE, TWO, THREE]


def test_numbered_slides_after_a_lead_are_the_story() -> None:
    # The slideshow is the story itself when nothing of the story follows it.
    found = paragraphs(f"<article><h1>Early harvest</h1><div class='text'><p>{ONE}</p>{_legend(4)}</div></article>")
    assert "1/4 Harvest day 1" in found and "4/4 Harvest day 4" in found


def test_short_items_of_a_list_a_colon_label_introduces_are_kept() -> None:
    # A how-to's list under a label that ends in a colon, printed as a subheading or a styled <span>.
    listing = "<ul><li>Ladder</li><li>Crates</li><li>Gloves</li></ul>"
    for label in ("<h3>What you will need:</h3>", "<span class='head'>What you will need:</span>"):
        html = (
            f"<article><h1>Early harvest</h1><div class='text'><p>{ONE}</p>{label}{listing}<p>{TWO}</p></div></article>"
        )
        assert paragraphs(html)[-4:] == ["Ladder", "Crates", "Gloves", TWO]
    # a label with no colon introduces nothing
    html = f"<article><h1>Early harvest</h1><p>{ONE}</p><h3>Tools</h3>{listing}<p>{TWO}</p></article>"
    assert "Ladder" not in paragraphs(html)


def test_transcript_in_the_footer_of_the_chosen_article_is_read() -> None:
    # The container is the whole <article> (an intro paragraph beside the video): its <footer> holds most of the
    # text, so it is part of the story, not the page's footer.
    intro = "The valley's growers filmed the first day of the harvest, from the top orchards to the cold stores."
    transcript = f"<footer class='meta'><div class='transcript'><p>{ONE}</p><p>{TWO}</p><p>{THREE}</p></div></footer>"
    html = f"<article><h1>Early harvest</h1><div class='intro'><p>{intro}</p></div>{transcript}</article>"
    assert paragraphs(html) == [intro, ONE, TWO, THREE]
    # a short footer of the article (its tags) stays out
    tags = "<footer><p>Filed under farming, apples, cooperatives and the upper valley orchards</p></footer>"
    html = f"<article><h1>Early harvest</h1><p>{ONE}</p><p>{TWO}</p><p>{THREE}</p>{tags}</article>"
    assert paragraphs(html) == [ONE, TWO, THREE]


def test_subheading_that_links_the_film_it_names_is_kept() -> None:
    # A list of reviews: each section's subheading is the title of the work, linked to its page.
    html = (
        f"<article><h1>Best harvest films</h1><div class='entry'><p>{ONE}</p>"
        f"<h3>2) <a href='/films/orchard'>The Orchard</a></h3><p>{TWO}</p>"
        f"<h3>1) <a href='/films/cider-house'>The Cider House</a></h3><div class='video'></div><p>{THREE}</p>"
        "</div></article>"
    )
    assert paragraphs(html) == [ONE, "2) The Orchard", TWO, "1) The Cider House", THREE]


def test_linked_headlines_of_a_teaser_list_below_the_story_stay_out() -> None:
    # Headline links each after a paragraph too, but in a box that holds little of the story's text.
    cards = "".join(
        f"<h3><a href='/n/{i}'>Another valley story {i}</a></h3><p>Summary of the other story {i}.</p>"
        for i in range(3)
    )
    html = f"<article><h1>Early harvest</h1><div class='entry'><p>{ONE}</p><p>{TWO}</p></div>"
    assert paragraphs(f"{html}<div class='more'>{cards}</div></article>") == [ONE, TWO]


def test_first_level_subheadings_inside_the_story_are_kept() -> None:
    # Some generators print every section heading as an <h1>: after the story has begun, one is a subheading.
    html = (
        f"<main><section class='chapter'><h1>Early harvest</h1><p>{ONE}</p>"
        f"<section><h1>Cold stores</h1><p>{TWO}</p></section>"
        f"<section><h1>Prices</h1><p>{THREE}</p></section></section></main>"
    )
    assert paragraphs(html) == [ONE, "Cold stores", TWO, "Prices", THREE]


def test_headline_in_the_container_after_a_byline_is_not_body() -> None:
    html = (
        "<html><head><title>Early harvest in the upper valley | Valley News</title>"
        "<meta property='og:title' content='Early harvest in the upper valley'></head><body>"
        f"<article><p>Jane Example | Farming writer</p><h1>Early harvest in the upper valley</h1><p>{ONE}</p>"
        f"<p>{TWO}</p><h1>Early harvest in the upper valley</h1><p>{THREE}</p></article></body></html>"
    )
    assert list(body(load(html, URL)).paragraphs) == ["Jane Example | Farming writer", ONE, TWO, THREE]


def test_lead_marked_as_such_in_the_story_s_header_is_the_standfirst() -> None:
    lead = "Apples are ripe two weeks early in the upper valley. The cooperative asks growers to stagger deliveries."
    header = f"<header><h1>Early harvest</h1><div class='lead'><p>{lead}</p></div></header>"
    html = f"<article>{header}<div class='copy'><p>{ONE}</p><p>{TWO}</p><p>{THREE}</p></div></article>"
    assert paragraphs(html) == [lead, ONE, TWO, THREE]
    # the page's own header (in no article or main) holds no lead of the story
    html = f"<header><div class='lead'><p>{lead}</p></div></header><div class='copy'><p>{ONE}</p><p>{TWO}</p></div>"
    assert paragraphs(html) == [ONE, TWO]


def test_free_first_paragraph_printed_apart_from_the_metered_rest_is_kept() -> None:
    more = " ".join([TWO, THREE, ONE.lower()])
    free = f"<div class='free-part'><div class='ad-slot'></div><p>{ONE}</p></div>"
    metered = f"<div class='x9'><p>{TWO}</p><p>{THREE}</p><p>{more}</p><p>{more} {TWO}</p></div>"
    slot = "<div class='ad-slot'></div>"
    html = f"<article><h1>Early harvest</h1><div class='text'>{free}{slot}{metered}</div></article>"
    assert paragraphs(html) == [ONE, TWO, THREE, more, f"{more} {TWO}"]
    # a box of its own before the story (a picture and its caption) does not widen the body
    box = "<div class='pic'><img src='/a.jpg'><p>Apples in crates at the cooperative's cold store at dawn.</p></div>"
    html = f"<div class='page'>{box}{metered}</div>"
    assert paragraphs(html) == [TWO, THREE, more, f"{more} {TWO}"]


def test_short_paragraph_printed_with_the_markup_of_the_story_s_paragraphs_is_kept() -> None:
    # A site that prints every paragraph as <div class='para'>: a one-line paragraph is one of them.
    short = "Nobody was hurt."
    story = f"<div class='para'>{ONE}</div><div class='para'>{short}</div><div class='para'>{TWO}</div>"
    label = "<div class='stamp'>Updated 09:10</div>"
    story += f"<div class='para'>{THREE}</div>"
    html = f"<article><h1>Early harvest</h1><div class='copy'>{label}{story}</div></article>"
    assert paragraphs(html) == [ONE, short, TWO, THREE]


def test_paragraph_that_is_one_linked_sentence_is_kept() -> None:
    # The sentence links the earlier story it tells of; a short linked line is a promotion, a linked headline ends
    # in no full stop.
    sentence = "Last year the cooperative opened a second cold store beside the station in the town."
    linked = f"<p><a href='/n/1'>{sentence}</a></p>"
    promo = "<p><a href='/valley'>More valley news here.</a></p>"
    teaser = "<p><a href='/n/2'>Cider makers in the lower valley fear a poor season after the late frosts</a></p>"
    html = f"<article><h1>Early harvest</h1><p>{ONE}</p>{linked}<p>{TWO}</p>{teaser}<p>{THREE}</p>{promo}</article>"
    assert paragraphs(html) == [
        ONE,
        sentence,
        TWO,
        THREE,
    ]


def test_lead_printed_as_a_heading_under_the_headline_is_the_standfirst() -> None:
    deck = "The cooperative asks growers to stagger deliveries as cold stores fill up"
    copy = f"<div class='copy'><p>{ONE}</p><p>{TWO}</p></div>"
    found = paragraphs(f"<article><header><h1>Early harvest</h1><h2 class='x2'>{deck}</h2></header>{copy}</article>")
    assert found == [deck, ONE, TWO]
    # a linked section label under the headline is no lead
    label = "<h2 class='x2'><a href='/farming'>Farming news from the valley</a></h2>"
    assert paragraphs(f"<article><header><h1>Early harvest</h1>{label}</header>{copy}</article>") == [ONE, TWO]


def test_heading_that_links_to_its_own_place_in_the_page_is_kept() -> None:
    # Generated documents make each section's heading a link to itself (a permalink) or back to the table of
    # contents, or wrap it in a bare anchor: links into the page, not to another page.
    for link in ("<a class='toclink' href='#stores'>Cold stores</a>", "<a name='stores'>Cold stores</a>"):
        section = f"<section id='stores'><h2>{link}</h2><p>{TWO}</p><p>{THREE}</p></section>"
        html = f"<article><h1>Early harvest</h1><section><p>{ONE}</p></section>{section}</article>"
        assert paragraphs(html) == [ONE, "Cold stores", TWO, THREE]


def test_lead_printed_as_a_heading_whose_class_names_it_is_the_standfirst() -> None:
    # Sites print the lead as a heading with a class that says what it is (epigraph, subheader, spot, dek), in no
    # story header, with a byline and a photo between it and the story; a heading with a kicker's class is no lead.
    deck = "The cooperative asks growers to stagger deliveries as cold stores fill up"
    photo = "<figure><img src='/a.jpg'><figcaption>Apples in crates.</figcaption></figure>"
    story = f"<div class='copy'><p>{ONE}</p><p>{TWO}</p><p>{THREE}</p></div>"
    copy = f"<div class='byline'>By Jane Example</div>{photo}{story}"
    for lead in (
        f"<h2 class='epigraph'>{deck}</h2>",
        f"<h2 class='article-subheader'>{deck}</h2>",
        f"<div class='spot'><h4>{deck}</h4></div>",
        f"<h3 class='dek'>{deck}</h3>",
    ):
        assert paragraphs(f"<div class='story'><h1>Early harvest</h1>{lead}{copy}</div>") == [deck, ONE, TWO, THREE]
    kicker = f"<h2 class='kicker'>{deck}</h2>"
    assert paragraphs(f"<div class='story'>{kicker}<h1>Early harvest</h1>{copy}</div>") == [ONE, TWO, THREE]
