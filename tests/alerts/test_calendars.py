"""Meeting calendars: iCalendar a calendar program reads (icalendar parses it back), an event
per meeting with a stable UID, its start in Copenhagen time, place and address."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from meetings.models import Committee, Meeting

from .conftest import ingest_text, referat_text

pytestmark = pytest.mark.django_db


def calendar(client, url: str) -> Calendar:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def events(cal: Calendar) -> dict[str, object]:
    return {str(event["UID"]): event for event in cal.walk("VEVENT")}


def test_a_committee_calendar_has_its_meetings_past_and_upcoming(client, tmp_path):
    today = timezone.localdate()
    held, coming = today - datetime.timedelta(days=30), today + datetime.timedelta(days=14)
    for day, time in ((held, "17:00"), (coming, "16:30")):
        ingest_text(
            tmp_path,
            f"{day}.txt",
            referat_text(date=f"{day:%d-%m-%Y}", time=time, items=[("Havnebadet", "", "Godkendt")]),
        )
    upcoming = Meeting.objects.get(date=coming)
    Meeting.objects.filter(pk=upcoming.pk).update(kind=Meeting.Kind.AGENDA)  # as harvested
    committee = Committee.objects.get()
    cal = calendar(client, f"/kalender/lejre/{committee.slug}.ics")
    assert str(cal["VERSION"]) == "2.0" and cal["PRODID"]
    assert "Europe/Copenhagen" in [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")]
    found = events(cal)
    assert len(found) == 2
    event = found[f"meeting-{upcoming.pk}@testserver"]
    start = event.decoded("DTSTART")
    assert start == datetime.datetime.combine(
        coming, datetime.time(16, 30), ZoneInfo("Europe/Copenhagen")
    )
    assert event.decoded("DTEND") - start == datetime.timedelta(hours=2)
    assert str(event["LOCATION"]) == "Mødelokale 5, Allerslev"
    assert committee.name in str(event["SUMMARY"]) and "dagsorden" in str(event["SUMMARY"])
    address = f"http://testserver/lejre/moeder/{committee.slug}/{coming.isoformat()}/"
    assert address in str(event["DESCRIPTION"]) and "1. Havnebadet" in str(event["DESCRIPTION"])
    assert event["DTSTAMP"]
    same = calendar(client, "/kalender/lejre.ics")
    assert set(events(same)) == set(found)  # the municipality's calendar: the same meetings


def test_a_meeting_without_a_time_is_a_whole_day(client, tmp_path):
    ingest_text(
        tmp_path,
        "a.txt",
        referat_text(
            date=f"{timezone.localdate():%d-%m-%Y}", items=[("Havnebadet", "", "Godkendt")]
        ),
    )
    meeting = Meeting.objects.get()
    Meeting.objects.filter(pk=meeting.pk).update(start_time=None, location="")
    [event] = calendar(client, "/kalender/lejre.ics").walk("VEVENT")
    assert event.decoded("DTSTART") == meeting.date
    assert event.decoded("DTEND") == meeting.date + datetime.timedelta(days=1)
    assert "LOCATION" not in event


def test_unknown_calendars_are_404(client):
    assert client.get("/kalender/nowhere.ics").status_code == 404
    assert client.get("/kalender/lejre/nothing.ics").status_code == 404
