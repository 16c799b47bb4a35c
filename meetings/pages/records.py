"""What a member's and a committee's pages tell of decisions as data: how each vote went, who
was on the losing side, a member's parties over time and absences per item, and the money a
committee's decisions state per year and kind.

A vote's result is read only from what the referat prints: the totals it gives ("- i alt 2"),
else the members it names on each side; a vote whose sides cannot be counted (a party or "et
flertal" alone) has no result here, and nobody is said to have lost it.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass

from django.db import models
from django.db.models.functions import Coalesce, ExtractYear

from meetings.models import Amount, Attendance, ItemAbsence, Position

CARRIED, FELL, UNKNOWN = "carried", "fell", ""
_TOTAL = re.compile(r"\bi\s+alt\s+(\d{1,3})\b", re.IGNORECASE)


def _side_size(positions: list) -> int | None:
    for sentence in dict.fromkeys(p.text for p in positions):
        total = _TOTAL.search(sentence)
        if total:
            return int(total[1])
    if positions and all(p.name for p in positions):
        return len(positions)
    return None


def vote_results(positions: list) -> dict[tuple[int, str], str]:
    """(item id, what was voted on) → carried, fell or unknown, for the votes these positions
    belong to (all positions of the items, in any order)."""
    votes: dict[tuple[int, str], dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for position in positions:
        votes[(position.item_id, position.on)][position.stance].append(position)
    results = {}
    for key, sides in votes.items():
        yes, no = _side_size(sides.get("for", [])), _side_size(sides.get("against", []))
        if "for" not in sides and "against" not in sides:
            results[key] = UNKNOWN
        elif yes is None and "for" in sides or no is None and "against" in sides:
            results[key] = UNKNOWN
        else:
            results[key] = CARRIED if (yes or 0) > (no or 0) else FELL
    return results


@dataclass
class VoteRow:
    """One recorded vote or position of a member, with how the vote went."""

    date: datetime.date
    item: object
    stance: str
    stance_label: str
    on: str
    result: str
    lost: bool


def voting_record(person) -> list[VoteRow]:
    """Every vote and stated position the referater record for a member, newest first."""
    own = list(
        Position.objects.filter(person=person)
        .select_related("item__meeting__committee")
        .order_by("-item__meeting__date", "item__number", "position")
    )
    if not own:
        return []
    items = {p.item_id for p in own}
    results = vote_results(list(Position.objects.filter(item_id__in=items)))
    rows = []
    for position in own:
        result = results.get((position.item_id, position.on), UNKNOWN)
        lost = (position.stance == "for" and result == FELL) or (
            position.stance == "against" and result == CARRIED
        )
        rows.append(
            VoteRow(
                date=position.item.meeting.date,
                item=position.item,
                stance=position.stance,
                stance_label=position.get_stance_display(),
                on=position.on,
                result=result,
                lost=lost,
            )
        )
    return rows


def party_periods(person) -> list[tuple[str, datetime.date, datetime.date]]:
    """(party, first, last meeting) for each run of meetings a member was printed with one
    party: a member can change party, and the referater show when."""
    rows = (
        Attendance.objects.filter(person=person)
        .exclude(party="")
        .order_by("meeting__date")
        .values_list("party", "meeting__date")
    )
    periods: list[list] = []
    for party, date in rows:
        if periods and periods[-1][0] == party:
            periods[-1][2] = date
        else:
            periods.append([party, date, date])
    return [tuple(period) for period in periods]


def item_absences(person):
    """The agenda items a member was absent for (though perhaps at the meeting), newest first."""
    return (
        ItemAbsence.objects.filter(person=person)
        .select_related("item__meeting__committee")
        .order_by("-item__meeting__date", "item__number")
    )


def money_by_year_and_kind(items) -> list[dict]:
    """The sums these items state as grants (a kind is printed), per budget year (the meeting's
    year where none is stated) and kind: rows of year, kind, total and number of sums."""
    amounts = (
        Amount.objects.filter(item__in=items)
        .exclude(kind="")
        .annotate(budget_year=Coalesce("year", ExtractYear("item__meeting__date")))
        .values("budget_year", "kind")
        .annotate(total=models.Sum("amount"), count=models.Count("pk"))
        .order_by("budget_year", "kind")
    )
    return [
        {
            "year": row["budget_year"],
            "kind": row["kind"],
            "total": row["total"],
            "count": row["count"],
        }
        for row in amounts
    ]
