"""Alerts at scale: a referat of 15 items published into an archive with N confirmed
subscriptions, most of which it does not match; prints figures.

    uv run python bench/alerts.py [--subscriptions 10000]

The archive is a throw-away embedded PostgreSQL in a temporary folder holding the sample
referater in fixtures/ and, to follow, some thousands of cases, members and committees of its
own. The subscriptions are searches (words of the archive's vocabulary, some with filters),
cases, members, committees and municipalities; a few percent match the new referat. The SMTP
server is aiosmtpd on 127.0.0.1 in a thread of this process, the worker procrastinate's, in
process. Prints the time from the start of the publication (`ingest` of the file) until every
matching mail was accepted by the SMTP server, split into storing, matching and sending, and
the number of queries matching took (aim: one, whatever N) and its time (aim: well under a
second at 10,000).
"""

from __future__ import annotations

import argparse
import atexit
import io
import os
import random
import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

_data_dir = tempfile.mkdtemp(prefix="alerts-bench-")
os.environ["ARCHIVE_DATA_DIR"] = _data_dir
os.environ.pop("DATABASE_URL", None)
atexit.register(shutil.rmtree, _data_dir, ignore_errors=True)  # after the server's own stop
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")

import django  # noqa: E402

django.setup()

from aiosmtpd.controller import Controller  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from procrastinate.contrib.django import app  # noqa: E402

from meetings.alerts.matching import run_matches  # noqa: E402
from meetings.alerts.subscriptions import lexemes_of  # noqa: E402
from meetings.models import (  # noqa: E402
    Case,
    Committee,
    Delivery,
    Municipality,
    Person,
    PublishRun,
    Subscriber,
    Subscription,
)
from meetings.search.query import build_tsquery  # noqa: E402

SEED = 20261201
PEOPLE = ("Thomas Bisgaard", "Ole Blickfeldt", "Tina Mandrup", "Christian Harre", "Lotte Greve")
# The new referat: 15 items, the first five about cases the archive holds.
NEW_ITEMS = [
    ("Kvartalsbog Q1 2026", "25-003798", "Taget til efterretning."),
    ("Orientering april 2026", "25-009324", "Orientering givet."),
    ("Præsentation af økonomi", "26-000920", "Indstillingen tiltrådt."),
    ("Regional uddannelsespulje 2026, status", "26-000791", "Godkendt."),
    ("Ungeløftspuljen, opfølgning", "25-003667", "Godkendt."),
    *[(f"Skolevej og cykelsti, etape {n}", f"26-1{n:05d}", "Godkendt.") for n in range(1, 6)],
    *[(f"Havnebad og naturpleje, sag {n}", f"26-2{n:05d}", "Udsat.") for n in range(1, 6)],
]


class Counting:
    """An SMTP server's handler that only counts what it accepts."""

    def __init__(self):
        self.accepted = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.accepted += 1
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def referat_text() -> str:
    lines = [
        "REFERAT Udvalget for Job, Arbejdsmarked & Integration - 2026-2029 d. 07-04-2026",
        "",
        "Mødedato Tirsdag d. 07. april 2026 kl. 17:00",
        "",
        "Mødested Mødelokale 5, Allerslev",
        "",
        f"Mødedeltagere {', '.join(PEOPLE)}",
        "",
    ]
    for number, (title, case, decision) in enumerate(NEW_ITEMS, start=1):
        lines += [f"Punkt {number}: JAI - {title}", "", case, "", "Beslutning", "", decision, ""]
        lines += ["Resumé", "", f"Sagen om {title.lower()} i Lejre Kommune.", ""]
    return "\n".join(lines)


def build_subscriptions(n: int) -> dict[str, int]:
    """N confirmed subscriptions of every kind, each its own address; returns counts by kind."""
    rng = random.Random(SEED)
    lejre = Municipality.objects.for_name("lejre")
    greve = Municipality.objects.for_name("greve")
    committees = list(Committee.objects.filter(municipality=lejre))
    committees += Committee.objects.bulk_create(
        Committee(municipality=town, name=f"Udvalget for Prøve {i}", name_key=f"prøve {i}",
                  slug=f"proeve-{i}")
        for i, town in enumerate([lejre, greve] * 40)
    )  # fmt: skip
    people = list(Person.objects.filter(municipality=lejre))
    people += Person.objects.bulk_create(
        Person(municipality=greve, name=f"Person Nummer {i}", slug=f"person-nummer-{i}")
        for i in range(2000)
    )
    cases = list(Case.objects.filter(municipality=lejre))
    cases += Case.objects.bulk_create(
        Case(municipality=rng.choice([lejre, greve]), number=f"24-{i:06d}") for i in range(5000)
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT word FROM meetings_searchword ORDER BY word")
        vocabulary = [word for (word,) in cursor.fetchall()]
    words = rng.sample(vocabulary, min(1500, len(vocabulary)))
    queries = [rng.choice(words) for _ in range(300)]
    queries += [f"{rng.choice(words)} {rng.choice(words)}" for _ in range(300)]
    queries += [f'"{rng.choice(words)} {rng.choice(words)}"' for _ in range(50)]
    queries += ["havnebad", "cykelsti", "skolevej or naturpleje", "-udbud"]
    tsqueries = {query: build_tsquery(query) for query in dict.fromkeys(queries)}
    tsqueries = {query: tsquery for query, tsquery in tsqueries.items() if tsquery}
    searchable = list(tsqueries)
    now = timezone.now()
    subscribers = Subscriber.objects.bulk_create(
        Subscriber(email=f"abonnent{i}@example.dk") for i in range(n)
    )
    kinds = ["search"] * 40 + ["case"] * 25 + ["person"] * 20 + ["committee"] * 10
    kinds += ["municipality"] * 5
    rows, counts = [], {}
    for i, subscriber in enumerate(subscribers):
        kind = rng.choice(kinds)
        counts[kind] = counts.get(kind, 0) + 1
        row = Subscription(subscriber=subscriber, kind=kind, confirmed_at=now, language="da")
        if kind == "search":
            query = rng.choice(searchable)
            row.search_query, row.search_tsquery = query, tsqueries[query]
            row.search_lexemes = lexemes_of(tsqueries[query])
            row.search_params = f"q={query}"
            if rng.random() < 0.3:
                row.municipality = rng.choice([lejre, greve])
            if rng.random() < 0.1:
                row.search_outcome = "godkendt"
        elif kind == "case":
            row.case = rng.choice(cases)
        elif kind == "person":
            row.person = rng.choice(people)
        elif kind == "committee":
            row.committee = rng.choice(committees)
        else:
            row.municipality = rng.choice([lejre, greve])
        row.target = f"{kind}:{i}"
        rows.append(row)
    Subscription.objects.bulk_create(rows, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE meetings_subscription")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscriptions", type=int, default=10_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("ingest", str(REPO / "fixtures"), stdout=io.StringIO())
    with app.replace_connector(app.connector.get_worker_connector()):
        app.run_worker(wait=False, install_signal_handlers=False, listen_notify=False)
    started = time.perf_counter()
    counts = build_subscriptions(args.subscriptions)
    built = time.perf_counter() - started
    handler = Counting()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    print(
        f"{args.subscriptions} confirmed subscriptions ("
        + ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
        + f"), made in {built:.1f} s; a referat of {len(NEW_ITEMS)} items published"
    )
    try:
        path = Path(_data_dir) / "jai-2026-04-07.txt"
        path.write_text(referat_text(), encoding="utf-8")
        published = time.perf_counter()
        call_command("ingest", str(path), stdout=io.StringIO())
        stored = time.perf_counter()
        with app.replace_connector(app.connector.get_worker_connector()):
            app.run_worker(wait=False, install_signal_handlers=False, listen_notify=False)
        done = time.perf_counter()
        run = PublishRun.objects.order_by("-pk").first()
        matching = []
        with CaptureQueriesContext(connection) as queries:
            for _ in range(5):
                started = time.perf_counter()
                matches = run_matches(run.pk)
                matching.append(time.perf_counter() - started)
        sent = Delivery.objects.filter(run=run, sent_at__isnull=False).count()
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT count(*) FROM meetings_subscription s
                WHERE s.kind = 'search' AND s.confirmed_at IS NOT NULL
                  AND s.search_lexemes && (
                      SELECT array_agg(DISTINCT w.lexeme) || ARRAY['*']::text[]
                      FROM meetings_publishedmeeting p
                      JOIN meetings_agendaitem i ON i.meeting_id = p.meeting_id,
                      unnest(i.search_vector) w
                      WHERE p.run_id = %s)
                """,
                [run.pk],
            )
            looked_at = cursor.fetchone()[0]
        print(
            f"matching subscriptions: {len(matches)}; mails handed to SMTP: "
            f"{handler.accepted} ({sent} deliveries marked sent)"
        )
        print(
            f"publish to all matching mails handed to SMTP: {done - published:.2f} s "
            f"(storing the referat {stored - published:.2f} s, the alert job "
            f"{done - stored:.2f} s)"
        )
        print(
            f"matching: {len(queries) // 5} queries, best {min(matching) * 1000:.1f} ms, "
            f"median {sorted(matching)[2] * 1000:.1f} ms; {looked_at} of "
            f"{counts.get('search', 0)} searches looked at (sharing a word with the run)"
        )
    finally:
        controller.stop()
        from archive.db.server import stop

        connection.close()
        stop(Path(_data_dir))


if __name__ == "__main__":
    main()
