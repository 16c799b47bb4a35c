"""The worker killed in the middle of a run's alerts (kill -9, while the SMTP server hangs on
one address): started again, it sends what was not sent, and no address gets an alert twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from procrastinate.exceptions import AlreadyEnqueued

from meetings.alerts import subscriptions as service
from meetings.alerts.tasks import alerts_retry_stalled
from meetings.models import Case, Delivery

from .conftest import FIXTURES, ingest, ingest_text, referat_text, run_worker_until_idle

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]
ADDRESSES = [f"{name}@example.dk" for name in ("anna", "bo", "carl", "dora", "emil", "frida")]


def database_url() -> str:
    """The test database, as a DATABASE_URL another process can use."""
    params = connection.get_connection_params()
    host = quote(str(params.get("host") or "localhost"), safe="")
    user = quote(params.get("user") or "", safe="")
    password = params.get("password")
    auth = f"{user}:{quote(password, safe='')}" if password else user
    return f"postgres://{auth}@{host}:{params.get('port') or 5432}/{params['dbname']}"


def start_worker(smtp, *extra: str) -> subprocess.Popen:
    """`manage.py procrastinate worker` as its own process, on the test database."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("EMAIL_")},
        "DATABASE_URL": database_url(),
        "SECRET_KEY": settings.SECRET_KEY,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "EMAIL_TIMEOUT": "60",
        "DJANGO_SETTINGS_MODULE": "archive.settings",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "procrastinate", "worker", "--queues", "alerts", *extra],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_worker_killed_mid_send_resends_nothing_that_was_sent(smtp, tmp_path):
    ingest(FIXTURES)
    run_worker_until_idle()  # the archive's own first run, before anyone follows anything
    case = Case.objects.get(number="25-003798")
    for address in ADDRESSES:
        service.subscription_confirm(
            subscription=service.subscription_request(email=address, kind="case", target_id=case.pk)
        )
    run_worker_until_idle()  # (their confirmations: not sent, they are confirmed already)
    assert smtp.mails == []

    smtp.stall_on = "carl@example.dk"  # the third alert hangs at the server
    ingest_text(
        tmp_path,
        "jai-2026-04-07.txt",
        referat_text(date="07-04-2026", items=[("Kvartalsbog Q1 2026", "25-003798", "Godkendt")]),
    )
    worker = start_worker(smtp)
    try:
        assert smtp.stalling.wait(timeout=60), worker.stderr and worker.poll()
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    smtp.release.set()  # the hung conversation ends (refused for now): carl got nothing
    assert sorted(mail.to[0] for mail in smtp.mails) == ["anna@example.dk", "bo@example.dk"]
    assert Delivery.objects.filter(sent_at__isnull=False).count() == 2

    # The dead worker's heartbeat is old by the time the schedule looks (a minute on).
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE procrastinate_workers SET last_heartbeat = now() - interval '10 minutes'"
        )
    try:
        alerts_retry_stalled.defer(timestamp=0)  # what the schedule defers every minute
    except AlreadyEnqueued:
        pass  # the killed worker's own schedule deferred it first: that job is waiting to run
    again = start_worker(smtp, "--one-shot")
    try:
        _out, err = again.communicate(timeout=120)
    finally:
        if again.poll() is None:
            again.kill()
    assert again.returncode == 0, err[-3000:]

    received = sorted(mail.to[0] for mail in smtp.mails)
    assert received == sorted(ADDRESSES), received  # each exactly once
    assert Delivery.objects.filter(sent_at__isnull=True).count() == 0
    for mail in smtp.mails:
        assert "Kvartalsbog Q1 2026" in mail.text
