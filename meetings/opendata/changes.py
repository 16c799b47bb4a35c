"""What changed in the archive, for a client that mirrors it: every meeting created, updated,
withdrawn, redacted or restored, in an order that never skips a change.

Each change is written in the transaction that makes it, with that transaction's id. A reader
is served only changes of transactions older than every one still running, in (xid, id) order:
a slow transaction that commits after a quick later one cannot be skipped past by a cursor, and
two changes in the same second are two changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from meetings.models import ChangeEvent

PAGE = 500


def record_change(meeting, kind: str) -> None:
    """Record that `meeting` changed (a ChangeEvent.Kind), in the current transaction."""
    from meetings.models import Meeting

    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ChangeEvent._meta.db_table} (meeting_id, municipality_id, kind, xid, at)"
            " VALUES (%s, %s, %s, pg_current_xact_id()::text::bigint, now())",
            [meeting.pk, meeting.municipality_id, kind],
        )
        cursor.execute(
            f"UPDATE {Meeting._meta.db_table} SET changed_at = now() WHERE id = %s", [meeting.pk]
        )


@dataclass(frozen=True)
class Cursor:
    """Where a reader of the changes is: after this transaction's change with this id."""

    xid: int = 0
    id: int = 0

    def __str__(self) -> str:
        return f"{self.xid}-{self.id}"

    @classmethod
    def parse(cls, text: str | None) -> Cursor:
        """A cursor as /api/changes gave it ("123-45"); ValueError for anything else."""
        if not text:
            return cls()
        xid, _, pk = text.partition("-")
        if not (xid.isdigit() and pk.isdigit()) or len(xid) > 19 or len(pk) > 19:
            raise ValueError(text)
        return cls(int(xid), int(pk))


def changes_after(cursor: Cursor, *, municipality=None, limit: int = PAGE):
    """(changes, next cursor): the changes after `cursor` that are settled, oldest first."""
    clauses = [
        "(xid, id) > (%s, %s)",
        # Settled: older than every transaction still running (or this reader's own).
        "(xid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
        " OR xid = pg_current_xact_id_if_assigned()::text::bigint)",
    ]
    params: list = [cursor.xid, cursor.id]
    if municipality is not None:
        clauses.append("municipality_id = %s")
        params.append(municipality.pk)
    changes = list(
        ChangeEvent.objects.raw(
            f"SELECT * FROM {ChangeEvent._meta.db_table} WHERE {' AND '.join(clauses)} "
            f"ORDER BY xid, id LIMIT {int(limit)}",
            params,
        )
    )
    last = Cursor(changes[-1].xid, changes[-1].id) if changes else cursor
    return changes, last
