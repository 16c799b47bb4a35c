"""Staff told by mail of the harvested meetings the privacy gate held back.

A scheduled harvest runs while nobody watches: a meeting it holds for review waits unpublished
until someone looks. So every member of staff who may publish uploads gets one mail for all
held meetings not told of yet: which municipality, committee and date, what the gate flagged
and where (the kind and the place only; the flagged text stays out of the mail, as it may be
the very personal data), and the address of each one's review page.

The held uploads are locked while the mail goes (SKIP LOCKED: two workers never send the same
one) and marked told in the same transaction, right after the SMTP server accepted it. The one
window left: the server accepts and the worker dies before its COMMIT; that mail goes again.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from meetings.models import Upload

from .portal import page_of

logger = logging.getLogger(__name__)


def reviewers() -> list[str]:
    """The addresses of active staff who may publish uploads (change_upload, or superuser)."""
    may_publish = Permission.objects.filter(
        content_type__app_label="meetings", codename="change_upload"
    )
    users = (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .exclude(email="")
        .filter(
            Q(is_superuser=True)
            | Q(user_permissions__in=may_publish)
            | Q(groups__permissions__in=may_publish)
        )
    )
    return sorted(set(users.values_list("email", flat=True)))


def held_tell_staff() -> int:
    """Mail the reviewers of every held harvested meeting not told of yet: how many were."""
    with transaction.atomic():
        held = list(
            Upload.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(origin=Upload.Origin.HARVEST, status=Upload.Status.AWAITING, staff_told_at=None)
            .select_related("municipality")
            .order_by("uploaded_at", "pk")
        )
        if not held:
            return 0
        to = reviewers()
        if not to:
            # Kept untold: the first member of staff given an address hears of them.
            logger.warning("%d held meetings, and no staff with an address to tell", len(held))
            return 0
        with translation.override(settings.LANGUAGE_CODE):
            subject = ngettext(
                "Referatarkivet: %(count)d høstet møde venter på gennemsyn",
                "Referatarkivet: %(count)d høstede møder venter på gennemsyn",
                len(held),
            ) % {"count": len(held)}
            body = render_to_string(
                "harvest/held_mail.txt", {"held": [_described(upload) for upload in held]}
            )
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to).send()
        Upload.objects.filter(pk__in=[upload.pk for upload in held]).update(
            staff_told_at=timezone.now()
        )
    logger.info("staff told of %d held meetings", len(held))
    return len(held)


def _described(upload: Upload) -> dict:
    referat = upload.referat or {}
    try:
        date = datetime.date.fromisoformat(referat.get("date") or "")
    except ValueError:
        date = None
    places: dict[str, list[str]] = {}
    for flag in upload.personal_data_flags:
        places.setdefault(flag["label"], [])
        if flag["place"] not in places[flag["label"]]:
            places[flag["label"]].append(flag["place"])
    return {
        "municipality": upload.municipality.name,
        "committee": ((referat.get("committee") or {}).get("name") or "").strip(),
        "date": date,
        "flags": [{"label": label, "places": where} for label, where in places.items()],
        "review_url": settings.ARCHIVE_SITE_URL
        + reverse("admin:meetings_upload_change", args=[upload.pk]),
        "portal_page": page_of(upload.source_url),
    }
