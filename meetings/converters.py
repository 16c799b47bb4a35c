"""URL converters: a meeting's date in its URL is ISO 8601 (2026-03-03)."""

import datetime


class IsoDateConverter:
    regex = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"

    def to_python(self, value: str) -> datetime.date:
        try:
            return datetime.date.fromisoformat(value)
        except ValueError as exc:  # 2026-02-31 matches the regex but is no date: a 404
            raise ValueError(value) from exc

    def to_url(self, value) -> str:
        return value.isoformat() if isinstance(value, datetime.date) else str(value)
