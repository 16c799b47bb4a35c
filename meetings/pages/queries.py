"""Reads of the public pages that need fewer round trips than the models' QuerySet methods.

Kept apart from models.py so that the pages can be tuned without touching the domain model;
each function says which page it serves and what it saves.
"""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict

from django.contrib.postgres.expressions import ArraySubquery
from django.db import models
from django.db.models.functions import JSONObject

from meetings.models import (
    AgendaItem,
    Amount,
    Attachment,
    AttendanceTally,
    Case,
    CaseHistoryEntry,
    Committee,
    ItemAbsence,
    ItemSection,
    Meeting,
    Position,
    Redaction,
    SourceDocument,
    Withdrawal,
)

# Copies of an item's text kept for search only: a page never shows them.
_SEARCH_COLUMNS = [
    field.name for field in AgendaItem._meta.concrete_fields if field.name.startswith("search_")
]


# The pages' QuerySets are built once and cloned per request (.all()), as a class-level
# `queryset` of a generic view is: building their subquery expressions cost a millisecond or
# two per request. Nothing here evaluates the shared ones.


def items_with_parts(queryset=None):
    """Agenda items with their case and, as lists, the sections, attachments and Sagens forløb.

    One query where prefetch_related makes four (and a QuerySet per item and relation): the
    parts come as JSON arrays, in order, read by `item_parts`. The search columns, a second
    copy of the item's whole text, are left in the database.
    """
    if queryset is None:
        return _items_with_parts().all()
    return _with_parts(queryset)


@functools.cache
def _items_with_parts():
    return _with_parts(AgendaItem.objects.all())


def _with_parts(queryset):
    of_item = {"item": models.OuterRef("pk")}
    return (
        queryset.select_related("case")
        .defer(*_SEARCH_COLUMNS)
        .annotate(
            section_rows=ArraySubquery(
                ItemSection.objects.filter(**of_item)
                .order_by("position")
                .values(row=JSONObject(heading="heading", text="text"))
            ),
            attachment_rows=ArraySubquery(
                Attachment.objects.filter(**of_item)
                .order_by("position")
                .values(row=JSONObject(name="name", url="url"))
            ),
            absent_names=ArraySubquery(
                ItemAbsence.objects.filter(**of_item).order_by("position").values("person__name")
            ),
            position_rows=ArraySubquery(
                Position.objects.filter(**of_item)
                .order_by("position")
                .values(
                    row=JSONObject(
                        name="name",
                        party="party",
                        stance="stance",
                        on="on",
                        text="text",
                        slug="person__slug",
                    )
                )
            ),
            amount_rows=ArraySubquery(
                Amount.objects.filter(**of_item)
                .order_by("position")
                .values(
                    row=JSONObject(
                        amount="amount", kind="kind", year="year", section="section", text="text"
                    )
                )
            ),
            history_rows=ArraySubquery(
                CaseHistoryEntry.objects.filter(**of_item)
                .order_by("position")
                .values(
                    row=JSONObject(
                        date="date",
                        committee_name="committee_name",
                        period="period",
                        text="text",
                        absent="absent",
                    )
                )
            ),
        )
    )


def case_items(case) -> list[AgendaItem]:
    """Every item of a case with its parts, for the case's page: the newest meeting first, and
    a meeting's items in agenda order (punkt 3 before punkt 4)."""
    return list(
        items_with_parts(case.items.select_related("meeting__committee")).order_by(
            "-meeting__date", "-meeting__start_time", "-meeting__day_number", "number"
        )
    )


def meeting_page_parts(meeting: Meeting) -> tuple[list[AgendaItem], list[dict]]:
    """A meeting page's items with their parts, in order, and its attendance, in two queries.

    The attendance as rows (status, person__name, person__slug), in the order the referat
    names them; each item gets the meeting, for its address. Measured, prefetch_related on the
    meeting query cost 3 ms more for the same rows.
    """
    items = list(items_with_parts().filter(meeting=meeting).order_by("number"))
    for item in items:
        item.meeting = meeting
    attendance = list(
        meeting.attendance.order_by("position").values(
            "status", "person__name", "person__slug", "party"
        )
    )
    return items, attendance


def item_parts(item) -> tuple[list, list[dict], list]:
    """(sections, attachments as {name, url}, Sagens forløb entries) of an item, however it
    was fetched.

    From `items_with_parts` (JSON rows: dicts, dates parsed here) or from the model's
    relations (prefetched or not): the templates read both the same way.
    """
    if hasattr(item, "section_rows"):
        history = [
            {**row, "date": datetime.date.fromisoformat(row["date"])} for row in item.history_rows
        ]
        return item.section_rows, item.attachment_rows, history
    attachments = [{"name": a.name, "url": a.url} for a in item.attachments.all()]
    return list(item.sections.all()), attachments, list(item.case_history.all())


def committee_page_queryset():
    """Committees with every election period of the archive (`all_periods`, newest first).

    The committee page's header is the committee's stored span; its filter offers the
    archive's periods, as filters.period_choices gives them.
    """
    return _committee_page_queryset().all()


@functools.cache
def _committee_page_queryset():
    return Committee.objects.annotate(
        all_periods=ArraySubquery(
            Meeting.objects.exclude(period="").order_by("-period").values("period").distinct()
        ),
    )


def committee_mentions(committee: Committee, limit: int) -> tuple[list[CaseHistoryEntry], bool]:
    """The case-history entries that name a committee, newest first, and whether there are
    more than `limit`: the page of a committee the archive has no meeting of.

    One entry per day and case: a "Sagens forløb" is reprinted in every later referat of the
    case, and the entry of the referat printed last (the newest meeting) is kept. Each comes
    with its case and the item (with meeting and committee) whose referat prints it.
    """
    entries = list(
        CaseHistoryEntry.objects.filter(committee=committee)
        .select_related("case", "item__meeting__committee")
        .order_by("-date", "case_id", "-item__meeting__date", "pk")
        .distinct("date", "case_id")[: limit + 1]
    )
    return entries[:limit], len(entries) > limit


def latest_cases(items, limit: int) -> tuple[list[Case], bool]:
    """The `limit` cases of these agenda items treated most recently, and whether there are more.

    For a committee's or a person's page. The items are read newest first until more than
    `limit` different cases are seen, as a case's first item in that order is its latest: a
    few dozen rows, where grouping every item of a committee by case read thousands (measured
    7.5 ms against 0.5 ms). How many cases there are in all is left to the case list the pages
    link to: counting them took 4 ms for a large committee and 10 ms for a long-serving member.
    The cases come as the case list shows them, newest `last_treated` first.
    """
    newest_first = (
        items.exclude(case=None)
        .order_by("-meeting__date", "-case_id")
        .values_list("case_id", flat=True)
    )
    seen: dict[int, None] = {}  # the cases in the order met, newest first
    start, batch = 0, 4 * limit
    while True:
        rows = list(newest_first[start : start + batch])
        seen.update(dict.fromkeys(rows))
        if len(seen) > limit or len(rows) < batch:
            break
        start, batch = start + batch, 2 * batch
    cases = Case.objects.filter(pk__in=list(seen)[:limit]).latest_treated_first()
    return (list(cases) if seen else []), len(seen) > limit


def meeting_counts(town=None) -> list[tuple[int, int, str, int]]:
    """(year, month, period, number of meetings) over the archive or one municipality, one
    GROUP BY.

    The meeting list's year and month navigation and its filter's election periods, in one
    query where they took three.
    """
    meetings = Meeting.objects.public()
    meetings = meetings if town is None else meetings.filter(municipality=town)
    return list(
        meetings.order_by()
        .values_list("date__year", "date__month", "period")
        .annotate(count=models.Count("id"))
    )


def committee_members(committee: Committee, *, period: str = "", year: int | None = None):
    """Everyone at this committee's meetings (of one period, one year), by name.

    Rows of person__name, person__slug, present and absent, summed from AttendanceTally: a
    few hundred rows where counting the committee's attendance read thousands.
    """
    tallies = AttendanceTally.objects.filter(committee=committee)
    if period:
        tallies = tallies.filter(period=period)
    if year:
        tallies = tallies.filter(year=year)
    return (
        tallies.values("person__name", "person__slug")
        .annotate(present=models.Sum("present"), absent=models.Sum("absent"))
        .order_by("person__name")
    )


def person_meetings(person) -> list[dict]:
    """Every meeting of a person's record, newest first: status, date, committee and period.

    Plain rows, not Attendance objects with their meeting and committee: for a long-serving
    member's 750 meetings the objects took 40 ms to build, the rows 4 ms.
    """
    return list(
        person.attendance.order_by("-meeting__date", "-meeting__start_time").values(
            "status",
            "meeting__date",
            "meeting__day_number",
            "meeting__municipality_id",
            "meeting__period",
            "meeting__committee_name",
            "meeting__committee__name",
            "meeting__committee__slug",
        )
    )


def memberships(meetings: list[dict]) -> list[tuple[str, str, str, dict]]:
    """(committee name, committee slug, period, {"present": n, "absent": n}) of a person's
    meetings (person_meetings), the newest period first."""
    groups: dict[tuple, dict] = defaultdict(lambda: {"present": 0, "absent": 0})
    for row in meetings:
        key = (row["meeting__period"], row["meeting__committee__name"])
        groups[key + (row["meeting__committee__slug"],)][row["status"]] += 1
    return [
        (name, slug, period, counts)
        for (period, name, slug), counts in sorted(groups.items(), reverse=True)
    ]


def meeting_with_record(queryset):
    """Meetings with what their page says of their record, in the one query that fetches
    them: how many versions were published, and whether anything of it was withdrawn."""
    versions = (
        SourceDocument.objects.filter(meeting=models.OuterRef("pk"))
        .exclude(change__in=[SourceDocument.Change.SAME, SourceDocument.Change.WITHHELD])
        .order_by()
        .values("meeting")
        .annotate(n=models.Count("pk"))
        .values("n")
    )
    return queryset.annotate(
        version_count=models.functions.Coalesce(models.Subquery(versions), 0),
        has_withdrawals=models.Exists(Withdrawal.objects.filter(meeting=models.OuterRef("pk"))),
    )


def meeting_record(meeting) -> dict:
    """What a meeting's page tells of its record: its withdrawn items, its redactions, and its
    versions (the latest correction of a referat), each read only when there is one."""
    record = {"withdrawn_items": {}, "redactions": [], "versions": [], "corrected_at": None}
    if meeting.has_withdrawals:
        record["withdrawn_items"] = {
            w.item_number: w
            for w in Withdrawal.objects.filter(meeting=meeting, lifted_at=None).exclude(
                item_number=None
            )
        }
    if meeting.redacted_at:
        record["redactions"] = list(
            Redaction.objects.filter(meeting=meeting).values("reason", "made_at")
        )
    if meeting.version_count > 1:
        versions = list(
            SourceDocument.objects.filter(meeting=meeting)
            .exclude(change__in=[SourceDocument.Change.SAME, SourceDocument.Change.WITHHELD])
            .order_by("received_at", "pk")
            .values_list("received_at", "referat__kind")
        )
        record["versions"] = versions
        kinds = [kind or "referat" for _at, kind in versions]
        # A correction is a referat after a referat; the referat after its agenda is not one.
        corrections = [
            at
            for (at, _), kind, before in zip(versions[1:], kinds[1:], kinds, strict=False)
            if kind == "referat" and before == "referat"
        ]
        record["corrected_at"] = corrections[-1] if corrections else None
    return record
