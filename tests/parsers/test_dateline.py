from __future__ import annotations

import pytest

from parsers.fields.dateline import split

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
def test_shapes(text: str, city: str | None, region: str | None, country: str | None, agency: str | None,
                date: str | None) -> None:
    found = split(f"{text} {REST}")
    assert found is not None
    line, rest = found
    assert (line.text, line.city, line.region, line.country, line.agency, line.date) == (
        text, city, region, country, agency, date)
    assert rest == REST


@pytest.mark.parametrize("paragraph", [
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
])
def test_no_dateline_is_invented(paragraph: str) -> None:
    assert split(paragraph) is None
