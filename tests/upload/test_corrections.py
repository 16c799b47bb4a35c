"""Corrections in the admin: merging two spellings of a person, correcting a committee."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from meetings.corrections import committee_correct, person_merge
from meetings.models import Attendance, Committee, CorrectionLog, Meeting, Person

pytestmark = pytest.mark.django_db


def a_meeting(committee, day):
    return Meeting.objects.create(
        committee=committee,
        committee_name=committee.name,
        date=datetime.date(2026, 3, day),
        title=f"Møde {day}",
    )


def test_merge_moves_attendance_and_keeps_one_row_per_meeting(staff):
    committee = Committee.objects.create(name="Udvalget for Job", code="JAI")
    first, second, both = (a_meeting(committee, day) for day in (1, 2, 3))
    keep = Person.objects.create(name="Tina Mandrup")
    typo = Person.objects.create(name="Tina Mandrupp")
    Attendance.objects.create(meeting=first, person=keep, status="present", position=1)
    Attendance.objects.create(meeting=second, person=typo, status="absent", position=1)
    Attendance.objects.create(meeting=both, person=keep, status="absent", position=1)
    Attendance.objects.create(meeting=both, person=typo, status="present", position=2)

    log = person_merge(keep=keep, merge=[keep, typo], made_by=staff)

    assert not Person.objects.filter(name="Tina Mandrupp").exists()
    rows = {a.meeting_id: a.status for a in Attendance.objects.filter(person=keep)}
    assert rows == {first.pk: "present", second.pk: "absent", both.pk: "present"}
    assert Attendance.objects.count() == 3
    assert log.action == CorrectionLog.Action.PERSON_MERGE
    assert log.made_by == staff
    assert log.before["merged"][0]["name"] == "Tina Mandrupp"
    assert log.after == {
        "keep": {"id": keep.pk, "name": "Tina Mandrup", "attendance": 3},
        "moved": 1,
        "collapsed": 1,
    }


def test_merge_needs_another_person(staff):
    keep = Person.objects.create(name="Ole Blickfeldt")
    with pytest.raises(ValidationError):
        person_merge(keep=keep, merge=[keep], made_by=staff)
    assert not CorrectionLog.objects.exists()


def test_committee_correction_is_logged_and_keeps_the_slug(staff):
    committee = Committee.objects.create(name="Udvalget for Job", code="JIA")
    slug = committee.slug
    log = committee_correct(
        committee=committee, code="JAI", name="Udvalget for Job & Integration", made_by=staff
    )
    committee.refresh_from_db()
    assert (committee.code, committee.name, committee.slug) == (
        "JAI",
        "Udvalget for Job & Integration",
        slug,
    )
    assert log.before == {"name": "Udvalget for Job", "code": "JIA"}
    assert log.after == {"name": "Udvalget for Job & Integration", "code": "JAI"}
    assert "JIA → JAI" in log.summary
    assert committee_correct(committee=committee, code="JAI", made_by=staff) is None


def test_committee_code_taken_by_another_is_refused(staff):
    Committee.objects.create(name="Økonomiudvalget", code="ØU")
    other = Committee.objects.create(name="Kommunalbestyrelsen", code="KB")
    with pytest.raises(ValidationError):
        committee_correct(committee=other, code="ØU", made_by=staff)
    other.refresh_from_db()
    assert other.code == "KB"
    assert not CorrectionLog.objects.exists()
