"""What the archive fetches by itself: each harvest of a municipality's portal, and what it
knows of each meeting the portal lists."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .archive import Meeting, Municipality


class Harvest(models.Model):
    """One run of fetching a municipality's portal: when, what came in, what failed and why."""

    class Status(models.TextChoices):
        RUNNING = "running", _("I gang")
        FINISHED = "finished", _("Færdig")
        FAILED = "failed", _("Mislykkedes")
        INTERRUPTED = "interrupted", _("Afbrudt")

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", _("Planlagt")
        STAFF = "staff", _("Startet af personale")
        COMMAND = "command", _("Kommandolinjen")

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("kommune"), on_delete=models.CASCADE, related_name="harvests"
    )
    portal_url = models.URLField(_("portal"), max_length=500)
    trigger = models.CharField(_("startet af"), max_length=10, choices=Trigger.choices)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("startet af person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    since = models.DateField(
        _("hent igen fra"),
        null=True,
        blank=True,
        help_text=_("Møder på eller efter datoen hentes igen."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RUNNING
    )
    started_at = models.DateTimeField(_("startet"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("sluttet"), null=True, blank=True)
    listed = models.PositiveIntegerField(_("på portalen"), default=0)
    fetched = models.PositiveIntegerField(_("hentet"), default=0)
    created = models.PositiveIntegerField(_("nye"), default=0)
    updated = models.PositiveIntegerField(_("nye versioner"), default=0)
    unchanged = models.PositiveIntegerField(_("uændrede"), default=0)
    refused = models.PositiveIntegerField(_("afviste"), default=0)
    held = models.PositiveIntegerField(_("holdt tilbage"), default=0)
    failed = models.PositiveIntegerField(_("fejlede"), default=0)
    # Why the harvest as a whole failed (the portal did not answer …), in one line.
    reason = models.CharField(_("årsag"), max_length=500, blank=True, default="")
    # One line per meeting that did not come in unchanged: what became of it and why.
    log = models.JSONField(_("forløb"), default=list, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("høstning")
        verbose_name_plural = _("høstninger")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["running", "finished", "failed", "interrupted"]),
                name="harvest_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.started_at:%d-%m-%Y %H:%M} ({self.get_status_display()})"


class PortalMeeting(models.Model):
    """One meeting a municipality's portal lists, and what the archive last made of it: what
    a harvest needs to fetch only what is new or changed, and to resume where it stopped."""

    class Status(models.TextChoices):
        STORED = "stored", _("Gemt")
        REFUSED = "refused", _("Afvist")
        HELD = "held", _("Holdt tilbage til gennemsyn")
        FAILED = "failed", _("Kunne ikke hentes")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="portal_meetings",
        verbose_name=_("kommune"),
    )
    portal_id = models.CharField(_("portalens id"), max_length=100)
    committee_name = models.CharField(_("udvalg"), max_length=300, blank=True, default="")
    date = models.DateField(_("mødedato"), null=True, blank=True)
    # A hash of the meeting's entry in the portal's list: when the portal changes what it
    # lists about a meeting (its date, its kind …), the meeting is fetched again.
    listing = models.CharField(
        max_length=64, blank=True, default="", verbose_name=_("portalens oplysninger")
    )
    etag = models.CharField(max_length=200, blank=True, default="", verbose_name=_("ETag"))
    last_modified = models.CharField(
        max_length=100, blank=True, default="", verbose_name=_("senest ændret")
    )
    sha256 = models.CharField(max_length=64, blank=True, default="", verbose_name=_("SHA-256"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    reason = models.CharField(_("årsag"), max_length=500, blank=True, default="")
    # Whether a referat with every decision released is stored: then only a change in the
    # list, a --since, or the slow round of rechecks fetches it again.
    settled = models.BooleanField(default=False, verbose_name=_("færdig"))
    meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="portal_records",
        verbose_name=_("møde"),
    )
    fetched_at = models.DateTimeField(_("hentet"), null=True, blank=True)
    checked_at = models.DateTimeField(_("tjekket"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["municipality", "-date"]
        verbose_name = _("møde på portalen")
        verbose_name_plural = _("møder på portalen")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "portal_id"], name="portal_meeting_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["stored", "refused", "held", "failed"]),
                name="portal_meeting_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee_name} {self.date} ({self.portal_id})"
