"""Which confirmed subscriptions a publishing run's agenda items match: one SQL statement.

The run's items (those of every meeting it created or updated) are matched from their side,
by indexed lookups: a case's, a committee's, a municipality's subscriptions by their id, a
member's through the attendance of the item's meeting. Searches are matched by their own
tsquery and filters, against the run's items only, and only those a GIN index finds sharing a
word with the run's items are looked at (Subscription.search_lexemes): what matching costs
grows with the run and the subscriptions it matches, not with the subscriptions it does not.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import connection, transaction

from meetings.models import (
    AgendaItem,
    Attendance,
    Delivery,
    Meeting,
    PublishedMeeting,
    Subscription,
)
from meetings.models.alerts import ANY_WORD


def _sql() -> str:
    subscription = Subscription._meta.db_table
    confirmed = "s.confirmed_at IS NOT NULL"
    return f"""
    WITH items AS MATERIALIZED (
        SELECT i.id, i.case_id, i.meeting_id, m.committee_id, m.municipality_id, m.date,
               m.period, i.outcome, i.split, i.largest_amount, i.search_vector
        FROM {PublishedMeeting._meta.db_table} p
        JOIN {Meeting._meta.db_table} m ON m.id = p.meeting_id
        JOIN {AgendaItem._meta.db_table} i ON i.meeting_id = m.id
        WHERE p.run_id = %(run)s
    )
    SELECT s.id, it.id FROM items it JOIN {subscription} s ON s.case_id = it.case_id
    WHERE s.kind = 'case' AND {confirmed}
    UNION
    SELECT s.id, it.id FROM items it JOIN {subscription} s ON s.committee_id = it.committee_id
    WHERE s.kind = 'committee' AND {confirmed}
    UNION
    SELECT s.id, it.id FROM items it
    JOIN {subscription} s ON s.municipality_id = it.municipality_id
    WHERE s.kind = 'municipality' AND {confirmed}
    UNION
    SELECT s.id, it.id FROM items it
    JOIN {Attendance._meta.db_table} a ON a.meeting_id = it.meeting_id AND a.status = 'present'
    JOIN {subscription} s ON s.person_id = a.person_id
    WHERE s.kind = 'person' AND {confirmed}
    UNION
    SELECT s.id, it.id
    FROM {subscription} s JOIN items it ON it.search_vector @@ s.search_tsquery::tsquery
    WHERE s.kind = 'search' AND {confirmed}
      -- the searches sharing a word with the run (alert_search_lexemes, a GIN index)
      AND s.search_lexemes && (
          SELECT array_agg(DISTINCT w.lexeme) || ARRAY[%(any)s]::text[]
          FROM items, unnest(items.search_vector) AS w
      )
      -- meetings.search.query.Filters, on the item's own columns
      AND (s.municipality_id IS NULL OR it.municipality_id = s.municipality_id)
      AND (s.search_committees IS NULL OR it.committee_id = ANY(s.search_committees))
      AND (s.search_period = '' OR it.period = s.search_period)
      AND (s.search_date_from IS NULL OR it.date >= s.search_date_from)
      AND (s.search_date_to IS NULL OR it.date <= s.search_date_to)
      AND (s.search_outcome = '' OR it.outcome = s.search_outcome)
      AND (NOT s.search_split OR it.split)
      AND (NOT s.search_money OR it.largest_amount IS NOT NULL)
    """


def run_matches(run_id: int) -> dict[int, list[int]]:
    """Each matching confirmed subscription's id with the ids of the run's items it matches."""
    with connection.cursor() as cursor:
        cursor.execute(_sql(), {"run": run_id, "any": ANY_WORD})
        rows = cursor.fetchall()
    matches: dict[int, list[int]] = defaultdict(list)
    for subscription_id, item_id in rows:
        matches[subscription_id].append(item_id)
    return {pk: sorted(items) for pk, items in sorted(matches.items())}


@transaction.atomic
def run_deliveries(run_id: int) -> int:
    """Make the run's Delivery rows (those made already are kept as they are: one that was
    sent stays sent). Returns the number of matching subscriptions."""
    matches = run_matches(run_id)
    Delivery.objects.bulk_create(
        [Delivery(subscription_id=pk, run_id=run_id, items=items) for pk, items in matches.items()],
        ignore_conflicts=True,
    )
    return len(matches)
