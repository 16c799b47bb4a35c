"""The portal's meeting page: rendered from each real Greve meeting (render.py) it must give
the same referat as the JSON; hand-written pages in ./pages try other markup (accordion
buttons, plain headings, numbers in their own span, items in a list); the page's furniture
must never reach an item."""

import json
import re
from pathlib import Path

import pytest

from meetings.ingest.errors import ReferatError
from meetings.ingest.firstagenda import read_meeting
from meetings.ingest.webpage import is_meeting_page, read_meeting_page

from .render import render_portal_page

HERE = Path(__file__).resolve().parent
GREVE = HERE.parents[0] / "data" / "greve" / "dagsorden"
MEETINGS = sorted(GREVE.glob("*.json")) + sorted((HERE / "data").glob("*.json"))
PAGES = HERE / "pages"
PORTAL = "https://dagsordener.greve.dk"

# What the rendered page carries around the meeting: none of it may reach an item.
FURNITURE_LINES = {
    "Hent som PDF",
    "Print",
    "Kopier link",
    "Handlinger",
    "Luk",
    "Afvis alle",
    "Tillad alle",
    "Gå til indhold",
    "Forside",
    "Søg",
    "Udvalg",
    "PDF",
}
FURNITURE_WORDS = (
    "Hent som PDF",
    "Kopier link",
    "cookies",
    "Linket er kopieret",
    "Powered by FirstAgenda",
    "Tilgængelighedserklæring",
    "Dagsordener og referater",
)


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8-sig"))


def page(name: str) -> dict:
    return read_meeting_page((PAGES / name).read_bytes())


def item_texts(referat: dict):
    for got in referat["items"]:
        yield got["title"]
        yield from got["attachments"]
        for section in got["sections"]:
            yield section["text"]
        for entry in got["case_history"]:
            yield entry["text"]
        yield from got["absent"]


# The page and the JSON of one meeting -------------------------------------------------------


@pytest.mark.parametrize("path", MEETINGS, ids=lambda p: p.name[:8])
def test_page_and_json_of_the_same_meeting_give_the_same_referat(path):
    raw = load(path)
    url = f"{PORTAL}/vis?id={raw['Id']}"
    from_json = read_meeting(raw, url=url)

    from_page = read_meeting_page(render_portal_page(raw))

    assert from_page == from_json


@pytest.mark.parametrize("path", MEETINGS, ids=lambda p: p.name[:8])
def test_no_furniture_reaches_an_item(path):
    data = render_portal_page(load(path))
    assert all(word.encode() in data for word in ("Hent som PDF", "Kopier link", "cookies"))

    referat = read_meeting_page(data)

    for text in item_texts(referat):
        for line in text.split("\n"):
            assert line not in FURNITURE_LINES
            assert not re.fullmatch(r"\d+ bilag|Bilag \(\d+\)", line)
        for word in FURNITURE_WORDS:
            assert word not in text
    assert all(p["name"] not in FURNITURE_LINES for p in referat["participants"])


def test_rendered_page_keeps_what_the_portal_prints_about_a_closed_item_and_absences():
    raw = load(GREVE / "d3964d13-a62d-4d0e-a1b7-2e9406a634b0.json")

    referat = read_meeting_page(render_portal_page(raw))

    closed = referat["items"][4]
    assert (closed["number"], closed["closed"], closed["case_number"]) == (5, True, "24-010541")
    # The portal's own "Fraværende:" line opens the item and is its absence; the one inside
    # the decision is the decision's text.
    assert closed["absent"] == ["Torben Hoffmann"]
    assert closed["decision"].endswith("Afbud: Kenneth Jerkel\nFraværende: Torben Hoffmann")
    assert [p["name"] for p in referat["participants"] if p["status"] == "absent"] == [
        "Kenneth Jerkel"
    ]
    assert referat["source"] == {
        "system": "firstagenda",
        "meeting_id": raw["Id"],
        "url": f"{PORTAL}/vis?id={raw['Id']}",
        "portal": PORTAL,
    }


# Hand-written pages in other markup ---------------------------------------------------------


def test_accordion_of_buttons_with_the_number_in_its_own_span():
    referat = page("accordion-buttons.html")

    assert referat["committee"] == {"name": "Økonomiudvalget", "period": None}
    assert referat["title"] == "Referat Økonomiudvalget 13-11-2024"
    assert (referat["date"], referat["start_time"]) == ("2024-11-13", "16:15")
    assert referat["location"] == "Biblioteket, Rådhuset"
    assert referat["participants"] == [
        {"name": "Pernille Beckmann", "status": "present", "party": "V"},
        {"name": "Torben Hoffmann", "status": "present", "party": "A"},
        {"name": "Kenneth Jerkel", "status": "absent", "party": "C"},
        {"name": "Mehmet Zeki Dogru", "status": "present", "party": "Ø"},
    ]
    assert [(i["number"], i["title"], i["closed"]) for i in referat["items"]] == [
        (1, "Godkendelse af dagsorden", False),
        (2, "Modernisering af Køge Bugt Strandpark", False),
        (3, "Salg af grund", True),
    ]
    strandpark = referat["items"][1]
    assert strandpark["case_number"] == "22-012932"
    assert strandpark["absent"] == ["Torben Hoffmann"]
    assert strandpark["decision"] == (
        "Økonomiudvalget anbefaler overfor byrådet at godkende indstillingen.\n\nImod stemte: Ø"
    )
    assert [s["heading"] for s in strandpark["sections"]] == [
        "Beslutning",
        "Indstilling",
        "Sagsbeskrivelse",
        "Sagens forløb",
    ]
    # A link to an attachment inside a sentence is the sentence's text.
    assert strandpark["sections"][2] == {
        "heading": "Sagsbeskrivelse",
        "text": "Se bilag 1 om høringen.",
    }
    assert strandpark["attachments"] == ["Høringssvar samlet", "Projektbeskrivelse"]
    assert strandpark["attachment_urls"] == [
        f"{PORTAL}/Vis/Pdf/bilag/aaaaaaaa-0000-0000-0000-000000000001",
        f"{PORTAL}/Vis/Pdf/bilag/aaaaaaaa-0000-0000-0000-000000000002",
    ]
    assert strandpark["case_history"] == [
        {
            "date": "2024-10-23",
            "committee": {"name": "Plan- og Tryghedsudvalget", "period": None},
            "text": "Anbefales.",
            "absent": [],
        }
    ]
    assert referat["items"][2]["decision"] == "Beslutning ikke frigivet"
    assert referat["source"]["meeting_id"] == "9f7d34e3-f8c1-42d6-9f0d-f8c5abddc66b"
    assert referat["warnings"] == []


def test_plain_headings_agenda_with_numbered_lines_inside_an_item():
    referat = page("plain-headings-agenda.html")

    assert referat["kind"] == "dagsorden"
    assert referat["committee"] == {"name": "Udvalget for Teknik & Miljø", "period": "2022-2025"}
    assert referat["title"] == "Dagsorden Udvalget for Teknik & Miljø 2022-2025 03-03-2026"
    assert (referat["date"], referat["start_time"]) == ("2026-03-03", "17:00")
    assert referat["participants"] == [
        {"name": "Thomas Bisgaard", "status": "present", "party": None},
        {"name": "Ole Blickfeldt", "status": "absent", "party": None},
        {"name": "Tina Mandrup", "status": "present", "party": None},
    ]
    # The four numbered <h4> lines of item 2's recommendation are no items.
    assert [(i["number"], i["title"]) for i in referat["items"]] == [
        (1, "Godkendelse af dagsorden"),
        (2, "TMB - Vejbelysning, udbud"),
        (3, "Køb af areal"),
        (4, "Eventuelt"),
    ]
    udbud = referat["items"][1]
    assert udbud["case_number"] == "26-000920"
    assert udbud["decision"] is None
    assert udbud["sections"] == [
        {
            "heading": "Indstilling",
            "text": "Administrationen indstiller,\n\n1. at udbudsmaterialet godkendes,\n\n"
            "2. at tidsplanen godkendes,\n\n3. at der gives anlægsbevilling,\n\n"
            "4. at sagen oversendes til Økonomiudvalget.",
        },
        {
            "heading": "Sagsfremstilling",
            "text": "Kommunen ejer 4.100 lysmaster.\n\nBaggrund\n\nArmaturerne er fra 1998.",
        },
        {"heading": "Økonomi og finansiering", "text": "År\tBeløb\n2026\t538.750 kr."},
    ]
    assert udbud["attachments"] == ["Udbudsmateriale.pdf"]
    assert udbud["attachment_urls"] == [
        "https://dagsordener.lejre.dk/Vis/Pdf/bilag/bbbbbbbb-0000-0000-0000-000000000001"
    ]
    assert referat["items"][2]["closed"] is True
    assert referat["items"][2]["case_number"] == "25-009324"
    assert referat["source"]["portal"] == "https://dagsordener.lejre.dk"
    assert referat["source"]["meeting_id"] == "0b6a4a52-0f5e-4b39-9d55-7e1b1b2e0c11"


def test_items_in_a_list_with_number_and_closed_badge_before_the_title():
    referat = page("list-with-number-spans.html")

    assert referat["title"] == "Ekstraordinært referat Byråd 2022-2025 05-05-2025"
    assert referat["location"] == "Virtuelt møde"
    assert [(i["number"], i["title"], i["closed"], i["case_number"]) for i in referat["items"]] == [
        (1, "Godkendelse af dagsorden", False, "21-014420"),
        (2, "Salg af ejendom", True, "20-054820K"),
    ]
    assert referat["items"][0]["decision"] == "Godkendt."
    salg = referat["items"][1]
    assert salg["decision"] == "Byrådet godkendte indstillingen.\n\nAfbud: Ronni Mark Nielsen"
    assert salg["attachments"] == ["Skøde"]
    assert salg["attachment_urls"] == [None]  # a relative link, and no address for the page
    assert referat["source"] == {
        "system": "firstagenda",
        "meeting_id": None,
        "url": None,
        "portal": None,
    }


def test_page_that_embeds_the_meeting_json_is_read_from_it():
    raw = load(GREVE / "ca1d7628-8b9b-4d18-9264-39fb7bcb1d09.json")
    url = f"{PORTAL}/vis?id={raw['Id']}"
    data = (
        "<!DOCTYPE html><html><head><script>window.__INITIAL_STATE__ = "
        + json.dumps({"route": "vis", "meeting": raw}, ensure_ascii=False)
        + ";</script></head><body><div id='app'>Indlæser…</div></body></html>"
    ).encode()

    referat = read_meeting_page(data, url=url)

    expected = read_meeting(raw, url=url)
    assert referat["warnings"] == [
        "læst fra mødets JSON, som siden indeholder",
        *expected["warnings"],
    ]
    assert {**referat, "warnings": []} == {**expected, "warnings": []}


def test_title_that_starts_with_a_number_beside_the_number_cell():
    # Real Greve titles: item 2 "2. behandling af Budget 2024-27", "1. udkast til …".
    data = (
        "<html><body><h1 class='green dato'>Referat</h1><p class='udvalg'>Byråd 2022-2025</p>"
        "<p>Dato: 16-10-2023 kl. 18:00</p><table><tr><td>1</td><td>"
        "<h2 class='overskrift'>1. udkast til budget</h2><h3>Beslutning</h3><p>Drøftet.</p>"
        "</td></tr><tr><td>2</td><td><h2 class='overskrift'>2. behandling af Budget 2024-27</h2>"
        "<h3>Beslutning</h3><p>Vedtaget.</p></td></tr></table></body></html>"
    ).encode()

    referat = read_meeting_page(data)

    assert [(i["number"], i["title"], i["decision"]) for i in referat["items"]] == [
        (1, "1. udkast til budget", "Drøftet."),
        (2, "2. behandling af Budget 2024-27", "Vedtaget."),
    ]
    assert (referat["date"], referat["start_time"]) == ("2023-10-16", "18:00")


# Sniffing and what is no meeting page -------------------------------------------------------


def test_sniff():
    assert is_meeting_page(render_portal_page(load(MEETINGS[0])))
    assert all(is_meeting_page(p.read_bytes()) for p in PAGES.glob("*.html"))
    assert not is_meeting_page(b"<html><body><h1>Velkommen</h1></body></html>")
    assert not is_meeting_page(MEETINGS[0].read_bytes())  # the JSON
    assert not is_meeting_page(b"%PDF-1.7 dagsordener.greve.dk")
    assert not is_meeting_page(b"REFERAT Byr\xc3\xa5d d. 03-03-2026")


NOT_PAGES = {
    "empty": (b"", "filen er tom"),
    "text": (b"REFERAT Byr\xc3\xa5d d. 03-03-2026", "ikke en HTML-side"),
    "no items": (
        b"<html><body><h1>Referat</h1><p class='udvalg'>Byr\xc3\xa5d</p>"
        b"<p>Dato: 03-03-2026</p><h2>Beslutning</h2><p>Godkendt.</p></body></html>",
        "ingen nummererede dagsordenpunkter",
    ),
    "nested too deeply": (
        b"<html><body><h1>Referat Byr\xc3\xa5d 03-03-2026</h1><h2>1. Eventuelt</h2>"
        + b"<div>" * 3000
        + b"x"
        + b"</div>" * 3000
        + b"</body></html>",
        "for dybt indlejret",
    ),
    "no date": (
        b"<html><body><h1>Referat Byr\xc3\xa5d</h1><h2>1. Godkendelse af dagsorden</h2>"
        b"<h3>Beslutning</h3><p>Godkendt.</p></body></html>",
        "ingen mødedato",
    ),
}


@pytest.mark.parametrize("data, reason", NOT_PAGES.values(), ids=NOT_PAGES.keys())
def test_what_is_no_meeting_page_gives_a_one_line_reason(data, reason):
    with pytest.raises(ReferatError) as caught:
        read_meeting_page(data)

    assert reason in str(caught.value) and "\n" not in str(caught.value)
