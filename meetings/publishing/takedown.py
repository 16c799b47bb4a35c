"""Taking published text down: a meeting or one item withdrawn, a passage redacted, and the
withdrawal lifted again; each a single action that reaches every public place.

Withdrawing deletes the public rows (items, sections, attendance …), so the text is gone from
pages, search, feeds, the API and the exports at once; the files stay, for staff only. The
meeting stays as a tombstone that says when and why. A redaction replaces the passage in
every stored text of the meeting. Both hold for later versions: the store keeps a withdrawn
meeting's or item's new text out, and redacts every new version before writing it. Every
step is recorded in the correction log and in the changes feed.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import (
    AgendaItem,
    Amount,
    Attachment,
    AttendanceTally,
    Case,
    CaseHistoryEntry,
    ChangeEvent,
    Committee,
    CorrectionLog,
    ItemSection,
    Meeting,
    Position,
    Redaction,
    Withdrawal,
)
from meetings.opendata.changes import record_change

REDACTED = "[…]"


def redact_text(text, passages: list[str]):
    """`text` with every passage replaced (None and non-text returned as they are)."""
    if not isinstance(text, str) or not text:
        return text
    for passage in passages:
        if passage:
            text = text.replace(passage, REDACTED)
    return text


def redact_referat(referat, passages: list[str]):
    """A referat (the schema shape, or any JSON) with every passage replaced in every text."""
    if not passages:
        return referat
    if isinstance(referat, str):
        return redact_text(referat, passages)
    if isinstance(referat, list):
        return [redact_referat(value, passages) for value in referat]
    if isinstance(referat, dict):
        return {key: redact_referat(value, passages) for key, value in referat.items()}
    return referat


def passages_of(meeting) -> list[str]:
    return list(Redaction.objects.filter(meeting=meeting).values_list("passage", flat=True))


def withdrawn_items(meeting) -> set[int]:
    return set(
        Withdrawal.objects.filter(meeting=meeting, lifted_at=None)
        .exclude(item_number=None)
        .values_list("item_number", flat=True)
    )


def meeting_withdraw(*, meeting: Meeting, reason: str, made_by) -> CorrectionLog:
    """Take a whole meeting down: its content gone everywhere, a tombstone with the reason."""
    from meetings.ingest.store import _delete_content, _delete_orphans

    reason = _reason(reason)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.withdrawn_at:
            raise ValidationError(_("Mødet er allerede fjernet."))
        before = {"items": meeting.items.count()}
        replaced = _delete_content(meeting)
        _delete_orphans(replaced)
        meeting.withdrawn_at, meeting.withdrawn_reason = timezone.now(), reason
        meeting.save(update_fields=["withdrawn_at", "withdrawn_reason"])
        Withdrawal.objects.create(meeting=meeting, reason=reason, made_by=made_by)
        _refresh(meeting, replaced.cases)
        record_change(meeting, ChangeEvent.Kind.WITHDRAWN)
        _rebuild_dumps()
        return _log(CorrectionLog.Action.WITHDRAW, made_by, meeting, reason, before, {"items": 0})


def item_withdraw(*, item: AgendaItem, reason: str, made_by) -> CorrectionLog:
    """Take one item of a meeting down; the meeting page says where it was, when and why."""
    reason = _reason(reason)
    with transaction.atomic():
        item = AgendaItem.objects.select_related("meeting").select_for_update().get(pk=item.pk)
        meeting, number, case_id = item.meeting, item.number, item.case_id
        for model in (ItemSection, Attachment, CaseHistoryEntry, Position, Amount):
            model.objects.filter(item=item).delete()
        item.delete()
        Withdrawal.objects.create(
            meeting=meeting, item_number=number, reason=reason, made_by=made_by
        )
        _refresh(meeting, [case_id] if case_id else [])
        record_change(meeting, ChangeEvent.Kind.WITHDRAWN)
        _rebuild_dumps()
        return _log(
            CorrectionLog.Action.WITHDRAW,
            made_by,
            meeting,
            reason,
            {"item": number},
            {"item": None},
            where=_("punkt %(number)s") % {"number": number},
        )


def meeting_redact(*, meeting: Meeting, passage: str, reason: str, made_by) -> CorrectionLog:
    """Replace a passage in every stored text of a meeting, and in its later versions."""
    reason = _reason(reason)
    passage = passage.strip()
    if len(passage) < 3:
        raise ValidationError(_("Skriv den tekst, der skal fjernes (mindst tre tegn)."))
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        Redaction.objects.create(meeting=meeting, passage=passage, reason=reason, made_by=made_by)
        passages = [passage]
        found = _redact_rows(meeting, passages)
        if not found:
            raise ValidationError(_("Teksten findes ikke i mødets referat."))
        meeting.redacted_at = timezone.now()
        meeting.save(update_fields=["title", "location", "redacted_at"])
        from meetings.search.index import index_items

        index_items(meeting.items.all())
        record_change(meeting, ChangeEvent.Kind.REDACTED)
        _rebuild_dumps()
        return _log(CorrectionLog.Action.REDACT, made_by, meeting, reason, {"places": found}, {})


def meeting_restore(*, meeting: Meeting, made_by) -> CorrectionLog:
    """Lift a meeting's withdrawals: its current version is published again (redacted)."""
    from meetings.ingest.pipeline import read_referat
    from meetings.ingest.store import restore_content

    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        lifted = Withdrawal.objects.filter(meeting=meeting, lifted_at=None)
        if not lifted.exists():
            raise ValidationError(_("Mødet har intet fjernet."))
        lifted.update(lifted_at=timezone.now())
        meeting.withdrawn_at, meeting.withdrawn_reason = None, ""
        meeting.save(update_fields=["withdrawn_at", "withdrawn_reason"])
        document = meeting.source_documents.order_by("-received_at", "-pk").first()
        referat = document.referat if document and document.referat else None
        if referat is None and document is not None:
            referat = read_referat(bytes(document.content), filename=document.filename).referat
        if referat is not None:
            restore_content(meeting, referat)
        record_change(meeting, ChangeEvent.Kind.RESTORED)
        _rebuild_dumps()
        return _log(CorrectionLog.Action.RESTORE, made_by, meeting, "", {}, {})


def _redact_rows(meeting, passages) -> int:
    """Replace the passages in every text column of the meeting's rows; how many changed."""
    changed = 0
    for field in ("title", "location"):
        value = getattr(meeting, field)
        new = redact_text(value, passages)
        if new != value:
            setattr(meeting, field, new)
            changed += 1
    items = AgendaItem.objects.filter(meeting=meeting)
    targets = [
        (items, ("title", "decision")),
        (ItemSection.objects.filter(item__meeting=meeting), ("text",)),
        (Attachment.objects.filter(item__meeting=meeting), ("name",)),
        (CaseHistoryEntry.objects.filter(item__meeting=meeting), ("text",)),
        (Position.objects.filter(item__meeting=meeting), ("text", "on")),
        (Amount.objects.filter(item__meeting=meeting), ("text",)),
    ]
    for queryset, fields in targets:
        for row in queryset:
            dirty = []
            for field in fields:
                value = getattr(row, field)
                new = redact_text(value, passages)
                if new != value:
                    setattr(row, field, new)
                    dirty.append(field)
            if dirty:
                row.save(update_fields=dirty)
                changed += 1
    return changed


def _rebuild_dumps() -> None:
    from meetings.opendata.tasks import rebuild_after_takedown

    rebuild_after_takedown()


def _refresh(meeting, cases) -> None:
    """The counts the store keeps, again, for what a takedown removed."""
    Case.objects.filter(pk__in=cases).refresh_summary()
    AttendanceTally.objects.refresh([meeting.committee_id])
    Committee.objects.filter(pk=meeting.committee_id).refresh_span()


def _reason(reason: str) -> str:
    reason = " ".join((reason or "").split())[:500]
    if not reason:
        raise ValidationError(_("Skriv en årsag: den står på den offentlige side."))
    return reason


def _log(action, made_by, meeting, reason, before, after, *, where: str = "") -> CorrectionLog:
    what = f"{meeting}" + (f", {where}" if where else "")
    summary = {
        CorrectionLog.Action.WITHDRAW: _("Fjernet: %(what)s (%(reason)s)"),
        CorrectionLog.Action.REDACT: _("Redigeret: %(what)s (%(reason)s)"),
        CorrectionLog.Action.RESTORE: _("Genoprettet: %(what)s"),
    }[action] % {"what": what, "reason": reason}
    return CorrectionLog.objects.create(
        action=action,
        made_by=made_by,
        summary=summary[:1000],
        before={"meeting": meeting.pk, **before},
        after={"meeting": meeting.pk, **after},
    )
