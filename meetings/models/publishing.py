"""What staff do with referater: each uploaded file, and each correction made by hand."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .archive import Meeting, Municipality, SourceDocument, default_municipality_id


class Upload(models.Model):
    """One referat for staff to review before it is published: a file a member of staff
    uploaded, or a harvested meeting held back by the privacy gate; kept byte for byte with
    what became of it."""

    class Status(models.TextChoices):
        AWAITING = "awaiting", _("Afventer gennemsyn")
        PUBLISHED = "published", _("Offentliggjort")
        DISCARDED = "discarded", _("Kasseret")
        REFUSED = "refused", _("Afvist")

    class Origin(models.TextChoices):
        UPLOAD = "upload", _("Uploadet")
        HARVEST = "harvest", _("Høstet fra portalen")

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        related_name="uploads",
        default=default_municipality_id,
    )
    origin = models.CharField(
        _("kilde"), max_length=10, choices=Origin.choices, default=Origin.UPLOAD
    )
    # A harvested meeting's address at the portal.
    source_url = models.URLField(_("hentet fra"), max_length=1000, blank=True, default="")

    content = models.BinaryField(
        editable=False,
        help_text=_("Kun tom, når filen var over størrelsesgrænsen."),
        verbose_name=_("indhold"),
    )
    filename = models.CharField(_("filnavn"), max_length=500)
    size = models.PositiveBigIntegerField(_("størrelse"), editable=False)
    sha256 = models.CharField(
        max_length=64, db_index=True, editable=False, verbose_name=_("SHA-256")
    )
    # What the bytes are, sniffed from the content and never from the name: "pdf", "text",
    # or what else we recognised ("png", "zip" …) for a refused file.
    # The codes of a source document's formats ("text"), shown by their names ("Tekst").
    format = models.CharField(
        _("format"), max_length=20, blank=True, default="", choices=SourceDocument.Format.choices
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.AWAITING
    )
    refused_reason = models.CharField(_("årsag til afvisning"), max_length=500, blank=True)
    # The parsed referat (the schema shape) as shown in the preview: publishing stores exactly
    # this, so what the secretariat saw is what is published.
    referat = models.JSONField(null=True, blank=True, editable=False, verbose_name=_("referat"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploadet af"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploadet"), auto_now_add=True, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("offentliggjort af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("offentliggjort"), null=True, blank=True)
    discarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("kasseret af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    discarded_at = models.DateTimeField(_("kasseret"), null=True, blank=True)
    # The privacy gate: what the detector flagged when it was published, and who confirmed
    # that it may be published all the same.
    personal_data_flags = models.JSONField(
        _("mulige personoplysninger"), default=list, blank=True, editable=False
    )
    personal_data_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personoplysninger bekræftet af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    personal_data_confirmed_at = models.DateTimeField(
        _("personoplysninger bekræftet"), null=True, blank=True
    )
    # A harvested meeting held back: when the reviewers were mailed of it (meetings.harvest.
    # staff_mail), so that each is told of once.
    staff_told_at = models.DateTimeField(
        _("personalet underrettet"), null=True, blank=True, editable=False
    )
    store_status = models.CharField(
        max_length=20,
        blank=True,
        default="",
        help_text=_("oprettet / opdateret / uændret"),
        verbose_name=_("gemt som"),
    )
    source_document = models.ForeignKey(
        SourceDocument,
        verbose_name=_("kildedokument"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="uploads",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("møde"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="uploads",
    )

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["awaiting", "published", "discarded", "refused"]),
                name="upload_status_valid",
            ),
            # A refused file always says why, and only a refused file has a reason.
            models.CheckConstraint(
                condition=(
                    models.Q(status="refused", refused_reason__gt="")
                    | (~models.Q(status="refused") & models.Q(refused_reason=""))
                ),
                name="upload_refused_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="upload_published_has_time",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="discarded") | models.Q(discarded_at__isnull=False),
                name="upload_discarded_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"


class CorrectionLog(models.Model):
    """One correction made by staff in the admin: who, when, what it was before and after."""

    class Action(models.TextChoices):
        PERSON_MERGE = "person_merge", _("Personer slået sammen")
        COMMITTEE_CORRECT = "committee_correct", _("Udvalg rettet")
        WITHDRAW = "withdraw", _("Fjernet fra offentligheden")
        REDACT = "redact", _("Tekst redigeret")
        RESTORE = "restore", _("Genoprettet")

    action = models.CharField(_("handling"), max_length=30, choices=Action.choices)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rettet af"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    made_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)
    summary = models.CharField(_("rettelse"), max_length=1000)
    before = models.JSONField(_("før"), default=dict)
    after = models.JSONField(_("efter"), default=dict)

    class Meta:
        ordering = ["-made_at", "-id"]
        verbose_name = _("rettelse")
        verbose_name_plural = _("rettelser")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    action__in=[
                        "person_merge",
                        "committee_correct",
                        "withdraw",
                        "redact",
                        "restore",
                    ]
                ),
                name="correction_action_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.summary


class PublishRun(models.Model):
    """One run that published referater: an `ingest` command, a published upload, a harvest.

    What follows a publication (alert mails, the open-data dumps) is done once per run, not
    once per meeting: a subscriber gets one mail for everything a harvest brought."""

    class Origin(models.TextChoices):
        INGEST = "ingest", _("Kommandolinjen")
        UPLOAD = "upload", _("Upload")
        HARVEST = "harvest", _("Høstning")

    origin = models.CharField(_("kilde"), max_length=10, choices=Origin.choices)
    started_at = models.DateTimeField(_("startet"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("sluttet"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("offentliggørelse")
        verbose_name_plural = _("offentliggørelser")

    def __str__(self) -> str:
        return f"{self.get_origin_display()} {self.started_at:%d-%m-%Y %H:%M}"


class PublishedMeeting(models.Model):
    """A meeting a run stored: new, or in a new version."""

    class Status(models.TextChoices):
        CREATED = "created", _("Ny")
        UPDATED = "updated", _("Ny version")

    run = models.ForeignKey(
        PublishRun, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("kørsel")
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="publications", verbose_name=_("møde")
    )
    status = models.CharField(max_length=10, choices=Status.choices, verbose_name=_("status"))

    class Meta:
        verbose_name = _("offentliggjort møde")
        verbose_name_plural = _("offentliggjorte møder")
        constraints = [
            models.UniqueConstraint(fields=["run", "meeting"], name="published_meeting_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} ({self.get_status_display()})"


class Withdrawal(models.Model):
    """A meeting, or one of its items, taken down by staff: gone from every public place, and
    kept out when a later version of the referat arrives, until staff restore it."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="withdrawals", verbose_name=_("møde")
    )
    # The item's number; null when the whole meeting is withdrawn.
    item_number = models.PositiveIntegerField(_("punkt"), null=True, blank=True)
    reason = models.CharField(_("årsag"), max_length=500)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("foretaget af"),
    )
    made_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)
    lifted_at = models.DateTimeField(_("genoprettet"), null=True, blank=True)

    class Meta:
        ordering = ["-made_at"]
        verbose_name = _("fjernelse")
        verbose_name_plural = _("fjernelser")

    def __str__(self) -> str:
        where = f"punkt {self.item_number}" if self.item_number else "hele mødet"
        return f"{self.meeting}, {where}: {self.reason}"


class Redaction(models.Model):
    """A passage staff replaced in a meeting's published text (a name, a number): replaced on
    every page, in search, feeds, the API and the exports, and in every later version."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="redactions", verbose_name=_("møde")
    )
    passage = models.TextField(_("tekst der fjernes"))
    reason = models.CharField(_("årsag"), max_length=500)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("foretaget af"),
    )
    made_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)

    class Meta:
        ordering = ["made_at"]
        verbose_name = _("redigering")
        verbose_name_plural = _("redigeringer")

    def __str__(self) -> str:
        return f"{self.meeting}: {self.reason}"


class ChangeEvent(models.Model):
    """A meeting created, updated, withdrawn, redacted or restored: what /api/changes serves.

    `xid` is the transaction that made the change. A reader is served only changes of
    transactions older than every one still running (PostgreSQL's snapshot xmin), in (xid, id)
    order, so a change committed late by a slow transaction is never skipped past."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Nyt møde")
        UPDATED = "updated", _("Ny version")
        WITHDRAWN = "withdrawn", _("Fjernet")
        REDACTED = "redacted", _("Redigeret")
        RESTORED = "restored", _("Genoprettet")

    # Not a foreign key: the record of a change outlives the meeting if an admin deletes it.
    meeting_id = models.BigIntegerField(db_index=True, verbose_name=_("møde-id"))
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="changes", verbose_name=_("kommune")
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, verbose_name=_("slags"))
    xid = models.BigIntegerField(editable=False, verbose_name=_("transaktionsnummer"))
    at = models.DateTimeField(auto_now_add=True, verbose_name=_("tidspunkt"))

    class Meta:
        verbose_name = _("ændring")
        verbose_name_plural = _("ændringer")
        ordering = ["xid", "id"]
        indexes = [models.Index(fields=["xid", "id"], name="change_event_order")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} møde {self.meeting_id}"
