"""Meeting calendars (iCalendar, RFC 5545): a municipality's and a committee's meetings, held
and upcoming (the harvested agendas), to subscribe to in a calendar program.

Each meeting is one event: its committee as SUMMARY, its place as LOCATION, its start in
Europe/Copenhagen (with the VTIMEZONE) and two hours as its length, or the whole day when the
referat gives no time; its address is in the DESCRIPTION as well as URL (most calendar
programs show only the description), with the agenda's items. The UID is the meeting's row,
which a new version of its referat keeps, so an event is updated rather than doubled.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.db.models import F, Prefetch
from django.http import Http404, HttpResponse
from django.http.request import split_domain_port
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from icalendar import Calendar, Event

from meetings.models import AgendaItem, Committee, Meeting, municipalities

ZONE = ZoneInfo("Europe/Copenhagen")
# Meetings held this long ago and later are in a calendar (and every upcoming one).
PAST_DAYS = 366
# A referat gives a meeting's start only.
LENGTH = datetime.timedelta(hours=2)
# How often a calendar program should fetch the calendar again (RFC 7986).
REFRESH = datetime.timedelta(hours=6)


def _meetings(queryset):
    since = timezone.localdate() - datetime.timedelta(days=PAST_DAYS)
    items = AgendaItem.objects.only("id", "meeting_id", "number", "title").order_by("number")
    return (
        queryset.filter(date__gte=since)
        .select_related("committee")
        .annotate(received_at=F("source_document__received_at"))
        .prefetch_related(Prefetch("items", queryset=items))
        .order_by("date", "start_time", "pk")
    )


def meeting_event(meeting: Meeting, *, host: str, address: str) -> Event:
    """One meeting as an event; `address` is the meeting page's absolute URL."""
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{host}")
    stamp = meeting.received_at or timezone.now()
    event.add("dtstamp", stamp)
    if meeting.received_at:
        event.add("last-modified", meeting.received_at)
    if meeting.start_time is None:
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + datetime.timedelta(days=1))
    else:
        start = datetime.datetime.combine(meeting.date, meeting.start_time, tzinfo=ZONE)
        event.add("dtstart", start)
        event.add("dtend", start + LENGTH)
    summary = meeting.committee_name
    if meeting.is_agenda:
        summary += " " + _("(dagsorden)")
    event.add("summary", summary)
    if meeting.location:
        event.add("location", meeting.location)
    lines = [meeting.title]
    items = list(meeting.items.all())
    if items:
        lines.append("")
        lines.append(_("Dagsorden:") if meeting.is_agenda else _("Punkter:"))
        lines.extend(f"{item.number}. {item.title}" for item in items)
    lines += ["", address]
    event.add("description", "\n".join(lines))
    event.add("url", address)
    event.add("status", "CONFIRMED")
    return event


def calendar_response(request, *, name: str, meetings, filename: str) -> HttpResponse:
    calendar = Calendar()
    calendar.add("prodid", "-//Referatarkivet//Moeder//DA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(ZONE))
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")  # the same, as Outlook reads it
    host = split_domain_port(request.get_host())[0] or "localhost"
    for meeting in _meetings(meetings):
        address = request.build_absolute_uri(meeting.get_absolute_url())
        calendar.add_component(meeting_event(meeting, host=host, address=address))
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    return response


def _town(slug: str):
    town = municipalities.by_slug(slug)
    if town is None:
        raise Http404
    return town


@require_safe
def municipality_calendar(request, municipality: str):
    town = _town(municipality)
    return calendar_response(
        request,
        name=_("Møder i %(name)s") % {"name": town.name},
        meetings=Meeting.objects.public().filter(municipality=town),
        filename=town.slug,
    )


@require_safe
def committee_calendar(request, municipality: str, slug: str):
    town = _town(municipality)
    committee = get_object_or_404(Committee, municipality=town, slug=slug)
    return calendar_response(
        request,
        name=f"{committee.name}, {town.name}",
        meetings=Meeting.objects.public().filter(committee=committee),
        filename=f"{town.slug}-{committee.slug}",
    )
