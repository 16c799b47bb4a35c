"""Alerts as background work on procrastinate: each publishing run's alerts, each
confirmation mail, and on a schedule the clean-up of what was never confirmed and the retry of
alert jobs a killed worker left behind.

Plain functions with keyword arguments. Sending is idempotent by the Delivery rows
(meetings.alerts.mail), so a retried or repeated job sends only what was not sent.
"""

from __future__ import annotations

import logging
import smtplib

from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from meetings.publishing.runs import follow_runs

from . import mail
from .subscriptions import subscriptions_forget_unconfirmed

logger = logging.getLogger(__name__)

QUEUE = "alerts"
# An SMTP server that is down, refuses for now (4xx) or drops the connection: tried again
# after 2, 4, 8 … 1024 seconds (some half an hour in all).
SMTP_RETRY = RetryStrategy(
    max_attempts=10,
    exponential_wait=2,
    retry_exceptions=[smtplib.SMTPException, OSError],
)
# A job whose worker has sent no heartbeat for this long was left by a worker that died.
STALLED_SECONDS = 60


@app.task(name="alerts_send_run", queue=QUEUE, retry=SMTP_RETRY)
def alerts_send_run(*, run_id: int) -> None:
    """Match one publishing run and send its alerts (those not sent already)."""
    sent = mail.run_send(run_id)
    if sent:
        logger.info("publishing run %s: %d alerts sent", run_id, sent)


@follow_runs
def defer_run_alerts(run_id: int) -> None:
    """What follows a publishing run: its alerts, queued once."""
    alerts_send_run.configure(
        lock=f"alerts-run-{run_id}", queueing_lock=f"alerts-run-{run_id}"
    ).defer(run_id=run_id)


@app.task(name="alerts_send_confirmation", queue=QUEUE, retry=SMTP_RETRY)
def alerts_send_confirmation(*, subscription_id: int) -> None:
    """Send one subscription's confirmation mail (if it still waits for one)."""
    mail.confirmation_send(subscription_id)


def defer_confirmation(subscription_id: int) -> None:
    alerts_send_confirmation.defer(subscription_id=subscription_id)


@app.periodic(cron="23 * * * *", periodic_id="alerts-forget-unconfirmed")
@app.task(name="alerts_forget_unconfirmed", queue=QUEUE, queueing_lock="alerts-forget")
def alerts_forget_unconfirmed(timestamp: int) -> None:
    """Hourly: delete subscriptions not confirmed within a week, and old rate-limit counts."""
    deleted = subscriptions_forget_unconfirmed()
    if deleted:
        logger.info("%d unconfirmed subscriptions deleted", deleted)


@app.periodic(cron="* * * * *", periodic_id="alerts-retry-stalled")
@app.task(name="alerts_retry_stalled", queue=QUEUE, queueing_lock="alerts-retry-stalled")
async def alerts_retry_stalled(timestamp: int) -> None:
    """Every minute: alert jobs of a worker that died (killed, the machine gone) run again.

    A killed worker's job stays "doing" for good; its heartbeat stops, and after
    STALLED_SECONDS the job is put back in the queue. Its deliveries say what was sent."""
    manager = app.job_manager
    for job in await manager.get_stalled_jobs(queue=QUEUE, seconds_since_heartbeat=STALLED_SECONDS):
        if job.task_name == "alerts_retry_stalled":
            continue
        logger.warning("retrying alert job %s (%s) of a worker that died", job.id, job.task_name)
        await manager.retry_job(job)
