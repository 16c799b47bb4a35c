"""The store: the referat shape to rows, one transaction, idempotent, every version kept."""

from __future__ import annotations

import copy
import datetime
import hashlib
import json
import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connections

from meetings.ingest import store
from meetings.ingest.errors import ReferatError
from meetings.ingest.pipeline import ReadReferat
from meetings.ingest.store import referat_store, vocabulary_code
from meetings.models import (
    AgendaItem,
    Attachment,
    Attendance,
    Case,
    CaseHistoryEntry,
    Committee,
    ItemSection,
    Meeting,
    Person,
    SourceDocument,
)
from meetings.search.index import index_items
from meetings.vocabulary import Outcome

pytestmark = pytest.mark.django_db

JAI_2026 = "Udvalget for Job, Arbejdsmarked & Integration"
JAI_2022 = "Udvalget for Job, Arbejdsmarked og Integration"


def a_referat(
    *, name: str = JAI_2026, period: str = "2026-2029", date: str = "2026-03-03", items=None
) -> dict:
    """A referat in the schema's shape, as the parser gives it."""
    day = datetime.date.fromisoformat(date)
    return {
        "committee": {"name": name, "period": period},
        "title": f"REFERAT {name} - {period} d. {day:%d-%m-%Y}",
        "date": date,
        "start_time": "17:00",
        "location": "Mødelokale 5, Allerslev",
        "participants": [
            {"name": "Thomas Bisgaard", "status": "present"},
            {"name": "Ole Blickfeldt", "status": "present"},
            {"name": "Bjørn Lykke Sørensen", "status": "absent"},
        ],
        "items": items if items is not None else standard_items(),
        "warnings": [],
    }


def standard_items() -> list[dict]:
    return [
        {
            "number": 1,
            "title": "Godkendelse af dagsorden",
            "committee_codes": ["JAI"],
            "case_number": None,
            "decision": "Godkendt",
            "sections": [{"heading": "Beslutning", "text": "Godkendt"}],
            "attachments": [],
            "case_history": [],
        },
        {
            "number": 2,
            "title": "Præsentation af økonomi på udvalgets område",
            "committee_codes": ["KF", "SSÆ", "JAI"],
            "case_number": "25-003798",
            "decision": "Indstillingen tiltrådt",
            "sections": [
                {"heading": "Beslutning", "text": "Indstillingen tiltrådt"},
                {"heading": "Resumé", "text": "Økonomien.\n\nBorgerinddragelse\n\n538.750 kr."},
                {"heading": "Sagens forløb", "text": "02/03/2026 Udvalget for Kultur & Fritid"},
                {"heading": "Bilag", "text": "Budget 2026.pdf\nOverblik.xlsx"},
            ],
            "attachments": ["Budget 2026.pdf", "Overblik.xlsx"],
            "case_history": [
                {
                    "date": "2026-03-02",
                    "committee": {"name": "Udvalget for Kultur & Fritid", "period": "2026-2029"},
                    "text": "Taget til efterretning.",
                    "absent": ["Ole Blickfeldt"],
                },
                {
                    "date": "2022-05-02",
                    "committee": {
                        "name": "Udvalget for Erhverv, Klima og Lokal udvikling",
                        "period": "2022-2025",
                    },
                    "text": "Godkendt.",
                },
            ],
        },
        {
            "number": 3,
            "title": "Godkendelse af referat",
            "committee_codes": ["JAI"],
            "case_number": None,
            "decision": None,
            "sections": [],
            "attachments": [],
            "case_history": [],
        },
    ]


def read_of(referat: dict, content: bytes | None = None, *, fmt: str = "text") -> ReadReferat:
    """What `read_referat` would give for a file holding `content` that parsed to `referat`."""
    if content is None:
        content = json.dumps(referat, ensure_ascii=False).encode()
    return ReadReferat(
        referat=referat,
        format=fmt,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        filename="referat.md",
    )


def row_counts() -> dict[str, int]:
    models = [
        Committee,
        Person,
        SourceDocument,
        Meeting,
        Attendance,
        Case,
        AgendaItem,
        ItemSection,
        Attachment,
        CaseHistoryEntry,
    ]
    return {model.__name__: model.objects.count() for model in models}


def test_a_new_referat_becomes_one_meeting_with_everything_in_it():
    result = referat_store(read=read_of(a_referat()))

    assert result.status == "created"
    meeting = result.meeting
    assert meeting.committee.code == "JAI"
    assert meeting.committee.name == JAI_2026
    assert (meeting.committee_name, meeting.period) == (JAI_2026, "2026-2029")
    assert meeting.date == datetime.date(2026, 3, 3)
    assert meeting.start_time == datetime.time(17, 0)
    assert meeting.location == "Mødelokale 5, Allerslev"
    assert meeting.source_document == result.source_document
    assert [(a.person.name, a.status, a.position) for a in meeting.attendance.all()] == [
        ("Thomas Bisgaard", "present", 1),
        ("Ole Blickfeldt", "present", 2),
        ("Bjørn Lykke Sørensen", "absent", 3),
    ]

    first, second, third = meeting.items.order_by("number")
    assert (first.title, first.case, first.decision, first.outcome) == (
        "Godkendelse af dagsorden",
        None,
        "Godkendt",
        Outcome.APPROVED,
    )
    assert second.committee_codes == ["KF", "SSÆ", "JAI"]
    assert second.case.number == "25-003798"
    assert second.outcome == Outcome.ENDORSED
    assert [s.heading for s in second.sections.all()] == [
        "Beslutning",
        "Resumé",
        "Sagens forløb",
        "Bilag",
    ]
    assert second.sections.get(heading="Resumé").text == (
        "Økonomien.\n\nBorgerinddragelse\n\n538.750 kr."
    )
    assert [a.name for a in second.attachments.all()] == ["Budget 2026.pdf", "Overblik.xlsx"]
    kf, eklt = second.case_history.all()
    assert (kf.date, kf.committee.code, kf.period, kf.text, kf.absent) == (
        datetime.date(2026, 3, 2),
        "KF",
        "2026-2029",
        "Taget til efterretning.",
        ["Ole Blickfeldt"],
    )
    assert kf.case == second.case
    # An older name of EKLT is still EKLT (every word of it is in the vocabulary's name).
    assert eklt.committee.code == "EKLT"
    assert eklt.committee_name == "Udvalget for Erhverv, Klima og Lokal udvikling"
    # Null decision is stored as "" with no outcome.
    assert (third.decision, third.outcome, third.sections.count()) == ("", Outcome.NONE, 0)


def test_the_same_bytes_again_change_nothing():
    read = read_of(a_referat())
    first = referat_store(read=read)
    before = row_counts()

    again = referat_store(read=read)

    assert again.status == "unchanged"
    assert again.meeting == first.meeting
    assert again.source_document == first.source_document
    assert row_counts() == before


def test_a_corrected_referat_replaces_the_content_and_keeps_the_earlier_file():
    original = a_referat()
    original["participants"].append({"name": "Lotte Grewe", "status": "present"})  # misspelt
    original["items"][0]["case_number"] = "26-000001"  # a misread sagsnr
    first = referat_store(read=read_of(original))

    corrected = a_referat()
    corrected["participants"].append({"name": "Lotte Greve", "status": "present"})
    corrected["items"][1]["decision"] = "Ad. 1) Taget til efterretning\n\nAd. 2) Drøftet"
    corrected["items"][1]["attachments"] = ["Budget 2026.pdf"]
    del corrected["items"][2]
    corrected["warnings"] = ["a table of contents entry has no item: Eventuelt"]
    result = referat_store(read=read_of(corrected))

    assert result.status == "updated"
    assert result.meeting.pk == first.meeting.pk
    assert Meeting.objects.count() == 1
    meeting = Meeting.objects.get()
    assert meeting.source_document == result.source_document
    # Both files kept, both pointing at the meeting; the new one is the current.
    assert set(meeting.source_documents.all()) == {first.source_document, result.source_document}
    assert result.source_document.warnings == corrected["warnings"]
    assert result.warnings == corrected["warnings"]
    # Content replaced, nothing left from the first version.
    assert list(meeting.items.values_list("number", flat=True)) == [1, 2]
    second = meeting.items.get(number=2)
    assert second.outcome == Outcome.NOTED
    assert [a.name for a in second.attachments.all()] == ["Budget 2026.pdf"]
    assert AgendaItem.objects.count() == 2
    assert Attachment.objects.count() == 1
    assert ItemSection.objects.count() == 5
    assert CaseHistoryEntry.objects.count() == 2
    assert Attendance.objects.count() == 4
    # What only the misread version named is gone with it.
    assert not Person.objects.filter(name="Lotte Grewe").exists()
    assert Person.objects.filter(name="Lotte Greve").exists()
    assert list(Case.objects.values_list("number", flat=True)) == ["25-003798"]


def test_a_different_file_with_the_same_content_is_kept_as_a_version():
    referat = a_referat()
    first = referat_store(read=read_of(referat, b"the text version"))
    items_before = list(AgendaItem.objects.values_list("pk", flat=True))

    again = referat_store(read=read_of(copy.deepcopy(referat), b"%PDF the pdf", fmt="pdf"))

    assert again.status == "unchanged"
    assert again.meeting == first.meeting
    assert SourceDocument.objects.count() == 2
    assert again.source_document.format == "pdf"
    assert again.source_document.meeting == first.meeting
    first.meeting.refresh_from_db()
    assert first.meeting.source_document == again.source_document
    # The rows were not rewritten.
    assert list(AgendaItem.objects.values_list("pk", flat=True)) == items_before


def test_people_committees_and_cases_are_shared_across_meetings():
    old = a_referat(name=JAI_2022, period="2022-2025", date="2022-05-04")
    for item in old["items"]:
        item["committee_codes"] = ["JAI"]
    referat_store(read=read_of(old))
    referat_store(read=read_of(a_referat(date="2026-02-03")))
    referat_store(read=read_of(a_referat(date="2026-03-03")))

    assert Meeting.objects.count() == 3
    jai = Committee.objects.get(code="JAI")
    assert jai.meetings.count() == 3
    assert jai.name == JAI_2026  # the newest meeting's printed name
    assert Person.objects.filter(name__iexact="Ole Blickfeldt").count() == 1
    assert Person.objects.get(name="Ole Blickfeldt").attendance.count() == 3
    assert Case.objects.filter(number="25-003798").count() == 1
    assert Case.objects.get(number="25-003798").items.count() == 3
    codes = list(Committee.objects.values_list("code", flat=True))
    assert sorted(codes) == ["EKLT", "JAI", "KF"]


def test_a_person_is_found_whatever_the_case_of_the_printed_name():
    referat_store(read=read_of(a_referat(date="2026-02-03")))
    shouting = a_referat(date="2026-03-03")
    shouting["participants"][1]["name"] = "OLE BLICKFELDT"
    referat_store(read=read_of(shouting))

    assert Person.objects.filter(name__iexact="ole blickfeldt").count() == 1


def test_an_older_referat_does_not_rename_the_committee():
    referat_store(read=read_of(a_referat(date="2026-03-03")))
    old = a_referat(name=JAI_2022, period="2022-2025", date="2022-05-04")
    referat_store(read=read_of(old))

    assert Committee.objects.filter(code="JAI").get().name == JAI_2026
    assert Meeting.objects.get(date="2022-05-04").committee_name == JAI_2022


def test_a_newer_name_of_a_known_committee_renames_it_and_keeps_its_address():
    referat_store(read=read_of(a_referat(name=JAI_2022, period="2022-2025", date="2022-05-04")))
    slug = Committee.objects.get(code="JAI").slug

    referat_store(read=read_of(a_referat(date="2026-03-03")))

    jai = Committee.objects.get(code="JAI")
    assert (jai.name, jai.slug) == (JAI_2026, slug)


def test_committees_in_sagens_forloeb_are_resolved_or_made_once():
    eklt = Committee.objects.create(
        name="Udvalget for Erhverv, Klima, Lokal udvikling & Turisme", code="EKLT"
    )
    items = standard_items()
    items[1]["case_history"].append(
        {
            "date": "2026-01-20",
            "committee": {"name": "Udvalget for Planlægning og Boliger", "period": "2026-2029"},
            "text": "Anbefales.",
        }
    )
    items[0]["case_history"] = [
        {
            "date": "2026-01-21",
            "committee": {"name": "Udvalget for Planlægning & Boliger", "period": "2026-2029"},
            "text": "Godkendt.",
        }
    ]
    referat_store(read=read_of(a_referat(items=items)))

    assert CaseHistoryEntry.objects.get(date="2022-05-02").committee == eklt
    unknown = Committee.objects.get(name__contains="Planlægning")
    assert unknown.code == ""
    assert unknown.name == "Udvalget for Planlægning & Boliger"  # the newest entry's spelling
    assert CaseHistoryEntry.objects.filter(committee=unknown).count() == 2
    assert Committee.objects.filter(code="EKLT").count() == 1


def test_the_meeting_committee_is_the_code_every_item_carries():
    # A committee the vocabulary does not know: its items say who it is.
    items = standard_items()
    for item in items:
        item["committee_codes"] = ["PU", *item["committee_codes"][:1]]
    result = referat_store(read=read_of(a_referat(name="Planudvalget", items=items)))

    assert (result.meeting.committee.code, result.meeting.committee.name) == ("PU", "Planudvalget")


def test_vocabulary_code_matches_names_conservatively():
    assert vocabulary_code(JAI_2022) == "JAI"
    assert vocabulary_code("Udvalget for Erhverv, Klima og Lokal udvikling") == "EKLT"
    assert vocabulary_code("Økonomiudvalget") == "ØU"
    assert vocabulary_code("Udvalget for Børn") == ""
    assert vocabulary_code("Udvalget for Social og Sundhed") == "SSÆ"
    assert vocabulary_code("Udvalget for Teknik") == ""


def test_any_failure_leaves_nothing_behind(monkeypatch):
    def fail(meeting, status):
        raise IntegrityError("forced at the end of the store")

    monkeypatch.setattr(store, "record_change", fail)
    with pytest.raises(IntegrityError):
        referat_store(read=read_of(a_referat()))

    assert all(count == 0 for count in row_counts().values()), row_counts()


def test_a_failing_correction_keeps_the_previous_version_whole(monkeypatch):
    first = referat_store(read=read_of(a_referat()))
    before = row_counts()

    monkeypatch.setattr(store, "record_change", lambda meeting, status: 1 / 0)
    corrected = a_referat()
    corrected["items"][0]["title"] = "Godkendelse af den rettede dagsorden"
    with pytest.raises(ZeroDivisionError):
        referat_store(read=read_of(corrected))

    assert row_counts() == before
    assert Meeting.objects.get().source_document == first.source_document
    assert AgendaItem.objects.get(number=1).title == "Godkendelse af dagsorden"


def test_the_stored_items_are_indexed_for_search():
    """The store writes the search columns with the rows: just what indexing the stored rows
    again (`index_items`, as `reindex` does) makes of them."""
    columns = ["search_case", "search_body", "search_attachments", "search_compounds",
               "search_date", "search_committee", "search_period", "search_municipality",
               "search_vector"]  # fmt: skip
    result = referat_store(read=read_of(a_referat()))
    items = result.meeting.items.order_by("number")
    stored = list(items.values_list(*columns))
    assert all(row[4] == result.meeting.date and row[5] == result.meeting.committee_id
               for row in stored)  # fmt: skip
    assert any(row[1] for row in stored) and any(row[8] for row in stored)

    index_items(list(items))

    assert list(items.values_list(*columns)) == stored


def test_the_source_document_keeps_the_exact_bytes_and_who_sent_them():
    user = get_user_model().objects.create_user("redaktoer")
    content = b"%PDF-1.7\n\x00\xff\xfe binary \r\n bytes\x00"
    warnings = ["Indholdsfortegnelse: 'Eventuelt' has no item"]
    referat = a_referat()
    referat["warnings"] = warnings

    result = referat_store(read=read_of(referat, content, fmt="pdf"), received_by=user)

    document = SourceDocument.objects.get()
    assert bytes(document.content) == content
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert (document.format, document.size) == ("pdf", len(content))
    assert document.filename == "referat.md"
    assert document.received_by == user
    assert document.warnings == warnings
    assert document.meeting == result.meeting


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda r: r.update(date="03-03-2026"), "mødedatoen er ikke en dato"),
        (lambda r: r.update(start_time="kl. fem"), "starttiden er ikke et klokkeslæt"),
        (lambda r: r["committee"].update(period="2026"), "valgperiode er ikke ÅÅÅÅ-ÅÅÅÅ"),
        (lambda r: r["items"][1].update(number=1), "Punkt 1 forekommer to gange"),
        (lambda r: r["items"][0].update(title="x" * 1001), "titlen på Punkt 1 fylder 1001"),
        (lambda r: r["committee"].update(name=" "), "nævner intet udvalg"),
        (lambda r: r["items"][1]["case_history"][0].update(date=None), "er ikke en dato"),
    ],
)
def test_a_referat_the_archive_cannot_keep_is_refused_with_a_reason(change, reason):
    referat = a_referat()
    change(referat)

    with pytest.raises(ReferatError, match=reason):
        referat_store(read=read_of(referat))

    assert all(count == 0 for count in row_counts().values())


def test_nul_characters_from_a_pdf_text_layer_are_dropped():
    referat = a_referat()
    referat["items"][1]["sections"][1]["text"] = "Økono\x00mien."

    result = referat_store(read=read_of(referat))

    assert ItemSection.objects.get(item__meeting=result.meeting, heading="Resumé").text == (
        "Økonomien."
    )


def test_a_meeting_deleted_by_hand_comes_back_from_the_same_file():
    read = read_of(a_referat())
    first = referat_store(read=read)
    first.meeting.source_document = None
    first.meeting.save()
    first.meeting.delete()

    again = referat_store(read=read)

    assert again.status == "created"
    assert again.source_document == first.source_document
    assert SourceDocument.objects.count() == 1
    assert Meeting.objects.get().source_document == first.source_document


def test_people_whose_names_give_the_same_address_get_their_own():
    referat = a_referat()
    referat["participants"] = [
        {"name": "Åse Hansen", "status": "present"},
        {"name": "Aase Hansen", "status": "present"},
    ]
    Person.objects.create(name="Aase  Hansen")  # an earlier spelling holds aase-hansen already

    referat_store(read=read_of(referat))

    slugs = sorted(Person.objects.values_list("slug", flat=True))
    assert slugs == ["aase-hansen", "aase-hansen-2", "aase-hansen-3"]


@pytest.mark.django_db(transaction=True)
def test_two_files_of_one_new_meeting_stored_at_once_make_one_meeting():
    start = threading.Barrier(2)
    statuses, errors = [], []

    def store(content: bytes) -> None:
        try:
            start.wait()
            statuses.append(referat_store(read=read_of(a_referat(), content)).status)
        except Exception as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=store, args=(c,)) for c in (b"text", b"%PDF")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(statuses) == ["created", "unchanged"]
    assert Meeting.objects.count() == 1
    assert Committee.objects.filter(code="JAI").count() == 1
    assert SourceDocument.objects.filter(meeting__isnull=False).count() == 2
