"""Upload of referater by the secretariat: receive, preview, publish or discard.

Every file is kept as an Upload whatever becomes of it. It is parsed when it arrives (the same
`read_referat` as `manage.py ingest`, so a refused file gives the same one-line reason), shown
in a preview with what would change in the archive, and only published through the same
`referat_store` as the command line, in one transaction: no half-published meeting.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from meetings.ingest.errors import ReferatError
from meetings.models import (
    Case,
    Committee,
    Meeting,
    PublishRun,
    SourceDocument,
    Upload,
)
from meetings.opendata.serialize import meeting_to_referat
from meetings.publishing.runs import publishing_run

from .privacy import PersonalDataFlag, find_personal_data


class UploadError(Exception):
    """An upload cannot be published or discarded now; the message says why, in one line."""


class PersonalDataNotConfirmed(UploadError):
    """The referat looks like it holds personal data and nobody confirmed publishing it."""


# Leading bytes of files that are certainly not a referat, whatever their name says.
# The descriptions are lazy: made at import time, worded in the language of whoever uploads.
_BINARY_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "png", gettext_lazy("et PNG-billede")),
    (b"\xff\xd8\xff", "jpeg", gettext_lazy("et JPEG-billede")),
    (b"GIF87a", "gif", gettext_lazy("et GIF-billede")),
    (b"GIF89a", "gif", gettext_lazy("et GIF-billede")),
    (b"II*\x00", "tiff", gettext_lazy("et TIFF-billede")),
    (b"MM\x00*", "tiff", gettext_lazy("et TIFF-billede")),
    (b"PK\x03\x04", "zip", gettext_lazy("et ZIP-arkiv (eller et Word/Excel-dokument)")),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole", gettext_lazy("et gammelt Office-dokument")),
    (b"{\\rtf", "rtf", gettext_lazy("et RTF-dokument")),
    (b"\x1f\x8b", "gzip", gettext_lazy("et gzip-arkiv")),
    (b"RIFF", "riff", gettext_lazy("en lyd- eller billedfil")),
    (b"\x7fELF", "elf", gettext_lazy("et program")),
)


def sniff_format(data: bytes) -> tuple[str, str | None]:
    """(format, refusal) from the content alone: ("pdf", None), ("text", None) or a refusal."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf", None
    for signature, name, description in _BINARY_SIGNATURES:
        if data.startswith(signature):
            return name, _("Filen er %(what)s, ikke en PDF eller en tekstfil.") % {
                "what": description
            }
    if b"\x00" in data[:65536]:
        return "binary", _("Filen er hverken en PDF eller en tekstfil (den har binære data).")
    return "text", None


def _read(data: bytes, *, filename: str):
    # Imported here so that this module (and the admin) loads before the ingest pipeline does.
    from meetings.ingest.pipeline import read_referat

    return read_referat(data, filename=filename)


def upload_receive(*, file, uploaded_by, municipality=None) -> Upload:
    """Keep one uploaded file and parse it: awaiting review, or refused with its reason.

    `file` is a Django UploadedFile (anything with `.name`, `.size` and `.chunks()`);
    `municipality` whose referat it is (when not given: the one the referat names, else the
    archive's default).
    """
    from meetings.models import Municipality

    chosen = municipality
    filename = (getattr(file, "name", "") or "referat").rsplit("/", 1)[-1][:500]
    limit = settings.ARCHIVE_MAX_UPLOAD_BYTES
    size = file.size
    if size > limit:
        # Too big to keep: a file of any size in the database is the attack the limit stops.
        # The reason is the command line's, from the same check.
        from meetings.ingest.pipeline import check_size

        try:
            check_size(size)
            reason = _("Filen er større end grænsen.")  # not reached: size > limit
        except ReferatError as error:
            reason = str(error)
        return Upload.objects.create(
            municipality=chosen or Municipality.objects.default(),
            content=b"",
            filename=filename,
            size=size,
            sha256="",
            status=Upload.Status.REFUSED,
            refused_reason=reason,
            uploaded_by=uploaded_by,
        )
    data = b"".join(file.chunks())
    upload = Upload(
        content=data,
        filename=filename,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=uploaded_by,
    )
    upload.format, sniffed_refusal = sniff_format(data)
    refusal = None
    try:
        read = _read(data, filename=filename)
        # What the store would refuse later (a date that is no date …), refused now.
        from meetings.ingest.store import referat_check

        referat_check(read.referat)
    except ReferatError as error:
        # The command line's reason (in the uploader's language), taken as text now; `format`
        # still says what the bytes are. When the bytes themselves say what the file is (a
        # PNG, a ZIP …), that says more than the pipeline's "neither a PDF nor text", and is
        # the reason kept.
        specific = sniffed_refusal is not None and upload.format != "binary"
        refusal = sniffed_refusal if specific else str(error)
    else:
        # The pipeline refuses every non-referat we know of; should one ever parse while its
        # bytes say image or archive, it is refused all the same.
        refusal = sniffed_refusal
        upload.format = upload.format if sniffed_refusal else read.format
        upload.referat = None if sniffed_refusal else read.referat
    if chosen is None and upload.referat is not None:
        from meetings.ingest.store import referat_municipality

        chosen = referat_municipality(upload.referat)
    upload.municipality = chosen or Municipality.objects.default()
    if refusal is not None:
        upload.status = Upload.Status.REFUSED
        upload.refused_reason = " ".join(refusal.split())[:500] or _("Filen blev afvist.")
    upload.save()
    return upload


@dataclass
class ItemChange:
    """One agenda item that differs between the archive and the upload."""

    number: int
    title: str
    old_title: str = ""
    old_decision: str = ""
    new_decision: str = ""
    title_changed: bool = False
    decision_changed: bool = False


@dataclass
class MeetingChanges:
    """What publishing a new version of a meeting would change."""

    items_added: list[dict] = field(default_factory=list)
    items_removed: list[dict] = field(default_factory=list)
    items_changed: list[ItemChange] = field(default_factory=list)
    participants_added: list[str] = field(default_factory=list)
    participants_removed: list[str] = field(default_factory=list)
    header_changed: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(
            self.items_added
            or self.items_removed
            or self.items_changed
            or self.participants_added
            or self.participants_removed
            or self.header_changed
        )


@dataclass
class UploadPreview:
    """Everything the secretariat must see before a referat becomes public."""

    upload: Upload
    referat: dict
    warnings: list[str]
    committee: Committee | None
    existing_meeting: Meeting | None
    changes: MeetingChanges | None
    new_people: list[str]
    new_committees: list[str]
    new_cases: list[str]
    already_stored: SourceDocument | None
    personal_data: list[PersonalDataFlag]

    @property
    def date(self) -> datetime.date | None:
        try:
            return datetime.date.fromisoformat(self.referat.get("date") or "")
        except ValueError:
            return None

    @property
    def present(self) -> list[str]:
        return [p["name"] for p in self.referat.get("participants", []) if p["status"] != "absent"]

    @property
    def absent(self) -> list[str]:
        return [p["name"] for p in self.referat.get("participants", []) if p["status"] == "absent"]


def _text(value) -> str:
    return " ".join((value or "").split())


def meeting_changes(old: dict, new: dict) -> MeetingChanges:
    """Compare two referater of the same meeting (the schema shape), item by item number."""
    changes = MeetingChanges()
    old_items = {item["number"]: item for item in old.get("items", [])}
    new_items = {item["number"]: item for item in new.get("items", [])}
    changes.items_added = [new_items[n] for n in sorted(new_items.keys() - old_items.keys())]
    changes.items_removed = [old_items[n] for n in sorted(old_items.keys() - new_items.keys())]
    for number in sorted(old_items.keys() & new_items.keys()):
        before, after = old_items[number], new_items[number]
        change = ItemChange(
            number=number,
            title=after.get("title", ""),
            old_title=before.get("title", ""),
            old_decision=before.get("decision") or "",
            new_decision=after.get("decision") or "",
            title_changed=_text(before.get("title")) != _text(after.get("title")),
            decision_changed=_text(before.get("decision")) != _text(after.get("decision")),
        )
        if change.title_changed or change.decision_changed:
            changes.items_changed.append(change)
    old_people = {(p["name"], p["status"]) for p in old.get("participants", [])}
    new_people = {(p["name"], p["status"]) for p in new.get("participants", [])}
    changes.participants_added = [
        f"{name} ({_('fraværende') if status == 'absent' else _('til stede')})"
        for name, status in sorted(new_people - old_people)
    ]
    changes.participants_removed = [
        f"{name} ({_('fraværende') if status == 'absent' else _('til stede')})"
        for name, status in sorted(old_people - new_people)
    ]
    for key, label in (("location", _("Mødested")), ("start_time", _("Starttid"))):
        if _text(old.get(key)) != _text(new.get(key)):
            changes.header_changed.append((str(label), old.get(key) or "", new.get(key) or ""))
    return changes


def upload_preview(upload: Upload) -> UploadPreview:
    """What publishing this upload would show and change; reads only, writes nothing."""
    if upload.referat is None:
        raise UploadError(
            _("Filen blev afvist og kan ikke vises: %(reason)s") % {"reason": upload.refused_reason}
        )
    referat = upload.referat
    try:
        from meetings.ingest.store import referat_match

        match = referat_match(referat, upload.municipality)
        committee, meeting, new_committees = match.committee, match.meeting, match.new_committees
    except ReferatError as error:
        raise UploadError(str(error)) from error
    numbers = [item["case_number"] for item in referat.get("items", []) if item.get("case_number")]
    known_cases = set(
        Case.objects.filter(municipality=upload.municipality, number__in=numbers).values_list(
            "number", flat=True
        )
    )
    warnings = list(referat.get("warnings") or [])
    # The store keeps it as another meeting that day (another time, another agenda): say so,
    # since a correction whose time and items both changed would look the same.
    for other in match.same_day_others:
        warnings.append(
            _(
                "Udvalget har allerede et møde denne dag (%(time)s) med en anden dagsorden; "
                "referatet gemmes som et særskilt møde. Er det en rettelse af det møde, så "
                "kassér og tjek starttid og punkter."
            )
            % {
                "time": _("kl. %(time)s") % {"time": f"{other.start_time:%H:%M}"}
                if other.start_time
                else _("uden starttid")
            }
        )
    return UploadPreview(
        upload=upload,
        referat=referat,
        warnings=warnings,
        committee=committee,
        existing_meeting=meeting,
        changes=meeting_changes(meeting_to_referat(meeting), referat) if meeting else None,
        new_committees=new_committees,
        new_people=list(dict.fromkeys(match.new_people)),
        new_cases=[n for n in dict.fromkeys(numbers) if n not in known_cases],
        already_stored=SourceDocument.objects.filter(sha256=upload.sha256).first(),
        personal_data=find_personal_data(referat),
    )


def _lock_awaiting(upload: Upload) -> Upload:
    locked = Upload.objects.select_for_update().get(pk=upload.pk)
    if locked.status != Upload.Status.AWAITING:
        raise UploadError(
            _("Filen %(name)s er ikke til gennemsyn længere (status: %(status)s).")
            % {"name": locked.filename, "status": locked.get_status_display()}
        )
    return locked


def upload_publish(*, upload: Upload, published_by, confirm_personal_data: bool = False):
    """Publish an upload through `referat_store`, in one transaction with its own record.

    Returns the store's StoreResult. Raises PersonalDataNotConfirmed when the referat looks
    like it holds personal data and `confirm_personal_data` is not given.
    """
    try:
        return _publish(
            upload=upload, published_by=published_by, confirm_personal_data=confirm_personal_data
        )
    except ReferatError as error:
        # The store refused it and wrote nothing; the upload says why from now on.
        reason = " ".join(str(error).split())[:500] or _("Filen blev afvist.")
        Upload.objects.filter(pk=upload.pk, status=Upload.Status.AWAITING).update(
            status=Upload.Status.REFUSED, refused_reason=reason
        )
        raise UploadError(reason) from error


def _publish(*, upload: Upload, published_by, confirm_personal_data: bool):
    from meetings.ingest.pipeline import ReadReferat
    from meetings.ingest.store import referat_store

    with transaction.atomic(), publishing_run(PublishRun.Origin.UPLOAD):
        upload = _lock_awaiting(upload)
        flags = [flag.as_dict() for flag in find_personal_data(upload.referat)]
        if flags and not confirm_personal_data:
            raise PersonalDataNotConfirmed(
                ngettext(
                    "Referatet ser ud til at indeholde personoplysninger (%(count)d sted); "
                    "bekræft, at det må offentliggøres.",
                    "Referatet ser ud til at indeholde personoplysninger (%(count)d steder); "
                    "bekræft, at det må offentliggøres.",
                    len(flags),
                )
                % {"count": len(flags)}
            )
        # Exactly what the preview showed is stored, not a new parse of the bytes.
        read = ReadReferat(
            referat=upload.referat,
            format=upload.format,
            content=bytes(upload.content),
            sha256=upload.sha256,
            filename=upload.filename,
        )
        from meetings.ingest.store import PersonalDataChoice

        result = referat_store(
            read=read,
            municipality=upload.municipality,
            received_by=published_by,
            personal_data=PersonalDataChoice(flags, f"upload: {published_by}") if flags else None,
        )
        now = timezone.now()
        upload.status = Upload.Status.PUBLISHED
        upload.published_by = published_by
        upload.published_at = now
        upload.store_status = result.status
        upload.meeting = result.meeting
        upload.source_document = result.source_document
        upload.personal_data_flags = flags
        if flags:
            upload.personal_data_confirmed_by = published_by
            upload.personal_data_confirmed_at = now
        upload.save()
    return result


def upload_discard(*, upload: Upload, discarded_by) -> Upload:
    """Set an upload aside unpublished; the file itself is kept."""
    with transaction.atomic():
        upload = _lock_awaiting(upload)
        upload.status = Upload.Status.DISCARDED
        upload.discarded_by = discarded_by
        upload.discarded_at = timezone.now()
        upload.save(update_fields=["status", "discarded_by", "discarded_at"])
    return upload
