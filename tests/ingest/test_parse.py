"""The parser against the three shared referater (expected JSON written by reading them) and
against small hand-made referater that exercise the format's variants."""

import json
from pathlib import Path

import pytest

from meetings.ingest.errors import ReferatError
from meetings.ingest.parse import parse_referat

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
EXPECTED = Path(__file__).resolve().parent / "expected"
SAMPLES = ["jai-2022-05-04.md", "jai-2026-02-03.md", "jai-2026-03-03.txt"]


def expected_for(sample: str) -> dict:
    return json.loads((EXPECTED / f"{Path(sample).stem}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("sample", SAMPLES)
def test_shared_referat_parses_to_its_expected_json(sample):
    text = (FIXTURES / sample).read_text(encoding="utf-8")

    assert parse_referat(text) == expected_for(sample)


def test_case_history_entry_with_absent_names_and_text_without_blank_lines():
    items = {i["number"]: i for i in expected_for("jai-2026-03-03.txt")["items"]}
    first = items[3]["case_history"][0]

    assert first == {
        "date": "2026-03-02",
        "committee": {"name": "Udvalget for Kultur & Fritid", "period": "2026-2029"},
        "text": "Taget til efterretning.\n\nPræsentation fra mødet er vedlagt referatet.",
        "absent": ["Ole Blickfeldt"],
    }


VARIANT = """\
REFERAT Økonomiudvalget - 2022 - 2025 d. 14-06-2023

Mødedato:\tOnsdag den 14. juni 2023, kl. 8.30
Mødested:\tByrådssalen
Mødedeltagere:\tAnne Hansen, Bo Jensen (Afbud), Carl Nielsen (fraværende) og Dorte Olsen

Indholdsfortegnelse
| Punkt | Side |
|---|---|
| ØU - Års - og statusplaner 2022 | 2 |
| Eventuelt | 3 |
| ØU - Et punkt der blev trukket | 4 |

**Punkt 1: ØU - Års - og statusplaner 2022**

23-001234

**Beslutning**

Ad. 1) Taget til efterretning

Ad. 2) Drøftet

**Resumé**

Planerne forelægges. Se Bilag: Oversigt over planer.

**Sagsfremstilling**

Indledning om planerne.

**Baggrund**

Baggrunden er lang og
fortsætter her på en ny linje (se side 4

%) og videre.

**Sagens forløb**

07.06.2023 Udvalget for Teknik og Miljø - 2022 - 2025
Godkendt.
Afbud: Eva Berg og Finn Holm
08-06-2023 Kommunalbestyrelsen
Oversendt.

**Bilag**

Oversigt over planer
Budget.xlsx

#### Punkt 2: Eventuelt

Beslutning

Intet.

### Punkt 3: Godkendelse af referat

### Beslutning
"""


def test_variant_header():
    referat = parse_referat(VARIANT)

    assert referat["title"] == "REFERAT Økonomiudvalget - 2022 - 2025 d. 14-06-2023"
    assert referat["committee"] == {"name": "Økonomiudvalget", "period": "2022-2025"}
    assert referat["date"] == "2023-06-14"
    assert referat["start_time"] == "08:30"
    assert referat["location"] == "Byrådssalen"
    assert referat["participants"] == [
        {"name": "Anne Hansen", "status": "present", "party": None},
        {"name": "Bo Jensen", "status": "absent", "party": None},
        {"name": "Carl Nielsen", "status": "absent", "party": None},
        {"name": "Dorte Olsen", "status": "present", "party": None},
    ]


def test_variant_items():
    first, second, third = parse_referat(VARIANT)["items"]

    assert (first["number"], first["committee_codes"], first["title"]) == (
        1,
        ["ØU"],
        "Års - og statusplaner 2022",
    )
    assert first["case_number"] == "23-001234"
    assert first["decision"] == "Ad. 1) Taget til efterretning\n\nAd. 2) Drøftet"
    assert [s["heading"] for s in first["sections"]] == [
        "Beslutning",
        "Resumé",
        "Sagsfremstilling",
        "Sagens forløb",
        "Bilag",
    ]
    assert first["sections"][2]["text"] == (
        "Indledning om planerne.\n\nBaggrund\n\n"
        "Baggrunden er lang og\nfortsætter her på en ny linje (se side 4 %) og videre."
    )
    assert first["attachments"] == ["Oversigt over planer", "Budget.xlsx"]
    assert first["case_history"] == [
        {
            "date": "2023-06-07",
            "committee": {"name": "Udvalget for Teknik og Miljø", "period": "2022-2025"},
            "text": "Godkendt.",
            "absent": ["Eva Berg", "Finn Holm"],
        },
        {
            "date": "2023-06-08",
            "committee": {"name": "Kommunalbestyrelsen", "period": None},
            "text": "Oversendt.",
            "absent": [],
        },
    ]
    assert (second["title"], second["committee_codes"], second["case_number"]) == (
        "Eventuelt",
        [],
        None,
    )
    assert second["decision"] == "Intet."
    assert third["decision"] is None
    assert third["sections"] == [{"heading": "Beslutning", "text": ""}]


def test_toc_entry_without_an_item_is_a_warning_not_an_item():
    referat = parse_referat(VARIANT)

    assert len(referat["items"]) == 3
    assert referat["warnings"] == [
        "Indholdsfortegnelse: linjen 'ØU - Et punkt der blev trukket 4' svarer ikke til "
        "noget punkt",
        "Indholdsfortegnelse: Punkt 3 mangler i den",
    ]


def test_toc_without_page_numbers_matches_titles_ending_in_a_number():
    text = (
        "REFERAT Økonomiudvalget - 2026-2029 d. 04-03-2026\n\nIndholdsfortegnelse\n\n"
        "ØU - Orientering marts 2026\nØU - Budget . . . . . . 4\n\n"
        "Punkt 1: ØU - Orientering marts 2026\n\nPunkt 2: ØU - Budget\n"
    )

    assert parse_referat(text)["warnings"] == []


def test_date_falls_back_to_the_title_and_no_period_gives_null():
    text = "Referat Kommunalbestyrelsen d. 01-02-2024\n\nMødested Rådhuset\n\nPunkt 1: Eventuelt\n"

    referat = parse_referat(text)

    assert referat["date"] == "2024-02-01"
    assert referat["committee"] == {"name": "Kommunalbestyrelsen", "period": None}
    assert referat["start_time"] is None
    assert referat["participants"] == []
    assert referat["items"][0]["sections"] == []


def test_wrapped_item_heading_and_participants_line_are_rejoined():
    text = (
        "REFERAT Udvalget for Børn & Ungdom - 2026-2029 d. 02-03-2026\n\n"
        "Mødedato Mandag d. 02. marts 2026 kl. 16.00\n"
        "Mødedeltagere Anne Hansen, Bo\nJensen (Fravær)\n\n"
        "Punkt 1: BU/JAI - En meget lang titel som\nfortsætter på næste linje\n26-000001\n\n"
        "Beslutning\n\nGodkendt\n"
    )

    referat = parse_referat(text)

    assert referat["participants"][1] == {"name": "Bo Jensen", "status": "absent", "party": None}
    item = referat["items"][0]
    assert item["title"] == "En meget lang titel som fortsætter på næste linje"
    assert item["committee_codes"] == ["BU", "JAI"]
    assert item["case_number"] == "26-000001"


def test_lower_case_codes_are_part_of_the_title():
    text = "REFERAT Byrådet d. 01-02-2024\n\nPunkt 1: Status - det nye år\n"

    item = parse_referat(text)["items"][0]

    assert (item["committee_codes"], item["title"]) == ([], "Status - det nye år")


@pytest.mark.parametrize(
    "text,reason",
    [
        ("", "tom"),
        ("Punkt 1: Noget\n\nBeslutning\n\nGodkendt", "titel"),
        ("REFERAT Økonomiudvalget d. 01-02-2024\n\nMødested Rådhuset\n", "Punkt"),
        ("Bare en tekst uden hoved.\n\nOg mere tekst.", "Punkt"),
    ],
)
def test_text_without_header_or_items_is_refused_with_a_reason(text, reason):
    with pytest.raises(ReferatError, match=reason):
        parse_referat(text)


def test_toc_lines_shaped_like_item_headings_are_not_items():
    text = (
        "Lejre Kommune\n\nREFERAT Økonomiudvalget - 2026-2029 d. 04-03-2026\n\n"
        "Indholdsfortegnelse\n\nPunkt 1: ØU - Budget........3\nPunkt 2: Eventuelt........4\n\n"
        "Punkt 1: ØU - Budget\n\nBeslutning\n\nGodkendt\n\nPunkt 2: Eventuelt\n"
    )

    referat = parse_referat(text)

    assert [i["title"] for i in referat["items"]] == ["Budget", "Eventuelt"]
    assert referat["title"] == "REFERAT Økonomiudvalget - 2026-2029 d. 04-03-2026"
    assert referat["warnings"] == ["hovedet: en linje, der ikke kunne placeres: 'Lejre Kommune'"]


def test_headings_printed_without_space_around_them_still_start_sections():
    text = (
        "REFERAT Økonomiudvalget - 2026-2029 d. 04-03-2026\n"
        "Mødedato Onsdag d. 04. marts 2026 kl. 17:00\n"
        "Punkt 1: ØU - Budget\n26-000001\nBeslutning\nGodkendt\nResumé\nEt resumé.\n"
        "Punkt 2: Eventuelt\nBeslutning\nIntet.\n"
    )

    first, second = parse_referat(text)["items"]

    assert first["case_number"] == "26-000001"
    assert first["sections"] == [
        {"heading": "Beslutning", "text": "Godkendt"},
        {"heading": "Resumé", "text": "Et resumé."},
    ]
    assert second["decision"] == "Intet."


def test_lower_case_history_text_is_not_joined_to_its_date_line():
    text = (
        "REFERAT Økonomiudvalget - 2026-2029 d. 04-03-2026\n\nPunkt 1: ØU - Budget\n\n"
        "Sagens forløb\n\n02/03/2026 Udvalget for Børn & Ungdom - 2026-2029\n\n"
        "taget til efterretning.\n"
    )

    (entry,) = parse_referat(text)["items"][0]["case_history"]

    assert entry["committee"] == {"name": "Udvalget for Børn & Ungdom", "period": "2026-2029"}
    assert entry["text"] == "taget til efterretning."


def test_title_without_date_takes_the_date_from_modedato():
    text = (
        "REFERAT Udvalget for Teknik & Miljø - 2022 - 2025\n\n"
        "Mødedato\tTorsdag d. 7. sept. 2023 kl. 17.00\n\nPunkt 1: Eventuelt\n"
    )

    referat = parse_referat(text)

    assert referat["committee"] == {"name": "Udvalget for Teknik & Miljø", "period": "2022-2025"}
    assert (referat["date"], referat["start_time"]) == ("2023-09-07", "17:00")


@pytest.mark.parametrize(
    "line,plain",
    [
        (
            "## **Punkt 1: JAI - Godkendelse af dagsorden**",
            "Punkt 1: JAI - Godkendelse af dagsorden",
        ),
        ("#### *Udmøntning af Ungeløftet*", "Udmøntning af Ungeløftet"),
        ("## Beslutning ##", "Beslutning"),
        ("***Beslutning***", "Beslutning"),
        ("<b>Mødedato</b>\tOnsdag d. 04. maj 2022", "Mødedato Onsdag d. 04. maj 2022"),
        (
            "<p>Hammer &amp; Son</p>\t<p>Læs <a href='https://x.dk/'>mere</a></p>",
            "Hammer & Son Læs mere",
        ),
        ("[Mød andre politikere](#)", "Mød andre politikere"),
        ("| Udgift |  | 161.982,49 kr. |  |", "Udgift 161.982,49 kr."),
        ("Skole\t", "Skole"),
        ("\t2026\t2027", "2026 2027"),
        ("1\\. at udvalget", "1. at udvalget"),
        ("x < 5 og 5 * 3 = 15", "x < 5 og 5 * 3 = 15"),
        ("Udvalget for   Børn  & Ungdom  ", "Udvalget for Børn & Ungdom"),
        ("---", None),
        ("|---|:---:|", None),
    ],
)
def test_markup_is_removed_from_a_line(line, plain):
    from meetings.ingest.markup import clean_line

    assert clean_line(line) == plain


def test_an_afbud_line_in_the_header_marks_people_absent():
    text = (
        "REFERAT Økonomiudvalget - 2026-2029 d. 04-03-2026\n\n"
        "Mødedato Onsdag d. 04. marts 2026\nMødetidspunkt kl. 16.30\n"
        "Mødedeltagere Anne Hansen, Bo Jensen\nAfbud: Bo Jensen, Carl Nielsen\n\n"
        "Punkt 1: Eventuelt\n"
    )

    referat = parse_referat(text)

    assert referat["start_time"] == "16:30"
    assert referat["participants"] == [
        {"name": "Anne Hansen", "status": "present", "party": None},
        {"name": "Bo Jensen", "status": "absent", "party": None},
        {"name": "Carl Nielsen", "status": "absent", "party": None},
    ]
    assert referat["warnings"] == []


def test_unmarked_list_paragraphs_are_not_joined_as_page_breaks():
    text = (
        "REFERAT Byrådet d. 01-02-2024\n\nPunkt 1: Budget\n\nIndstilling\n\n"
        "Direktionen indstiller,\n\nat planen godkendes,\n\nat rammen fastholdes.\n"
    )

    (indstilling,) = parse_referat(text)["items"][0]["sections"]

    assert indstilling["text"] == (
        "Direktionen indstiller,\n\nat planen godkendes,\n\nat rammen fastholdes."
    )
