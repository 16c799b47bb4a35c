"""Harvests as background work on procrastinate: on the schedule, and when staff ask."""

from __future__ import annotations

import pytest
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob

from meetings.harvest.tasks import harvest_all
from meetings.models import Harvest, Meeting, Municipality


def run_worker_until_idle() -> None:
    """A real procrastinate worker on the test database, until no job is left.

    Without its periodic schedule: a worker started minutes after the hour would defer the
    hourly harvest too, and the test would depend on the clock."""
    registry = app.periodic_registry
    periodic, registry.periodic_tasks = registry.periodic_tasks, {}
    try:
        with app.replace_connector(app.connector.get_worker_connector()):
            app.run_worker(wait=False, install_signal_handlers=False, listen_notify=False)
    finally:
        registry.periodic_tasks = periodic


@pytest.mark.django_db(transaction=True)
def test_the_schedule_harvests_every_municipality_with_a_portal(portal):
    greve = Municipality.objects.for_name("greve")
    greve.portal_url = portal.url
    greve.save()
    Municipality.objects.for_name("lejre")  # no portal: not harvested
    harvest_all.defer(timestamp=0)  # what the periodic schedule defers
    run_worker_until_idle()
    harvest = Harvest.objects.get()
    assert harvest.municipality == greve and harvest.trigger == Harvest.Trigger.SCHEDULE
    assert harvest.status == Harvest.Status.FINISHED and harvest.created == 12
    assert Meeting.objects.filter(municipality=greve).count() == 12
    assert not ProcrastinateJob.objects.exclude(status="succeeded").exists()


@pytest.mark.django_db(transaction=True)
def test_staff_start_a_harvest_in_the_admin(portal, admin_client, admin_user):
    greve = Municipality.objects.for_name("greve")
    greve.portal_url = portal.url
    greve.save()
    url = "/admin/meetings/municipality/"
    data = {"action": "harvest_now", "_selected_action": [greve.pk]}
    response = admin_client.post(url, data, follow=True)
    assert "Høstning af Greve Kommune er sat i gang" in response.content.decode()
    again = admin_client.post(url, data, follow=True)  # queued once, not twice
    assert "venter allerede" in again.content.decode()
    run_worker_until_idle()
    harvest = Harvest.objects.get()
    assert harvest.trigger == Harvest.Trigger.STAFF and harvest.started_by == admin_user
    page = admin_client.get(f"/admin/meetings/harvest/{harvest.pk}/change/").content.decode()
    assert "Greve Kommune" in page and "created" in page
    assert "Greve Kommune" in admin_client.get(url).content.decode()
