"""Greve's real meetings (tests/data/greve, as its FirstAgenda portal served them) printed as the
portal prints a referat: each item's heading, its case number, then its fields' text. The
parser must find what the portal's own data says: every item with its number, title, case
number, closed flag and decision, word for word."""

import html
import json
import re
from pathlib import Path

import pytest

from meetings.ingest.extract import extract_text
from meetings.ingest.parse import parse_referat
from tests.ingest.make_pdf import referat_pdf

DATA = Path(__file__).resolve().parents[1] / "data" / "greve" / "dagsorden"
MEETINGS = sorted(DATA.glob("*.json"))


def _field_text(markup: str) -> str:
    """A field's HTML as the PDF prints it: headings and paragraphs on lines of their own."""
    markup = re.sub(r"</?(?:div|span)[^>]*>", "\n", markup)
    markup = re.sub(r"<h[1-6][^>]*>(.*?)</h[1-6]>", r"\n\n\1\n\n", markup, flags=re.S)
    markup = re.sub(r"</p>|<br\s*/?>|</li>", "\n\n", markup)
    markup = re.sub(r"<li[^>]*>", "- ", markup)
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def _meeting(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8-sig"))


def _referat_text(meeting: dict) -> str:
    held = meeting["Moede"]
    year, month, day = held["Dato"][:10].split("-")
    lines = [
        "Greve Kommune",
        f"REFERAT {meeting['Udvalg']['Navn']} d. {day}-{month}-{year}",
        f"Mødedato {day}-{month}-{year} kl. {held['Dato'][11:16]}",
        f"Mødested {held.get('Sted') or ''}",
    ]
    people = held.get("Moededeltagere") or []
    if people:
        names = (p["Name"] + (" (Afbud)" if p.get("Absent") else "") for p in people)
        lines.append("Mødedeltagere " + ", ".join(names))
    for item in meeting["Dagsordenpunkter"]:
        lines += ["", f"Punkt {item['Punktnummer']}: {item['Navn']}", ""]
        if item.get("SagsNummer"):
            lines += [item["SagsNummer"], ""]
        lines += [_field_text(field.get("Html") or "") for field in item.get("Felter") or []]
    return "\n".join(lines)


def _words(text: str | None) -> str | None:
    return " ".join(text.split()) if text and text.strip() else None


def _portal_decision(item: dict) -> str | None:
    """The Beslutning field's text; a closed item's text has no heading at all."""
    markup = " ".join(field.get("Html") or "" for field in item.get("Felter") or [])
    found = re.search(r"<h3>\s*Beslutning\s*</h3>(.*?)(?=<h3>|$)", markup, re.S)
    if found:
        return _words(_field_text(found[1]))
    return _words(_field_text(markup)) if item["Navn"].startswith("Lukket") else None


def _check(meeting: dict, referat: dict) -> list[str]:
    portal = meeting["Dagsordenpunkter"]
    problems = []
    numbers = [item["number"] for item in referat["items"]]
    if numbers != [int(item["Punktnummer"]) for item in portal]:
        problems.append(f"numbers {numbers}")
    for got, want in zip(referat["items"], portal, strict=False):
        expected = {
            "title": _words(want["Navn"]),
            "case_number": (want.get("SagsNummer") or "").strip() or None,
            "closed": want["Navn"].startswith("Lukket"),
            "decision": _portal_decision(want),
        }
        actual = {
            "title": _words(got["title"]),
            "case_number": got["case_number"],
            "closed": got["closed"],
            "decision": _words(got["decision"]),
        }
        if got["committee_codes"]:  # "STIME - ..." reads as Lejre's committee codes
            actual["title"] = _words(" - ".join(["/".join(got["committee_codes"]), got["title"]]))
        for name in expected:
            if expected[name] != actual[name]:
                problems.append(f"Punkt {got['number']}.{name}: {actual[name]!r}")
    return problems


@pytest.mark.parametrize("path", MEETINGS, ids=lambda p: p.stem[:8])
def test_a_greve_meeting_printed_as_text_parses_to_what_the_portal_says(path):
    meeting = _meeting(path)

    referat = parse_referat(_referat_text(meeting))

    assert referat["municipality"] == "Greve Kommune"
    assert not _check(meeting, referat)
    assert all(
        w.startswith(("Punkt ", "hovedet: en linje, der ikke kunne placeres: 'Greve"))
        for w in referat["warnings"]
    )


@pytest.mark.parametrize("path", MEETINGS, ids=lambda p: p.stem[:8])
def test_a_greve_meeting_as_a_pdf_parses_to_what_the_portal_says(path):
    meeting = _meeting(path)

    referat = parse_referat(extract_text(referat_pdf(_referat_text(meeting))).text)

    assert not _check(meeting, referat)
