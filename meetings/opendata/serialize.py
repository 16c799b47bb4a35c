"""A stored meeting back in the open-data shape of ../shared/spec/referat.schema.json."""

from __future__ import annotations

from meetings.models import Meeting, municipalities
from meetings.pages.queries import item_parts, meeting_page_parts


def meeting_to_referat(meeting: Meeting) -> dict:
    """The meeting as the parser would have produced it (without its warnings).

    Read as the meeting page reads it (queries.meeting_page_parts): the same rows, three
    queries where prefetching every relation took six.
    """
    items, attendance = meeting_page_parts(meeting)
    return {
        "municipality": municipalities.by_id(meeting.municipality_id).name,
        "kind": meeting.kind,
        "source": _source(meeting),
        "committee": {"name": meeting.committee_name, "period": meeting.period or None},
        "title": meeting.title,
        "date": meeting.date.isoformat(),
        "start_time": meeting.start_time.strftime("%H:%M") if meeting.start_time else None,
        "location": meeting.location or None,
        "participants": [
            {"name": row["person__name"], "status": row["status"], "party": row["party"] or None}
            for row in attendance
        ],
        "items": [_item(item) for item in items],
    }


def _number(value) -> int | float:
    """A sum in kroner as JSON writes numbers: whole kroner as an integer."""
    value = float(value)
    return int(value) if value.is_integer() else value


def _source(meeting: Meeting) -> dict | None:
    if not meeting.source_id:
        return None
    return {"system": meeting.source_system, "meeting_id": meeting.source_id}


def _item(item) -> dict:
    sections, attachments, history = item_parts(item)
    return {
        "number": item.number,
        "title": item.title,
        "committee_codes": list(item.committee_codes),
        "case_number": item.case.number if item.case else None,
        "closed": item.closed,
        "decision": item.decision or None,
        "absent": list(item.absent_names),
        "sections": [{"heading": s["heading"], "text": s["text"]} for s in sections],
        "attachments": [a["name"] for a in attachments],
        "attachment_urls": [a["url"] or None for a in attachments],
        "positions": [
            {
                "name": p["name"] or None,
                "party": p["party"] or None,
                "position": p["stance"],
                "on": p["on"] or None,
                "text": p["text"],
            }
            for p in item.position_rows
        ],
        "amounts": [
            {
                "amount": _number(a["amount"]),
                "kind": a["kind"] or None,
                "year": a["year"],
                "section": a["section"],
                "text": a["text"],
            }
            for a in item.amount_rows
        ],
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
