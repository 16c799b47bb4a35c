"""The mails of the alerts, and their sending: a confirmation per request to follow something,
one alert per subscription and publishing run.

Every alert is a Delivery row first (meetings.alerts.matching). Each is sent in its own
transaction that locks its row (SKIP LOCKED: two workers never send the same one), hands the
mail to the SMTP server and marks the row sent right after the server accepted it. A worker
killed at any point leaves the rows it had not marked pending, and the job's retry sends
exactly those. The one window that cannot be closed: the server has accepted a mail and the
worker dies before its COMMIT reaches the database, a few milliseconds; that one mail goes
again.

Mail goes where Django's mail settings say (archive/settings.py: SMTP with EMAIL_HOST, else
files under ARCHIVE_DATA_DIR/mail).
"""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from meetings.models import AgendaItem, Delivery, PublishedMeeting, Subscription

from . import subscriptions as service
from .matching import run_deliveries

logger = logging.getLogger(__name__)

# An alert lists at most this many items, then links to the rest.
MAIL_ITEMS = 50


def describe_mail_setup() -> str:
    """Where mail goes, in one line, for `serve` to print at start."""
    backend = settings.EMAIL_BACKEND
    if backend.endswith("smtp.EmailBackend"):
        security = (
            " (SSL)" if settings.EMAIL_USE_SSL else " (TLS)" if settings.EMAIL_USE_TLS else ""
        )
        login = f" as {settings.EMAIL_HOST_USER}" if settings.EMAIL_HOST_USER else ""
        return (
            f"Mail (alerts): SMTP {settings.EMAIL_HOST}:{settings.EMAIL_PORT}{security}{login}, "
            f"from {settings.DEFAULT_FROM_EMAIL}"
        )
    if backend.endswith("filebased.EmailBackend"):
        return (
            f"Mail (alerts): written as files to {settings.EMAIL_FILE_PATH} "
            "(set EMAIL_HOST to send through SMTP)"
        )
    return f"Mail (alerts): {backend}"


def site_url(path: str) -> str:
    """An address of the archive as a mail links it (ARCHIVE_SITE_URL)."""
    return settings.ARCHIVE_SITE_URL + path


def _one_line(text: str, limit: int = 180) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _links(subscription: Subscription) -> dict:
    unsubscribe = site_url(
        reverse("alerts:unsubscribe", args=[service.unsubscribe_token(subscription)])
    )
    return {
        "unsubscribe_url": unsubscribe,
        "manage_url": site_url(
            reverse("alerts:manage", args=[service.manage_token(subscription.subscriber_id)])
        ),
        "followed_url": site_url(service.subscription_path(subscription)),
        "label": service.subscription_label(subscription),
        "site_url": settings.ARCHIVE_SITE_URL,
    }


def confirmation_message(subscription: Subscription) -> EmailMultiAlternatives:
    """The mail with the link that confirms a subscription (double opt-in)."""
    with translation.override(subscription.language):
        context = {
            **_links(subscription),
            "confirm_url": site_url(
                reverse("alerts:confirm", args=[service.confirm_token(subscription)])
            ),
            "days": service.CONFIRM_DAYS,
        }
        subject = _("Bekræft, at du vil følge %(label)s") % {"label": context["label"]}
        message = EmailMultiAlternatives(
            subject=_one_line(subject),
            body=render_to_string("alerts/mail/confirm.txt", context),
            to=[subscription.subscriber.email],
            headers={"Auto-Submitted": "auto-generated"},
        )
        message.attach_alternative(
            render_to_string("alerts/mail/confirm.html", context), "text/html"
        )
    return message


def alert_message(delivery: Delivery, items: list[AgendaItem]) -> EmailMultiAlternatives:
    """One subscription's alert of one run: the new items, each with committee, date,
    decision and link; one-click unsubscribe (RFC 8058) in the headers and the text."""
    subscription = delivery.subscription
    with translation.override(subscription.language):
        context = {
            **_links(subscription),
            "items": items[:MAIL_ITEMS],
            "more": max(len(items) - MAIL_ITEMS, 0),
        }
        subject = _("Nyt i Referatarkivet: %(label)s") % {"label": context["label"]}
        message = EmailMultiAlternatives(
            subject=_one_line(subject),
            body=render_to_string("alerts/mail/alert.txt", context),
            to=[subscription.subscriber.email],
            headers={
                "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "Auto-Submitted": "auto-generated",
            },
        )
        message.attach_alternative(render_to_string("alerts/mail/alert.html", context), "text/html")
    return message


def confirmation_send(subscription_id: int) -> bool:
    """Send a subscription's confirmation mail, if it still waits for one."""
    subscription = (
        Subscription.objects.select_related(
            "subscriber", "case", "person", "committee", "municipality"
        )
        .filter(pk=subscription_id, confirmed_at__isnull=True)
        .first()
    )
    if subscription is None:  # confirmed, ended or forgotten meanwhile
        return False
    confirmation_message(subscription).send()
    return True


def _run_items(run_id: int) -> dict[int, AgendaItem]:
    """The run's items as a mail shows them, each with its absolute address."""
    statuses = dict(
        PublishedMeeting.objects.filter(run_id=run_id).values_list("meeting_id", "status")
    )
    items = AgendaItem.objects.filter(meeting_id__in=list(statuses)).select_related(
        "meeting__committee", "case"
    )
    found = {}
    for item in items:
        item.url = site_url(item.get_absolute_url())
        item.meeting_url = site_url(item.meeting.get_absolute_url())
        item.case_url = site_url(item.case.get_absolute_url()) if item.case else ""
        item.new_version = statuses[item.meeting_id] == PublishedMeeting.Status.UPDATED
        found[item.pk] = item
    return found


def _order(item: AgendaItem) -> tuple:
    return (item.meeting.date, item.meeting.committee_name, item.meeting_id, item.number)


def run_send(run_id: int) -> int:
    """Match a publishing run and send every alert of it not sent yet; the number sent.

    Raises the SMTP server's temporary refusals and lost connections, for the task to try
    again later (what was sent stays sent); a permanent refusal (5xx) of one address is
    recorded on its delivery and not tried again.
    """
    run_deliveries(run_id)
    pending = list(
        Delivery.objects.filter(run_id=run_id, sent_at__isnull=True, failed_at__isnull=True)
        .select_related(
            "subscription__subscriber",
            "subscription__case",
            "subscription__person",
            "subscription__committee",
            "subscription__municipality",
        )
        .order_by("id")
    )
    if not pending:
        return 0
    items = _run_items(run_id)
    sent = 0
    with get_connection() as mailer:
        for delivery in pending:
            sent += _send_one(delivery, items, mailer)
    return sent


def _send_one(delivery: Delivery, items: dict[int, AgendaItem], mailer) -> int:
    with transaction.atomic():
        # Still to send, and not being sent by another job right now (whose lock we skip).
        still = Delivery.objects.select_for_update(skip_locked=True).filter(
            pk=delivery.pk, sent_at__isnull=True, failed_at__isnull=True
        )
        if not list(still.order_by().values_list("pk", flat=True)):
            return 0
        chosen = sorted((items[i] for i in delivery.items if i in items), key=_order)
        if not chosen:
            # Its meeting was replaced again before this was sent: that run's alert tells it.
            _give_up(delivery, "nothing left to send: a newer version replaced these items")
            return 0
        try:
            mailer.send_messages([alert_message(delivery, chosen)])
        except smtplib.SMTPRecipientsRefused as refusal:
            if all(code >= 500 for code, _message in refusal.recipients.values()):
                _give_up(delivery, f"refused: {refusal.recipients}")
                return 0
            raise
        except smtplib.SMTPDataError as refusal:
            if refusal.smtp_code >= 500:
                _give_up(delivery, f"refused: {refusal.smtp_code} {refusal.smtp_error!r}")
                return 0
            raise
        # Accepted by the server. Marked sent at once, in the transaction that holds the row:
        # only a death of the worker between the server's answer and this COMMIT sends it again.
        Delivery.objects.filter(pk=delivery.pk).update(sent_at=timezone.now())
    return 1


def _give_up(delivery: Delivery, reason: str) -> None:
    logger.warning("alert %s not sent: %s", delivery.pk, reason)
    Delivery.objects.filter(pk=delivery.pk).update(failed_at=timezone.now(), failure=reason[:500])
