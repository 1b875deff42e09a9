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
