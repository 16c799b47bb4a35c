"""Server time per public page type, p50/p95, on the sample referater and on a large archive.

    uv run python bench/pages.py [--meetings 2000] [--items-per-meeting 15] [--runs 40]
                                 [--sample-only]

Runs in a throw-away embedded PostgreSQL (ARCHIVE_DATA_DIR is a temporary folder, removed at
the end), through Django's test Client in-process: the time is the server's (URL routing,
queries, templates), without a network or a browser. Target: p50 under 30 ms per page type.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import io
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
DATA_DIR = tempfile.mkdtemp(prefix="pages-bench-")
os.environ["ARCHIVE_DATA_DIR"] = DATA_DIR
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

from archive.db.server import stop as stop_embedded_server  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from meetings.models import (  # noqa: E402
    AgendaItem,
    Attachment,
    Attendance,
    AttendanceTally,
    Case,
    CaseHistoryEntry,
    Committee,
    ItemSection,
    Meeting,
    Municipality,
    Person,
)
from meetings.vocabulary import COMMITTEE_CODES, Outcome  # noqa: E402


class SqlTimer:
    """Sums the time spent in the database during one request (connection.execute_wrapper)."""

    def __init__(self):
        self.ms, self.count = 0.0, 0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.ms += (time.perf_counter() - start) * 1000
            self.count += 1


def page_types(rng: random.Random) -> dict[str, list[str]]:
    """A handful of real addresses per page type, picked at random from the archive."""

    def pick(queryset, n=8):
        ids = list(queryset.values_list("pk", flat=True))
        return queryset.model.objects.filter(pk__in=rng.sample(ids, min(n, len(ids))))

    meetings = list(pick(Meeting.objects.select_related("committee")))
    items = list(pick(AgendaItem.objects.all()).select_related("meeting__committee"))
    cases = [c.get_absolute_url() for c in pick(Case.objects.filter(items__isnull=False))]
    years = sorted({m.date.year for m in meetings})
    committees = list(Committee.objects.filter(meetings__isnull=False).distinct())
    people = Person.objects.all()
    return {
        "home": ["/"],
        "meeting list": ["/moeder/", "/moeder/?page=2"]
        if Meeting.objects.count() > 50
        else ["/moeder/"],
        "meeting list by year/month": [f"/moeder/?year={y}&month=3" for y in years],
        "meeting": [m.get_absolute_url() for m in meetings],
        "item": [i.get_absolute_url() for i in items],
        "committee list": ["/udvalg/"],
        "committee": [c.get_absolute_url() for c in committees],
        "person list": ["/personer/"],
        "person": [p.get_absolute_url() for p in pick(people)],
        "case list": ["/sager/", f"/sager/?outcome=godkendt&year={years[-1]}"],
        "case list by participant": [f"/sager/?person={p.slug}" for p in pick(people, 4)],
        "case": cases,
        "api meeting list": ["/api/meetings/"],
        "api meeting": [f"/api/meetings/{m.pk}/" for m in meetings],
    }


def measure(label: str, runs: int, rng: random.Random) -> None:
    client = Client()
    print(
        f"\n{label}: {Meeting.objects.count()} meetings, {AgendaItem.objects.count()} items, "
        f"{Case.objects.count()} cases, {Person.objects.count()} people"
    )
    print(
        f"{'page type':<28}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}"
        f"{'sql p50':>9}{'queries':>9}  bytes"
    )
    pages = page_types(rng)
    for urls in pages.values():
        for url in urls:  # warm caches and connections
            assert client.get(url).status_code == 200, url
    gc.collect()  # not the archive build's garbage, collected during one page type's turn
    times = {name: [] for name in pages}
    sql_times = {name: [] for name in pages}
    queries, size = {}, dict.fromkeys(pages, 0)
    # Round-robin over the page types: a few seconds in which this machine runs slow (it does)
    # then slow down every page type a little, not one page type's whole sample.
    for n in range(runs):
        for name, urls in pages.items():
            url = urls[n % len(urls)]
            sql = SqlTimer()
            with connection.execute_wrapper(sql):
                start = time.perf_counter()
                response = client.get(url)
                times[name].append((time.perf_counter() - start) * 1000)
            sql_times[name].append(sql.ms)
            queries[name] = sql.count
            size[name] = max(size[name], len(response.content))
    for name in pages:
        page_times = sorted(times[name])
        p95 = page_times[min(len(page_times) - 1, int(0.95 * len(page_times)))]
        print(
            f"{name:<28}{statistics.median(page_times):8.1f}{p95:8.1f}{page_times[-1]:8.1f}"
            f"{statistics.median(sql_times[name]):9.1f}{queries[name]:9d}  {size[name]}"
        )


def build_large_archive(meetings: int, items_per_meeting: int, rng: random.Random) -> None:
    """A synthetic archive recombined from the sample referater's own texts, via bulk_create."""
    texts = list(ItemSection.objects.values_list("heading", "text"))
    titles = list(AgendaItem.objects.values_list("title", flat=True))
    decisions = [d for d in AgendaItem.objects.values_list("decision", flat=True) if d]
    town = Municipality.objects.default()  # the sample referater's, as a one-town archive
    committees = [
        Committee.objects.get_or_create(municipality=town, code=code, defaults={"name": name})[0]
        for code, name in COMMITTEE_CODES.items()
    ]
    people = Person.objects.bulk_create(
        [
            Person(name=f"Medlem {n:03d}", slug=f"medlem-{n:03d}", municipality=town)
            for n in range(120)
        ]
    )
    members = {c.pk: rng.sample(people, 9) for c in committees}
    outcomes = [value for value, _ in Outcome.CHOICES if value]
    start = datetime.date(2016, 1, 1)
    with transaction.atomic():
        rows = []
        for n in range(meetings):
            committee = committees[n % len(committees)]
            date = start + datetime.timedelta(days=(n // len(committees)) * 14 + n % 10)
            period = (
                f"{date.year - (date.year - 2022) % 4}-{date.year - (date.year - 2022) % 4 + 3}"
            )
            rows.append(
                Meeting(
                    municipality=town,
                    committee=committee,
                    committee_name=committee.name,
                    period=period,
                    date=date,
                    start_time=datetime.time(17, 0),
                    day_number=1,  # bulk_create skips Meeting.save, which numbers the day
                    location="Rådhuset",
                    title=f"REFERAT {committee.name} d. {date:%d-%m-%Y}",
                )
            )
        made = Meeting.objects.bulk_create(rows, batch_size=2000)
        Attendance.objects.bulk_create(
            [
                Attendance(
                    meeting=m,
                    person=p,
                    position=i,
                    status="absent" if rng.random() < 0.1 else "present",
                )
                for m in made
                for i, p in enumerate(members[m.committee_id])
            ],
            batch_size=5000,
        )
        cases = Case.objects.bulk_create(
            [
                Case(number=f"{16 + n % 10}-{n:06d}", municipality=town)
                for n in range(meetings * items_per_meeting // 2)
            ],
            batch_size=5000,
        )
        items = []
        for m in made:
            for number in range(1, items_per_meeting + 1):
                items.append(
                    AgendaItem(
                        meeting=m,
                        number=number,
                        title=rng.choice(titles),
                        committee_codes=[m.committee.code],
                        case=rng.choice(cases) if number > 1 else None,
                        decision=rng.choice(decisions),
                        outcome=rng.choice(outcomes),
                    )
                )
        items = AgendaItem.objects.bulk_create(items, batch_size=5000)
        sections, attachments, history = [], [], []
        for item in items:
            for position, (heading, text) in enumerate(rng.sample(texts, 4)):
                sections.append(
                    ItemSection(item=item, position=position, heading=heading, text=text)
                )
            attachments.append(Attachment(item=item, position=0, name="Bilag 1 - notat.pdf"))
            if item.case_id:
                other = rng.choice(committees)
                history.append(
                    CaseHistoryEntry(
                        item=item,
                        case_id=item.case_id,
                        position=0,
                        date=item.meeting.date - datetime.timedelta(days=30),
                        committee=other,
                        committee_name=other.name,
                        text=rng.choice(decisions),
                    )
                )
        ItemSection.objects.bulk_create(sections, batch_size=5000)
        Attachment.objects.bulk_create(attachments, batch_size=5000)
        CaseHistoryEntry.objects.bulk_create(history, batch_size=5000)
        Case.objects.refresh_summary()
        AttendanceTally.objects.refresh()  # the counts the store keeps
        Committee.objects.refresh_span()
    with connection.cursor() as cursor:
        # VACUUM too, as autovacuum does soon after a bulk load: the visibility map lets
        # Postgres use index-only scans, as it will on a live archive.
        cursor.execute("VACUUM ANALYZE")
        # And write the load out now: a checkpoint falling due during the measurements would
        # time the aftermath of the bulk load, not the pages.
        cursor.execute("CHECKPOINT")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=2000)
    parser.add_argument("--items-per-meeting", type=int, default=15)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--sample-only", action="store_true", help="skip the large archive")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.DEBUG = False
    # No collectstatic in a throw-away folder: plain static storage, as in the tests.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    rng = random.Random(20260303)
    try:
        call_command("migrate", verbosity=0)
        call_command("ingest", str(REPO / "fixtures"), stdout=io.StringIO())
        measure("Sample referater", args.runs, rng)
        if args.sample_only:
            return
        started = time.perf_counter()
        build_large_archive(args.meetings, args.items_per_meeting, rng)
        print(f"\n(large archive built in {time.perf_counter() - started:.0f} s)")
        measure("Large synthetic archive", args.runs, rng)
    finally:
        connection.close()
        stop_embedded_server(DATA_DIR)  # before its folder goes, or it would run on
        shutil.rmtree(DATA_DIR, ignore_errors=True)


if __name__ == "__main__":
    main()
