"""Harvesting a FirstAgenda portal (a real HTTP server on 127.0.0.1 with Greve's real meetings):
the archive says what the portal says, fetches only what is new or changed, is polite, and
leaves a clear reason and nothing half-stored when the portal fails."""

from __future__ import annotations

import copy
import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command

from meetings.harvest.harvester import HarvestBusy, municipality_harvest
from meetings.models import (
    AgendaItem,
    Harvest,
    ItemAbsence,
    Meeting,
    Municipality,
    PortalMeeting,
    SourceDocument,
    Upload,
)
from tests.harvest.conftest import GREVE
from tests.portal.compare import portal_differences

pytestmark = pytest.mark.django_db


def harvest(portal, *args) -> str:
    out = io.StringIO()
    call_command("harvest", portal.url, "--municipality", "greve", *args, stdout=out)
    return out.getvalue()


def greve() -> Municipality:
    return Municipality.objects.get(slug="greve")


def test_harvest_fills_an_empty_archive_with_greve_next_to_lejre(portal, client):
    call_command("ingest", "fixtures", stdout=io.StringIO())
    out = harvest(portal)
    assert "Greve Kommune: 12 created, 0 updated, 0 unchanged, 0 refused" in out
    town = greve()
    assert town.name == "Greve Kommune" and town.portal_url == portal.url
    assert Meeting.objects.filter(municipality__slug="lejre").count() == 3
    for path in sorted((GREVE / "dagsorden").glob("*.json")):
        data = json.loads(path.read_bytes())
        meeting = Meeting.objects.get(municipality=town, source_id=data["Id"])
        assert portal_differences(data, meeting) == [], path.name
    # What the portal printed is what a reader sees.
    byraad = Meeting.objects.get(source_id="d3964d13-a62d-4d0e-a1b7-2e9406a634b0")
    page = client.get(byraad.get_absolute_url()).content.decode()
    assert page.count('class="item"') == byraad.items.count()
    assert "/greve/sager/" in page
    assert client.get("/greve/").status_code == 200
    assert "Greve Kommune" in client.get("/").content.decode()


def test_the_comparison_with_the_portal_sees_a_changed_word(portal):
    """The check above would fail on a wrong decision, title, sagsnr or absence."""
    harvest(portal)
    path = GREVE / "dagsorden" / "d3964d13-a62d-4d0e-a1b7-2e9406a634b0.json"
    data = json.loads(path.read_bytes())
    meeting = Meeting.objects.get(source_id=data["Id"])
    assert portal_differences(data, meeting) == []
    item = next(i for i in meeting.items.order_by("-number") if "e" in i.decision)
    AgendaItem.objects.filter(pk=item.pk).update(decision=item.decision.replace("e", "a", 1))
    ItemAbsence.objects.filter(item__meeting=meeting).delete()
    meeting.items.filter(number=1).update(title="Temamøde", case=None)
    found = "\n".join(portal_differences(data, meeting))
    assert f"item {item.number}: decision " in found
    assert "item 1: title 'Temamøde'" in found and "absent [] against" in found
    assert "item 1: sagsnr None against 24-012581" in found


def test_a_second_harvest_changes_nothing_and_asks_little(portal):
    harvest(portal)
    documents = SourceDocument.objects.count()
    before = len(portal.asked)
    out = harvest(portal)
    assert "0 created, 0 updated" in out and "0 refused" in out
    assert SourceDocument.objects.count() == documents
    again = portal.asked[before:]
    meetings = [a for a in again if a.path.startswith("/api/agenda/dagsorden/")]
    # The meeting not held yet, and the slow round of rechecks, asked for conditionally.
    assert 1 <= len(meetings) < 12
    assert all("if-none-match" in asked.headers for asked in meetings)
    assert Harvest.objects.filter(status=Harvest.Status.FINISHED).count() == 2


def test_a_changed_meeting_at_the_portal_becomes_a_new_version(portal, client):
    harvest(portal)
    meeting_id = "9f7d34e3-f8c1-42d6-9f0d-f8c5abddc66b"
    data = portal.meeting(meeting_id)
    fields = data["Dagsordenpunkter"][1]["Felter"][0]
    fields["Html"] = fields["Html"].replace(
        "<h3>Beslutning</h3>", "<h3>Beslutning</h3><p>Rettet: udsat til næste møde.</p>", 1
    )
    portal.change(meeting_id, data)
    out = harvest(portal)
    assert "0 created, 1 updated" in out
    meeting = Meeting.objects.get(source_id=meeting_id)
    assert meeting.source_documents.count() == 2
    item = meeting.items.get(number=int(data["Dagsordenpunkter"][1]["Punktnummer"]))
    assert item.decision.startswith("Rettet: udsat til næste møde.")
    assert "Rettet: udsat til næste møde." in client.get(item.get_absolute_url()).content.decode()


def test_a_quiet_change_is_found_with_since(portal):
    harvest(portal)
    meeting_id = "72ddf1fa-ac50-4bb9-96ef-18b04df077b5"  # 2022: settled long ago
    data = portal.meeting(meeting_id)
    data["Moede"]["Sted"] = "Rådhuset, mødelokale 2"
    portal.change(meeting_id, data, relist=False)  # the list says nothing
    harvest(portal, "--since", "2022-12-01")
    assert Meeting.objects.get(source_id=meeting_id).location == "Rådhuset, mødelokale 2"


def _agenda_of(meeting: dict, *, new_id: str, day: datetime.date) -> dict:
    """The meeting as the portal shows it before it is held: no decisions."""
    agenda = copy.deepcopy(meeting)
    agenda["Id"] = new_id
    agenda["Moede"]["Afsluttet"] = False
    agenda["Moede"]["Dato"] = f"{day.isoformat()}T16:00:00+01:00"
    for point in agenda["Dagsordenpunkter"]:
        for field in point["Felter"]:
            html = field["Html"] or ""
            if "<h3>Beslutning</h3>" in html:
                start = html.index("<div><h3>Beslutning</h3>")
                end = html.index("</div>", start) + len("</div>")
                field["Html"] = html[:start] + html[end:]
    return agenda


def test_an_agenda_comes_before_its_referat_and_the_referat_replaces_it(portal, client):
    harvest(portal)
    held = portal.meeting("9f7d34e3-f8c1-42d6-9f0d-f8c5abddc66b")
    day = datetime.date.today() + datetime.timedelta(days=7)
    new_id = "11111111-2222-3333-4444-555555555555"
    portal.add(_agenda_of(held, new_id=new_id, day=day), committee="Økonomiudvalget")
    assert "1 created" in harvest(portal)
    agenda = Meeting.objects.get(source_id=new_id)
    assert agenda.kind == Meeting.Kind.AGENDA and agenda.date == day
    assert not agenda.items.exclude(decision="").exists()
    home = client.get("/greve/").content.decode()
    assert "Kommende møder" in home and agenda.get_absolute_url() in home
    assert "ikke holdt endnu" in client.get(agenda.get_absolute_url()).content.decode()

    referat = copy.deepcopy(held)
    referat["Id"] = new_id
    referat["Moede"]["Dato"] = f"{day.isoformat()}T16:00:00+01:00"
    portal.change(new_id, referat)
    assert "1 updated" in harvest(portal)
    same = Meeting.objects.get(source_id=new_id)
    assert same.pk == agenda.pk and same.get_absolute_url() == agenda.get_absolute_url()
    assert same.kind == Meeting.Kind.REFERAT and same.items.exclude(decision="").exists()
    assert same.source_documents.count() == 2


def test_a_portal_that_fails_leaves_a_reason_and_nothing_half_stored(portal):
    portal.fail("/api/agenda/udvalgsliste", status=503, times=10)
    with pytest.raises(CommandError, match="HTTP 503"):
        harvest(portal)
    failed = Harvest.objects.get()
    assert failed.status == Harvest.Status.FAILED and "503" in failed.reason
    assert not Meeting.objects.exists()


def test_a_meeting_that_fails_is_said_and_the_others_come_in(portal):
    broken = "518782e7-12ab-47a9-bfa5-059d95045838"
    portal.fail(f"/api/agenda/dagsorden/{broken}", status=500, times=3)  # every try of one run
    portal.fail("/api/agenda/dagsorden/ee3b02ea", status=502, times=1)  # once: retried
    portal.fail("/api/agenda/dagsorden/98f17833", status=0, times=1)  # dropped: retried
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 of 12 meetings not stored"):
        call_command("harvest", portal.url, "--municipality", "greve", stdout=out)
    assert f"failed     Klima-, Teknik- og Miljøudvalget 06-03-2023  ({broken})" in out.getvalue()
    assert "HTTP 500 (after 3 tries)" in out.getvalue()
    assert Meeting.objects.count() == 11
    assert not Meeting.objects.filter(source_id=broken).exists()
    record = PortalMeeting.objects.get(portal_id=broken)
    assert record.status == PortalMeeting.Status.FAILED and "HTTP 500" in record.reason
    assert "11 created" in out.getvalue()
    assert "1 created" in harvest(portal)  # the portal is well again: it comes in


def test_a_harvest_run_outside_a_command_keeps_its_reasons_in_danish(portal):
    # As the background worker runs it: no language chosen, so the archive's own. The command
    # says the same in English (above); what is kept is text, in the language it was made in.
    broken = "518782e7-12ab-47a9-bfa5-059d95045838"
    portal.fail(f"/api/agenda/dagsorden/{broken}", status=500, times=3)
    town = Municipality.objects.for_name("greve")

    harvest = municipality_harvest(municipality=town, portal_url=portal.url)

    record = PortalMeeting.objects.get(portal_id=broken)
    assert record.reason == "127.0.0.1 svarede HTTP 500 (efter 3 forsøg)"
    assert [line["reason"] for line in harvest.log if line["reason"]] == [record.reason]
    portal.fail("/api/agenda/udvalgsliste", status=503, times=10)
    failed = municipality_harvest(municipality=town, portal_url=portal.url)
    assert Harvest.objects.get(pk=failed.pk).reason == "127.0.0.1 svarede HTTP 503 (efter 3 forsøg)"


def test_a_slow_portal_times_out_with_a_reason(portal, settings):
    settings.ARCHIVE_HARVEST_TIMEOUT_SECONDS = 0.2
    portal.slow(0.5)
    with pytest.raises(CommandError, match="no answer from 127.0.0.1 within the timeout"):
        harvest(portal)
    assert not Meeting.objects.exists()


def test_harvesting_is_polite(portal, settings):
    settings.ARCHIVE_HARVEST_PAUSE_SECONDS = 0.05
    settings.ARCHIVE_CONTACT = "mailto:arkiv@example.dk"
    harvest(portal)
    assert portal.most_at_once == 1  # one request at a time
    agents = {asked.headers.get("user-agent") for asked in portal.asked}
    agent = agents.pop()
    assert not agents and "Referatarkivet" in agent and "arkiv@example.dk" in agent
    gaps = [b.at - a.at for a, b in zip(portal.asked, portal.asked[1:], strict=False)]
    assert min(gaps) >= 0.045


def test_a_portal_that_wants_an_anonymous_sign_in_gets_one(portal):
    portal.want_sign_in = True
    assert "12 created" in harvest(portal)
    assert len(portal.requests_for("/Home/AnonymousAuthentication")) == 1


def test_an_interrupted_harvest_resumes_where_it_stopped(portal):
    town = Municipality.objects.for_name("greve")

    def stop_after_five(done, total, outcome):
        if done == 5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        municipality_harvest(municipality=town, portal_url=portal.url, progress=stop_after_five)
    assert Meeting.objects.count() == 5
    assert Harvest.objects.get().status == Harvest.Status.RUNNING  # as a killed one leaves it
    before = len(portal.requests_for("/api/agenda/dagsorden/"))
    resumed = municipality_harvest(municipality=town, portal_url=portal.url)
    assert resumed.created == 7 and Meeting.objects.count() == 12
    assert Harvest.objects.filter(status=Harvest.Status.INTERRUPTED).count() == 1
    # The five stored ones were not fetched in full again, only asked about.
    refetched = portal.requests_for("/api/agenda/dagsorden/")[before:]
    assert sum("if-none-match" not in asked.headers for asked in refetched) == 7


def test_two_harvests_of_one_municipality_take_turns(portal):
    town = Municipality.objects.for_name("greve")
    from django.db import connections

    from meetings.harvest.harvester import _HARVEST_LOCK

    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [_HARVEST_LOCK, town.pk])
        with pytest.raises(HarvestBusy):
            municipality_harvest(municipality=town, portal_url=portal.url)
    finally:
        other.close()


def test_personal_data_in_a_harvested_meeting_is_held_for_review(portal, client, admin_client):
    meeting_id = "9f7d34e3-f8c1-42d6-9f0d-f8c5abddc66b"
    data = portal.meeting(meeting_id)
    fields = data["Dagsordenpunkter"][0]["Felter"][0]
    fields["Html"] = fields["Html"].replace(
        "<h3>Beslutning</h3>", "<h3>Beslutning</h3><p>Borgeren, cpr 010190-1234, klager.</p>", 1
    )
    portal.change(meeting_id, data)
    out = harvest(portal)
    assert "11 created" in out and "1 held for review" in out
    assert "held for review: possible personal data: CPR-nummer (Punkt 1" in out
    assert not Meeting.objects.filter(source_id=meeting_id).exists()
    held = Upload.objects.get(origin=Upload.Origin.HARVEST)
    assert held.status == Upload.Status.AWAITING and held.personal_data_flags
    assert held.municipality.slug == "greve" and meeting_id in held.source_url
    assert client.get("/soeg/?q=klager").content.decode().count("010190") == 0
    # Staff are told, and decide.
    index = admin_client.get("/admin/").content.decode()
    assert "venter på gennemsyn" in index
    admin_client.post(f"/admin/meetings/upload/{held.pk}/publish/", {"confirm_personal_data": "on"})
    held.refresh_from_db()
    assert held.status == Upload.Status.PUBLISHED
    assert Meeting.objects.get(source_id=meeting_id).municipality.slug == "greve"
    harvest(portal)  # the next harvest knows it is stored now
    assert PortalMeeting.objects.get(portal_id=meeting_id).status == PortalMeeting.Status.STORED
    assert AgendaItem.objects.filter(meeting__source_id=meeting_id).exists()


def test_a_harvest_of_an_address_that_is_not_a_portal_is_one_line(portal):
    with pytest.raises(CommandError, match="is not a portal address"):
        call_command("harvest", "ftp://example.dk", stdout=io.StringIO())
    with pytest.raises(CommandError, match="does not name a municipality"):
        call_command("harvest", portal.url, stdout=io.StringIO())
    with pytest.raises(CommandError, match="not a date"):
        call_command("harvest", portal.url, "--municipality", "greve", "--since", "igår")
