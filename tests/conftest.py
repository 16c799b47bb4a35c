"""Shared pytest fixtures. The database is the real embedded PostgreSQL (or DATABASE_URL)."""

from pathlib import Path

import pytest

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The manifest storage needs `collectstatic` first; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def referat_paths() -> list[Path]:
    """The three real sample referater (as three converters produced them)."""
    return sorted(p for p in FIXTURES_DIR.iterdir() if p.suffix in {".md", ".txt", ".pdf"})
