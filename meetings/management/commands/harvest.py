"""`manage.py harvest URL`: fetch a municipality's meetings from its FirstAgenda portal.

URL is the portal's root (https://dagsordener.greve.dk). The municipality is the one the
address names (greve), or `--municipality SLUG` for a portal elsewhere (a local stand-in); one
not in the archive yet is made (greve gives Greve Kommune), and the portal becomes its own, so
the scheduled harvest keeps it current from then on. One line per meeting that came in, was
refused or held back, a progress bar on a terminal, and a summary.
"""

from __future__ import annotations

import argparse
import datetime
import time
from urllib.parse import urlsplit

from django.core.management.base import CommandError

from meetings import denmark
from meetings.harvest.harvester import UNCHANGED, HarvestBusy, municipality_harvest
from meetings.harvest.tasks import defer_tell_staff
from meetings.management.english import EnglishCommand
from meetings.models import Harvest, Municipality

from .ingest import Progress


class Command(EnglishCommand):
    help = "Fetch every new or changed meeting from a municipality's FirstAgenda portal."

    def add_arguments(self, parser):
        parser.add_argument("url", metavar="URL", help="The portal's root address.")
        parser.add_argument(
            "--municipality",
            metavar="SLUG",
            help="Whose portal it is, when the address does not say (greve, 'Greve Kommune').",
        )
        parser.add_argument(
            "--since",
            metavar="DATE",
            type=_date,
            help="Fetch every meeting on or after DATE (YYYY-MM-DD) again, changed or not.",
        )

    def handle(self, *args, url, municipality=None, since=None, **options):
        from archive.db.migrate import ensure_migrated

        ensure_migrated()  # a fresh clone's embedded database has no tables yet
        root = url.rstrip("/")
        parts = urlsplit(root)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise CommandError(f"{url} is not a portal address (https://dagsordener.<kommune>.dk)")
        town = self._municipality(municipality, parts.hostname, root)
        started = time.monotonic()
        bars: list[Progress] = []  # made at the first meeting, when the number is known

        def report(done: int, total: int, outcome) -> None:
            if not bars:
                bars.append(Progress(self.stdout, total, enabled=True))
            progress = bars[0]
            progress.clear()
            if outcome.status != UNCHANGED:
                entry = outcome.listed
                day = entry.date.strftime("%d-%m-%Y") if entry.date else "?"
                line = f"{outcome.status:<9}  {entry.committee} {day}  ({entry.portal_id})"
                if outcome.reason:
                    line += f": {outcome.reason}"
                style = self.style.ERROR if outcome.status in ("refused", "failed") else None
                self.stdout.write(line, style)
            progress.show(done)

        try:
            harvest = municipality_harvest(
                municipality=town,
                portal_url=root,
                since=since,
                trigger=Harvest.Trigger.COMMAND,
                progress=report,
            )
        except HarvestBusy as exc:
            raise CommandError(str(exc)) from None
        for progress in bars:
            progress.clear()
        if harvest.status == Harvest.Status.FAILED:
            raise CommandError(f"{town}: {harvest.reason}")
        self.stdout.write(
            f"{town}: {harvest.created} created, {harvest.updated} updated, "
            f"{harvest.unchanged} unchanged, {harvest.refused} refused, {harvest.held} held "
            f"for review, {harvest.failed} failed: {harvest.listed} meetings listed, "
            f"{harvest.fetched} fetched, in {time.monotonic() - started:.1f} s"
        )
        if harvest.held:
            defer_tell_staff()  # mailed by the worker that `serve` runs
        if harvest.refused or harvest.failed:
            raise CommandError(
                f"{harvest.refused + harvest.failed} of {harvest.listed} meetings not stored"
            )

    def _municipality(self, given: str | None, host: str, root: str) -> Municipality:
        if not given:
            found = denmark.from_host(host)
            if found is None:
                raise CommandError(
                    f"{host} does not name a municipality: say whose portal it is with "
                    "--municipality SLUG"
                )
            given = found[1]
        town = Municipality.objects.for_name(given)
        if not town.portal_url:
            town.portal_url = root
            town.save(update_fields=["portal_url"])
        return town


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None
