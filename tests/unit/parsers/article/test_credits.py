"""Credits in more languages: labels before the credit, a label after it, and what reads as a credit."""

from __future__ import annotations

import pytest

from parsers.article.fields.credits import clean_credit, reads_as_credit, split_caption


@pytest.mark.parametrize(
    ("caption", "text", "credit"),
    [
        (
            "Kryžius, asociatyvi nuotr. / J. Stacevičiaus / LRT nuotr.",
            "Kryžius, asociatyvi nuotr.",
            "J. Stacevičiaus / LRT nuotr",
        ),
        ("Seimo posėdis / BNS nuotr.", "Seimo posėdis", "BNS nuotr"),
        ("Het plein in Utrecht. Beeld: ANP", "Het plein in Utrecht.", "ANP"),
        ("İstanbul'da yağmur. Fotoğraf: AA", "İstanbul'da yağmur.", "AA"),
        ("Demonstranter i Oslo. Foto: NTB", "Demonstranter i Oslo.", "NTB"),
        # Any agency of the agencies data, not a list written into the pattern.
        ("Snow in Seoul on Monday (Yonhap file photo)", "Snow in Seoul on Monday", "Yonhap file photo"),
        ("Rain over the Tiber. ANSA/Mario Rossi", "Rain over the Tiber.", "ANSA/Mario Rossi"),
        # A label word inside the caption's own sentence is no credit.
        ("Nuotr. iš archyvo rodo senąjį tiltą", "Nuotr. iš archyvo rodo senąjį tiltą", None),
    ],
)
def test_split_caption_in_more_languages(caption: str, text: str, credit: str | None) -> None:
    assert split_caption(caption) == (text, credit)


@pytest.mark.parametrize(
    ("printed", "credit"),
    [
        ("fot. PAP/Leszek Szymański", "PAP/Leszek Szymański"),
        ("Fotoğraf: AA", "AA"),
        ("Beeld: ANP", "ANP"),
        ("Foto: ČTK", "ČTK"),
        ("Kuva: Lehtikuva", "Lehtikuva"),
        ("Photographer: Jane Roe/Bloomberg", "Jane Roe/Bloomberg"),
        ("Crédit : Jeanne Exemple", "Jeanne Exemple"),
        ("Fotografie in Berlin", "Fotografie in Berlin"),
    ],
)
def test_clean_credit_drops_labels_in_more_languages(printed: str, credit: str) -> None:
    assert clean_credit(printed) == credit


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        ("Getty Images", False, True),
        ("Unsplash/Kelly Sikkema", False, True),
        ("Foto: dpa", False, True),
        ("© VS Tristach", False, True),
        ("J. Stacevičiaus / LRT nuotr.", False, True),
        ("AP", False, True),
        ("The Yomiuri Shimbun", True, True),
        ("The Yomiuri Shimbun", False, False),
        ("Paris", False, False),
        ("in the city centre", True, False),
        ("Police said the fire started at night.", True, False),
        ("Anwohner berichten: ", True, False),
        ("26.10.2025 | 2:43 min", True, False),
    ],
)
def test_reads_as_credit(text: str, names: bool, expected: bool) -> None:
    assert reads_as_credit(text, names=names) is expected


def test_clean_credit_drops_a_dash_and_a_copyright_label_but_not_a_year() -> None:
    assert clean_credit("- Copyright Fredrik Persson/AP") == "Fredrik Persson/AP"
    assert clean_credit("Image: Getty Images") == "Getty Images"
    assert clean_credit("Copyright 2024 Reuters") == "Copyright 2024 Reuters"


@pytest.mark.parametrize(
    ("caption", "text", "credit"),
    [
        # A full-width colon or "=" after the label, as Chinese, Japanese and Korean captions print it.
        ("城市上空的雨。图片来源：新华社", "城市上空的雨。", "新华社"),
        ("도시 위의 비. 사진=연합뉴스", "도시 위의 비.", "연합뉴스"),
        # A labelled credit in brackets, full-width ones too.
        ("街に降る雨（写真：共同通信）", "街に降る雨", "共同通信"),
        ("Regen über der Stadt (Bild: Jana Muster)", "Regen über der Stadt", "Jana Muster"),
        # "Photo by" in the Romance languages.
        ("Pioggia sulla città (foto di Marco Rossi)", "Pioggia sulla città", "Marco Rossi"),
        ("Lluvia sobre la ciudad (foto de Ana López)", "Lluvia sobre la ciudad", "Ana López"),
        # A label and an agency with no colon between them, after the sentence.
        ("Regen boven de stad. Beeld ANP", "Regen boven de stad.", "ANP"),
        ("Deszcz nad miastem. Fot. Jan Kowalski", "Deszcz nad miastem.", "Jan Kowalski"),
        ("Rain over the city. Photo illustration: Jane Doe", "Rain over the city.", "Jane Doe"),
        ("Rain over the city. (Jane Doe/The Example Times)", "Rain over the city.", "Jane Doe/The Example Times"),
        # A label word and a name inside the sentence are no credit.
        ("Beeld van de stad bij nacht", "Beeld van de stad bij nacht", None),
        ("Photos of the city by night (in black and white)", "Photos of the city by night (in black and white)", None),
    ],
)
def test_split_caption_with_the_labels_and_brackets_of_more_scripts(
    caption: str, text: str, credit: str | None
) -> None:
    assert split_caption(caption) == (text, credit)


def test_clean_credit_drops_a_label_with_an_ellipsis() -> None:
    assert clean_credit("Credit...Jane Doe for The Example Times") == "Jane Doe for The Example Times"
    assert clean_credit("Credit…Jane Doe") == "Jane Doe"
