"""The domain model of the archive, in one place to read, split by the parts of the app.

- `archive`: what a referat becomes: committees, meetings, agenda items, cases, people, their
  attendance, and the files they came from.
- `publishing`: what staff do: uploads with their review, and corrections made by hand.

Everything is importable from `meetings.models`, as Django expects.
"""

from .archive import (
    PERIOD_PATTERN,
    AgendaItem,
    Attachment,
    Attendance,
    AttendanceTally,
    Case,
    CaseHistoryEntry,
    Committee,
    CommitteeAlias,
    ItemSection,
    Meeting,
    Person,
    PersonAlias,
    SourceDocument,
    TimelineEntry,
    case_timeline,
    committee_name_key,
    danish_slug,
)
from .publishing import CorrectionLog, Upload

__all__ = [
    "PERIOD_PATTERN",
    "AgendaItem",
    "Attachment",
    "Attendance",
    "AttendanceTally",
    "Case",
    "CaseHistoryEntry",
    "Committee",
    "CommitteeAlias",
    "CorrectionLog",
    "ItemSection",
    "Meeting",
    "Person",
    "PersonAlias",
    "SourceDocument",
    "TimelineEntry",
    "Upload",
    "case_timeline",
    "committee_name_key",
    "danish_slug",
]
