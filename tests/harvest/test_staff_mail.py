"""Staff are told by mail of a harvested meeting held back for review: once, by the worker,
over real SMTP (aiosmtpd on 127.0.0.1), to those who may publish it, without the personal
data itself."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command

from meetings.harvest.tasks import defer_harvest, harvest_tell_staff
from meetings.models import Harvest, Municipality, Upload
from tests.harvest.test_tasks import run_worker_until_idle

pytestmark = pytest.mark.django_db(transaction=True)

CPR = "010190-1234"


def hold(portal, meeting_id: str) -> None:
    """The portal's meeting given a CPR number in its first item's decision."""
    data = portal.meeting(meeting_id)
    fields = data["Dagsordenpunkter"][0]["Felter"][0]
    fields["Html"] = fields["Html"].replace(
        "<h3>Beslutning</h3>", f"<h3>Beslutning</h3><p>Borgeren, cpr {CPR}, klager.</p>", 1
    )
    portal.change(meeting_id, data)


@pytest.fixture
def staff():
    users = get_user_model().objects
    reviewer = users.create_user("sekretariat", "sekretariat@greve.dk", "x", is_staff=True)
    reviewer.user_permissions.add(Permission.objects.get(codename="change_upload"))
    users.create_superuser("admin", "admin@greve.dk", "x")
    users.create_user("kigger", "kigger@greve.dk", "x", is_staff=True)  # may not publish
    users.create_user("borger", "borger@greve.dk", "x")
    gone = users.create_user("tidligere", "tidligere@greve.dk", "x", is_staff=True)
    gone.is_active = False
    gone.save()
    gone.user_permissions.add(Permission.objects.get(codename="change_upload"))
    return reviewer


def test_a_scheduled_harvest_that_holds_a_meeting_mails_the_reviewers_once(
    portal, smtp, staff, client
):
    greve = Municipality.objects.for_name("greve")
    greve.portal_url = portal.url
    greve.save()
    hold(portal, "9f7d34e3-f8c1-42d6-9f0d-f8c5abddc66b")

    defer_harvest(greve, trigger=Harvest.Trigger.SCHEDULE)
    run_worker_until_idle()

    held = Upload.objects.get(origin=Upload.Origin.HARVEST)
    assert held.status == Upload.Status.AWAITING and held.staff_told_at is not None
    assert len(smtp.mails) == 1
    mail = smtp.mails[0]
    assert sorted(mail.to) == ["admin@greve.dk", "sekretariat@greve.dk"]
    assert mail.message["Subject"].strip() == "Referatarkivet: 1 høstet møde venter på gennemsyn"
    text = mail.message.get_content()
    assert "Greve Kommune: " in text and "CPR-nummer: Punkt 1" in text
    assert CPR not in text and "010190" not in text  # the personal data stays out of the mail
    assert f"/admin/meetings/upload/{held.pk}/change/" in text
    assert f"{portal.url}/vis?id=9f7d34e3-f8c1-42d6-9f0d-f8c5abddc66b" in text  # its page there
    # The link leads the reviewer to the meeting's review page.
    path = re.search(r"https?://[^/\s]+(/admin/\S+)", text).group(1)
    client.force_login(staff)
    page = client.get(path)
    assert page.status_code == 200 and "Offentliggør" in page.content.decode()

    # The next harvest holds it again, and nobody is told twice.
    defer_harvest(greve, trigger=Harvest.Trigger.SCHEDULE)
    run_worker_until_idle()
    assert Harvest.objects.count() == 2 and len(smtp.mails) == 1


def test_a_harvest_run_by_hand_is_told_of_by_the_worker_too(portal, smtp, staff):
    hold(portal, "9f7d34e3-f8c1-42d6-9f0d-f8c5abddc66b")
    out = io.StringIO()
    call_command("harvest", portal.url, "--municipality", "greve", stdout=out)
    assert "1 held for review" in out.getvalue()
    assert smtp.mails == []  # the command leaves the mail to the worker
    run_worker_until_idle()
    assert len(smtp.mails) == 1
    assert "Greve Kommune: " in smtp.mails[0].message.get_content()


def test_held_meetings_wait_for_staff_with_an_address(portal, smtp):
    hold(portal, "9f7d34e3-f8c1-42d6-9f0d-f8c5abddc66b")
    call_command("harvest", portal.url, "--municipality", "greve", stdout=io.StringIO())
    run_worker_until_idle()
    assert smtp.mails == []
    held = Upload.objects.get(origin=Upload.Origin.HARVEST)
    assert held.staff_told_at is None  # told when someone can be
    get_user_model().objects.create_superuser("admin", "admin@greve.dk", "x")
    harvest_tell_staff.defer(timestamp=0)  # what the schedule defers every ten minutes
    run_worker_until_idle()
    assert len(smtp.mails) == 1 and smtp.mails[0].to == ["admin@greve.dk"]
