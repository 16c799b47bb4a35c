"""`enrich` on the shared referater, through the parser (expected JSON checked by reading each
referat: see its "comment"), and what it does with a referat's own fields and odd input."""

import copy
import json
import time
from pathlib import Path

import pytest

from meetings.ingest.decisions import enrich
from meetings.ingest.parse import parse_referat

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
EXPECTED = Path(__file__).resolve().parent / "expected"
SAMPLES = ["jai-2022-05-04.md", "jai-2026-02-03.md", "jai-2026-03-03.txt"]


def parsed(sample: str) -> dict:
    return parse_referat((FIXTURES / sample).read_text(encoding="utf-8"))


@pytest.mark.parametrize("sample", SAMPLES)
def test_shared_referat_enriched_as_expected(sample):
    expected = json.loads((EXPECTED / f"{Path(sample).stem}.json").read_text(encoding="utf-8"))

    result = enrich(parsed(sample))

    assert [{"name": p["name"], "party": p["party"]} for p in result["participants"]] == expected[
        "participants"
    ]
    assert {
        str(item["number"]): {
            "positions": item["positions"],
            "absent": item["absent"],
            "amounts": item["amounts"],
        }
        for item in result["items"]
    } == expected["items"]


def test_the_recorded_vote_on_an_amendment():
    items = {i["number"]: i for i in enrich(parsed("jai-2026-02-03.md"))["items"]}
    amendment = "Ændringsforslag fra Lotte Greve (V) og Tina Mandrup (V)"

    assert [(p["name"], p["party"], p["position"], p["on"]) for p in items[7]["positions"]] == [
        ("Tina Mandrup", "V", "for", amendment),
        ("Lotte Greve", "V", "for", amendment),
        ("Ole Blickfeldt", "-", "against", amendment),
        ("Christian Harre", "O", "against", amendment),
        ("Thomas Bisgaard", "B", "abstain", amendment),
    ]


def test_grants_with_years():
    items = {i["number"]: i for i in enrich(parsed("jai-2026-03-03.txt"))["items"]}

    assert [(a["amount"], a["kind"], a["year"], a["section"]) for a in items[5]["amounts"]][:3] == [
        (538750, "udgiftsbevilling", 2026, "Indstilling"),
        (431000, "indtægtsbevilling", 2027, "Indstilling"),
        (107750, "omplacering", 2026, "Indstilling"),
    ]


def test_the_input_is_not_changed():
    referat = parsed("jai-2026-02-03.md")
    before = copy.deepcopy(referat)

    result = enrich(referat)

    assert referat == before
    assert result is not referat and result["items"][6] is not referat["items"][6]


def test_absent_is_the_item_s_own_then_the_decision_s_without_duplicates():
    referat = {
        "participants": [],
        "items": [
            {
                "number": 1,
                "decision": "Godkendt.\n\nAfbud: Ole BLICKFELDT, Tina Mandrup",
                "sections": [],
                "absent": ["Ole Blickfeldt"],
            },
            {"number": 2, "decision": "Godkendt.", "sections": []},
        ],
    }

    items = enrich(referat)["items"]

    assert items[0]["absent"] == ["Ole Blickfeldt", "Tina Mandrup"]
    assert items[1]["absent"] == []


def test_a_participant_s_party_kept_else_as_a_position_prints_it():
    referat = {
        "participants": [
            {"name": "Tina Mandrup", "status": "present"},
            {"name": "Lotte Greve", "status": "present", "party": "A"},
            {"name": "Thomas Bisgaard", "status": "present", "party": None},
            {"name": "Ole Blickfeldt", "status": "absent"},
        ],
        "items": [
            {
                "number": 1,
                "decision": "For stemte: Tina Mandrup (V) og Lotte Greve (V) - i alt 2.\n\n"
                "Thomas Bisgaard tog forbehold.",
                "sections": [],
            }
        ],
    }

    participants = enrich(referat)["participants"]

    assert [(p["name"], p["party"]) for p in participants] == [
        ("Tina Mandrup", "V"),
        ("Lotte Greve", "A"),  # its own party is kept
        ("Thomas Bisgaard", None),  # no party printed
        ("Ole Blickfeldt", None),  # no position
    ]


def test_a_decision_with_no_section_of_its_own_is_read_for_money():
    referat = {
        "items": [{"number": 1, "decision": "Der gives en anlægsbevilling på 2,5 mio. kr. i 2026."}]
    }

    [amount] = enrich(referat)["items"][0]["amounts"]

    assert (amount["amount"], amount["kind"], amount["year"], amount["section"]) == (
        2500000,
        "anlægsbevilling",
        2026,
        "Beslutning",
    )


@pytest.mark.parametrize(
    "referat",
    [
        None,
        "referat",
        [],
        {},
        {"items": None, "participants": "x"},
        {"items": [None, 3, {"decision": 5, "sections": "x", "absent": "x"}]},
        {"participants": [None, {"name": None}, {"name": 3, "party": None}]},
        {"items": [{"sections": [{"heading": "Beslutning", "text": None}, 7]}]},
    ],
)
def test_odd_input_is_passed_through_unread(referat):
    result = enrich(referat)

    if isinstance(referat, dict):
        assert set(result) == set(referat)
    else:
        assert result is referat


def _fifty_items() -> dict:
    """A meeting of fifty items made of the shared referater's items (votes, grants, tables)."""
    items = [item for sample in SAMPLES for item in parsed(sample)["items"]]
    referat = parsed("jai-2026-02-03.md")
    referat["items"] = [{**items[i % len(items)], "number": i + 1} for i in range(50)]
    return referat


def test_a_fifty_item_meeting_is_enriched_well_under_ten_milliseconds():
    referat = _fifty_items()
    enrich(referat)  # the first call compiles nothing: the patterns are module constants

    timings = []
    for _ in range(7):
        start = time.perf_counter()
        enrich(referat)
        timings.append(time.perf_counter() - start)

    assert sorted(timings)[3] < 0.010, timings
