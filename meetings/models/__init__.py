"""The domain model of the archive, in one place to read, split by the parts of the app.

- `archive`: what a referat becomes: municipalities, committees, meetings, agenda items,
  cases, people, their attendance, and the files they came from.
- `publishing`: what staff do: uploads with their review, and corrections made by hand.
- `harvest`: what the archive fetches by itself from municipalities' portals.
- `alerts`: who follows what by e-mail, and each alert mail sent.

Everything is importable from `meetings.models`, as Django expects.
"""

from .alerts import Delivery, SubscribeAttempt, Subscriber, Subscription
from .archive import (
    PERIOD_PATTERN,
    AgendaItem,
    Amount,
    Attachment,
    Attendance,
    AttendanceTally,
    Case,
    CaseHistoryEntry,
    Committee,
    CommitteeAlias,
    ItemAbsence,
    ItemSection,
    Meeting,
    Municipality,
    Person,
    PersonAlias,
    Position,
    SourceDocument,
    TimelineEntry,
    case_timeline,
    case_treatments,
    committee_name_key,
    danish_slug,
    municipalities,
    treatment_key,
)
from .harvest import Harvest, PortalMeeting
from .publishing import (
    ChangeEvent,
    CorrectionLog,
    PublishedMeeting,
    PublishRun,
    Redaction,
    Upload,
    Withdrawal,
)

__all__ = [
    "PERIOD_PATTERN",
    "AgendaItem",
    "Amount",
    "Attachment",
    "Attendance",
    "AttendanceTally",
    "Case",
    "CaseHistoryEntry",
    "ChangeEvent",
    "Committee",
    "CommitteeAlias",
    "CorrectionLog",
    "Delivery",
    "Harvest",
    "ItemAbsence",
    "ItemSection",
    "Meeting",
    "Municipality",
    "Person",
    "PersonAlias",
    "Position",
    "PortalMeeting",
    "PublishRun",
    "PublishedMeeting",
    "Redaction",
    "SourceDocument",
    "SubscribeAttempt",
    "Subscriber",
    "Subscription",
    "TimelineEntry",
    "Upload",
    "Withdrawal",
    "case_timeline",
    "case_treatments",
    "committee_name_key",
    "danish_slug",
    "municipalities",
    "treatment_key",
]
