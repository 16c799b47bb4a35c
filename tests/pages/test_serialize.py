"""`meeting_to_referat` gives back what the parser read: the stored meeting in the schema shape."""

import io

import pytest
from django.core.management import call_command

from meetings.ingest.pipeline import read_referat
from meetings.models import Meeting
from meetings.opendata.serialize import meeting_to_referat

pytestmark = pytest.mark.django_db


def test_stored_meetings_serialize_back_to_the_parsed_referat(referat_paths):
    call_command("ingest", *[str(path) for path in referat_paths], stdout=io.StringIO())
    for path in referat_paths:
        parsed = read_referat(path.read_bytes(), filename=path.name).referat
        parsed.pop("warnings", None)
        meeting = Meeting.objects.get(date=parsed["date"])
        assert meeting_to_referat(meeting) == parsed, path.name


def test_api_meeting_serves_the_parsed_referat(client, referat_paths):
    call_command("ingest", *[str(path) for path in referat_paths], stdout=io.StringIO())
    path = referat_paths[-1]
    parsed = read_referat(path.read_bytes(), filename=path.name).referat
    parsed.pop("warnings", None)
    meeting = Meeting.objects.get(date=parsed["date"])
    data = client.get(f"/api/meetings/{meeting.pk}/").json()
    assert data.pop("id") == meeting.pk
    assert data.pop("url").endswith(meeting.get_absolute_url())
    assert data == parsed
