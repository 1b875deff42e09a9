from __future__ import annotations

import pytest

from parsers.article.fields.dateline import split

REST = "The rest of the opening sentence goes on for a while."
SHAPES = [
    # printed lead-in, city, region, country, agency, date
    ("MEXICO CITY (AP) —", "Mexico City", None, None, "AP", None),
    ("TRIPOLI, Libya (AFP) —", "Tripoli", None, "Libya", "AFP", None),
    ("LA CROSSE, Wis. (AP) —", "La Crosse", "Wis.", None, "AP", None),
    ("WASHINGTON, March 4 (Reuters) -", "Washington", None, None, "Reuters", "March 4"),
    ("March 4 (Reuters) -", None, None, None, "Reuters", "March 4"),
    ("Berlin (dpa) -", "Berlin", None, None, "dpa", None),
    ("Paris (AFP) -", "Paris", None, None, "AFP", None),
    ("MADRID, 4 mar (EFE).-", "Madrid", None, None, "EFE", "4 mar"),
    ("ANKARA (AA) -", "Ankara", None, None, "Anadolu", None),
    ("LONDON —", "London", None, None, None, None),
    ("NEW DELHI:", "New Delhi", None, None, None, None),
    ("(CNN) —", None, None, None, "CNN", None),
    ("BRUSSELS, Jan 5 —", "Brussels", None, None, None, "Jan 5"),
    ("Madrid.-", "Madrid", None, None, None, None),
    ("ROME (ANSA) -", "Rome", None, None, "ANSA", None),
    ("BEIJING (Xinhua) --", "Beijing", None, None, "Xinhua", None),
]


@pytest.mark.parametrize(("text", "city", "region", "country", "agency", "date"), SHAPES)
def test_shapes(
    text: str, city: str | None, region: str | None, country: str | None, agency: str | None, date: str | None
) -> None:
    found = split(f"{text} {REST}")
    assert found is not None
    line, rest = found
    assert (line.text, line.city, line.region, line.country, line.agency, line.date) == (
        text,
        city,
        region,
        country,
        agency,
        date,
    )
    assert rest == REST


@pytest.mark.parametrize(
    "paragraph",
    [
        "EDITOR'S NOTE: This story contains descriptions of violence that some readers may find upsetting.",
        "UPDATE: The ministry has since confirmed the figures given by the local authorities.",
        "ANALYSIS: Why the talks in Geneva keep failing, and what could change that in the spring.",
        "BREAKING NEWS — Parliament has been dissolved ahead of an early election in the autumn.",
        "London is bracing for another week of strikes as rail workers walk out again on Monday.",
        "NASA said on Tuesday that the launch had been postponed because of high winds over the coast.",
        "THE WORLD CUP final drew the largest television audience of the year across Europe.",
        "Paris, the city of light, has announced a new plan to plant trees along the boulevards.",
        "In Berlin (Germany), the coalition partners argued late into the night about the budget.",
        "WATCH: The moment the bridge collapsed into the river after days of heavy flooding.",
        "Short one.",
        "",
    ],
)
def test_no_dateline_is_invented(paragraph: str) -> None:
    assert split(paragraph) is None


@pytest.mark.parametrize(
    ("paragraph", "city", "agency"),
    [
        (
            "London/Teheran - Iranische Sicherheitskräfte haben eine junge Aktivistin getötet.",
            "London/Teheran",
            None,
        ),
        (
            "Gundremmingen - Die beiden jeweils 160 Meter hohen Kühltürme sind gesprengt worden.",
            "Gundremmingen",
            None,
        ),
        ("【ソウル＝小池和樹】韓国の大統領は３日夜、緊急談話を出し、非常戒厳を宣言した。", "ソウル", None),
        ("新华社北京4月24日电 题：促进航天技术更好惠及人民，习近平主席致贺信。", "北京", "Xinhua"),
    ],
)
def test_other_conventions(paragraph: str, city: str, agency: str | None) -> None:
    found = split(paragraph)
    assert found is not None
    assert (found[0].city, found[0].agency) == (city, agency)


def test_place_alone_before_the_text() -> None:
    found = split("Ankara", "Bakan Uraloğlu, yazılı açıklamasında, elektrikli araç üretiminin arttığını söyledi.")
    assert found is not None and found[0].city == "Ankara" and found[1] == ""
    assert split("Ankara", None) is None
    assert split("Fazit - das war nichts", None) is None


def test_correspondent_prefix_and_kickers() -> None:
    found = split("DALLA NOSTRA CORRISPONDENTE NEW YORK - Giorgia Meloni è arrivata a Mar-a-Lago ieri sera.")
    assert found is not None and found[0].city == "New York"
    assert split("CHINESE AGGRESSION: Manila accused Beijing's maritime militia of sideswiping a vessel.") is None
    assert split("MTHOBISI SITHOLE", "Kuthiwa lisola isikole ngokubulala izimbuzi zalo ezidla intshela.") is None


def test_title_case_place_before_a_colon_only_when_known() -> None:
    found = split("Asunción: Das binationale Unternehmen hat sechs offene Ausschreibungen veröffentlicht.")
    assert found is not None and found[0].city == "Asunción"
    assert split("Fazit: Das binationale Unternehmen hat sechs offene Ausschreibungen veröffentlicht.") is None
    assert split("Update: The ministry has since confirmed the figures given by the local authorities.") is None
