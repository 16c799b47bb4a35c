"""URL converters: a meeting's day in its URL is ISO 8601 (2026-03-03), and `-2`, `-3` … for a
committee's second or third meeting stored on that date (2026-03-03-2)."""

from __future__ import annotations

import datetime
from typing import NamedTuple


class MeetingDay(NamedTuple):
    """Which meeting of a committee a URL names: its date and its number on that date."""

    date: datetime.date
    number: int = 1

    def __str__(self) -> str:
        return (
            self.date.isoformat() if self.number == 1 else f"{self.date.isoformat()}-{self.number}"
        )


class MeetingDayConverter:
    # The first meeting of a day has the plain date; `-1` is never written, so one meeting
    # has one address.
    regex = r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:-[2-9]|-[1-9][0-9])?"

    def to_python(self, value: str) -> MeetingDay:
        day, _, number = value[:10], value[10:11], value[11:]
        try:
            return MeetingDay(datetime.date.fromisoformat(day), int(number or 1))
        except ValueError as exc:  # 2026-02-31 matches the regex but is no date: a 404
            raise ValueError(value) from exc

    def to_url(self, value) -> str:
        if isinstance(value, datetime.date):  # a plain date names the day's first meeting
            return value.isoformat()
        return str(value)


class MunicipalityConverter:
    """A municipality's slug as the first part of its addresses (`lejre`, `lyngby-taarbaek`).

    Only the shape is checked here; the view answers 404 for a slug no municipality has. The
    archive's own first words (`moeder`, `sager` …) are matched by their own patterns first.
    """

    regex = r"[a-z0-9]+(?:-[a-z0-9]+)*"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(getattr(value, "slug", value))
