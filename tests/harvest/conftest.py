"""A running stand-in of Greve's FirstAgenda portal, serving the real meetings in tests/data."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.portal.standin import PortalStandIn

GREVE = Path(__file__).resolve().parents[1] / "data" / "greve"


@pytest.fixture
def portal():
    standin = PortalStandIn(GREVE).start()
    yield standin
    standin.stop()


@pytest.fixture(autouse=True)
def _quick_harvests(settings):
    # The politeness and patience of a real harvest, scaled down: the stand-in is local.
    settings.ARCHIVE_HARVEST_PAUSE_SECONDS = 0.01
    settings.ARCHIVE_HARVEST_BACKOFF_SECONDS = 0.01
    settings.ARCHIVE_HARVEST_TIMEOUT_SECONDS = 5
    settings.ARCHIVE_HARVEST_RETRIES = 2
