"""`meeting_to_referat` gives back what the parser read: the stored meeting in the schema shape."""

import io

import pytest
from django.core.management import call_command

from meetings.ingest.pipeline import read_referat
from meetings.models import Meeting
from meetings.opendata.serialize import meeting_to_referat

pytestmark = pytest.mark.django_db


def _as_parsed(served: dict, parsed: dict) -> dict:
    """The served meeting seen through the parsed referat's keys: everything the parser read
    must come back as it read it; what the archive adds (its municipality, attachment links
    …) is checked on its own."""
    projected = {key: served[key] for key in parsed}
    if parsed.get("municipality") is None:  # the archive fills it from what ingest was told
        projected["municipality"] = None
    projected["participants"] = [
        {key: person.get(key) for key in parsed_person}
        for person, parsed_person in zip(
            served["participants"], parsed["participants"], strict=True
        )
    ]
    projected["items"] = [
        {key: item.get(key) for key in parsed_item}
        for item, parsed_item in zip(served["items"], parsed["items"], strict=True)
    ]
    return projected


def test_stored_meetings_serialize_back_to_the_parsed_referat(referat_paths):
    call_command("ingest", *[str(path) for path in referat_paths], stdout=io.StringIO())
    for path in referat_paths:
        parsed = read_referat(path.read_bytes(), filename=path.name).referat
        parsed.pop("warnings", None)
        meeting = Meeting.objects.get(date=parsed["date"])
        served = meeting_to_referat(meeting)
        assert _as_parsed(served, parsed) == parsed, path.name
        assert served["municipality"] == "Lejre Kommune" and served["kind"] == "referat"


def test_api_meeting_serves_the_parsed_referat(client, referat_paths):
    call_command("ingest", *[str(path) for path in referat_paths], stdout=io.StringIO())
    path = referat_paths[-1]
    parsed = read_referat(path.read_bytes(), filename=path.name).referat
    parsed.pop("warnings", None)
    meeting = Meeting.objects.get(date=parsed["date"])
    data = client.get(f"/api/meetings/{meeting.pk}/").json()
    assert data.pop("id") == meeting.pk
    assert data.pop("url").endswith(meeting.get_absolute_url())
    assert _as_parsed(data, parsed) == parsed
