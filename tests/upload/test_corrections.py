"""Corrections in the admin: merging two spellings of a person, correcting a committee."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from meetings.models import Attendance, Committee, CorrectionLog, Meeting, Person
from meetings.publishing.corrections import committee_correct, person_merge

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


# --- What a correction means for referater stored later -----------------------------------------


def _store(referat, content: bytes):
    from meetings.ingest.store import referat_store
    from tests.ingest.test_store import read_of

    return referat_store(read=read_of(referat, content))


def test_a_merged_spelling_in_a_later_referat_is_the_kept_person(staff, client):
    from tests.ingest.test_store import a_referat

    typo = a_referat(date="2026-03-03")
    typo["participants"][0]["name"] = "Thomas Bisgård"
    _store(typo, b"first")
    _store(a_referat(date="2026-02-03"), b"second")
    keep = Person.objects.get(name="Thomas Bisgaard")
    merged = Person.objects.get(name="Thomas Bisgård")
    merged_url = merged.get_absolute_url()
    person_merge(keep=keep, merge=[keep, merged], made_by=staff)

    later = a_referat(date="2026-04-14")
    later["participants"][0]["name"] = "THOMAS BISGÅRD"
    from meetings.ingest.store import referat_match

    # What the upload preview shows.
    assert referat_match(later, keep.municipality).new_people == []
    _store(later, b"third")

    assert not Person.objects.filter(name__iexact="Thomas Bisgård").exists()
    assert keep.attendance.count() == 3
    response = client.get(merged_url)
    assert response.status_code == 301 and response["Location"] == keep.get_absolute_url()
    # A new person never takes the merged spelling's address.
    new = a_referat(date="2026-05-05")
    new["participants"][0]["name"] = "Thomas Bisgård Hansen"
    _store(new, b"fourth")
    assert Person.objects.get(name="Thomas Bisgård Hansen").get_absolute_url() != merged_url


def test_a_corrected_committee_name_stands_when_a_later_referat_prints_the_old_one(staff):
    from tests.ingest.test_store import a_referat

    misprint = "Udvalget for Jobb, Arbejdsmarked & Integration"

    def uncoded(date):  # found by its name alone, not by a committee code
        referat = a_referat(name=misprint, date=date)
        for item in referat["items"]:
            item["committee_codes"] = []
        return referat

    meeting = _store(uncoded("2026-03-03"), b"first").meeting
    committee = meeting.committee
    committee_correct(
        committee=committee, name="Udvalget for Job, Arbejdsmarked & Integration", made_by=staff
    )

    later = _store(uncoded("2026-04-14"), b"second").meeting

    committee.refresh_from_db()
    assert later.committee == committee
    assert committee.name == "Udvalget for Job, Arbejdsmarked & Integration"
    assert Committee.objects.filter(meetings__isnull=False).distinct().count() == 1


def test_a_real_rename_after_a_correction_still_renames(staff):
    from tests.ingest.test_store import a_referat

    meeting = _store(a_referat(name="Udvalget for Jobb", date="2026-03-03"), b"first").meeting
    committee = meeting.committee
    committee_correct(committee=committee, name="Udvalget for Job", made_by=staff)
    renamed = "Udvalget for Job, Arbejdsmarked & Integration"
    _store(a_referat(name=renamed, date="2026-04-14"), b"second")
    committee.refresh_from_db()
    assert committee.name == renamed
