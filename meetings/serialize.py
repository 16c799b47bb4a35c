"""A stored meeting back in the open-data shape of ../shared/spec/referat.schema.json."""

from __future__ import annotations

from django.db.models import Prefetch, prefetch_related_objects

from .models import AgendaItem, Attendance, Meeting


def _prefetch(meeting: Meeting) -> None:
    # Does nothing for what `Meeting.objects.with_full_referat()` already fetched.
    prefetch_related_objects(
        [meeting],
        Prefetch("attendance", queryset=Attendance.objects.select_related("person")),
        Prefetch(
            "items",
            queryset=AgendaItem.objects.select_related("case").prefetch_related(
                "sections", "attachments", "case_history"
            ),
        ),
    )


def meeting_to_referat(meeting: Meeting) -> dict:
    """The meeting as the parser would have produced it (without its warnings)."""
    _prefetch(meeting)
    return {
        "committee": {"name": meeting.committee_name, "period": meeting.period or None},
        "title": meeting.title,
        "date": meeting.date.isoformat(),
        "start_time": meeting.start_time.strftime("%H:%M") if meeting.start_time else None,
        "location": meeting.location or None,
        "participants": [
            {"name": row.person.name, "status": row.status} for row in meeting.attendance.all()
        ],
        "items": [_item(item) for item in meeting.items.all()],
    }


def _item(item: AgendaItem) -> dict:
    return {
        "number": item.number,
        "title": item.title,
        "committee_codes": list(item.committee_codes),
        "case_number": item.case.number if item.case else None,
        "decision": item.decision or None,
        "sections": [{"heading": s.heading, "text": s.text} for s in item.sections.all()],
        "attachments": [a.name for a in item.attachments.all()],
        "case_history": [
            {
                "date": entry.date.isoformat(),
                "committee": {"name": entry.committee_name, "period": entry.period or None},
                "text": entry.text,
                "absent": list(entry.absent),
            }
            for entry in item.case_history.all()
        ],
    }
