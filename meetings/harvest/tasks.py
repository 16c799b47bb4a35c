"""Harvesting as background work on procrastinate: every municipality with a portal address on
the schedule of ARCHIVE_HARVEST_CRON, one municipality when staff ask for it, and the mail that
tells staff of meetings a harvest held back for review (after each harvest that held one, and
every ten minutes for those of a harvest run by hand).

Plain functions with keyword arguments; a harvest is idempotent (what is stored is known), so
a retried or repeated job does no harm, and one municipality's jobs hold one lock at a time.
"""

from __future__ import annotations

import logging

from django.conf import settings
from procrastinate import exceptions
from procrastinate.contrib.django import app

from meetings.alerts.tasks import SMTP_RETRY
from meetings.models import Harvest, Municipality

from .harvester import HarvestBusy, municipality_harvest
from .staff_mail import held_tell_staff

logger = logging.getLogger(__name__)

QUEUE = "harvest"


@app.task(name="harvest_municipality", queue=QUEUE)
def harvest_municipality(*, municipality_id: int, trigger: str = Harvest.Trigger.SCHEDULE,
                         started_by_id: int | None = None) -> None:  # fmt: skip
    """Harvest one municipality's portal (a running harvest of it is let be)."""
    municipality = Municipality.objects.filter(pk=municipality_id).exclude(portal_url="").first()
    if municipality is None:
        return
    from django.contrib.auth import get_user_model

    started_by = (
        get_user_model().objects.filter(pk=started_by_id).first() if started_by_id else None
    )
    try:
        harvest = municipality_harvest(
            municipality=municipality, trigger=trigger, started_by=started_by
        )
    except HarvestBusy:
        logger.info("%s is being harvested already", municipality)
        return
    logger.warning(
        "harvest of %s: %s (%d new, %d updated, %d refused, %d held, %d failed)%s",
        municipality,
        harvest.get_status_display(),
        harvest.created,
        harvest.updated,
        harvest.refused,
        harvest.held,
        harvest.failed,
        f": {harvest.reason}" if harvest.reason else "",
    )
    if harvest.held:
        defer_tell_staff()


def defer_harvest(municipality: Municipality, *, trigger: str, started_by=None) -> None:
    """Queue a harvest of one municipality, unless one is queued already."""
    harvest_municipality.configure(
        lock=f"harvest-{municipality.pk}", queueing_lock=f"harvest-{municipality.pk}"
    ).defer(
        municipality_id=municipality.pk,
        trigger=trigger,
        started_by_id=getattr(started_by, "pk", None),
    )


@app.periodic(cron=settings.ARCHIVE_HARVEST_CRON, periodic_id="harvest-all")
@app.task(name="harvest_all", queue=QUEUE, queueing_lock="harvest-all")
def harvest_all(timestamp: int) -> None:
    """On the schedule: a harvest of every municipality that has a portal address."""
    for municipality in Municipality.objects.with_portal():
        try:
            defer_harvest(municipality, trigger=Harvest.Trigger.SCHEDULE)
        except exceptions.AlreadyEnqueued:
            pass  # its harvest is waiting to run already


@app.periodic(cron="*/10 * * * *", periodic_id="harvest-tell-staff")
@app.task(name="harvest_tell_staff", queue=QUEUE, queueing_lock="harvest-tell-staff",
          retry=SMTP_RETRY)  # fmt: skip
def harvest_tell_staff(timestamp: int = 0) -> None:
    """Mail the reviewers of the held meetings not told of yet (meetings.harvest.staff_mail)."""
    held_tell_staff()


def defer_tell_staff() -> None:
    """Queue the mail to staff of held meetings, unless it waits to go already."""
    try:
        harvest_tell_staff.defer()
    except exceptions.AlreadyEnqueued:
        pass  # the waiting job mails every held meeting not told of, these too
