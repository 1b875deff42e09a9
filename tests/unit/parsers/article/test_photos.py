"""Photos: small pages written for one rule each, the exact photos asserted."""

from __future__ import annotations

from parsers import parse_article
from parsers.article.model import Photo

URL = "https://news.example.com/politics/story-1"
TEXT = "<p>" + "The council met on Monday to discuss the budget for the coming year. " * 3 + "</p>"
IMG = '<img src="/img/a.jpg">'
PHOTO = "https://news.example.com/img/a.jpg"


def _photos(inside: str, outside: str = "") -> tuple[Photo, ...]:
    html = f"<html><body>{outside}<article>{TEXT}{inside}{TEXT}</article></body></html>"
    return parse_article(html, URL, strict=True).photos


def test_credit_in_the_last_child_of_the_caption_is_split_off() -> None:
    figure = f"<figure>{IMG}<figcaption><span>Rain over the city.</span><span>Getty Images</span></figcaption></figure>"
    assert _photos(figure) == (Photo(PHOTO, "Rain over the city.", "Getty Images"),)


def test_credit_in_a_cite_after_the_caption_text_is_split_off() -> None:
    figure = f"<figure>{IMG}<figcaption><p>Rain over the city. <cite>AP</cite></p></figcaption></figure>"
    assert _photos(figure) == (Photo(PHOTO, "Rain over the city.", "AP"),)


def test_labelled_credit_in_a_classless_span_is_split_off() -> None:
    figure = f"<figure>{IMG}<figcaption>Regen über der Stadt <span>Foto: Jana Muster</span></figcaption></figure>"
    assert _photos(figure) == (Photo(PHOTO, "Regen über der Stadt", "Jana Muster"),)


def test_credit_printed_first_before_a_line_break_is_split_off() -> None:
    figure = f"<figure>{IMG}<figcaption><span>The Daily Example</span><br>Rain over the city.</figcaption></figure>"
    assert _photos(figure) == (Photo(PHOTO, "Rain over the city.", "The Daily Example"),)


def test_a_name_inside_the_caption_sentence_stays_in_the_caption() -> None:
    figure = f"<figure>{IMG}<figcaption>The mayor speaks in <span>Springfield</span></figcaption></figure>"
    assert _photos(figure) == (Photo(PHOTO, "The mayor speaks in Springfield", None),)


def test_emphasis_that_reads_as_no_credit_stays_in_the_caption() -> None:
    figure = (
        f"<figure>{IMG}<figcaption><span>Rain over the city.</span><em>more to come today</em></figcaption></figure>"
    )
    assert _photos(figure) == (Photo(PHOTO, "Rain over the city.more to come today", None),)


def test_alt_text_printed_after_the_image_is_its_caption_and_the_rest_its_credit() -> None:
    block = (
        '<div><picture><source srcset="/img/a.webp"><img src="/img/a.jpg" alt="Rain over the city centre">'
        "</picture></div><div><span>Rain over the city centre</span><small>© Jana Muster</small></div>"
    )
    assert _photos(block) == (Photo(PHOTO, "Rain over the city centre", "© Jana Muster"),)


def test_alt_text_printed_without_a_credit_is_a_caption_alone() -> None:
    block = '<div><img src="/img/a.jpg" alt="Rain over the city centre"></div><div>Rain over the city centre</div>'
    assert _photos(block) == (Photo(PHOTO, "Rain over the city centre", None),)


def test_alt_text_repeated_by_a_heading_or_a_paragraph_or_a_name_is_no_caption() -> None:
    teaser = '<div><img src="/img/a.jpg" alt="Budget talks stall again"></div><h3>Budget talks stall again</h3>'
    paragraph = (
        '<div><img src="/img/a.jpg" alt="Rain over the city centre"></div>'
        "<p>Rain over the city centre kept shoppers at home on Saturday, traders said.</p>"
    )
    avatar = '<div><img src="/img/a.jpg" alt="Jana Muster"></div><div>Jana Muster Politikwissenschaftlerin</div>'
    for block in (teaser, paragraph, avatar):
        assert all(photo.caption is None for photo in _photos(block))


LEAD = f"<figure>{IMG}<figcaption>Rain over the city.</figcaption></figure>"
LEAD_PHOTO = Photo(PHOTO, "Rain over the city.", None)


def test_a_figure_inside_a_link_to_another_story_is_a_teaser() -> None:
    teaser = '<a href="/sport/story-2"><figure><img src="/img/b.jpg"></figure><h3>Cup final tonight</h3></a>'
    lightbox = '<a href="/img/c.jpg"><figure><img src="/img/c.jpg"><figcaption>Fog.</figcaption></figure></a>'
    assert _photos(LEAD + teaser + lightbox) == (
        LEAD_PHOTO,
        Photo("https://news.example.com/img/c.jpg", "Fog.", None),
    )


def test_a_figure_in_a_card_whose_heading_links_elsewhere_is_a_teaser() -> None:
    card = '<div><figure><img src="/img/b.jpg"></figure><h3><a href="/sport/story-2">Cup final</a></h3></div>'
    linked = '<figure><img src="/img/d.jpg"><figcaption><a href="/sport/story-3">Cup final</a></figcaption></figure>'
    assert _photos(LEAD + card + linked) == (LEAD_PHOTO,)


def test_an_author_picture_is_no_photo_and_gives_the_caption_back_to_the_photo() -> None:
    avatar = (
        '<div class="author-avatar"><img src="/img/jana.jpg" alt="Jana Muster">'
        '<span class="caption">Jana Muster</span></div>'
    )
    assert _photos(LEAD + avatar) == (LEAD_PHOTO,)


def test_one_image_found_twice_is_one_photo_with_the_richer_caption_and_credit() -> None:
    small = '<figure><img src="/img/a.jpg?w=200&amp;q=80"><figcaption>Rain over the city. /AP</figcaption></figure>'
    large = '<figure><img src="/img/a-1024x768.jpg"></figure>'
    assert _photos(f"<figure>{IMG}<figcaption>Rain over the city. <cite>AP</cite></figcaption></figure>" + small) == (
        Photo(PHOTO, "Rain over the city.", "AP"),
    )
    assert _photos(LEAD + large) == (LEAD_PHOTO,)


def test_one_image_printed_under_two_captions_is_two_photos() -> None:
    again = f"<figure>{IMG}<figcaption>Smoke over the harbour.</figcaption></figure>"
    assert _photos(LEAD + again) == (LEAD_PHOTO, Photo(PHOTO, "Smoke over the harbour.", None))


def test_captionless_decoration_is_no_photo_but_a_captionless_photo_stays() -> None:
    decoration = (
        '<figure><img src="/static/logo.png"></figure><figure><img src="/static/arrow.svg"></figure>'
        '<figure><img src="data:image/gif;base64,R0lGOD"></figure>'
    )
    plain = '<figure><img src="/img/e.jpg"></figure>'
    assert _photos(decoration + plain) == (Photo("https://news.example.com/img/e.jpg", None, None),)


def test_a_lazy_loading_placeholder_gives_way_to_the_photo_in_data_src() -> None:
    figure = (
        '<figure><img src="/assets/images/fallback.png" data-src="/photos/2024/07/vote-count.jpg">'
        "<figcaption>Officials count ballots in the town hall.</figcaption></figure>"
    )
    assert [p.url for p in _photos(figure)] == ["https://news.example.com/photos/2024/07/vote-count.jpg"]
    # A real photo in src stays first, whatever data-src holds; a placeholder alone is still the only address.
    figure = figure.replace("/assets/images/fallback.png", "/photos/2024/07/lead.jpg")
    assert [p.url for p in _photos(figure)] == ["https://news.example.com/photos/2024/07/lead.jpg"]
    alone = '<figure><img src="/img/placeholder-16x9.png"><figcaption>Officials count ballots.</figcaption></figure>'
    assert [p.url for p in _photos(alone)] == ["https://news.example.com/img/placeholder-16x9.png"]


def test_a_lead_figure_above_the_body_with_only_alt_text_takes_its_alt_as_caption() -> None:
    image = "<amp-img src='/img/a.jpg' alt='Snow ploughs clear the main square'></amp-img>"
    hero = f"<div class='top'><figure>{image}</figure></div>"
    assert _photos("", hero) == (Photo(PHOTO, "Snow ploughs clear the main square", None),)


def test_a_linked_or_short_alt_of_a_lead_figure_is_no_caption() -> None:
    logo = "<figure><a href='/'><img src='/img/a.jpg' alt='Back to the front page of the site'></a></figure>"
    assert all(photo.caption is None for photo in _photos("", logo))
    portrait = "<figure><img src='/img/a.jpg' alt='Jane Roe'></figure>"
    assert _photos("", portrait) == (Photo(PHOTO, None, None),)


def test_a_credited_caption_in_a_hashed_sibling_of_the_picture_is_its_caption() -> None:
    caption = "<div class='q7zk'><span>Gulls over the harbour wall.</span> <span>Foto: Ola Nordmann</span></div>"
    block = f"<div class='r2'><picture>{IMG}</picture>{caption}</div>"
    assert _photos(block) == (Photo(PHOTO, "Gulls over the harbour wall.", "Ola Nordmann"),)


def test_uncredited_text_beside_a_picture_is_no_caption() -> None:
    block = f"<div><picture>{IMG}</picture><div>The council will vote again in the spring.</div></div>"
    assert all(photo.caption is None for photo in _photos(block))


def test_a_caption_and_a_credit_line_beside_a_wrapped_picture_are_its_caption_and_credit() -> None:
    picture = f"<span><span><picture>{IMG}</picture></span><span></span></span>"
    texts = "<p><span>Gulls over the harbour wall.</span></p><p>Crédit : Jeanne Exemple</p>"
    block = f"<div class='k3'>{picture}{texts}</div>"
    assert _photos(block) == (Photo(PHOTO, "Gulls over the harbour wall.", "Jeanne Exemple"),)


def test_two_plain_paragraphs_beside_a_picture_are_no_caption() -> None:
    block = f"<div><a href='/img/a.jpg'>{IMG}</a><p>The council will vote again.</p><p>It meets in spring.</p></div>"
    assert all(photo.caption is None for photo in _photos(block))


def test_a_labelled_credit_in_any_language_beside_the_caption_of_a_figure_is_its_credit() -> None:
    figure = f"<figure>{IMG}<figcaption>Rain over the city.</figcaption><span>Fotó: Kis Anna</span></figure>"
    assert _photos(figure) == (Photo(PHOTO, "Rain over the city.", "Kis Anna"),)


def test_a_caption_classed_element_printed_after_a_figure_without_figcaption_is_its_caption() -> None:
    block = f"<figure>{IMG}</figure><p class='image-caption'>Rain over the city. <span>Photo: Jane Doe</span></p>"
    assert _photos(block) == (Photo(PHOTO, "Rain over the city.", "Jane Doe"),)


def test_a_figcaption_after_the_wrapper_that_holds_the_figure_alone_is_its_caption() -> None:
    block = (
        f"<div><div class='frame'><figure>{IMG}<span>3 photos</span></figure></div><figcaption>Rain.</figcaption></div>"
    )
    assert _photos(block) == (Photo(PHOTO, "Rain.", None),)


def test_a_caption_and_credit_kept_in_attributes_are_read() -> None:
    figure = f"<figure data-caption='Rain over the city.' data-credit='Jane Doe/AP'>{IMG}</figure>"
    block = (
        "<div class='photo'><img src='/img/a.jpg' data-caption='Rain over the city.' data-credit='Jane Doe/AP'></div>"
    )
    for html in (figure, block):
        assert _photos(html) == (Photo(PHOTO, "Rain over the city.", "Jane Doe/AP"),)


def test_a_credit_attribute_printed_at_the_end_of_the_caption_is_split_off_and_a_bare_credit_is_no_caption() -> None:
    credited = "<figure><img src='/img/a.jpg' data-credit='Jane Doe'><figcaption>Rain (Jane Doe)</figcaption></figure>"
    assert _photos(credited) == (Photo(PHOTO, "Rain", "Jane Doe"),)
    bare = "<figure><img src='/img/a.jpg' data-credit='Jane Doe/Getty'><figcaption>Jane Doe/Getty</figcaption></figure>"
    assert _photos(bare) == (Photo(PHOTO, None, "Jane Doe/Getty"),)


def test_a_placeholder_gives_way_to_the_photo_in_a_noscript_copy() -> None:
    figure = (
        "<figure><img src='/static/lazy-placeholder.gif'><noscript><img src='/img/a.jpg'></noscript>"
        "<figcaption>Rain over the city.</figcaption></figure>"
    )
    assert _photos(figure) == (Photo(PHOTO, "Rain over the city.", None),)


def test_the_storys_byline_in_the_block_of_a_caption_is_no_credit() -> None:
    # A header prints the lead photo's caption, the headline and the byline; the caption's block is the header.
    header = (
        f"<header>{IMG}<div class='caption'><span>Rain over the city.</span> <span>Photo: Jane Doe</span></div>"
        "<h1>Rain</h1><div class='byline'><a rel='author' href='/staff/max'>Max Muster</a>"
        "<time datetime='2024-05-06T10:00'>May 6, 2024</time></div>"
        "<p>A teaser of the story that the header prints under its headline, long enough to make it a block "
        "of the page rather than a photo and its caption. It goes on for a while, as standfirsts do, telling "
        "the reader what the story says before the story says it, at some length and in some detail.</p></header>"
    )
    assert _photos("", header) == (Photo(PHOTO, "Rain over the city.", "Jane Doe"),)
    byline = (
        f"<figure>{IMG}<figcaption>Rain over the city.</figcaption>"
        "<div class='author'><a href='/staff/max' rel='author'>Max Muster</a> <time>May 6</time></div></figure>"
    )
    assert _photos(byline) == (Photo(PHOTO, "Rain over the city.", None),)


def test_a_lead_photo_in_an_image_viewer_button_is_a_photo() -> None:
    viewer = (
        "<button aria-label='Open image viewer'><div><div><figure><img src='/img/a.jpg'><span>View 3 images</span>"
        "</figure></div><figcaption>Rain over the city.</figcaption></div></button>"
    )
    assert _photos("", viewer) == (Photo(PHOTO, "Rain over the city.", None),)


def test_a_credit_alone_beside_the_image_of_a_photo_block_is_its_credit_not_its_caption() -> None:
    block = "<div class='lead-image'><img src='/img/a.jpg'><span class='credit'>Jane Doe/AP</span></div>"
    assert _photos(block) == (Photo(PHOTO, None, "Jane Doe/AP"),)


def test_an_image_title_alone_in_a_photo_block_is_no_caption() -> None:
    # A teaser's thumbnail or a file name in the image's title attribute says nothing printed of the photo.
    block = "<div class='image'><img src='/img/a.jpg' title='IMG_2041.jpg'></div>"
    assert all(photo.caption is None for photo in _photos(block))


def test_caption_printed_after_the_image_in_its_own_paragraph_is_the_photo_s_and_leaves_the_body() -> None:
    caption = "Rain over the city on Monday morning."
    story = "The council met on Monday to discuss the budget for the coming year."
    for printed in (f"<em>{caption} Photo: Jane Example</em>", f"{caption} (Photo: Jane Example)"):
        paragraph = f"<p><a href='/img/a-big.jpg'>{IMG}</a><br>{printed}</p>"
        html = f"<html><body><article>{TEXT}{paragraph}{TEXT}</article></body></html>"
        article = parse_article(html, URL, strict=True)
        assert article.photos == (Photo(PHOTO, caption, "Jane Example"),)
        assert not any(caption in paragraph for paragraph in article.paragraphs)
    # plain text after an image, with no credit and not set apart, may be the story's: it stays
    html = f"<html><body><article>{TEXT}<p>{IMG}<br>{story}</p>{TEXT}</article></body></html>"
    article = parse_article(html, URL, strict=True)
    assert all(photo.caption is None for photo in article.photos)
    assert story in article.paragraphs
