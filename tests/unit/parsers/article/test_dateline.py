from __future__ import annotations

import pytest

from parsers.article.fields.dateline import cut, split

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
    # title-case place with a state, postal or country part
    ("Fairview, Tenn. —", "Fairview", "Tenn.", None, None, None),
    ("Millbrook, NY 12545 –", "Millbrook", "NY", None, None, None),
    ("Lakeside, OR —", "Lakeside", "OR", None, None, None),
    ("Bergen, Norway:", "Bergen", None, "Norway", None, None),
    ("The Hague, Netherlands —", "The Hague", None, "Netherlands", None, None),
    ("Dayton, Ohio, Oct. 3 —", "Dayton", "Ohio", None, None, "Oct. 3"),
    ("PORTLAND, Maine —", "Portland", "Maine", None, None, None),
    ("New Haven, Conn. —", "New Haven", "Conn.", None, None, None),
    ("NEW CASTLE, Del. (WXQR) —", "New Castle", "Del.", None, "WXQR", None),
    ("SEOUL, SOUTH KOREA —", "Seoul", None, "South Korea", None, None),
    # slash-joined cities
    ("ROME/ATHENS, May 2 (Reuters) -", "Rome/Athens", None, None, "Reuters", "May 2"),
    ("BERLIN/MÜNCHEN (dpa) -", "Berlin/München", None, None, "dpa", None),
    # any short source in brackets: stations, outlets, a known agency first in a longer name
    ("FRESNO, Calif. (KQRS) —", "Fresno", "Calif.", None, "KQRS", None),
    ("TOLEDO (WQXZ-TV) -", "Toledo", None, None, "WQXZ-TV", None),
    ("Halifax, N.S. (Harbour Radio) —", "Halifax", "N.S.", None, "Harbour Radio", None),
    ("NEW YORK (CNN Business) —", "New York", None, None, "CNN", None),
    ("(KQRS) —", None, None, None, "KQRS", None),
    ("O’FALLON, Mo. (KTTT) —", "O’Fallon", "Mo.", None, "KTTT", None),
    # dates with a year, press-release wires, a known title-case place before a dash
    ("DENVER, Dec. 1, 2026 —", "Denver", None, None, None, "Dec. 1, 2026"),
    ("AUSTIN, Texas, Jan. 9, 2026 /PRNewswire/ --", "Austin", "Texas", None, "PRNewswire", "Jan. 9, 2026"),
    ("Kyiv —", "Kyiv", None, None, None, None),
    # places with the endings of a kicker, when they have a signal of their own
    ("ANCHORAGE, Alaska (AP) —", "Anchorage", "Alaska", None, "AP", None),
    ("PROVIDENCE, R.I. —", "Providence", "R.I.", None, None, None),
    ("LAWRENCE (AP) —", "Lawrence", None, None, "AP", None),
    ("Marion, Ohio —", "Marion", "Ohio", None, None, None),
    ("McAllen, Texas —", "McAllen", "Texas", None, None, None),
    ("DeKalb, Ill. (WQXZ) —", "DeKalb", "Ill.", None, "WQXZ", None),
    ("MOSCOW, December 1. /TASS/.", "Moscow", None, None, "TASS", "December 1"),
    ("GHENT—", "Ghent", None, None, None, None),
    # the agency first, then the place (Italian agency copy); French ordinal dates
    ("(ANSA) - TORINO, 3 GIU -", "Torino", None, None, "ANSA", "3 GIU"),
    ("LYON, 1er mars (AFP) -", "Lyon", None, None, "AFP", "1er mars"),
    ("Montevideo, 3 de junio (Radio Costa) -", "Montevideo", None, None, "Radio Costa", "3 de junio"),
    # an upper-case place before a colon counts when the gazetteer knows it (national papers: "CITY:")
    ("LUCKNOW:", "Lucknow", None, None, None, None),
    # agency copy on partner sites: a slash spaced, an outlet printed with no city and no brackets
    ("Brussels / Paris (AFP) -", "Brussels / Paris", None, None, "AFP", None),
    ("Reuters -", None, None, None, "Reuters", None),
    ("AFP —", None, None, None, "AFP", None),
    ("İSTANBUL (AA) -", "İstanbul", None, None, "Anadolu", None),
    ("Frankfurt am Main (dpa) -", "Frankfurt am Main", None, None, "dpa", None),
    ("Paris, 3 mars 2026 (AFP) -", "Paris", None, None, "AFP", "3 mars 2026"),
    ("BERLIN, 3. März (dpa) -", "Berlin", None, None, "dpa", "3. März"),
    # a country and an outlet whose name starts as places do ("New …", "The …"), with or without a separator
    ("Braga, Portugal (New Harbour) —", "Braga", None, "Portugal", "New Harbour", None),
    ("BRAGA, Portugal (The Harbour Weekly)", "Braga", None, "Portugal", "The Harbour Weekly", None),
    # known places joined by a slash in title case; places that start with a given name but end as places do
    ("Lisbon/Madrid —", "Lisbon/Madrid", None, None, None, None),
    ("ELIZABETH CITY, N.C. —", "Elizabeth City", "N.C.", None, None, None),
    ("VICTORIA FALLS —", "Victoria Falls", None, None, None, None),
    ("SAN JOSE —", "San Jose", None, None, None, None),
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
        # upper-case labels before a colon, unless their words are a known place
        "CLAIM: The harbour committee voted to scrap every winter crossing from next month on.",
        "WARNING GRAPHIC CONTENT: The footage shows the moment the ferry struck the north pier.",
        "EXCLUSIVE: The harbour committee voted to scrap every winter crossing from next month on.",
        "PETRA NOVAK: I always wanted to run a ferry company, and now the chance has finally come.",
        "FERRY TIMETABLE: Members agreed that the early crossing would move thirty minutes later.",
        # times, names, photo credits, quotes, sentence openings in title case
        "10:30 — The committee reconvened after a short break to hear from the harbour master.",
        "John Smith — The harbour master who has run the north pier for thirty years retires.",
        "Maria Costa - Die Hafenmeisterin hat den Nordpier dreißig Jahre lang geleitet.",
        "Photo: Petra Novak. The harbour committee met on Tuesday to discuss the ferry timetable.",
        "“LONDON — is where it all began,” the harbour master said at the opening of the pier.",
        "However, Texas — a state that rarely agrees with its neighbours — backed the plan.",
        "In Springfield, Ill. — The committee met on Tuesday to discuss the ferry timetable.",
        "Boston, the old harbour town, has a new ferry timetable starting next month for everyone.",
        "Paris — the city of light — has announced a new plan to plant trees along the boulevards.",
        "Springfield, Ill. — the harbour committee met on Tuesday to discuss the timetable.",
        "Fazit: Die Fähre fährt im Winter eine halbe Stunde später als bisher vom Nordpier ab.",
        # brackets that are no source: a country, a note, a party, a lower-case continuation
        "Berlin (Germany) The coalition partners argued late into the night about the budget.",
        "In Porto (Harbour Weekly) The committee met on Tuesday to discuss the ferry timetable.",
        "Petra Novak (Labour) The harbour committee met on Tuesday to discuss the timetable.",
        "Lisbon (file) The harbour committee met on Tuesday to discuss the new ferry timetable.",
        "Lisbon (Example News) said on Tuesday that the ferry timetable would change next month.",
        "(Photo: Petra Novak) The harbour committee met on Tuesday to discuss the timetable.",
        "NASA (the space agency) said on Tuesday that the launch had been postponed again.",
        "SPOILER WARNING — The harbour committee met on Tuesday to discuss the new timetable.",
        "IN BRIEF — The harbour committee met on Tuesday to discuss the new ferry timetable.",
        "CHINESE AGGRESSION (Harbour Weekly) — Manila accused the militia of sideswiping a vessel.",
        "ICYMI – this is a fix for the harbour timetable that the committee agreed on in May.",
        "GHENT—the old harbour town—has a new ferry timetable starting next month for everyone.",
        "(Example) - PETRA NOVAK: The harbour committee met on Tuesday to discuss the timetable.",
        # a person's name in capitals before a dash: a byline or a speaker, not a place
        "PETRA NOVAK — The harbour committee met on Tuesday to discuss the new ferry timetable.",
        "JOHN SMITH - The harbour committee met on Tuesday to discuss the new ferry timetable.",
        "MARIA DA COSTA — The harbour committee met on Tuesday to discuss the ferry timetable.",
        "MARIA GONZALEZ, Reporter — The harbour committee met on Tuesday to discuss the timetable.",
        "JOHN SMITH, Harbour Weekly — The committee met on Tuesday to discuss the ferry timetable.",
        "JOHN SMITH (Harbour Weekly) — The committee met on Tuesday to discuss the ferry timetable.",
        # a note in brackets is no outlet, even when its first word begins places' names
        "Lisbon (New video) The harbour committee met on Tuesday to discuss the ferry timetable.",
        # title-case words joined by a slash are places only when every one is known
        "Kuthiwa/Mthobisi — The harbour committee met on Tuesday to discuss the ferry timetable.",
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


def test_source_in_brackets_without_a_separator() -> None:
    found = split("BRAGA (Harbour Weekly)The committee met on Tuesday to discuss the ferry timetable.")
    assert found is not None
    assert (found[0].city, found[0].agency) == ("Braga", "Harbour Weekly")
    assert found[1].startswith("The committee")
    # a title-case word before an unknown source needs a known place, else it may be a name ("Petra (Harbour Weekly)")
    assert split("Petra (Harbour Weekly)The committee met on Tuesday to discuss the ferry timetable.") is None


def test_place_alone_with_a_country_or_a_known_name() -> None:
    text = "The harbour committee met on Tuesday to discuss the new ferry timetable for the winter."
    found = split("BRIG, SWITZERLAND", text)
    assert found is not None and (found[0].city, found[0].country) == ("Brig", "Switzerland")
    found = split("Gorham, Maine", text)
    assert found is not None and (found[0].city, found[0].region) == ("Gorham", "Maine")
    # a single word alone is a kicker or a heading unless it is a known place
    for heading in ("Highlights", "Hardware", "Hello", "POLITICS", "Petra Novak"):
        assert split(heading, text) is None


FERRY = (
    "The harbour committee met on Tuesday to discuss the new ferry timetable for the coming winter.",
    "Members agreed that the early morning crossing would move thirty minutes later from next month.",
)


def test_cut_after_a_short_furniture_line_when_the_dateline_is_strong() -> None:
    line, paragraphs, index = cut(("Weather at a glance", f"FAIRVIEW, Tenn. – {FERRY[0]}", FERRY[1]))
    assert line is not None and (line.city, line.region, index) == ("Fairview", "Tenn.", 1)
    assert paragraphs == ("Weather at a glance", *FERRY)
    # after two short lines (a kicker, a byline), a place in capitals before a dash
    line, paragraphs, index = cut(("Harbour", "By PETRA NOVAK", f"DUBLIN — {FERRY[0]}", FERRY[1]))
    assert line is not None and (line.city, index) == ("Dublin", 2)
    # a title-case word before a hyphen after a stray short line may be a name or a label: left alone
    assert cut(("MTHOBISI SITHOLE", f"Kuthiwa - {FERRY[0]}", FERRY[1]))[0] is None
    # after longer lines (a caption, story highlights) only a dateline with a signal, and not a place alone
    caption = "The north pier at dawn, where the first winter ferry is due to leave at half past six."
    line, paragraphs, index = cut((caption, FERRY[1], f"Dublin (AFP) -- {FERRY[0]}"))
    assert line is not None and (line.city, line.agency, index) == ("Dublin", "AFP", 2)
    assert cut((caption, FERRY[1], f"DUBLIN — {FERRY[0]}"))[0] is not None
    assert cut((caption, FERRY[1], f"Kuthiwa - {FERRY[0]}"))[0] is None
    assert cut((caption, FERRY[1], "Dublin", FERRY[0]))[0] is None
    # not past the first five paragraphs
    assert cut((*FERRY, *FERRY, *FERRY, f"Dublin (AFP) -- {FERRY[0]}"))[0] is None


def test_lead_in_printed_in_a_paragraph_of_its_own() -> None:
    found = split("BRUGES (AFP) —", FERRY[0])
    assert found is not None and (found[0].city, found[0].agency, found[1]) == ("Bruges", "AFP", "")
    assert split("GHENT —", FERRY[0]) is not None
    assert split("CLAIM:", FERRY[0]) is None
    assert split("(AFP)", FERRY[0]) is None
    assert split("BRUGES (AFP) —", None) is None


def test_cut_from_the_first_paragraph_or_after_a_standfirst() -> None:
    line, paragraphs, index = cut((f"BRUGES (AFP) — {FERRY[0]}", FERRY[1]))
    assert line is not None and (line.city, line.agency, index) == ("Bruges", "AFP", 0)
    assert paragraphs == FERRY
    standfirst = "A longer standfirst that sums up the story in one sentence, as magazines print it."
    line, paragraphs, index = cut((standfirst, f"GHENT — {FERRY[0]}", FERRY[1]))
    assert line is not None and line.city == "Ghent" and index == 1 and paragraphs == (standfirst, *FERRY)
    assert cut(FERRY) == (None, FERRY, 0)
