"""Every version in public, and anything published taken down everywhere in one action."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from meetings.models import (
    AgendaItem,
    ChangeEvent,
    CorrectionLog,
    Meeting,
    SourceDocument,
    Withdrawal,
)
from meetings.publishing.takedown import item_withdraw, meeting_redact, meeting_withdraw
from tests.upload.conftest import JAI_TEXT

pytestmark = pytest.mark.django_db
DECISION = "Orienteringen blev taget til efterretning."


@pytest.fixture
def jai(tmp_path):
    """The 03-03-2026 referat stored, and a corrected version of it waiting in a file."""
    first = tmp_path / "jai.txt"
    first.write_text(JAI_TEXT)
    call_command("ingest", str(first), stdout=io.StringIO())
    corrected = tmp_path / "jai-rettet.txt"
    corrected.write_text(
        JAI_TEXT.replace("Taget til efterretning", "Godkendt med en tilføjelse", 1)
    )
    assert corrected.read_text() != JAI_TEXT
    return {"meeting": Meeting.objects.get(), "corrected": corrected}


def test_a_corrected_meeting_says_so_and_shows_its_versions_word_by_word(client, jai):
    call_command("ingest", str(jai["corrected"]), stdout=io.StringIO())
    meeting = Meeting.objects.get()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Rettet den" in page and "Se de 2 versioner og forskellene" in page
    versions_url = meeting.get_absolute_url() + "versioner/"
    versions = client.get(versions_url).content.decode()
    assert "Version 1" in versions and "Version 2" in versions
    assert "<del>Taget" in versions and "<ins>Godkendt" in versions
    old = client.get(versions_url + "1/").content.decode()
    assert "Version 1 af 2" in old and "Taget til efterretning" in old
    first_file = client.get(versions_url + "1/referat/")
    assert first_file.status_code == 200 and first_file.content == JAI_TEXT.encode()
    data = client.get(f"/api/meetings/{meeting.pk}/versions/").json()
    assert [v["number"] for v in data["versions"]] == [1, 2]
    one = client.get(data["versions"][0]["api_url"]).json()
    assert one["version"] == 1 and one["committee"]["name"]


def test_a_withdrawn_meeting_is_gone_everywhere_and_stays_gone(client, jai, staff):
    meeting = jai["meeting"]
    url = meeting.get_absolute_url()
    word = "efterretning"
    assert client.get("/api/search", {"q": word}).json()["count"] > 0
    admin = client
    admin.force_login(staff)
    response = admin.post(
        "/admin/meetings/meeting/",
        {
            "action": "withdraw_meetings",
            "_selected_action": [meeting.pk],
            "confirm": "yes",
            "reason": "Personoplysninger i bilag",
        },  # fmt: skip
        follow=True,
    )
    assert "Fjernet:" in response.content.decode()
    admin.logout()
    gone = client.get(url)
    assert gone.status_code == 410
    assert (
        "Fjernet den" in gone.content.decode()
        and "Personoplysninger i bilag" in gone.content.decode()
    )
    assert word not in gone.content.decode()
    assert client.get("/api/search", {"q": word}).json()["count"] == 0
    assert url not in client.get("/moeder/").content.decode()
    assert client.get(f"/api/meetings/{meeting.pk}/").status_code == 410
    assert meeting.pk not in [m["id"] for m in client.get("/api/meetings/").json()["results"]]
    assert client.get(url + "referat/").status_code == 404
    assert SourceDocument.objects.filter(meeting=meeting).exists()  # kept for staff
    assert CorrectionLog.objects.filter(action="withdraw").exists()
    assert ChangeEvent.objects.filter(meeting_id=meeting.pk, kind="withdrawn").exists()
    # A later version of the same meeting is kept back, not published.
    call_command("ingest", str(jai["corrected"]), stdout=io.StringIO())
    assert client.get(url).status_code == 410
    assert not AgendaItem.objects.exists()


def test_a_withdrawn_item_is_gone_and_a_later_version_keeps_it_out(client, jai, staff):
    meeting = jai["meeting"]
    item = meeting.items.get(number=3)
    title = item.title
    item_withdraw(item=item, reason="Fejl i sagen", made_by=staff)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Fejl i sagen" in page and title not in page and "Punkt 3" in page
    assert client.get(meeting.get_absolute_url() + "punkt/3/").status_code == 410
    call_command("ingest", str(jai["corrected"]), stdout=io.StringIO())
    assert not Meeting.objects.get().items.filter(number=3).exists()
    assert Withdrawal.objects.filter(item_number=3).exists()


def test_a_redacted_passage_is_gone_from_every_place_and_every_version(client, jai, staff):
    meeting = jai["meeting"]
    passage = "14,3 % af ydelsesmodtagerne"
    assert passage in client.get(meeting.get_absolute_url()).content.decode()
    meeting_redact(
        meeting=meeting, passage=passage, reason="Tal fjernet efter klage", made_by=staff
    )
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Redigeret den" in page and "Tal fjernet efter klage" in page and passage not in page
    assert "ydelsesmodtagerne" not in client.get(f"/api/meetings/{meeting.pk}/").content.decode()
    # The word's compound parts may still find items holding both (ledighedsydelse,
    # dagpengemodtagere), never the passage; nor is the word offered for a near miss.
    found = client.get("/api/search", {"q": "ydelsesmodtagerne"}).json()
    assert "ydelsesmodtagerne" not in json.dumps(found["results"], ensure_ascii=False).lower()
    near = client.get("/api/search", {"q": "ydelsesmodtagerna"}).json()
    assert near["suggestion"] != "ydelsesmodtagerne" and not near["corrected"]
    assert client.get(meeting.get_absolute_url() + "referat/").status_code == 404
    call_command("ingest", str(jai["corrected"]), stdout=io.StringIO())
    for version in (1, 2):
        text = client.get(meeting.get_absolute_url() + f"versioner/{version}/").content.decode()
        assert "ydelsesmodtagerne" not in text


def test_the_takedown_functions_say_why_they_refuse(jai, staff):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="årsag"):
        meeting_withdraw(meeting=jai["meeting"], reason="  ", made_by=staff)
    with pytest.raises(ValidationError, match="findes ikke"):
        meeting_redact(meeting=jai["meeting"], passage="intet sådant", reason="x", made_by=staff)
