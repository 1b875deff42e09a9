"""The article's language: a declared BCP 47 tag in its standard form, else detected from the story, else None."""

from __future__ import annotations

import pytest

from parsers import parse_article
from parsers.article.fields.identity import language_tag

GERMAN = (
    "Der Gemeinderat hat am Dienstagabend nach langer Debatte beschlossen, die alte Stadtbibliothek am "
    "Marktplatz zu sanieren und im Herbst des kommenden Jahres wieder für alle Leserinnen und Leser zu öffnen."
)
SPANISH = (
    "El ayuntamiento aprobó el martes por la noche, tras un largo debate, la reforma de la antigua biblioteca "
    "municipal de la plaza mayor, que volverá a abrir sus puertas a todos los lectores el próximo otoño."
)


def _page(head: str, story: str, lang: str | None = None) -> str:
    html_lang = f' lang="{lang}"' if lang is not None else ""
    return (
        f"<html{html_lang}><head><title>Biblioteca</title>{head}</head><body><article><h1>Biblioteca</h1>"
        f"<p>{story}</p><p>{story}</p></article></body></html>"
    )


@pytest.mark.parametrize(
    ("declared", "tag"),
    [
        ("en_US", "en-US"),
        ("EN-us", "en-US"),
        ("zh_hant_tw", "zh-Hant-TW"),
        ("de", "de"),
        ("iw", "he"),  # the deprecated code gives way to the current one
        ("utf-8", None),
        ("UTF8", None),
        ("text/html", None),
        ("x-default", None),
        ("zxx", None),
        ("und", None),
        ("english", None),
        ("", None),
    ],
)
def test_declared_value_is_a_standard_tag_or_nothing(declared: str, tag: str | None) -> None:
    assert language_tag(declared) == tag


def test_charset_declared_as_the_language_gives_way_to_the_text() -> None:
    article = parse_article(_page("", GERMAN, lang="utf-8"), "https://example.org/a")
    assert article.language == "de"


def test_locale_with_an_underscore_is_read_as_a_tag() -> None:
    head = '<meta property="og:locale" content="en_US">'
    article = parse_article(_page(head, GERMAN), "https://example.org/a")
    assert article.language == "en-US"  # what the page declares wins over the text


def test_first_valid_declaration_wins_over_junk_before_it() -> None:
    head = '<meta http-equiv="content-language" content="text/html"><meta name="language" content="es-ES">'
    article = parse_article(_page(head, SPANISH, lang="x-default"), "https://example.org/a")
    assert article.language == "es-ES"


def test_nothing_declared_is_detected_from_the_story() -> None:
    assert parse_article(_page("", SPANISH), "https://example.org/a").language == "es"
    assert parse_article(_page("", GERMAN), "https://example.org/a").language == "de"


def test_too_little_text_to_tell_gives_no_language() -> None:
    article = parse_article(_page("", "Fotos: Archiv"), "https://example.org/a")
    assert article.language is None


def test_detection_gives_the_same_answer_every_time() -> None:
    answers = {parse_article(_page("", SPANISH), "https://example.org/a").language for _ in range(5)}
    assert answers == {"es"}
