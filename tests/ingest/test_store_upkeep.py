"""What the store keeps up to date beyond the meeting itself: each case's summary (its latest
treatment) and the attendance tallies of the person list and the committee pages."""

from __future__ import annotations

import copy
import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count, Q

from meetings.ingest.store import referat_store
from meetings.models import Attendance, AttendanceTally, Case, Committee, Person
from meetings.pages.queries import committee_members
from meetings.publishing.corrections import person_merge

from .test_store import a_referat, read_of

pytestmark = pytest.mark.django_db


def test_a_case_knows_the_date_of_its_latest_meeting():
    referat_store(read=read_of(a_referat(date="2026-03-03")))
    referat_store(read=read_of(a_referat(date="2026-01-13")))  # an older referat, stored later
    assert Case.objects.get(number="25-003798").last_treated == datetime.date(2026, 3, 3)

    referat_store(read=read_of(a_referat(date="2026-04-14")))
    assert Case.objects.get(number="25-003798").last_treated == datetime.date(2026, 4, 14)


def test_a_corrected_referat_that_moves_an_item_to_another_case_updates_both_cases():
    referat_store(read=read_of(a_referat(date="2026-01-13")))
    referat = a_referat(date="2026-03-03")
    referat_store(read=read_of(referat))

    corrected = copy.deepcopy(referat)
    corrected["items"][1]["case_number"] = "26-000001"
    referat_store(read=read_of(corrected))

    assert Case.objects.get(number="25-003798").last_treated == datetime.date(2026, 1, 13)
    assert Case.objects.get(number="26-000001").last_treated == datetime.date(2026, 3, 3)
    assert_case_summaries_are_their_items()


def test_the_case_list_is_ordered_by_the_stored_date(client):
    referat_store(read=read_of(a_referat(date="2026-01-13")))
    newer = a_referat(date="2026-03-03")
    newer["items"][1]["case_number"] = "24-000009"  # a lower sagsnr, treated later
    referat_store(read=read_of(newer))

    page = client.get("/sager/").content.decode()
    assert page.index("24-000009") < page.index("25-003798")


def assert_case_summaries_are_their_items():
    """Every case's stored summary is the one worked out again from its items."""
    for case in Case.objects.all():
        items = sorted(
            case.items.select_related("meeting"),
            # Latest meeting date; a meeting without a start time sorts as the later one
            # (PostgreSQL's DESC puts NULLs first); within one meeting, the first item.
            key=lambda i: (
                i.meeting.date,
                i.meeting.start_time is None,
                i.meeting.start_time or datetime.time.min,
                -i.pk,
            ),
        )
        latest = items[-1] if items else None
        assert (case.item_count, case.last_treated, case.latest_title, case.latest_outcome) == (
            len(items),
            latest and latest.meeting.date,
            latest.title if latest else "",
            latest.outcome if latest else "",
        ), case.number


def counted_afresh(committee, *, period="", year=None) -> list[dict]:
    """A committee's members counted from its attendance rows, as the page did before tallies."""
    rows = Attendance.objects.filter(meeting__committee=committee)
    if period:
        rows = rows.filter(meeting__period=period)
    if year:
        rows = rows.filter(meeting__date__year=year)
    return list(
        rows.values("person__name", "person__slug")
        .annotate(
            present=Count("id", filter=Q(status="present")),
            absent=Count("id", filter=Q(status="absent")),
        )
        .order_by("person__name")
    )


def assert_tallies_match_attendance():
    for committee in Committee.objects.all():
        for narrowing in ({}, {"period": "2022-2025"}, {"year": 2026}, {"year": 2025}):
            expected = counted_afresh(committee, **narrowing)
            assert list(committee_members(committee, **narrowing)) == expected, narrowing
    for person in Person.objects.with_attendance_counts():
        rows = Attendance.objects.filter(person=person)
        assert person.present_count == rows.filter(status="present").count()
        assert person.absent_count == rows.filter(status="absent").count()
        assert person.last_date == max((row.meeting.date for row in rows), default=None)


def test_the_tallies_follow_new_and_corrected_referater_and_merged_people():
    referat_store(read=read_of(a_referat(date="2026-01-13")))
    referat_store(read=read_of(a_referat(date="2025-11-04", period="2022-2025")))
    referat = a_referat(date="2026-03-03")
    referat_store(read=read_of(referat))
    assert_tallies_match_attendance()
    bjoern = Person.objects.with_attendance_counts().get(name="Bjørn Lykke Sørensen")
    assert (bjoern.present_count, bjoern.absent_count) == (0, 3)

    # A corrected version: one member came after all, another is new, one is gone.
    corrected = copy.deepcopy(referat)
    corrected["participants"] = [
        {"name": "Thomas Bisgaard", "status": "present"},
        {"name": "Bjørn Lykke Sørensen", "status": "present"},
        {"name": "Tina Mandrup", "status": "absent"},
    ]
    referat_store(read=read_of(corrected))
    assert_tallies_match_attendance()
    bjoern = Person.objects.with_attendance_counts().get(name="Bjørn Lykke Sørensen")
    assert (bjoern.present_count, bjoern.absent_count) == (1, 2)

    staff = get_user_model().objects.create_user("staff", is_staff=True)
    person_merge(
        keep=Person.objects.get(name="Tina Mandrup"),
        merge=[Person.objects.get(name="Ole Blickfeldt")],
        made_by=staff,
    )
    assert_tallies_match_attendance()
    assert not AttendanceTally.objects.filter(person__name="Ole Blickfeldt").exists()


def test_a_committee_knows_its_span_after_each_referat():
    referat_store(read=read_of(a_referat(date="2026-03-03")))
    referat_store(read=read_of(a_referat(date="2025-11-04", period="2022-2025")))
    referat = a_referat(date="2026-01-13")
    referat_store(read=read_of(referat))
    corrected = copy.deepcopy(referat)
    corrected["location"] = "Rådhuset"  # a corrected version: the same meeting
    referat_store(read=read_of(corrected))
    for committee in Committee.objects.all():  # some only named in Sagens forløb: no meetings
        meetings = committee.meetings.all()
        dates = [m.date for m in meetings]
        assert committee.meeting_count == len(dates)
        assert (committee.first_date, committee.last_date) == (
            min(dates, default=None),
            max(dates, default=None),
        )
        assert committee.periods == sorted({m.period for m in meetings if m.period}, reverse=True)
    jai = Committee.objects.filter(meetings__isnull=False).distinct().get()
    assert jai.meeting_count == 3 and jai.periods == ["2026-2029", "2022-2025"]
