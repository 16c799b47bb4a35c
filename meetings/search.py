"""Full-text search of agenda items: where a search query becomes SQL.

`index_items` is called by the ingest store after it wrote a meeting's items, inside the same
transaction, so that what is searchable never lags behind what is stored.
"""

from __future__ import annotations

from collections.abc import Iterable


def index_items(items: Iterable) -> None:
    """Prepare the search columns of these agenda items (filled in by the search work)."""
