"""Fixtures of the operations tests."""

import pytest


@pytest.fixture(autouse=True)
def _forget_a_full_disk():
    """A disk-full error is remembered per process for minutes: not into another test."""
    from archive import health

    yield
    health._disk_full_seen_at = None
