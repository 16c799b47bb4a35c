"""The twelve real Greve meetings in tests/data/greve: each item's decision, as the portal's
HTML field holds it under <h3>Beslutning</h3>, read for positions and absences. The
expectations were written by reading each decision (printed in the comments where short)."""

import json
import re
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from meetings.ingest.decisions import enrich, read_decision

MEETINGS = Path(__file__).resolve().parents[1] / "data" / "greve" / "dagsorden"
_BLOCK_BREAK = re.compile(r"<br\s*/?>|</(?:p|div|li|tr|h\d)>|<(?:p|div|li|tr)\b[^>]*>", re.I)


def decision_text(html: str) -> str | None:
    """The text under <h3>Beslutning</h3> in one of the portal's HTML fields: a line per block
    (paragraph, div, list item, <br>), runs of spaces made single; None if it has none."""
    tree = LexborHTMLParser(html)
    for heading in tree.css("h3"):
        if heading.text(strip=True) == "Beslutning":
            inner = heading.parent.html.split("</h3>", 1)[1]
            text = LexborHTMLParser(f"<body>{_BLOCK_BREAK.sub(chr(10), inner)}</body>").body.text()
            lines = (" ".join(line.split()) for line in text.split("\n"))
            return "\n".join(line for line in lines if line) or None
    return None


def meeting(prefix: str) -> dict:
    [path] = MEETINGS.glob(f"{prefix}*.json")
    return json.loads(path.read_text(encoding="utf-8"))


def decisions(prefix: str) -> dict[int, str]:
    """Item number -> decision text of one meeting."""
    result = {}
    for item in meeting(prefix)["Dagsordenpunkter"]:
        for field in item.get("Felter") or []:
            text = decision_text(field.get("Html") or "")
            if text:
                result[int(item["Punktnummer"])] = text
    return result


def test_the_helper_reads_a_decision_with_its_lines():
    assert decisions("d3964d13")[18] == (
        "Dorthe Bøgh Madsen deltog som stedfortræder.\n"
        "Byrådet godkendte Økonomiudvalgets indstilling.\n"
        "Imod stemte: F med bemærkning om, at sagsbehandlingstiderne på handicapområdet er alt "
        "for lange i forvejen. Borgere har krav på et hurtigt svar på, OM de kan få et botilbud "
        "og støtte.\n"
        "Undlod: Ø\n"
        "Afbud: Kenneth Jerkel"
    )


VD_PROPOSAL = (
    "V og D stiller forslag om at temperaturer på skoleområdet hæves til 21 grader hurtigst muligt"
)
ACM_PROPOSAL = (
    "A, C og M stillede forslag om at udsætte sagen til næste udvalgsmøde, da temamødet har givet "
    "behov for yderligere overvejelser, inden beslutning i sagen"
)

# (meeting, item) -> (absent, [(name, party, position, on), ...]) for every item with either.
EXPECTED: dict[tuple[str, int], tuple[list[str], list[tuple]]] = {
    # "A stemmer for, V og D stemmer imod og C undlader." / "V og D stiller forslag om ..." /
    # "V og D stemmer for. A og C undlader."
    ("518782e7", 3): (
        [],
        [
            (None, "A", "for", None),
            (None, "V", "against", None),
            (None, "D", "against", None),
            (None, "C", "abstain", None),
            (None, "V", "for", VD_PROPOSAL),
            (None, "D", "for", VD_PROPOSAL),
            (None, "A", "abstain", VD_PROPOSAL),
            (None, "C", "abstain", VD_PROPOSAL),
        ],
    ),
    ("6675dd1c", 1): (["Anne Marie Lyduch"], []),  # "Fraværende: Anne Marie Lyduch"
    ("6675dd1c", 2): (["Anne Marie Lyduch"], []),
    ("6675dd1c", 3): (["Anne Marie Lyduch"], []),
    # "1. Udvalget godkender indstillingen" / "Linda Heegaard (SF) stemte imod med følgende
    # mindretalsudtalelse:" / a quoted statement "”SF stemmer mod, ...”."
    ("6675dd1c", 4): (["Anne Marie Lyduch"], [("Linda Heegaard", "SF", "against", "1.")]),
    ("a991a168", 1): (["Ronni Mark Nielsen"], []),  # "Afbud: Ronni Mark Nielsen"
    ("a991a168", 2): (["Ronni Mark Nielsen"], []),
    ("a991a168", 3): (["Ronni Mark Nielsen"], []),
    # "Afbud: Kenneth Jerkel" / "Fraværende: Torben Hoffmann"
    ("d3964d13", 2): (["Kenneth Jerkel", "Torben Hoffmann"], []),
    ("d3964d13", 9): (["Kenneth Jerkel", "Torben Hoffmann"], []),
    ("d3964d13", 10): (["Kenneth Jerkel", "Torben Hoffmann"], []),
    ("d3964d13", 11): (["Kenneth Jerkel", "Torben Hoffmann"], []),
    ("d3964d13", 18): (
        ["Kenneth Jerkel"],
        [(None, "F", "against", None), (None, "Ø", "abstain", None)],
    ),
    ("d3964d13", 32): (["Kenneth Jerkel"], [(None, "Ø", "abstain", None)]),  # "Undlod: Ø"
    # "Ad punkt 2" / "Imod: Ø og F, F med bemærkning om, at skraldespandenes kapacitet ..."
    ("d3964d13", 36): (
        ["Kenneth Jerkel"],
        [(None, "Ø", "against", "Ad punkt 2"), (None, "F", "against", "Ad punkt 2")],
    ),
    # "For stemte: A, C og M." / "Imod stemte: V med følgende bemærkning:" / the remark /
    # "Afbud: Ronni Mark Nielsen (Stedfortræder: Jesper Fini Kuhre)"
    ("e1b1c5d9", 3): (
        ["Ronni Mark Nielsen"],
        [
            (None, "A", "for", ACM_PROPOSAL),
            (None, "C", "for", ACM_PROPOSAL),
            (None, "M", "for", ACM_PROPOSAL),
            (None, "V", "against", ACM_PROPOSAL),
        ],
    ),
    # "1. anbefales." / "2.b anbefales" / "A stemte imod, da A ønsker at fastholde ..."
    ("e1b1c5d9", 4): (["Ronni Mark Nielsen"], [(None, "A", "against", "2.b")]),
    ("ee3b02ea", 1): (
        ["Kenneth Jerkel", "Linda Heegaard"],
        [],
    ),  # "Afbud: Kenneth Jerkel, Linda Heegaard"
    ("ee3b02ea", 2): (["Kenneth Jerkel", "Linda Heegaard"], []),
    ("ee3b02ea", 3): (["Kenneth Jerkel", "Linda Heegaard"], []),
}
# Whole meetings where every item has the same absence and nothing else.
for number in (1, 2, 4, 5, 6, 7):
    EXPECTED[("ca1d7628", number)] = (["Anne Marie Lyduch"], [])  # "Afbud: Anne Marie Lyduch"
for number in [*range(12, 18), *range(19, 32), *range(33, 36), 37, 38]:
    EXPECTED[("d3964d13", number)] = (["Kenneth Jerkel"], [])
for number in (1, 2, 5, 6, 8, 9, 10, 12, 13, 14, 15):
    EXPECTED[("e1b1c5d9", number)] = (["Ronni Mark Nielsen"], [])

PREFIXES = sorted({path.name[:8] for path in MEETINGS.glob("*.json")})


@pytest.mark.parametrize("prefix", PREFIXES)
def test_each_decision_of_a_greve_meeting(prefix):
    for number, text in decisions(prefix).items():
        reading = read_decision(text)
        found = [(p["name"], p["party"], p["position"], p["on"]) for p in reading.positions]

        assert (reading.absent, found) == EXPECTED.get((prefix, number), ([], [])), number


def test_every_expectation_is_of_a_decision_in_the_data():
    read = {(prefix, number) for prefix in PREFIXES for number in decisions(prefix)}

    assert set(EXPECTED) <= read
    assert len(EXPECTED) == 61


def test_a_greve_meeting_enriched_gives_participants_their_printed_party():
    data = meeting("6675dd1c")
    referat = {
        "participants": [
            {"name": p["Name"], "status": "present"} for p in data["Moede"]["Moededeltagere"]
        ],
        "items": [
            {"number": int(item["Punktnummer"]), "decision": text, "sections": []}
            for item in data["Dagsordenpunkter"]
            for text in [decisions("6675dd1c").get(int(item["Punktnummer"]))]
        ],
    }

    result = enrich(referat)

    assert {p["name"]: p["party"] for p in result["participants"]} == {
        "Marc Genning": None,
        "Linda Heegaard": "SF",
        "Bjarke Abel": None,
        "Anne Marie Lyduch": None,
        "Claus Jensen": None,
    }
    assert [i["absent"] for i in result["items"]][:4] == [["Anne Marie Lyduch"]] * 4
