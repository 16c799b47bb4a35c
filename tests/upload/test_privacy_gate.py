"""One privacy gate for every way in: ingest refuses a referat with possible personal data,
naming where, unless told to publish it; that choice is kept with the file."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from meetings.models import Meeting, SourceDocument
from tests.upload.conftest import JAI_TEXT

pytestmark = pytest.mark.django_db
CPR = "Borgeren med cpr-nr. 010190-1234 har klaget."


@pytest.fixture
def flagged(tmp_path):
    path = tmp_path / "jai-cpr.txt"
    path.write_text(
        JAI_TEXT.replace("Taget til efterretning.", f"Taget til efterretning. {CPR}", 1)
    )
    assert CPR in path.read_text()
    return path


def test_ingest_refuses_personal_data_and_names_where(flagged):
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 of 1 file refused"):
        call_command("ingest", str(flagged), stdout=io.StringIO(), stderr=err)
    line = err.getvalue().strip()
    assert line.count("\n") == 0 and "possible personal data (CPR-nummer: Punkt" in line
    assert "--publish-personal-data" in line and "010190" not in line
    assert not Meeting.objects.exists() and not SourceDocument.objects.exists()


def test_ingest_publishes_it_when_told_and_records_the_choice(flagged):
    call_command("ingest", "--publish-personal-data", str(flagged), stdout=io.StringIO())
    document = SourceDocument.objects.get()
    assert document.personal_data_flags and document.personal_data_flags[0]["kind"] == "cpr"
    assert document.personal_data_confirmation == "manage.py ingest --publish-personal-data"
    assert document.personal_data_confirmed_at is not None
    # The same bytes again are stored already: no question asked, nothing changes.
    call_command("ingest", str(flagged), stdout=io.StringIO())
    assert Meeting.objects.count() == 1
