"""A stored meeting back in the open-data shape of ../shared/spec/referat.schema.json."""

from __future__ import annotations

from meetings.models import Meeting
from meetings.pages.queries import item_parts, meeting_page_parts


def meeting_to_referat(meeting: Meeting) -> dict:
    """The meeting as the parser would have produced it (without its warnings).

    Read as the meeting page reads it (queries.meeting_page_parts): the same rows, three
    queries where prefetching every relation took six.
    """
    items, attendance = meeting_page_parts(meeting)
    return {
        "committee": {"name": meeting.committee_name, "period": meeting.period or None},
        "title": meeting.title,
        "date": meeting.date.isoformat(),
        "start_time": meeting.start_time.strftime("%H:%M") if meeting.start_time else None,
        "location": meeting.location or None,
        "participants": [
            {"name": row["person__name"], "status": row["status"]} for row in attendance
        ],
        "items": [_item(item) for item in items],
    }


def _item(item) -> dict:
    sections, attachments, history = item_parts(item)
    return {
        "number": item.number,
        "title": item.title,
        "committee_codes": list(item.committee_codes),
        "case_number": item.case.number if item.case else None,
        "decision": item.decision or None,
        "sections": [{"heading": s["heading"], "text": s["text"]} for s in sections],
        "attachments": list(attachments),
        "case_history": [
            {
                "date": entry["date"].isoformat(),
                "committee": {"name": entry["committee_name"], "period": entry["period"] or None},
                "text": entry["text"],
                "absent": list(entry["absent"]),
            }
            for entry in history
        ],
    }
