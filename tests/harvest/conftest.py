"""A running stand-in of Greve's FirstAgenda portal, serving the real meetings in tests/data,
and the alerts' real SMTP server (aiosmtpd on 127.0.0.1) for the mail that tells staff."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.alerts.conftest import smtp  # noqa: F401  (a fixture, shared)
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
