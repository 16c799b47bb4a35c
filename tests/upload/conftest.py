"""Fixtures for the upload tests: staff users and referat files as a browser would send them."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

FIXTURES_DIR = Path(__file__).resolve().parent.parent.parent / "fixtures"
JAI_TEXT = (FIXTURES_DIR / "jai-2026-03-03.txt").read_text(encoding="utf-8")


def as_file(name: str, data: bytes | str) -> SimpleUploadedFile:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return SimpleUploadedFile(name, data)


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser(
        username="sekretariat", email="", password="et-langt-kodeord-42"
    )


@pytest.fixture
def jai_text() -> str:
    return JAI_TEXT
