"""What a harvested meeting says against what the portal's JSON says: the list of differences.

Read independently of the archive's parser (meetings/ingest/firstagenda.py), so that the two
do not share a mistake: the portal's structured fields are taken as they are, and a decision
is compared letter for letter with the text that follows the item's `Beslutning` heading,
found by walking selectolax's tree. Whitespace, punctuation and list numbers are left out of
that comparison (the archive lays paragraphs and lists out as text); every letter, in order,
must be the portal's. Used by tests/harvest and by bench/harvest.py, which checks all 299
Greve meetings.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

CLOSED = "Lukket: "
NOT_LETTERS = re.compile(r"[\W\d_]+")


def letters(text: str) -> str:
    """The letters of a text, in order: what a decision must share with the portal's."""
    return NOT_LETTERS.sub("", text)


def field_sections(html: str) -> dict[str, str]:
    """The text under each `<h3>` heading of an item's field ('' before the first)."""
    sections: dict[str, list[str]] = {"": []}
    current = ""
    for node in LexborHTMLParser(html).root.traverse(include_text=True):
        if node.tag == "h3":
            current = " ".join(node.text().split())
            sections.setdefault(current, [])
        elif node.tag == "-text" and node.parent is not None and node.parent.tag != "h3":
            sections[current].append(node.text_content or "")
    return {heading: "".join(texts) for heading, texts in sections.items()}


def portal_differences(data: dict, meeting) -> list[str]:
    """How a stored meeting differs from the portal's JSON of it (empty when it does not):
    date, item numbers, titles, closed items, sagsnr, absences and decisions."""
    from meetings.models import ItemAbsence

    differences = []
    if meeting.date.isoformat() != data["Moede"]["Dato"][:10]:
        differences.append(f"date {meeting.date} against {data['Moede']['Dato']}")
    items = {item.number: item for item in meeting.items.select_related("case")}
    numbers = sorted(int(point["Punktnummer"]) for point in data["Dagsordenpunkter"])
    if sorted(items) != numbers:
        differences.append(f"item numbers {sorted(items)} against {numbers}")
    absences: dict[int, list[str]] = {}
    for absence in ItemAbsence.objects.filter(item__meeting=meeting).order_by("position"):
        absences.setdefault(absence.item_id, []).append(absence.person.name)
    for point in data["Dagsordenpunkter"]:
        item = items.get(int(point["Punktnummer"]))
        if item is None:
            continue
        where = f"item {item.number}"
        if item.title != " ".join(point["Navn"].removeprefix(CLOSED).split()):
            differences.append(f"{where}: title {item.title!r} against {point['Navn']!r}")
        if item.closed != point["Navn"].startswith(CLOSED):
            differences.append(f"{where}: closed is {item.closed}")
        if (item.case.number if item.case else None) != (point["SagsNummer"] or None):
            differences.append(f"{where}: sagsnr {item.case} against {point['SagsNummer']}")
        # The portal's own record of absences first, then those the decision names.
        absent = [a["Name"] for a in point["ExternalAgendaItemAttendees"] or []]
        stored = absences.get(item.pk, [])
        if stored[: len(absent)] != absent:
            differences.append(f"{where}: absent {stored} against {absent}")
        differences += _decision_differences(where, item.decision, point)
    return differences


def _decision_differences(where: str, decision: str, point: dict) -> list[str]:
    html = "".join(field["Html"] or "" for field in point["Felter"] or [])
    sections = field_sections(html)
    under_heading = [text for heading, text in sections.items() if heading.startswith("Beslutning")]
    ours = letters(decision)
    if under_heading:
        theirs = letters(under_heading[0])
        if ours != theirs:
            return [f"{where}: decision {_first_difference(ours, theirs)}"]
    elif ours and ours not in letters("".join(sections.values())):
        # No heading (a held meeting's bare decision, Greve's first paragraph): the decision
        # is the portal's own words, none added.
        return [f"{where}: decision {decision[:80]!r} is not in the portal's text"]
    return []


def _first_difference(ours: str, theirs: str) -> str:
    at = next(
        (n for n, (a, b) in enumerate(zip(ours, theirs, strict=False)) if a != b),
        min(len(ours), len(theirs)),
    )
    return f"differs at letter {at}: {ours[at : at + 40]!r} against {theirs[at : at + 40]!r}"
