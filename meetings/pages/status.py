"""Where the archive knows it is incomplete: what the status page, /api/status and a committee's
page say, per municipality and committee.

The archive knows of a meeting it lacks in two ways: the municipality's portal lists it (a
harvest saw it, and it was held, refused or could not be fetched, or only its agenda is out),
or a stored item's "Sagens forløb" says a committee treated the case on a day the archive has no
meeting of that committee. And it knows of held meetings whose decisions are "ikke frigivet".
Only meetings before today count: a meeting not yet held has no referat to miss.
"""

from __future__ import annotations

import dataclasses
import datetime

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import (
    AgendaItem,
    CaseHistoryEntry,
    Committee,
    CommitteeAlias,
    Harvest,
    Meeting,
    Municipality,
    PortalMeeting,
    Upload,
    committee_name_key,
    municipalities,
)
from meetings.vocabulary import Outcome

# What one list on the page shows; the counts are always whole.
SHOWN = 20


@dataclasses.dataclass
class MissingMeeting:
    """A meeting the archive knows was held but whose referat it does not have."""

    date: datetime.date
    committee_name: str
    committee: Committee | None
    # Where the archive learnt of it ("portal" or "case_history"), and why it is not here.
    seen_in: str
    reason: str
    case_number: str = ""

    @property
    def seen_in_label(self) -> str:
        return _("portalen") if self.seen_in == "portal" else _("sagens forløb")


@dataclasses.dataclass
class CommitteeStatus:
    """One committee's last meeting, and what of it the archive lacks."""

    name: str
    committee: Committee | None
    last_meeting: datetime.date | None = None
    missing: list[MissingMeeting] = dataclasses.field(default_factory=list)
    unreleased: list[Meeting] = dataclasses.field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing and not self.unreleased


@dataclasses.dataclass
class TownStatus:
    """One municipality: its last meeting, its last harvest and upload, its committees."""

    municipality: Municipality
    last_meeting: datetime.date | None
    last_harvest: Harvest | None
    last_upload: datetime.datetime | None
    committees: list[CommitteeStatus]

    @property
    def missing_count(self) -> int:
        return sum(len(c.missing) for c in self.committees)

    @property
    def unreleased_count(self) -> int:
        return sum(len(c.unreleased) for c in self.committees)

    @property
    def incomplete(self) -> list[CommitteeStatus]:
        return [c for c in self.committees if not c.complete]


def _portal_reason(record: PortalMeeting) -> str:
    if record.meeting_id is not None:
        return _("Kun dagsordenen er offentliggjort")
    if record.status == PortalMeeting.Status.HELD:
        return _("Holdt tilbage til gennemsyn af personoplysninger")
    if record.status == PortalMeeting.Status.REFUSED:
        return _("Afvist: %(reason)s") % {"reason": record.reason or "?"}
    if record.status == PortalMeeting.Status.FAILED:
        return _("Kunne ikke hentes: %(reason)s") % {"reason": record.reason or "?"}
    return _("Ikke hentet endnu")


def _portal_gaps(town: Municipality, today: datetime.date):
    """Meetings before today the portal lists whose referat the archive lacks."""
    records = (
        PortalMeeting.objects.filter(municipality=town, date__lt=today)
        .filter(Q(meeting=None) | Q(meeting__kind=Meeting.Kind.AGENDA))
        .order_by("-date")
    )
    for record in records:
        yield MissingMeeting(
            date=record.date,
            committee_name=record.committee_name,
            committee=None,
            seen_in="portal",
            reason=_portal_reason(record),
        )


def _history_gaps(town: Municipality, today: datetime.date, committee: Committee | None):
    """Days a stored case history names for a committee, when the archive has no meeting of
    that committee that day. Each day once, with one of the cases that names it."""
    held = Meeting.objects.filter(
        municipality=town, committee_id=OuterRef("committee_id"), date=OuterRef("date")
    )
    days = (
        CaseHistoryEntry.objects.filter(item__meeting__municipality=town, date__lt=today)
        .exclude(committee=None)
        .filter(**({} if committee is None else {"committee": committee}))
        .exclude(Exists(held))
        .values("committee_id", "committee_name", "date")
        .annotate(case_number=Max("case__number"))
        .order_by("-date")
    )
    seen = set()
    for day in days:
        if (day["committee_id"], day["date"]) in seen:
            continue
        seen.add((day["committee_id"], day["date"]))
        yield (
            MissingMeeting(
                date=day["date"],
                committee_name=day["committee_name"],
                committee=None,
                seen_in="case_history",
                reason=_("Nævnt i sagens forløb, men referatet er ikke i arkivet"),
                case_number=day["case_number"] or "",
            ),
            day["committee_id"],
        )


def _committee_lines(town, committees: dict, today, *, one: Committee | None = None):
    """Each committee's line, and those of bodies only the portal names (not for `one`)."""
    by_key = {c.name_key: c for c in committees.values()}
    for alias in CommitteeAlias.objects.filter(municipality=town, committee_id__in=committees):
        by_key.setdefault(alias.name_key, committees[alias.committee_id])
    status = {
        pk: CommitteeStatus(name=c.name, committee=c, last_meeting=c.last_date)
        for pk, c in committees.items()
    }
    # A meeting only the portal names, of a body the archive has no meeting of: its own line.
    unknown: dict[str, CommitteeStatus] = {}

    named_days: set[tuple[int, datetime.date]] = set()
    for gap, committee_id in _history_gaps(town, today, one):
        if committee_id in status:
            gap.committee = committees[committee_id]
            status[committee_id].missing.append(gap)
            named_days.add((committee_id, gap.date))
    for gap in _portal_gaps(town, today):
        known = by_key.get(committee_name_key(gap.committee_name))
        if known is not None:
            if (known.pk, gap.date) in named_days:
                continue  # the history named it already
            gap.committee = known
            status[known.pk].missing.append(gap)
        elif one is None:
            line = unknown.setdefault(
                committee_name_key(gap.committee_name),
                CommitteeStatus(name=gap.committee_name or _("Ukendt udvalg"), committee=None),
            )
            line.missing.append(gap)
    unreleased = (
        Meeting.objects.public()
        .filter(municipality=town, committee_id__in=committees, date__lt=today)
        .filter(
            Exists(AgendaItem.objects.filter(meeting=OuterRef("pk"), outcome=Outcome.NOT_RELEASED))
        )
        .annotate(unreleased_count=Count("items", filter=Q(items__outcome=Outcome.NOT_RELEASED)))
        .order_by("-date")
    )
    for meeting in unreleased:
        meeting.committee = committees[meeting.committee_id]
        status[meeting.committee_id].unreleased.append(meeting)
    for line in status.values():
        line.missing.sort(key=lambda gap: gap.date, reverse=True)
    return [*status.values(), *unknown.values()]


def committee_status(committee: Committee) -> CommitteeStatus:
    """One committee's line: what its page says of what the archive lacks (four queries)."""
    town = municipalities.by_id(committee.municipality_id)
    [line] = _committee_lines(town, {committee.pk: committee}, timezone.localdate(), one=committee)
    return line


def town_status(town: Municipality) -> TownStatus:
    """What the archive has of one municipality, and where it knows it is incomplete."""
    committees = {c.pk: c for c in Committee.objects.filter(municipality=town).order_by("name")}
    last_upload = (
        Upload.objects.filter(
            municipality=town, status=Upload.Status.PUBLISHED, origin=Upload.Origin.UPLOAD
        )
        .order_by("-published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    return TownStatus(
        municipality=town,
        last_meeting=max((c.last_date for c in committees.values() if c.last_date), default=None),
        last_harvest=Harvest.objects.filter(municipality=town).order_by("-started_at").first(),
        last_upload=last_upload,
        committees=_committee_lines(town, committees, timezone.localdate()),
    )


def reported_towns() -> list[Municipality]:
    """The municipalities the status reports on: those with meetings or a portal to harvest."""
    return list(
        Municipality.objects.filter(Q(meetings__isnull=False) | ~Q(portal_url=""))
        .distinct()
        .order_by("name")
    )


def as_data(status: TownStatus) -> dict:
    """One municipality's status in the open data's shape."""
    harvest = status.last_harvest
    return {
        "municipality": status.municipality.slug,
        "name": status.municipality.name,
        "last_meeting": status.last_meeting,
        "last_harvest": None
        if harvest is None
        else {
            "started_at": harvest.started_at,
            "finished_at": harvest.finished_at,
            "status": harvest.status,
            "reason": harvest.reason,
        },
        "last_upload": status.last_upload,
        "missing": status.missing_count,
        "unreleased": status.unreleased_count,
        "committees": [
            {
                "name": line.name,
                "slug": line.committee.slug if line.committee else None,
                "last_meeting": line.last_meeting,
                "missing": [
                    {
                        "date": gap.date,
                        "seen_in": gap.seen_in,
                        "reason": gap.reason,
                        "case": gap.case_number or None,
                    }
                    for gap in line.missing
                ],
                "unreleased": [
                    {"date": m.date, "items": m.unreleased_count, "id": m.pk}
                    for m in line.unreleased
                ],
            }
            for line in status.committees
        ],
    }
