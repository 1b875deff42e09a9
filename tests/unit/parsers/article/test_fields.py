"""Unit tests of the field helpers: byline splitting, credit splitting, date normalisation."""

from __future__ import annotations

import pytest

from parsers.article import agencies
from parsers.article.fields.byline import split_names
from parsers.article.fields.credits import clean_credit, split_caption
from parsers.article.fields.dates import normalise, parse_visible


@pytest.mark.parametrize(
    ("printed", "names"),
    [
        (
            "By STEVE PEOPLES, THOMAS BEAUMONT and AMELIA THOMSON-DEVEAUX",
            ["STEVE PEOPLES", "THOMAS BEAUMONT", "AMELIA THOMSON-DEVEAUX"],
        ),
        ("By ABBY GOODNOUGH", ["ABBY GOODNOUGH"]),
        ("BY ABBY GOODNOUGH", ["ABBY GOODNOUGH"]),
        ("By Jane Doe, Staff Writer", ["Jane Doe"]),
        ("By Jane Doe, Associated Press", ["Jane Doe"]),
        ("Jane Doe & John Roe", ["Jane Doe", "John Roe"]),
        ("Von Anna Müller und Jan Schmidt", ["Anna Müller", "Jan Schmidt"]),
        ("By Jane Doe | Updated 2 hours ago", ["Jane Doe"]),
        ("The Associated Press", ["The Associated Press"]),
        ("AFP", ["AFP"]),
        ("2 hours ago", []),
        ("By Emma Mackenzie Lifestyle Writer 14:00, 28 Apr 2024 | comments", ["Emma Mackenzie"]),
        ("Von Malek Fouda Zuerst veröffentlicht am 06/01/2026 - 14:02 MEZ", ["Malek Fouda"]),
        ("Autor: Monika Bolliger und Anna Trechsel", ["Monika Bolliger", "Anna Trechsel"]),
        ("By Sarah Lazare Twitter Today 5:00 am", ["Sarah Lazare"]),
        # Wire bylines: the agency is the employer, without a comma or in brackets too.
        ("By MARIA LOPEZ Associated Press", ["MARIA LOPEZ"]),
        ("By JANE DOE and JOHN ROE Associated Press", ["JANE DOE", "JOHN ROE"]),
        ("Von Anna Schmidt, dpa", ["Anna Schmidt"]),
        ("Par Jean Dupont (AFP)", ["Jean Dupont"]),
        ("Por Juan Pérez (EFE)", ["Juan Pérez"]),
        ("Por EFE", ["EFE"]),
        ("By Associated Press", ["Associated Press"]),
        # A bracket that is not an agency says where or what, and is no name.
        ("By Jane Doe (Berlin)", ["Jane Doe"]),
        # Reuters: the reporters are the authors, editors and additional reporting are not; places go.
        ("Reporting by Jane Roe; Editing by Bob Smith", ["Jane Roe"]),
        (
            "Reporting by Jane Roe and Tim Kelly in Tokyo; Additional reporting by Ann Lee; Editing by Bob Smith",
            ["Jane Roe", "Tim Kelly"],
        ),
        # Labels ending in a colon, in any language; picture credits are not authors.
        ("Texto: Maria Silva", ["Maria Silva"]),
        ("Reportase: Budi Santoso", ["Budi Santoso"]),
        ("Texte : Jean Dupont", ["Jean Dupont"]),
        ("Escrito por Ana López", ["Ana López"]),
        ("(责编：牛镛、岳弘彬)", ["牛镛", "岳弘彬"]),
        ("Text und Fotos: Max Muster", ["Max Muster"]),
        ("Fotos: Max Muster", []),
        ("Photos by Jane Doe", []),
        ("Ursula von der Leyen", ["Ursula von der Leyen"]),
        # An English date ends the names as a number does.
        ("by Paul Serran Jul. 19, 2026 9:45 am", ["Paul Serran"]),
        ("By Theresa May", ["Theresa May"]),
    ],
)
def test_split_names(printed: str, names: list[str]) -> None:
    assert split_names(printed) == names


def test_agency_at_the_end_of_a_name_is_split_off() -> None:
    assert agencies.split_trailing("MARIA LOPEZ Associated Press") == ("MARIA LOPEZ", "Associated Press")
    assert agencies.split_trailing("Anna Schmidt dpa") == ("Anna Schmidt", "dpa")
    # Short abbreviations count in upper case only: "Ap" ends no name as an agency.
    assert agencies.split_trailing("Jane Ap") == ("Jane Ap", None)
    assert agencies.split_trailing("Jane Doe") == ("Jane Doe", None)


def test_structured_names_are_kept_as_given() -> None:
    assert split_names("BR24 Redaktion", printed=False) == ["BR24 Redaktion"]
    assert split_names("mbl.is", printed=False) == ["mbl.is"]


@pytest.mark.parametrize(
    ("caption", "text", "credit"),
    [
        ("Haftar in Athens. (Photo by ARIS MESSINIS / AFP)", "Haftar in Athens.", "ARIS MESSINIS / AFP"),
        ("Protesters march in Paris. Photo: Jane Doe/AP", "Protesters march in Paris.", "Jane Doe/AP"),
        ("Olaf Scholz in Berlin. Foto: dpa", "Olaf Scholz in Berlin.", "dpa"),
        ("A market in Lagos. © Reuters", "A market in Lagos.", "© Reuters"),
        ("Fans celebrate in Madrid. Getty Images", "Fans celebrate in Madrid.", "Getty Images"),
        (
            "The president speaks. (AP Photo/Evan Vucci, File)",
            "The president speaks.",
            "AP Photo/Evan Vucci, File",
        ),
        (
            "Rescue workers at the site. REUTERS/Ammar Awad",
            "Rescue workers at the site.",
            "REUTERS/Ammar Awad",
        ),
        (
            "The striker scores. John Smith via Getty Images",
            "The striker scores.",
            "John Smith via Getty Images",
        ),
        (
            "Smoke rises over the city. ARIS MESSINIS / AFP",
            "Smoke rises over the city.",
            "ARIS MESSINIS / AFP",
        ),
        (
            "(FILES) A file photo of the harbour in Tripoli.",
            "(FILES) A file photo of the harbour in Tripoli.",
            None,
        ),
    ],
)
def test_split_caption(caption: str, text: str, credit: str | None) -> None:
    assert split_caption(caption) == (text, credit)


def test_clean_credit() -> None:
    assert clean_credit("(Photo by ARIS MESSINIS / AFP)") == "ARIS MESSINIS / AFP"
    assert clean_credit("Foto: dpa") == "dpa"
    assert clean_credit("  ") is None
    assert clean_credit("Frank Franklin II/Copyright 2026 The AP. All rights reserved.") == "Frank Franklin II"
    assert clean_credit("© 2024 Reuters") == "© 2024 Reuters"
    assert clean_credit("© Jane Doe | Jane Doe") == "Jane Doe"
    assert clean_credit("Jane Doe | Reuters") == "Jane Doe | Reuters"


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2020-06-02T08:15:00+00:00", "2020-06-02T08:15:00+00:00"),
        ("2020-06-02T08:15:00.123Z", "2020-06-02T08:15:00+00:00"),
        ("2024-09-03T06:03:19+0200", "2024-09-03T06:03:19+02:00"),
        ("2024-09-03 06:03", "2024-09-03T06:03:00+00:00"),
        ("Tue, 02 Jun 2020 10:15:00 +0200", "2020-06-02T10:15:00+02:00"),
        ("20200602T081500Z", "2020-06-02T08:15:00+00:00"),
        ("Fri Apr 28 19:20:36 CEST 2023", "2023-04-28T19:20:36+02:00"),
        ("2024-09-03 06:03 EDT", "2024-09-03T06:03:00-04:00"),
        ("not a date", None),
        ("", None),
    ],
)
def test_normalise(raw: str, iso: str | None) -> None:
    assert normalise(raw) == iso


def test_visible_dates() -> None:
    assert parse_visible("Published June 2, 2020 at 10:47 AM") == "2020-06-02T10:47:00+00:00"
    assert parse_visible("Stand: 02.06.2020, 16:03 Uhr") == "2020-06-02T16:03:00+00:00"
    assert parse_visible("Do 25.04.24 | 14:07 Uhr | Von Eva Muster") == "2024-04-25T14:07:00+00:00"
    assert parse_visible("Version 1.2.3 released") is None
    assert parse_visible("no date here") is None


@pytest.mark.parametrize(
    ("caption", "text", "credit"),
    [
        (
            "Demonstration nach dem Tod von Mahsa Amini. Uncredited/AP/dpa",
            "Demonstration nach dem Tod von Mahsa Amini.",
            "Uncredited/AP/dpa",
        ),
        (
            "Festnahme beim Einsatz der Nationalpolizei in Palma / Lorenzo Marina",
            "Festnahme beim Einsatz der Nationalpolizei in Palma",
            "Lorenzo Marina",
        ),
        (
            "Arnaldo Báez intenta marcharse de un defensor. (Edu Luque)",
            "Arnaldo Báez intenta marcharse de un defensor.",
            "Edu Luque",
        ),
        ("評価検討会＝１３日午後１０時３１分（代表撮影）", "評価検討会＝１３日午後１０時３１分", "代表"),
        ("日本代表の（左から）西田、石川（Ｃ）共同通信社", "日本代表の（左から）西田、石川", "共同通信社"),
        ("テレビで見る国民（ソウルで、３日）＝ＡＰ", "テレビで見る国民（ソウルで、３日）", "ＡＰ"),
        ("気象庁で開かれた評価検討会＝１３日午後", "気象庁で開かれた評価検討会＝１３日午後", None),
        (
            "The mayor speaks to reporters (left) on Monday.",
            "The mayor speaks to reporters (left) on Monday.",
            None,
        ),
    ],
)
def test_split_caption_more_forms(caption: str, text: str, credit: str | None) -> None:
    assert split_caption(caption) == (text, credit)
