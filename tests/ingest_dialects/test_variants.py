"""Each variant of DOMAIN.md "Other municipalities" on its own, in the smallest referat that
shows it: case numbers, decision headings, headers, attendance, closed items, item headings,
wrap hyphens, and the warnings of a referat the parser only half understands."""

import pytest

from meetings.ingest.parse import parse_referat
from meetings.ingest.pdf import Line, layout_text

TITLE = "REFERAT Økonomiudvalget - 2026-2029 d. 04-03-2026"


def _item(body: str, *, heading: str = "Punkt 1: Budget 2026") -> dict:
    (item,) = parse_referat(f"{TITLE}\n\n{heading}\n\n{body}")["items"]
    return item


# Case numbers -------------------------------------------------------------------------------

SCHEMES = [
    "25-009324",
    "21-3658A",
    "EMN-2025-003383",
    "20/33839",
    "19/2484",
    "330-2020-164",
    "85.02.02-G01-5-17",
    "18.00Ø00 - 2014/06569",
]


@pytest.mark.parametrize("number", SCHEMES)
def test_a_case_number_of_every_scheme_under_the_heading(number):
    item = _item(f"{number}\n\nBeslutning\n\nGodkendt.")

    assert (item["title"], item["case_number"]) == ("Budget 2026", number)
    assert item["sections"] == [{"heading": "Beslutning", "text": "Godkendt."}]


@pytest.mark.parametrize("label", ["Sagsnr.:", "Sagsid.:", "Sagsnummer:", "Sagsnr.", "Sag nr."])
@pytest.mark.parametrize("number", [*SCHEMES, "129"])
def test_a_labelled_case_number_leaves_its_label_nowhere(label, number):
    item = _item(f"{label} {number}\n\nBeslutning\n\nGodkendt.")

    assert item["case_number"] == number
    assert item["title"] == "Budget 2026"
    assert item["sections"] == [{"heading": "Beslutning", "text": "Godkendt."}]


def test_a_labelled_case_number_below_other_lines_or_joined_to_the_heading():
    below = _item("Fraværende: Ole Blickfeldt\nSagsid.: 20/1187\n\nBeslutning\n\nGodkendt.")
    joined = _item("Beslutning\n\nGodkendt.", heading="Punkt 1: Budget 2026 Sagsnr.: 20/33839")

    assert (below["case_number"], below["absent"]) == ("20/1187", ["Ole Blickfeldt"])
    assert (joined["title"], joined["case_number"]) == ("Budget 2026", "20/33839")


def test_a_number_that_only_looks_like_a_case_number_is_not_read_from_running_text():
    item = _item(
        "Beslutning\n\nGodkendt.\n\nSagsfremstilling\n\nSagen blev behandlet under sagsnr. "
        "20/33839 i 2020.\n\n25-009324\n\nEr nævnt ovenfor."
    )

    assert item["case_number"] is None
    assert item["sections"][1]["text"] == (
        "Sagen blev behandlet under sagsnr. 20/33839 i 2020.\n\n25-009324\n\nEr nævnt ovenfor."
    )


def test_an_unlisted_scheme_is_read_right_under_the_heading_but_not_a_date_or_a_sum():
    assert _item("ABC-77/2031-0042\n\nBeslutning\n\nGodkendt.")["case_number"] == (
        "ABC-77/2031-0042"
    )
    for line in ("03.03.2026", "1.800.000", "2026-2029"):
        item = _item(f"{line}\n\nBeslutning\n\nGodkendt.")
        assert item["case_number"] is None, line


# Decision headings --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "heading",
    [
        "Beslutning",
        "Beslutninger",
        "Beslutning i Økonomiudvalget den 4. marts 2026:",
        "Beslutning Økonomiudvalget den 04-03-2026",
        "Økonomiudvalget, 04-03-2026, pkt. 1",
    ],
)
def test_every_decision_heading_gives_the_decision(heading):
    item = _item(f"26-000001\n\n{heading}\n\nGodkendt.\n\nResume\n\nEt resume.")

    assert item["decision"] == "Godkendt."
    assert [s["heading"] for s in item["sections"]] == [heading, "Resume"]


def test_of_several_dated_decisions_the_meetings_own_is_the_decision():
    item = _item(
        "Beslutning i Økonomiudvalget den 4. marts 2026:\n\nAnbefales.\n\n"
        "Beslutning i Kommunalbestyrelsen den 30. marts 2026:\n\nGodkendt.",
        heading="Punkt 1: Budget 2026",
    )
    council = parse_referat(
        "REFERAT Kommunalbestyrelsen - 2026-2029 d. 30-03-2026\n\nPunkt 1: Budget 2026\n\n"
        "Økonomiudvalget, 04-03-2026, pkt. 12\n\nAnbefales.\n\n"
        "Kommunalbestyrelsen, 30-03-2026, pkt. 1\n\nGodkendt."
    )["items"][0]

    assert item["decision"] == "Anbefales."  # the Økonomiudvalget's meeting of 4 March
    assert council["decision"] == "Godkendt."


def test_absences_and_votes_inside_a_decision_are_left_as_printed():
    decision = (
        "Godkendt.\nAfbud: Ole Blickfeldt\nFraværende: Tina Mandrup, Lotte Greve\n"
        "Thomas Bisgaard var forhindret i at deltage i udvalgets behandling af sagen.\n"
        "For stemte: Tina Mandrup (V) og Lotte Greve (V) - i alt 2."
    )
    item = _item(f"Beslutning\n\n{decision}")

    assert item["decision"] == decision
    assert item["absent"] == []


# Headers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "committee", "date", "time", "location"),
    [
        (
            "REFERAT Aarhus Byråd d. 27-08-2025\nMødedato Onsdag d. 27. august 2025 kl. 16:00",
            {"name": "Aarhus Byråd", "period": None},
            "2025-08-27",
            "16:00",
            None,
        ),
        (
            "Referat af møde i Plan- og Boligudvalget\n"
            "Den 09.01.2020 kl. 13:00 i Mødelokale 2, Rådhuset",
            {"name": "Plan- og Boligudvalget", "period": None},
            "2020-01-09",
            "13:00",
            "Mødelokale 2, Rådhuset",
        ),
        (
            "Referat\nUdvalg: Teknik- og Miljøudvalget\n"
            "Mødedato: onsdag den 1. oktober 2025 kl. 15.45\nMødested: Rådhuset",
            {"name": "Teknik- og Miljøudvalget", "period": None},
            "2025-10-01",
            "15:45",
            "Rådhuset",
        ),
        (
            "REFERAT\nUDVALG Børne- og Skoleudvalget 2018-2021\n"
            "STARTTIDSPUNKT 04-06-2020 09:00:00\nSLUTTIDSPUNKT 04-06-2020 11:30:00\n"
            "MØDESTED Rådhuset",
            {"name": "Børne- og Skoleudvalget", "period": "2018-2021"},
            "2020-06-04",
            "09:00",
            "Rådhuset",
        ),
    ],
)
def test_header_variants(header, committee, date, time, location):
    referat = parse_referat(f"{header}\n\nPunkt 1: Eventuelt\n\nBeslutning\n\nIntet.")

    assert referat["committee"] == committee
    assert (referat["date"], referat["start_time"], referat["location"]) == (date, time, location)
    assert referat["warnings"] == []


def test_the_municipality_is_read_from_the_header_and_never_guessed():
    named = parse_referat(f"Greve Kommune\n\n{TITLE}\n\nPunkt 1: Eventuelt\n")
    unnamed = parse_referat("REFERAT Aarhus Byråd d. 27-08-2025\n\nPunkt 1: Eventuelt\n")

    assert named["municipality"] == "Greve Kommune"
    assert unnamed["municipality"] is None


def test_an_agenda_is_a_dagsorden_until_it_has_decisions():
    agenda = "DAGSORDEN Økonomiudvalget - 2026-2029 d. 04-03-2026\n\nPunkt 1: Budget\n\n"

    assert parse_referat(agenda + "Resumé\n\nEt resumé.")["kind"] == "dagsorden"
    assert parse_referat(agenda + "Beslutning\n\nGodkendt.")["kind"] == "referat"
    assert parse_referat(f"{TITLE}\n\nPunkt 1: Budget\n")["kind"] == "referat"
    # An agenda has no decisions yet: no warning that they are missing.
    assert parse_referat(agenda + "Resumé\n\nEt resumé.")["warnings"] == []


# Attendance ---------------------------------------------------------------------------------


def test_members_with_parties_and_an_attendance_item():
    referat = parse_referat(
        f"{TITLE}\n\nMedlemmer:\nTina Mandrup (V)\nLotte Greve (V)\nOle Blickfeldt (-)\n"
        "Jesper Kuhre (Stedfortræder for Ronni Nielsen)\n\n"
        "1. Fraværende\n\nOle Blickfeldt (-), Carl Nielsen (A)\n\n"
        "2. Godkendelse af dagsorden\n\nBeslutning\n\nGodkendt."
    )

    assert referat["participants"] == [
        {"name": "Tina Mandrup", "status": "present", "party": "V"},
        {"name": "Lotte Greve", "status": "present", "party": "V"},
        {"name": "Ole Blickfeldt", "status": "absent", "party": "-"},
        {
            "name": "Jesper Kuhre (Stedfortræder for Ronni Nielsen)",
            "status": "present",
            "party": None,
        },
        {"name": "Carl Nielsen", "status": "absent", "party": "A"},
    ]
    assert [i["title"] for i in referat["items"]] == ["Fraværende", "Godkendelse af dagsorden"]
    assert referat["warnings"] == []


def test_a_participant_marked_with_party_and_absence():
    referat = parse_referat(
        f"{TITLE}\n\nMødedeltagere Tina Mandrup (V) (Afbud), Lotte Greve (V, fraværende), "
        "Thomas Bisgaard (B)\n\nPunkt 1: Eventuelt\n"
    )

    assert [(p["name"], p["status"], p["party"]) for p in referat["participants"]] == [
        ("Tina Mandrup", "absent", "V"),
        ("Lotte Greve", "absent", "V"),
        ("Thomas Bisgaard", "present", "B"),
    ]


def test_an_absence_line_under_the_heading_is_the_items():
    item = _item(
        "26-000001\n\nAfbud: Ole Blickfeldt og Tina Mandrup (V)\n\nBeslutning\n\nGodkendt."
    )

    assert item["absent"] == ["Ole Blickfeldt", "Tina Mandrup"]
    assert item["sections"] == [{"heading": "Beslutning", "text": "Godkendt."}]


# Closed items -------------------------------------------------------------------------------


@pytest.mark.parametrize("title", ["Lukket: Køb af ejendom", "Lukket punkt: Personalesag"])
def test_a_closed_items_decision_printed_without_a_heading(title):
    referat = parse_referat(
        f"{TITLE}\n\nPunkt 1: {title}\n\n26-000001\n\nUdvalget godkendte indstillingen.\n\n"
        "Punkt 2: Lukket punkt\n\nBeslutning ikke frigivet\n\n"
        "Punkt 3: Lukket: Salg af jord\n\nBeslutning\n\nGodkendt."
    )

    first, second, third = referat["items"]
    assert (first["title"], first["closed"], first["case_number"]) == (title, True, "26-000001")
    assert first["decision"] == "Udvalget godkendte indstillingen."
    assert (second["closed"], second["decision"]) == (True, "Beslutning ikke frigivet")
    assert (third["closed"], third["decision"]) == (True, "Godkendt.")
    assert referat["warnings"] == []


# Item headings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headings",
    [
        ["Punkt 3: Budget", "Punkt 4: Eventuelt"],
        ["Pkt. 3 Budget", "Pkt. 4 Eventuelt"],
        ["3. Budget", "4. Eventuelt"],
        ["3.   Budget", "4.   Eventuelt"],
        ["3Budget", "4Eventuelt"],
        ["3\nBudget", "4\nEventuelt"],
        ["3.\n\nBudget", "4.\n\nEventuelt"],
    ],
)
def test_every_item_heading_form(headings):
    first, second = headings
    referat = parse_referat(
        f"{TITLE}\n\n{first}\n\n26-000001\n\nBeslutning\n\nGodkendt.\n\n"
        f"{second}\n\nBeslutning\n\nIntet."
    )

    assert [(i["number"], i["title"]) for i in referat["items"]] == [
        (3, "Budget"),
        (4, "Eventuelt"),
    ]
    assert referat["items"][0]["case_number"] == "26-000001"


def test_numbered_lines_inside_sections_are_not_items():
    referat = parse_referat(
        f"{TITLE}\n\n1. Budget 2026\n\n26-000001\n\nIndstilling\n\nDirektionen indstiller:\n\n"
        "1. at budgettet godkendes,\n\n2. at rammen fastholdes.\n\nSagsfremstilling\n\n"
        "Budgettet har tre dele:\n\n1. Drift\n\n2. Anlæg\n\n3. Finansiering\n\n"
        "Beslutning\n\n1. Godkendt\n\n2. Anbefales\n\n2. Eventuelt\n\nBeslutning\n\nIntet."
    )

    assert [(i["number"], i["title"]) for i in referat["items"]] == [
        (1, "Budget 2026"),
        (2, "Eventuelt"),
    ]
    assert referat["items"][0]["decision"] == "1. Godkendt\n\n2. Anbefales"


def test_punkt_lines_in_a_case_history_are_the_historys_text():
    item = _item(
        "26-000001\n\nBeslutning\n\nGodkendt.\n\nSagens forløb\n\n"
        "02/03/2026 Økonomiudvalget - 2026-2029\nPunkt 2: Anbefales.\n\n"
        "03/03/2026 Kommunalbestyrelsen\nPunkt 7: Godkendt.\n\nBilag\n\nBudget.pdf"
    )

    assert [(e["date"], e["text"]) for e in item["case_history"]] == [
        ("2026-03-02", "Punkt 2: Anbefales."),
        ("2026-03-03", "Punkt 7: Godkendt."),
    ]
    assert item["attachments"] == ["Budget.pdf"]


def test_a_sagsforlob_block_history():
    item = _item(
        "Beslutning\n\nGodkendt.\n\nSagsforløb\n\nUdvalg: Økonomiudvalget 2022-2025\n"
        "Dato: 03-04-2019\nPunktnummer: 42\nAnbefales.\nAfbud: Ole Blickfeldt\n\n"
        "Dato: 10-04-2019\nUdvalg: Byrådet\nPunktnummer: 184\nPunkt 1: Godkendt."
    )

    assert item["case_history"] == [
        {
            "date": "2019-04-03",
            "committee": {"name": "Økonomiudvalget", "period": "2022-2025"},
            "text": "Anbefales.",
            "absent": ["Ole Blickfeldt"],
        },
        {
            "date": "2019-04-10",
            "committee": {"name": "Byrådet", "period": None},
            "text": "Punkt 1: Godkendt.",
            "absent": [],
        },
    ]


def test_a_numbered_table_of_contents_is_not_items():
    referat = parse_referat(
        f"{TITLE}\n\nIndholdsfortegnelse\n\n1. Budget 2026 3\n2. Eventuelt 4\n\n"
        "1. Budget 2026\n\n26-000001\n\nBeslutning\n\nGodkendt.\n\n2. Eventuelt\n\nBeslutning\n\n"
        "Intet."
    )

    assert [(i["number"], i["title"]) for i in referat["items"]] == [
        (1, "Budget 2026"),
        (2, "Eventuelt"),
    ]
    assert referat["warnings"] == []


# Wrap hyphens -------------------------------------------------------------------------------


def test_a_wrap_hyphen_joins_without_a_space_in_text():
    item = _item(
        "Beslutning\n\nGodkendt.\n\nSagsfremstilling\n\nPlanen bygger på Energistyrelsens 2030-\n"
        "fremskrivning og på ressourceforløb-\neller jobafklaringsforløb og Lejre-\nKommune."
    )

    assert item["sections"][1]["text"] == (
        "Planen bygger på Energistyrelsens 2030-fremskrivning og på ressourceforløb- eller "
        "jobafklaringsforløb og Lejre-\nKommune."
    )


def _line(text, top, right):
    return Line(text, 60.0, right, top, top - 11.7, 60.0 + 5.5 * len(text.split(" ")[0]))


def test_a_wrap_hyphen_joins_without_a_space_in_a_pdf():
    margin = 535.0
    text = layout_text(
        [
            [
                _line("Planen bygger på Energistyrelsens 2030-", 760.0, margin),
                _line("fremskrivning og på ressourceforløb-", 746.0, margin),
                _line("eller jobafklaringsforløb.", 732.0, 300.0),
            ]
        ]
    )

    assert text == (
        "Planen bygger på Energistyrelsens 2030-fremskrivning og på ressourceforløb- eller "
        "jobafklaringsforløb."
    )


# Warnings -----------------------------------------------------------------------------------


def test_a_referat_the_parser_half_understands_says_so_per_item():
    referat = parse_referat(
        f"{TITLE}\n\nPunkt 1: Budget\n\nEn tekst uden overskrift.\n\nUdvalgets afgørelse\n\n"
        "Godkendt.\n\nPunkt 2: Eventuelt\n\nBeslutning\n\nIntet.\n\nPunkt 3: Godkendelse af "
        "referat\n\nBeslutning\n"
    )

    assert referat["warnings"] == [
        "Punkt 1: tekst før første afsnit: 'En tekst uden overskrift.\\n\\nUdvalgets "
        "afgørelse\\n\\nGodkendt.'",
        "Punkt 1: ingen beslutningsoverskrift fundet",
    ]


# What a council's referat prints inside its items (seen in Greve's) -------------------------


def test_item_references_inside_decisions_and_tables_are_not_items():
    referat = parse_referat(
        "REFERAT Byrådet - 2022-2025 d. 10-12-2024\n\n"
        "Punkt 25: Budget 2025\n\n24-001726\n\nBeslutning\n\n"
        "Punkt 1. Økonomiudvalget anbefaler overfor Byrådet at godkende indstillingen.\n\n"
        "Fremstilling\n\nTabel 2. Godkendte garantistillelser\n\nByrådet 11. december 2017\n\n"
        "pkt. 26\n\nByrådet 7. marts 2022\n\npkt. 27\n\nSagens forløb\n\n"
        "09-05-2022 Økonomiudvalget\n\nPkt. 1: Orienteringen blev taget til efterretning.\n\n"
        "Pkt. 2: Godkendt.\n\n"
        "Punkt 26: Beslutning om legalitetsgodkendelse af spildevandstakster 2025.\n\n"
        "21-014825\n\nBeslutning\n\nAnbefales.\n\nSagens forløb\n\n"
        "21/11/2024 Klima-, Teknik- og Miljøudvalget\n\n1.-3. Anbefales.\n\n"
        "Punkt 27: § 60 Fælles hjælpemiddeldepot - ændring af vedtægter\n\n22-005266\n\n"
        "Beslutning\n\nGodkendt.\n\nPunkt 28: Underskriftsark\n\nFremstilling\n\nUnderskrives."
    )

    assert [(i["number"], i["case_number"]) for i in referat["items"]] == [
        (25, "24-001726"),
        (26, "21-014825"),
        (27, "22-005266"),
        (28, None),
    ]
    # A signature sheet takes no decision: nothing is missing.
    assert referat["warnings"] == []


def test_a_history_told_as_prose_is_one_warning():
    item = _item(
        "Beslutning\n\nGodkendt.\n\nSagsforløb\n\nUdvalget besluttede den 9. november 2022 at "
        "sende sagen i høring.\n\nHøringen sluttede den 1. december 2022.\n\nFakta om sagen"
    )
    referat = parse_referat(
        f"{TITLE}\n\nPunkt 1: Budget 2026\n\nBeslutning\n\nGodkendt.\n\nSagsforløb\n\n"
        "Udvalget besluttede den 9. november 2022 at sende sagen i høring.\n\n"
        "Høringen sluttede den 1. december 2022.\n\nFakta om sagen"
    )

    assert item["case_history"] == []
    assert referat["warnings"] == [
        "Punkt 1: en linje i Sagsforløb uden dato: 'Udvalget besluttede den 9. november 2022 "
        "at sende sagen i høring.'"
    ]


def test_a_written_out_heading_in_order_is_an_item_whatever_its_title_looks_like():
    referat = parse_referat(
        f"{TITLE}\n\nPunkt 1: ØU - iPad-ordning for udvalgets medlemmer\n\nBeslutning\n\n"
        "Godkendt.\n\nPunkt 2: Eventuelt.\n\nPunkt 3: 2. behandling af budget 2027\n\n"
        "Beslutning\n\nPunkt 2. Økonomiudvalget anbefaler overfor Kommunalbestyrelsen at "
        "godkende indstillingen.\n\nPunkt 4: Godkendt.\n\nPunkt 5: Godkendelse af referat\n"
    )

    assert [(i["number"], i["title"]) for i in referat["items"]] == [
        (1, "iPad-ordning for udvalgets medlemmer"),
        (2, "Eventuelt."),
        (3, "2. behandling af budget 2027"),
        (5, "Godkendelse af referat"),
    ]


def test_a_bare_sag_is_a_label_only_before_a_known_scheme():
    labelled = _item("Sag 25-009324\n\nBeslutning\n\nGodkendt.")
    heading = _item("Beslutning\n\nGodkendt.\n\nSagsfremstilling\n\nSag 12\nEn sag om skolen.")

    assert labelled["case_number"] == "25-009324"
    assert heading["case_number"] is None
    assert heading["sections"][1]["text"] == "Sag 12\nEn sag om skolen."
