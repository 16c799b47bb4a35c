"""Indholdsfortegnelse in the shapes converters give it: every entry matched to its item,
so that only a real mismatch is a warning."""

import pytest

from meetings.ingest.parse import parse_referat

TITLE = "REFERAT Udvalget for Børn & Ungdom - 2026-2029 d. 02-03-2026"
ITEMS = "Punkt 1: BU - Budget 2027\n\nPunkt 2: BU - Eventuelt\n"


@pytest.mark.parametrize(
    "contents",
    [
        "| Punkt | Titel | Side |\n|---|---|---|\n"
        "| 1 | BU - Budget 2027 | 3 |\n| 2 | BU - Eventuelt | 4 |",
        "Punkt 1\tBU - Budget 2027\t3\nPunkt 2\tBU - Eventuelt\t4",
        "1. BU - Budget 2027.....3\n2. BU - Eventuelt.....4",
    ],
)
def test_a_column_with_the_item_number_is_not_part_of_the_title(contents):
    text = f"{TITLE}\n\nIndholdsfortegnelse\n\n{contents}\n\n{ITEMS}"

    assert parse_referat(text)["warnings"] == []


def test_a_real_mismatch_in_a_numbered_contents_table_is_still_a_warning():
    contents = "| 1 | BU - Budget 2027 | 3 |\n| 2 | BU - Skoler | 4 |\n| 3 | BU - Eventuelt | 5 |"
    text = f"{TITLE}\n\nIndholdsfortegnelse\n\n{contents}\n\n{ITEMS}"

    assert parse_referat(text)["warnings"] == [
        "Indholdsfortegnelse: linjen '2 BU - Skoler 4' svarer ikke til noget punkt"
    ]


def test_a_contents_entry_wrapped_over_two_lines_is_one_entry():
    text = (
        f"{TITLE}\n\nIndholdsfortegnelse\n\n"
        "BU/JAI - Samarbejdsaftale om overgangen fra grundskole til ungdomsuddannelse for\n"
        "unge i Lejre Kommune 2026-2030.....\t4\nBU - Eventuelt.....\t6\n\n"
        "Punkt 1: BU/JAI - Samarbejdsaftale om overgangen fra grundskole til ungdomsuddannelse "
        "for unge i Lejre Kommune 2026-2030\n\nPunkt 2: BU - Eventuelt\n"
    )

    assert parse_referat(text)["warnings"] == []


def test_contents_right_under_the_participants_line_are_not_participants():
    text = (
        f"{TITLE}\nMødedato Mandag d. 02. marts 2026 kl. 16:00\n"
        "Mødedeltagere Anne Hansen, Bo Jensen (Afbud)\nIndholdsfortegnelse\n"
        "BU - Budget 2027.....3\nBU - Eventuelt.....4\n\n" + ITEMS
    )

    referat = parse_referat(text)

    assert referat["participants"] == [
        {"name": "Anne Hansen", "status": "present", "party": None},
        {"name": "Bo Jensen", "status": "absent", "party": None},
    ]
    assert referat["warnings"] == []
