"""Corrections staff make in the admin, each in one transaction and recorded in CorrectionLog.

- `person_merge`: two spellings of one person ("Tina Mandrup", "Tina  Mandrup") become one.
- `committee_correct`: a committee's code or name is put right.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from meetings.alerts.subscriptions import subscriptions_move_person
from meetings.models import (
    Attendance,
    AttendanceTally,
    CaseHistoryEntry,
    Committee,
    CommitteeAlias,
    CorrectionLog,
    Person,
    PersonAlias,
    committee_name_key,
)


def person_merge(*, keep: Person, merge: Iterable[Person], made_by) -> CorrectionLog:
    """Move every attendance of the people in `merge` to `keep`, then delete them.

    Where `keep` already has an attendance at the same meeting, the meeting keeps one row
    (the database allows one per person and meeting): "present" wins over "absent", since a
    referat that names someone present is the stronger evidence.
    """
    others = [person for person in merge if person.pk != keep.pk]
    if not others:
        raise ValidationError(
            _("Vælg mindst én anden person at slå sammen med %(name)s.") % {"name": keep.name}
        )
    if any(person.municipality_id != keep.municipality_id for person in others):
        raise ValidationError(_("Kun personer fra samme kommune kan slås sammen."))
    with transaction.atomic():
        keep = Person.objects.select_for_update().get(pk=keep.pk)
        others = list(Person.objects.select_for_update().filter(pk__in=[p.pk for p in others]))
        before = {
            "keep": {"id": keep.pk, "name": keep.name, "attendance": keep.attendance.count()},
            "merged": [
                {"id": p.pk, "name": p.name, "attendance": p.attendance.count()} for p in others
            ],
        }
        moved = collapsed = 0
        kept_rows = {a.meeting_id: a for a in Attendance.objects.filter(person=keep)}
        for row in Attendance.objects.filter(person__in=others).order_by("meeting_id", "pk"):
            existing = kept_rows.get(row.meeting_id)
            if existing is None:
                row.person = keep
                row.save(update_fields=["person"])
                kept_rows[row.meeting_id] = row
                moved += 1
            else:
                if row.status == Attendance.Status.PRESENT != existing.status:
                    existing.status = Attendance.Status.PRESENT
                    existing.save(update_fields=["status"])
                row.delete()
                collapsed += 1
        # "Afbud: NAME" in a case's history names people as printed: use the kept spelling.
        with connection.cursor() as cursor:
            for person in others:
                cursor.execute(
                    f"UPDATE {CaseHistoryEntry._meta.db_table} "
                    "SET absent = array_replace(absent, %s, %s) WHERE %s = ANY(absent)",
                    [person.name, keep.name, person.name],
                )
        # Those who followed a merged spelling follow the kept person (their subscriptions
        # would otherwise go with the deleted rows).
        subscriptions_move_person(merged=others, kept=keep)
        # The merged spellings are remembered: a later referat printing one finds `keep`, and
        # links to a merged person's page lead to `keep`'s.
        PersonAlias.objects.filter(person__in=others).update(person=keep)
        PersonAlias.objects.bulk_create(
            PersonAlias(person=keep, municipality_id=keep.municipality_id, name=p.name, slug=p.slug)
            for p in others
        )
        Person.objects.filter(pk__in=[p.pk for p in others]).delete()
        AttendanceTally.objects.refresh(
            keep.attendance.values_list("meeting__committee_id", flat=True).distinct()
        )
        after = {
            "keep": {"id": keep.pk, "name": keep.name, "attendance": keep.attendance.count()},
            "moved": moved,
            "collapsed": collapsed,
        }
        return CorrectionLog.objects.create(
            action=CorrectionLog.Action.PERSON_MERGE,
            made_by=made_by,
            summary=_("%(names)s slået sammen med %(keep)s")
            % {"names": ", ".join(p.name for p in others), "keep": keep.name},
            before=before,
            after=after,
        )


def committee_correct(
    *, committee: Committee, made_by, name: str | None = None, code: str | None = None
) -> CorrectionLog | None:
    """Correct a committee's name and/or code; returns the log entry, or None if nothing changed.

    The slug is kept so that links to the committee's pages go on working.
    """
    with transaction.atomic():
        committee = Committee.objects.select_for_update().get(pk=committee.pk)
        before = {"name": committee.name, "code": committee.code}
        new_name = " ".join(name.split()) if name is not None else committee.name
        new_code = code.strip() if code is not None else committee.code
        if not new_name:
            raise ValidationError(_("Et udvalg skal have et navn."))
        after = {"name": new_name, "code": new_code}
        if after == before:
            return None
        # Within the committee's municipality: another municipality's committee may well
        # have the same name and code.
        others = Committee.objects.filter(municipality_id=committee.municipality_id).exclude(
            pk=committee.pk
        )
        aliases = CommitteeAlias.objects.filter(municipality_id=committee.municipality_id)
        if new_code and others.filter(code=new_code).exists():
            raise ValidationError(
                _("Forkortelsen %(code)s bruges allerede af et andet udvalg.") % {"code": new_code}
            )
        new_key = committee_name_key(new_name)
        if (
            others.filter(name_key=new_key).exists()
            or aliases.filter(name_key=new_key).exclude(committee=committee).exists()
        ):
            raise ValidationError(
                _("Der findes allerede et udvalg med navnet %(name)s.") % {"name": new_name}
            )
        old_key = committee.name_key
        committee.name, committee.code = new_name, new_code
        committee.save()
        if old_key != committee.name_key:
            # The corrected-away name still finds this committee, and a later referat printing
            # it does not undo the correction; a name corrected back to is no alias any more.
            aliases.filter(name_key=committee.name_key).delete()
            CommitteeAlias.objects.get_or_create(
                municipality_id=committee.municipality_id,
                name_key=old_key,
                defaults={"committee": committee, "name": before["name"]},
            )
        changed = [key for key in ("name", "code") if before[key] != after[key]]
        return CorrectionLog.objects.create(
            action=CorrectionLog.Action.COMMITTEE_CORRECT,
            made_by=made_by,
            summary=_("Udvalg rettet: %(changes)s")
            % {"changes": "; ".join(f"{before[k] or '–'} → {after[k] or '–'}" for k in changed)},
            before=before,
            after=after,
        )
