"""A whole portal harvested into an empty archive, then harvested again: prints figures.

    uv run python bench/harvest.py [--data ../shared/real/greve] [--pause SECONDS]

The portal is the local stand-in (tests/portal/standin.py, a real HTTP server on 127.0.0.1)
serving the folder's meetings byte for byte: all 299 of Greve's from ../shared/real/greve when
that folder is there, else the twelve in tests/data/greve. The archive is a throw-away
embedded PostgreSQL in a temporary folder. Prints, for the first harvest (everything new) and
the second (nothing new): wall time, requests, meetings stored, and memory: the process's peak
RSS, and its resident memory after each tenth of the meetings, which stays flat when memory
does not grow with the number of meetings. After the first, every stored meeting is compared
with the portal's JSON of it (tests/portal/compare.py), outside the timing. `--tracemalloc`
shows Python's own allocations instead, at the price of a slower harvest (tracemalloc hooks
every allocation), so the times of such a run are not the harvest's. Aims: first pass under
60 s, second under 5 s, flat memory.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

_data_dir = tempfile.mkdtemp(prefix="harvest-bench-")
os.environ["ARCHIVE_DATA_DIR"] = _data_dir
os.environ.pop("DATABASE_URL", None)
atexit.register(shutil.rmtree, _data_dir, ignore_errors=True)  # after the server's own stop
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from meetings.harvest.harvester import municipality_harvest  # noqa: E402
from meetings.models import AgendaItem, Meeting, Municipality  # noqa: E402
from tests.portal.compare import portal_differences  # noqa: E402
from tests.portal.standin import PortalStandIn  # noqa: E402

SHARED = REPO.parent / "shared" / "real" / "greve"
SMALL = REPO / "tests" / "data" / "greve"


def run(label: str, portal: PortalStandIn, town: Municipality) -> None:
    before = len(portal.asked)
    samples: list[tuple[int, float]] = []

    def progress(done: int, total: int, outcome) -> None:
        if total and done % max(1, total // 10) == 0:
            samples.append((done, memory_in_use()))

    started, cpu = time.perf_counter(), time.process_time()
    harvest = municipality_harvest(municipality=town, portal_url=portal.url, progress=progress)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{label}: {seconds:.1f} s, {len(portal.asked) - before} requests, "
        f"{harvest.listed} listed, {harvest.fetched} fetched: {harvest.created} created, "
        f"{harvest.updated} updated, {harvest.unchanged} unchanged, {harvest.refused} refused, "
        f"{harvest.held} held, {harvest.failed} failed; peak RSS {rss:.0f} MB"
    )
    # Python's CPU beside the wall time: near it, this process (one GIL) is the bottleneck;
    # far below it, the time goes to PostgreSQL or to waiting on the portal.
    print(f"  CPU of this process: {cpu:.1f} s ({100 * cpu / seconds:.0f} % of the wall time)")
    if samples:
        trace = ", ".join(f"{done}: {mb:.1f}" for done, mb in samples)
        what = "Python memory in use" if tracemalloc.is_tracing() else "resident memory"
        print(f"  {what} (MB) after n meetings: {trace}")


def compare(data: Path, town: Municipality) -> None:
    """Every stored meeting against the portal's JSON of it (tests/portal/compare.py)."""
    stored = {m.source_id: m for m in Meeting.objects.filter(municipality=town)}
    differing, checked = [], 0
    for path in sorted((data / "dagsorden").glob("*.json")):
        meeting_json = json.loads(path.read_bytes())
        meeting = stored.get(meeting_json["Id"])
        if meeting is None:
            continue  # refused or held for review: counted above
        checked += 1
        if differences := portal_differences(meeting_json, meeting):
            differing.append(f"{path.name}: {'; '.join(differences[:3])}")
    items = AgendaItem.objects.filter(meeting__municipality=town).count()
    print(
        f"  against the portal's JSON: {checked - len(differing)} of {checked} stored meetings "
        f"({items} items) say what it says (date, item numbers, titles, closed items, sagsnr, "
        "absences, decisions)"
    )
    for line in differing[:10]:
        print(f"    differs: {line}")


def memory_in_use() -> float:
    """MB in use now: Python's allocations when tracemalloc traces them, else resident."""
    if tracemalloc.is_tracing():
        return tracemalloc.get_traced_memory()[0] / 1e6
    resident_pages = int(Path("/proc/self/statm").read_text().split()[1])
    return resident_pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED if SHARED.is_dir() else SMALL)
    parser.add_argument(
        "--pause",
        type=float,
        default=settings.ARCHIVE_HARVEST_PAUSE_SECONDS,
        help="seconds between requests (the archive's default unless given)",
    )
    parser.add_argument(
        "--tracemalloc",
        action="store_true",
        help="trace Python's allocations (slows the harvest: its times are then not figures)",
    )
    args = parser.parse_args()
    settings.ARCHIVE_HARVEST_PAUSE_SECONDS = args.pause
    call_command("migrate", verbosity=0)
    portal = PortalStandIn(args.data).start()
    print(
        f"Harvest of {len(portal.meeting_ids())} meetings from {args.data} through a local "
        f"stand-in, pause {args.pause:g} s between requests"
    )
    try:
        town = Municipality.objects.for_name("greve")
        if args.tracemalloc:
            tracemalloc.start()
        run("first harvest (empty archive)", portal, town)
        compare(args.data, town)
        run("second harvest (nothing new)", portal, town)
        if args.tracemalloc:
            tracemalloc.stop()
        print(f"{Meeting.objects.count()} meetings in the archive")
    finally:
        portal.stop()
        from django.db import connection

        from archive.db.server import stop

        connection.close()
        stop(Path(_data_dir))


if __name__ == "__main__":
    main()
