"""An SMTP server that refuses for now is tried again later, with back-off, and what it had
accepted is not sent again; one that refuses an address for good is not tried again."""

from __future__ import annotations

import pytest
from django.utils import timezone
from procrastinate.contrib.django.models import ProcrastinateJob

from meetings.alerts import subscriptions as service
from meetings.models import Case, Delivery, PublishRun

from .conftest import FIXTURES, ingest, ingest_text, referat_text, run_worker_until_idle

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def followers():
    ingest(FIXTURES)
    run_worker_until_idle()
    case = Case.objects.get(number="25-003798")
    for address in ("anna@example.dk", "bo@example.dk", "carl@example.dk"):
        service.subscription_confirm(
            subscription=service.subscription_request(email=address, kind="case", target_id=case.pk)
        )


def publish(tmp_path) -> int:
    """Publish a referat with an item of the case; the id of its run's alert job."""
    ingest_text(
        tmp_path,
        "jai-2026-04-07.txt",
        referat_text(date="07-04-2026", items=[("Kvartalsbog Q1 2026", "25-003798", "Godkendt")]),
    )
    run = PublishRun.objects.order_by("-pk").first()
    # (The job table is not emptied between tests: the run's own job.)
    return ProcrastinateJob.objects.get(task_name="alerts_send_run", args={"run_id": run.pk}).pk


def test_a_temporary_refusal_is_tried_again_later_and_nothing_is_sent_twice(
    smtp, followers, tmp_path
):
    refused = {"bo@example.dk": 1}
    handle = smtp.handle_DATA

    async def refuse_once(server, session, envelope):
        for address in envelope.rcpt_tos:
            if refused.get(address):
                refused[address] -= 1
                return "451 4.3.0 Mailbox busy, try again later"
        return await handle(server, session, envelope)

    smtp.handle_DATA = refuse_once
    job = publish(tmp_path)
    run_worker_until_idle()
    assert [mail.to[0] for mail in smtp.mails] == ["anna@example.dk"]
    job = ProcrastinateJob.objects.get(pk=job)
    assert job.status == "todo" and job.attempts == 1
    assert job.scheduled_at > timezone.now()  # backed off
    # The wait is over.
    ProcrastinateJob.objects.filter(pk=job.pk).update(scheduled_at=timezone.now())
    run_worker_until_idle()
    assert sorted(mail.to[0] for mail in smtp.mails) == [
        "anna@example.dk",
        "bo@example.dk",
        "carl@example.dk",
    ]
    assert ProcrastinateJob.objects.get(pk=job.pk).status == "succeeded"


def test_a_permanent_refusal_is_recorded_and_not_tried_again(smtp, followers, tmp_path):
    handle = smtp.handle_DATA

    async def no_such_mailbox(server, session, envelope):
        if "bo@example.dk" in envelope.rcpt_tos:
            return "550 5.1.1 No such mailbox"
        return await handle(server, session, envelope)

    smtp.handle_DATA = no_such_mailbox
    job = publish(tmp_path)
    run_worker_until_idle()
    assert sorted(mail.to[0] for mail in smtp.mails) == ["anna@example.dk", "carl@example.dk"]
    failed = Delivery.objects.get(subscription__subscriber__email="bo@example.dk")
    assert failed.sent_at is None and failed.failed_at is not None and "550" in failed.failure
    assert ProcrastinateJob.objects.get(pk=job).status == "succeeded"


def test_a_server_that_is_down_leaves_everything_to_the_retry(smtp, followers, tmp_path, settings):
    settings.EMAIL_PORT = smtp.port + 1 if smtp.port < 65535 else smtp.port - 1  # nobody there
    job = ProcrastinateJob.objects.get(pk=publish(tmp_path))
    run_worker_until_idle()
    job.refresh_from_db()
    assert job.status == "todo" and job.attempts == 1
    assert Delivery.objects.filter(sent_at__isnull=True).count() == 3
    settings.EMAIL_PORT = smtp.port
    ProcrastinateJob.objects.filter(pk=job.pk).update(scheduled_at=timezone.now())
    run_worker_until_idle()
    assert len(smtp.mails) == 3
