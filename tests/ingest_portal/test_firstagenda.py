"""The FirstAgenda meeting JSON against real Greve meetings (tests/data/greve, and two more in
./data), with expected values read from the JSON by hand, and against malformed input."""

import json
import re
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from meetings.ingest.errors import ReferatError
from meetings.ingest.firstagenda import (
    html_paragraphs,
    is_meeting_json,
    read_meeting,
    read_meeting_bytes,
)
from meetings.vocabulary import STANDARD_SECTIONS

GREVE = Path(__file__).resolve().parents[1] / "data" / "greve" / "dagsorden"
MORE = Path(__file__).resolve().parent / "data"
MEETINGS = sorted(GREVE.glob("*.json")) + sorted(MORE.glob("*.json"))
PORTAL = "https://dagsordener.greve.dk"

REFERAT_KEYS = {
    "committee",
    "title",
    "date",
    "start_time",
    "location",
    "participants",
    "items",
    "warnings",
    "kind",
    "municipality",
    "source",
}
ITEM_KEYS = {
    "number",
    "title",
    "committee_codes",
    "case_number",
    "decision",
    "sections",
    "attachments",
    "attachment_urls",
    "case_history",
    "closed",
    "absent",
}


def meeting(name: str) -> dict:
    path = GREVE / name if (GREVE / name).exists() else MORE / name
    return read_meeting_bytes(path.read_bytes())


def item(referat: dict, number: int) -> dict:
    return next(i for i in referat["items"] if i["number"] == number)


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def beslutning_field_text(html: str) -> str | None:
    """The text of the `<h3>Beslutning</h3>` field, read independently of the module: the
    element after the heading, or a closed item's whole field when it has no heading."""
    tree = LexborHTMLParser(html)
    headings = [h for h in tree.css("h3") if h.text(strip=True) == "Beslutning"]
    if headings:
        field = headings[0].next
        while field is not None and field.tag == "-text":
            field = field.next
        return field.text(separator=" ") if field is not None else None
    if tree.css_first("h1, h2, h3, h4") is None:
        return tree.body.text(separator=" ")
    return None


# Every meeting is well formed ----------------------------------------------------------------


@pytest.mark.parametrize("path", MEETINGS, ids=lambda p: p.name[:8])
def test_every_meeting_reads_to_a_well_formed_referat(path):
    raw = json.loads(path.read_text(encoding="utf-8-sig"))
    referat = read_meeting_bytes(path.read_bytes())

    assert set(referat) == REFERAT_KEYS
    assert isinstance(referat["committee"]["name"], str) and referat["committee"]["name"]
    assert referat["committee"]["period"] is None or re.fullmatch(
        r"\d{4}-\d{4}", referat["committee"]["period"]
    )
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", referat["date"])
    assert referat["start_time"] is None or re.fullmatch(r"\d{2}:\d{2}", referat["start_time"])
    assert referat["kind"] in ("referat", "dagsorden")
    assert referat["municipality"] is None
    assert referat["source"] == {
        "system": "firstagenda",
        "meeting_id": raw["Id"],
        "url": None,
        "portal": PORTAL,
    }
    assert all(isinstance(w, str) for w in referat["warnings"])
    for person in referat["participants"]:
        assert set(person) == {"name", "status", "party"}
        assert person["status"] in ("present", "absent") and person["party"] is None

    numbers = [i["number"] for i in referat["items"]]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    assert numbers == [int(i["Punktnummer"]) for i in raw["Dagsordenpunkter"]]
    for got, source in zip(referat["items"], raw["Dagsordenpunkter"], strict=True):
        assert set(got) == ITEM_KEYS
        assert got["title"] and not got["title"].startswith("Lukket")
        assert got["case_number"] == (source["SagsNummer"] or None)
        assert got["closed"] == source["Navn"].startswith("Lukket")
        assert got["attachments"] == [" ".join(b["Navn"].split()) for b in source["Bilag"]]
        assert got["attachment_urls"] == [
            f"{PORTAL}/Vis/Pdf/bilag/{b['Id']}" for b in source["Bilag"]
        ]
        assert got["absent"] == [a["Name"] for a in source["ExternalAgendaItemAttendees"]]
        for section in got["sections"]:
            assert section["heading"] in STANDARD_SECTIONS
            assert "\xa0" not in section["text"] and "  " not in section["text"]
            assert "<" not in section["text"] or "< " in section["text"]
        for entry in got["case_history"]:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", entry["date"])
            assert entry["committee"]["name"] and entry["absent"] == []
        expected = beslutning_field_text(source["Felter"][0]["Html"])
        if f"Punkt {got['number']}: beslutning trykt uden overskrift" in referat["warnings"]:
            # The variant that prints the decision first, in the template's first paragraph.
            first = LexborHTMLParser(source["Felter"][0]["Html"]).css_first("p.xsltFirstParagraph")
            expected = first.text(separator=" ")
        if expected is None or not expected.strip():
            assert got["decision"] is None
        else:
            # Word for word; an ordered list's numbers are added as the browser shows them.
            assert [w for w in words(got["decision"]) if not w.isdigit()] == [
                w for w in words(expected) if not w.isdigit()
            ]


# Hand-checked values ------------------------------------------------------------------------


def test_meeting_header_of_the_council_with_its_period_and_a_cancelled_participation():
    referat = meeting("d3964d13-a62d-4d0e-a1b7-2e9406a634b0.json")

    assert referat["committee"] == {"name": "Byråd", "period": "2022-2025"}
    assert referat["title"] == "Referat Byråd 2022-2025 11-12-2024"
    assert (referat["date"], referat["start_time"]) == ("2024-12-11", "16:00")
    assert referat["location"] == "Byrådssalen"
    assert referat["kind"] == "referat"
    assert len(referat["participants"]) == 21
    absent = [p["name"] for p in referat["participants"] if p["status"] == "absent"]
    assert absent == ["Kenneth Jerkel"]  # ParticipationCancelled
    assert referat["participants"][0] == {
        "name": "Torben Hoffmann",
        "status": "present",
        "party": None,
    }


def test_closed_item_with_its_headless_decision_a_vote_and_item_absence():
    referat = meeting("d3964d13-a62d-4d0e-a1b7-2e9406a634b0.json")
    closed = item(referat, 5)

    assert closed["title"] == (
        "Godkendelse af leverandør til de beskæftigelsesfremmende tilbud i Greve Kommune"
    )
    assert closed["closed"] is True and closed["case_number"] == "24-010541"
    # The vote and the absences stay in the decision's text; only the item's own attendee
    # list gives `absent`.
    assert closed["decision"] == (
        "Byrådet godkendte Økonomiudvalgets indstilling.\n\n"
        "Imod stemte: Ø\n\n"
        "Afbud: Kenneth Jerkel\nFraværende: Torben Hoffmann"
    )
    assert closed["sections"] == [{"heading": "Beslutning", "text": closed["decision"]}]
    assert closed["absent"] == ["Torben Hoffmann"]
    assert closed["attachments"] == [] and closed["case_history"] == []


def test_closed_item_with_a_double_space_after_lukket():
    closed = item(meeting("6675dd1c-6892-4b6c-b9b5-971004437c69.json"), 8)

    assert closed["title"] == "Henvendelser til formanden"
    assert closed["closed"] is True
    assert closed["decision"] == "Intet."
    assert closed["case_number"] == "21-015028"


def test_open_item_with_a_vote_sections_in_order_and_attachments():
    referat = meeting("6675dd1c-6892-4b6c-b9b5-971004437c69.json")
    placering = item(referat, 4)

    assert placering["title"] == "Placering af ny daginstitution ved Greve Borgerhus"
    assert placering["case_number"] == "22-013125"
    assert [s["heading"] for s in placering["sections"]] == [
        "Beslutning",
        "Sagsprocedure",
        "Resume",
        "Indstilling",
        "Sagsbeskrivelse",
        "Lovgrundlag",
        "Økonomiske konsekvenser",
        "Kommunikation",
        "Tidsplan",
    ]
    assert placering["decision"].startswith(
        "1. Udvalget godkender indstillingen\n\n"
        "Linda Heegaard (SF) stemte imod med følgende mindretalsudtalelse:\n\n"
        "”SF stemmer mod, da vi mener opgaven har været for snæver i sin fremstilling,"
    )
    assert placering["decision"].endswith(
        "skal inddrages ift. en institution”.\n\nFraværende: Anne Marie Lyduch"
    )
    assert placering["sections"][1] == {
        "heading": "Sagsprocedure",
        # Two source lines of one paragraph are one line.
        "text": "Skole-, Børne-, og Ungeudvalget, Plan- og Tryghedsudvalget, Kultur- og "
        "Fritidsudvalget, Klima-, Teknik- og Miljøudvalget, Økonomiudvalget og Byrådet.",
    }
    assert placering["absent"] == ["Anne Marie Lyduch"]
    assert placering["attachments"][0] == "Bilag 1 - Redegørelse for budgetforøgelse for Greve Midt"
    assert placering["attachment_urls"][0] == (
        "https://dagsordener.greve.dk/Vis/Pdf/bilag/e343ee16-b9d2-4810-b955-842d87a7efca"
    )
    assert referat["title"] == "Referat Skole-, Børne- og Ungeudvalget 15-11-2022"
    assert referat["committee"] == {"name": "Skole-, Børne- og Ungeudvalget", "period": None}


def test_case_history_entry_whose_decision_was_not_released():
    history = item(meeting("6675dd1c-6892-4b6c-b9b5-971004437c69.json"), 2)["case_history"]

    assert history == [
        {
            "date": "2022-11-14",
            "committee": {"name": "Social- og Handicapudvalget", "period": None},
            "text": "Beslutning ikke frigivet",
            "absent": [],
        }
    ]


def test_case_history_of_three_entries_oldest_first_with_the_council_and_its_period():
    birkedalen = item(meeting("e1b1c5d9-374b-4abd-bd8e-3079fb18924d.json"), 3)
    history = birkedalen["case_history"]

    assert birkedalen["title"] == "Birkedalen 2a, 2b og 2c - Opførelse af tre rækkehuse"
    assert [(e["date"], e["committee"]["name"], e["committee"]["period"]) for e in history] == [
        ("2024-10-10", "Klima-, Teknik- og Miljøudvalget", None),
        ("2025-03-27", "Klima-, Teknik- og Miljøudvalget", None),
        ("2025-04-23", "Byråd", "2022-2025"),
    ]
    assert history[0]["text"].startswith("Sagen blev sendt tilbage med henblik på, at ")
    # An entry's own absences stay in its text, for the module that reads absences.
    assert history[2]["text"] == (
        "Anne Marie Lyduch (V) stillede forslag om, at sagen bliver sendt retur til Klima-, "
        "Teknik- og Miljøudvalget.\n\nByrådet sendte sagen retur til udvalget.\n\n"
        "Imod: A, C, Ø og M\n\nAfbud: Ronni Mark Nielsen\nFraværende: Charlotte Levin"
    )
    assert birkedalen["decision"].startswith("Hans-Jørgen Kirstein (M), John T. Olsen (A) og ")
    assert (
        "For stemte: A, C og M.\n\nImod stemte: V med følgende bemærkning:"
        in (birkedalen["decision"])
    )


def test_case_number_ending_in_a_letter():
    orientering = item(meeting("082dbc9a-944b-46d5-9510-dabbc4c48b65.json"), 4)

    assert orientering["case_number"] == "20-072985K"
    assert orientering["title"] == (
        "Orientering om udsættelse af udbud af udbygning af idrætsfaciliteter ved "
        "Karlslunde Idrætscenter"
    )
    assert orientering["decision"] == "Godkendt."


def test_heading_with_a_line_break_and_nbsp_is_spelt_as_the_vocabulary_does():
    # `<h4>Økonomiske\nkonsekvenser&nbsp;</h4>`
    headings = [
        s["heading"]
        for s in item(meeting("e1b1c5d9-374b-4abd-bd8e-3079fb18924d.json"), 2)["sections"]
    ]

    assert "Økonomiske konsekvenser" in headings


def test_sections_given_as_bold_lines_are_sections():
    # Item 14 writes some of its sections as `<p><strong>Indstilling</strong></p>`.
    budget = item(meeting("d3964d13-a62d-4d0e-a1b7-2e9406a634b0.json"), 14)

    assert [s["heading"] for s in budget["sections"]] == [
        "Beslutning",
        "Sagsprocedure",
        "Resume",
        "Indstilling",
        "Sagsbeskrivelse",
        "Lovgrundlag",
        "Økonomiske konsekvenser",
        "Tidsplan",
        "Sagens forløb",
    ]
    assert budget["title"] == "Budgetopfølgning 3 (2024)"


def test_meeting_not_yet_held_is_an_agenda():
    referat = meeting("4173e720-e023-45d2-bfec-e8315df6a4d8.json")
    spoergsmaal = referat["items"][0]

    assert referat["kind"] == "dagsorden"
    assert referat["title"] == "Dagsorden .Spørgsmål / Svar til Byrådet 2022-2025 31-12-2024"
    assert referat["committee"] == {"name": ".Spørgsmål / Svar til Byrådet", "period": "2022-2025"}
    assert referat["participants"] == []
    assert spoergsmaal["decision"] is None and spoergsmaal["sections"] == []
    assert len(spoergsmaal["attachments"]) == 103
    assert referat["warnings"] == []


def test_extraordinary_meeting_keeps_the_word():
    referat = meeting("9f7d34e3-f8c1-42d6-9f0d-f8c5abddc66b.json")

    assert referat["title"] == "Ekstraordinært referat Økonomiudvalget 13-11-2024"
    assert item(referat, 1)["case_number"] is None  # a standing item without a case


def test_closed_item_whose_decision_is_not_released():
    referat = meeting("c26b34b4-096e-4cc2-a196-037af5c38042.json")
    borgerraadgiver = item(referat, 2)

    assert referat["title"] == "Ekstraordinært referat Byråd 2022-2025 27-09-2023"
    assert borgerraadgiver["title"] == "Ansættelse af Borgerrådgiver"
    assert borgerraadgiver["closed"] is True
    assert borgerraadgiver["decision"] == "Beslutning ikke frigivet"
    # The first item has its presentation but no decision, in a held meeting.
    assert "Punkt 1: ingen beslutning i et afholdt møde" in referat["warnings"]


def test_decision_printed_without_a_heading_after_the_title_repeated():
    # This meeting's fields open with the item's title and then its decision, no heading.
    referat = meeting("2d6996dc-d1fe-4705-adb2-1671137a4945.json")
    first = item(referat, 1)

    assert first["decision"] == "Godkendt."
    assert [s["heading"] for s in first["sections"]] == [
        "Beslutning",
        "Sagsprocedure",
        "Resume",
        "Indstilling",
    ]
    assert "Punkt 1: beslutning trykt uden overskrift" in referat["warnings"]
    # The signature sheet has its title and no decision.
    last = item(referat, 9)
    assert last["title"] == "Underskriftsark" and last["decision"] is None


def test_url_gives_the_portal_and_is_kept():
    data = (GREVE / "9f7d34e3-f8c1-42d6-9f0d-f8c5abddc66b.json").read_bytes()
    url = "https://dagsordener.greve.dk/api/agenda/dagsorden/9f7d34e3-f8c1-42d6-9f0d-f8c5abddc66b"

    referat = read_meeting_bytes(data, url=url)

    assert referat["source"]["url"] == url
    assert referat["source"]["portal"] == PORTAL


def test_without_url_or_links_the_attachment_addresses_are_unknown():
    raw = json.loads((GREVE / "9f7d34e3-f8c1-42d6-9f0d-f8c5abddc66b.json").read_text())
    for entry in raw["Dagsordenpunkter"]:
        for felt in entry["Felter"]:
            felt["Link"] = None

    referat = read_meeting(raw)

    modernisering = item(referat, 2)
    assert referat["source"]["portal"] is None
    assert len(modernisering["attachments"]) == 2
    assert modernisering["attachment_urls"] == [None, None]


def test_a_date_in_utc_is_the_portal_clock():
    raw = json.loads((GREVE / "9f7d34e3-f8c1-42d6-9f0d-f8c5abddc66b.json").read_text())
    raw["Moede"]["Dato"] = "2024-11-13T15:15:00Z"

    referat = read_meeting(raw)

    assert (referat["date"], referat["start_time"]) == ("2024-11-13", "16:15")


# The HTML fields laid out as text -----------------------------------------------------------


def lines(html: str) -> list[list[str]]:
    return [p.lines for p in html_paragraphs(html)]


def test_layout_breaks_nbsp_glued_markup_lists_and_tables():
    html = (
        "<h4><b>I</b>ndstilling&nbsp;</h4><p>Første  linje<br>anden linje<br><br>nyt afsnit</p>"
        "<ul><li>en</li><li><p>to</p></li></ul><ol start='2'><li>at A</li><li>at B</li></ol>"
        "<table><tr><td><p>År</p></td><td>Beløb</td></tr><tr><td>2025</td><td>1,2 mio.</td></tr>"
        "<tr><td></td><td></td></tr></table><p>&nbsp;</p><div>m<sup>2</sup>&shy;pris</div>"
    )

    assert lines(html) == [
        ["Indstilling"],
        ["Første linje", "anden linje"],
        ["nyt afsnit"],
        ["en", "to"],
        ["2. at A", "3. at B"],
        ["År\tBeløb", "2025\t1,2 mio."],
        ["m2pris"],
    ]
    assert [p.heading for p in html_paragraphs(html)][:2] == [True, False]


def test_heading_element_holding_a_table_is_text():
    paras = html_paragraphs("<h3><table><tr><td>Projekt</td><td>Budget</td></tr></table></h3>")

    assert [(p.lines, p.heading) for p in paras] == [(["Projekt\tBudget"], False)]


# Sniffing and malformed input ---------------------------------------------------------------


def test_sniff():
    assert is_meeting_json(MEETINGS[0].read_bytes())
    assert is_meeting_json(b'\xef\xbb\xbf {"Dagsordenpunkter": [], "Moede": {}}')
    assert not is_meeting_json(b'{"Udvalg": {}}')
    assert not is_meeting_json(b"REFERAT Byr\xc3\xa5d d. 03-03-2026 Dagsordenpunkter Moede")
    assert not is_meeting_json(b"%PDF-1.7")


def test_a_byte_order_mark_is_tolerated():
    data = (GREVE / "9f7d34e3-f8c1-42d6-9f0d-f8c5abddc66b.json").read_bytes()

    assert read_meeting_bytes(b"\xef\xbb\xbf" + data) == read_meeting_bytes(data)


def malformed(change) -> bytes:
    raw = json.loads((GREVE / "9f7d34e3-f8c1-42d6-9f0d-f8c5abddc66b.json").read_text())
    change(raw)
    return json.dumps(raw).encode()


def _set(path, value):
    def change(raw):
        target = raw
        for key in path[:-1]:
            target = target[key]
        if value is KeyError:
            del target[path[-1]]
        else:
            target[path[-1]] = value

    return change


MALFORMED = {
    "empty": (b"", "filen er tom"),
    "blank": (b"  \n", "filen er tom"),
    "not utf-8": (b'{"a": "\xff"}', "ikke UTF-8"),
    "not json": (b"REFERAT Byr\xc3\xa5d", "ikke JSON"),
    "truncated": (b'{"Dagsordenpunkter": [', "ikke JSON"),
    "a list": (b"[1, 2]", "ingen liste af punkter"),
    "no items key": (b'{"Moede": {}, "Udvalg": {}}', "ingen liste af punkter"),
    "no items": (malformed(_set(["Dagsordenpunkter"], [])), "har ingen punkter"),
    "no meeting": (malformed(_set(["Moede"], KeyError)), "intet møde ('Moede')"),
    "no committee": (malformed(_set(["Udvalg", "Navn"], "")), "intet udvalg"),
    "no date": (
        malformed(lambda raw: raw["Moede"].update(Dato=None, MeetingBeginUtc="")),
        "har ingen dato",
    ),
    "bad date": (malformed(_set(["Moede", "Dato"], "13. november")), "ikke en dato"),
    "no id": (malformed(_set(["Id"], None)), "har intet id"),
    "item not an object": (malformed(_set(["Dagsordenpunkter", 1], "x")), "ikke et objekt"),
    "item without number": (
        malformed(lambda raw: raw["Dagsordenpunkter"][1].update(Punktnummer=None, Number="")),
        "punkt 2 i 'Dagsordenpunkter' har intet nummer",
    ),
    "item with number zero": (
        malformed(_set(["Dagsordenpunkter", 0, "Punktnummer"], "0")),
        "har intet nummer",
    ),
    "item without title": (
        malformed(lambda raw: raw["Dagsordenpunkter"][2].update(Navn=" ", Caption=None)),
        "Punkt 3 har ingen titel",
    ),
    "fields not a list": (
        malformed(_set(["Dagsordenpunkter", 0, "Felter"], "<p>x</p>")),
        "ikke en liste",
    ),
    "html not text": (
        malformed(_set(["Dagsordenpunkter", 0, "Felter", 0, "Html"], 5)),
        "'Html' er ikke tekst",
    ),
    "participants not a list": (
        malformed(_set(["Moede", "Moededeltagere"], 7)),
        "FirstAgenda-mødet har en uventet form",
    ),
}


MALFORMED["html nested too deeply"] = (
    malformed(
        lambda raw: raw["Dagsordenpunkter"][0]["Felter"][0].update(
            Html="<div>" * 3000 + "Godkendt." + "</div>" * 3000
        )
    ),
    "for dybt indlejrede",
)


@pytest.mark.parametrize("data, reason", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_input_gives_a_one_line_reason(data, reason):
    with pytest.raises(ReferatError) as caught:
        read_meeting_bytes(data)

    message = str(caught.value)
    assert reason in message
    assert "\n" not in message and "Traceback" not in message
