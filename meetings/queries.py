"""Reads of the public pages that need fewer round trips than the models' QuerySet methods.

Kept apart from models.py so that the pages can be tuned without touching the domain model;
each function says which page it serves and what it saves.
"""

from __future__ import annotations

import datetime
import functools

from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.expressions import ArraySubquery
from django.db import models
from django.db.models.functions import JSONObject

from .models import (
    AgendaItem,
    Attachment,
    Attendance,
    Case,
    CaseHistoryEntry,
    Committee,
    ItemSection,
    Meeting,
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
            attachment_names=ArraySubquery(
                Attachment.objects.filter(**of_item).order_by("position").values("name")
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


def meeting_page_queryset():
    """Meetings with everything their page shows: committee, attendance, items with parts."""
    return _meeting_page_queryset().all()


@functools.cache
def _meeting_page_queryset():
    return Meeting.objects.select_related("committee").prefetch_related(
        models.Prefetch("attendance", queryset=Attendance.objects.select_related("person")),
        models.Prefetch("items", queryset=items_with_parts()),
    )


def item_parts(item) -> tuple[list, list[str], list]:
    """(sections, attachment names, Sagens forløb entries) of an item, however it was fetched.

    From `items_with_parts` (JSON rows: dicts, dates parsed here) or from the model's
    relations (prefetched or not): the templates read both the same way.
    """
    if hasattr(item, "section_rows"):
        history = [
            {**row, "date": datetime.date.fromisoformat(row["date"])} for row in item.history_rows
        ]
        return item.section_rows, item.attachment_names, history
    attachments = [attachment.name for attachment in item.attachments.all()]
    return list(item.sections.all()), attachments, list(item.case_history.all())


def committee_page_queryset():
    """Committees with their span (with_span), their election periods and the archive's.

    One query for the committee page's header and its filter's periods, where it took three:
    `periods` are the committee's, newest first; `all_periods` every period in the archive,
    newest first, as filters.period_choices gives them.
    """
    return _committee_page_queryset().all()


@functools.cache
def _committee_page_queryset():
    # `> ''`, not `<> ''`: a committee without meetings joins one row of NULLs.
    has_period = models.Q(meetings__period__gt="")
    return Committee.objects.with_span().annotate(
        periods=ArrayAgg(
            "meetings__period",
            distinct=True,
            filter=has_period,
            order_by="-meetings__period",
            default=models.Value([]),
        ),
        all_periods=ArraySubquery(
            Meeting.objects.exclude(period="").order_by("-period").values("period").distinct()
        ),
    )


def latest_cases(items, limit: int) -> tuple[list[Case], int]:
    """The `limit` cases of these agenda items treated most recently, and how many cases in all.

    For a committee's or a person's page, with the same summary as Case.objects.with_summary
    (the case list's), in two plain queries; measured, the correlated subqueries of
    with_summary cost 3 ms more here: the number of cases comes with the latest ones as a
    window over the GROUP BY (counted before the LIMIT), and the summaries are worked out here
    from the few items of those cases.
    """
    latest = list(
        items.exclude(case=None)
        .order_by()
        .values("case_id")
        .annotate(last=models.Max("meeting__date"), total=models.Window(models.Count("*")))
        .order_by("-last", "-case_id")[:limit]
    )
    if not latest:
        return [], 0
    return _summaries([row["case_id"] for row in latest]), latest[0]["total"]


def _summaries(case_ids: list[int]) -> list[Case]:
    """Cases with with_summary's item_count, last_date, latest_title and latest_outcome."""
    rows = AgendaItem.objects.filter(case_id__in=case_ids).values_list(
        "case_id", "case__number", "meeting__date", "meeting__start_time", "pk", "title", "outcome"
    )
    by_case: dict[int, list] = {}
    for row in rows:
        by_case.setdefault(row[0], []).append(row)
    cases = []
    for case_id, items in by_case.items():
        # Latest as with_summary orders: meeting date, then start time with no time first
        # (PostgreSQL's DESC puts NULLs first); between items of one meeting the lower pk, as
        # with_summary breaks the tie.
        latest = max(items, key=lambda r: (r[2], r[3] is None, r[3] or datetime.time.min, -r[4]))
        case = Case(pk=case_id, number=items[0][1])
        case.item_count = len(items)
        case.last_date = latest[2]
        case.latest_title, case.latest_outcome = latest[5], latest[6]
        cases.append(case)
    cases.sort(key=lambda case: (case.last_date, case.number), reverse=True)
    return cases


def meeting_counts() -> list[tuple[int, int, str, int]]:
    """(year, month, period, number of meetings) over the archive, one GROUP BY.

    The meeting list's year and month navigation and its filter's election periods, in one
    query where they took three.
    """
    return list(
        Meeting.objects.order_by()
        .values_list("date__year", "date__month", "period")
        .annotate(count=models.Count("id"))
    )
