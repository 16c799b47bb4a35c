"""Model factories for tests: plain keyword-only functions that create rows with sensible
defaults, so a test says only what matters to it. Anyone may reuse them."""

from __future__ import annotations

import datetime
import itertools

from meetings.models import (
    AgendaItem,
    Attachment,
    Attendance,
    AttendanceTally,
    Case,
    CaseHistoryEntry,
    Committee,
    ItemSection,
    Meeting,
    Municipality,
    Person,
    SourceDocument,
)
from meetings.vocabulary import decision_outcome

_counter = itertools.count(1)


def make_municipality(*, name: str = "Lejre Kommune") -> Municipality:
    """A municipality by name or slug (Lejre, the archive's default, unless told)."""
    return Municipality.objects.for_name(name)


def make_committee(
    *, name: str = "", code: str = "", municipality: Municipality | None = None
) -> Committee:
    n = next(_counter)
    name = name or f"Udvalget for Prøve {n}"
    municipality = municipality or make_municipality()
    committee = Committee.objects.filter(municipality=municipality, name=name).first()
    return committee or Committee.objects.create(name=name, code=code, municipality=municipality)


def make_person(*, name: str = "", municipality: Municipality | None = None) -> Person:
    name = name or f"Person Nummer {next(_counter)}"
    municipality = municipality or make_municipality()
    return Person.objects.get_or_create(name=name, municipality=municipality)[0]


def make_case(*, number: str = "", municipality: Municipality | None = None) -> Case:
    number = number or f"26-{next(_counter):06d}"
    municipality = municipality or make_municipality()
    return Case.objects.get_or_create(number=number, municipality=municipality)[0]


def make_source_document(*, content: bytes = b"REFERAT", filename: str = "referat.txt"):
    import hashlib

    content = content + str(next(_counter)).encode()
    return SourceDocument.objects.create(
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        format="pdf" if filename.endswith(".pdf") else "text",
        size=len(content),
        filename=filename,
    )


def make_meeting(
    *,
    committee: Committee | None = None,
    date: datetime.date = datetime.date(2026, 3, 3),
    start_time: datetime.time | None = datetime.time(17, 0),
    period: str = "2026-2029",
    location: str = "Mødelokale 5, Allerslev",
    present: tuple[str, ...] = (),
    absent: tuple[str, ...] = (),
    source_document: SourceDocument | None = None,
) -> Meeting:
    committee = committee or make_committee()
    meeting = Meeting.objects.create(
        municipality_id=committee.municipality_id,
        committee=committee,
        committee_name=committee.name,
        period=period,
        date=date,
        start_time=start_time,
        location=location,
        title=f"REFERAT {committee.name} - {period} d. {date:%d-%m-%Y}",
        source_document=source_document,
    )
    names = [(name, "present") for name in present] + [(name, "absent") for name in absent]
    for position, (name, status) in enumerate(names):
        person = make_person(name=name, municipality=committee.municipality)
        Attendance.objects.create(meeting=meeting, person=person, status=status, position=position)
    AttendanceTally.objects.refresh([committee.pk])  # as the store does
    Committee.objects.filter(pk=committee.pk).refresh_span()
    committee.refresh_from_db()
    if source_document:
        source_document.meeting = meeting
        source_document.save(update_fields=["meeting"])
    return meeting


def make_item(
    *,
    meeting: Meeting,
    number: int | None = None,
    title: str = "Godkendelse af dagsorden",
    decision: str = "Godkendt",
    case: Case | str | None = None,
    committee_codes: list[str] | None = None,
    sections: list[tuple[str, str]] | None = None,
    attachments: list[str] = (),
    history: list[tuple[datetime.date, Committee, str]] = (),
) -> AgendaItem:
    if number is None:
        number = meeting.items.count() + 1
    if isinstance(case, str):
        case = make_case(number=case, municipality=meeting.municipality)
    item = AgendaItem.objects.create(
        meeting=meeting,
        number=number,
        title=title,
        committee_codes=committee_codes
        if committee_codes is not None
        else [meeting.committee.code]
        if meeting.committee.code
        else [],
        case=case,
        decision=decision,
        outcome=decision_outcome(decision),
    )
    all_sections = [("Beslutning", decision)] if decision else []
    all_sections += sections or []
    for position, (heading, text) in enumerate(all_sections):
        ItemSection.objects.create(item=item, position=position, heading=heading, text=text)
    for position, name in enumerate(attachments):
        Attachment.objects.create(item=item, position=position, name=name)
    for position, (date, committee, text) in enumerate(history):
        CaseHistoryEntry.objects.create(
            item=item,
            case=case,
            position=position,
            date=date,
            committee=committee,
            committee_name=committee.name,
            period="2026-2029",
            text=text,
        )
    if case is not None:
        Case.objects.filter(pk=case.pk).refresh_summary()
    return item
