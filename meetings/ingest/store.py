"""The referat shape to rows: one meeting with everything in it, in one transaction.

Idempotent by content hash (the same bytes again change nothing) and by natural key (the
publishing system's meeting id where it has one, else committee and date: a corrected referat,
or the referat of a meeting whose agenda is stored, replaces the meeting's content, and the
earlier file is kept as a previous version). Committees, people and cases are shared across a
municipality's meetings, so they are looked up within it before anything is made.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import connection, models, transaction
from django.db.models import Max
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from meetings import vocabulary
from meetings.models import (
    PERIOD_PATTERN,
    AgendaItem,
    Amount,
    Attachment,
    Attendance,
    AttendanceTally,
    Case,
    CaseHistoryEntry,
    Committee,
    CommitteeAlias,
    ItemAbsence,
    ItemSection,
    Meeting,
    Municipality,
    Person,
    PersonAlias,
    Position,
    SourceDocument,
    committee_name_key,
    danish_slug,
    municipalities,
)
from meetings.opendata.changes import record_change
from meetings.publishing.runs import record_published
from meetings.search.index import add_item_words, item_columns, meeting_columns

from .errors import ReferatError
from .pipeline import ReadReferat

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"


@dataclass(frozen=True)
class PersonalDataChoice:
    """The privacy gate's flags of a referat (as dicts), and who confirmed publishing it."""

    flags: list[dict]
    confirmed_by: str


@dataclass(frozen=True)
class StoreResult:
    """What storing one file did, to which meeting, from which source document."""

    status: str  # CREATED | UPDATED | UNCHANGED
    meeting: Meeting
    source_document: SourceDocument
    warnings: list[str]


def referat_municipality(referat: dict, *, given: str | None = None) -> Municipality:
    """Whose referat this is: the municipality `given` (a slug or name: `ingest
    --municipality`, a harvest), else the one the referat names, else the one whose portal it
    came from, else the archive's default. One not yet in the archive is made."""
    if given:
        return Municipality.objects.for_name(given)
    if referat.get("municipality"):
        return Municipality.objects.for_name(str(referat["municipality"]))
    portal = ((referat.get("source") or {}).get("portal") or "").rstrip("/")
    if portal:
        for municipality in Municipality.objects.with_portal():
            if municipality.portal_url.rstrip("/") == portal:
                return municipality
        from urllib.parse import urlsplit

        from meetings import denmark

        found = denmark.from_host(urlsplit(portal).hostname or "")
        if found:
            return Municipality.objects.for_name(found[1])
    return Municipality.objects.default()


@transaction.atomic
def referat_store(
    *,
    read: ReadReferat,
    municipality: Municipality | str | None = None,
    received_by=None,
    personal_data: PersonalDataChoice | None = None,
) -> StoreResult:
    """Store one parsed referat: created, updated (a corrected version) or unchanged.

    `personal_data`: what the privacy gate flagged and who chose to publish it all the same,
    kept with the file (the gate itself is its callers': upload, ingest, harvest).

    `municipality` is whose referat it is, or a slug or name of it (referat_municipality
    decides, in this transaction, when it is not a Municipality).
    Raises ReferatError, writing nothing, when the referat holds something the archive cannot
    keep (a date that is not a date, a title longer than any real one …).
    """
    _one_store_at_a_time()
    known = SourceDocument.objects.filter(sha256=read.sha256).select_related("meeting").first()
    if known is not None and known.meeting is not None:
        return StoreResult(UNCHANGED, known.meeting, known, list(known.warnings))

    referat = referat_check(read.referat)
    if not isinstance(municipality, Municipality):
        municipality = referat_municipality(referat, given=municipality)
    committees = _Committees(municipality)
    committee = committees.for_meeting(referat)
    meeting = _existing_meeting(committee, referat)
    published = read.referat
    if meeting is not None:
        # What staff took down stays down in every later version (meetings.publishing.takedown).
        referat, published = _as_staff_left_it(meeting, referat, published)

    # The same bytes whose meeting was deleted (by an admin) are stored again into that row.
    document = known or SourceDocument(
        content=read.content,
        sha256=read.sha256,
        format=read.format,
        size=len(read.content),
        filename=read.filename[-500:],
        received_by=received_by,
        warnings=read.warnings,
        source_url=_source_url(referat),
    )
    if personal_data is not None and personal_data.flags:
        document.personal_data_flags = personal_data.flags
        document.personal_data_confirmation = personal_data.confirmed_by[:200]
        document.personal_data_confirmed_at = timezone.now()
    document.referat = _without_nul(published)

    if meeting is not None and meeting.withdrawn_at is not None:
        # A new version of a meeting staff took down: kept for them, not published.
        document.meeting, document.change = meeting, SourceDocument.Change.WITHHELD
        document.save()
        warning = gettext(
            "mødet er taget ned: denne udgave gemmes til sekretariatet og offentliggøres ikke"
        )
        return StoreResult(UNCHANGED, meeting, document, [*read.warnings, warning])

    if meeting is not None and _stored_content(meeting) == _referat_content(referat):
        # A different file with the same content (the PDF of a stored text, say): keep it as
        # the newest version; the meeting's rows stay as they are.
        document.meeting, document.change = meeting, SourceDocument.Change.SAME
        document.save()
        meeting.source_document = document
        meeting.save(update_fields=["source_document"])
        return StoreResult(UNCHANGED, meeting, document, read.warnings)

    if meeting is None:
        status = CREATED
        meeting = Meeting(committee=committee, municipality=municipality)
        replaced = _Replaced()
    else:
        status = UPDATED
        replaced = _delete_content(meeting)
    _fill_meeting(meeting, referat)
    meeting.save()
    document.meeting, document.change = meeting, status
    document.save()
    meeting.source_document = document
    meeting.save(update_fields=["source_document"])

    _write_content(meeting, referat, committees, municipality)
    committees.rename_from(referat, meeting, committee)
    _delete_orphans(replaced)
    touched = {*replaced.cases, *meeting.items.exclude(case=None).values_list("case_id", flat=True)}
    Case.objects.filter(pk__in=touched).refresh_summary()
    AttendanceTally.objects.refresh([meeting.committee_id])
    Committee.objects.filter(pk=meeting.committee_id).refresh_span()
    record_published(meeting, status)
    record_change(meeting, status)
    if status == CREATED:
        municipalities.forget()  # perhaps the municipality's first meeting
    return StoreResult(status, meeting, document, read.warnings)


def _as_staff_left_it(meeting, checked: dict, published: dict) -> tuple[dict, dict]:
    """A new version of a stored meeting with its redactions made and its withdrawn items left
    out, both as checked (to store) and as published (the version's snapshot)."""
    from meetings.publishing.takedown import passages_of, redact_referat, withdrawn_items

    passages, gone = passages_of(meeting), withdrawn_items(meeting)
    if not passages and not gone:
        return checked, published

    def keep(referat: dict) -> dict:
        items = [item for item in referat.get("items") or [] if item.get("number") not in gone]
        return redact_referat({**referat, "items": items}, passages)

    return keep(checked), keep(published)


def restore_content(meeting: Meeting, referat: dict) -> None:
    """Write a meeting's content again from a referat (its withdrawal lifted), as the store
    writes it, redactions made and items still withdrawn left out."""
    checked = referat_check(referat)
    checked, _published = _as_staff_left_it(meeting, checked, referat)
    committees = _Committees(meeting.municipality)
    replaced = _delete_content(meeting)
    _fill_meeting(meeting, checked)
    meeting.save()
    _write_content(meeting, checked, committees, meeting.municipality)
    _delete_orphans(replaced)
    touched = {*replaced.cases, *meeting.items.exclude(case=None).values_list("case_id", flat=True)}
    Case.objects.filter(pk__in=touched).refresh_summary()
    AttendanceTally.objects.refresh([meeting.committee_id])
    Committee.objects.filter(pk=meeting.committee_id).refresh_span()


def _source_url(referat: dict) -> str:
    return ((referat.get("source") or {}).get("url") or "")[:1000]


# An advisory lock key that nothing else in the archive uses.
_STORE_LOCK = 0x2B1E6C0D5A9F3E71


def _one_store_at_a_time() -> None:
    """Wait until no other transaction is storing a referat (released at commit or rollback).

    Two uploads at once could otherwise both miss the committee, person, case or meeting the
    other is making, and one would fail on a unique constraint. Storing takes a fraction of a
    second and referater come rarely: queueing them costs nothing a person would notice.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_STORE_LOCK])


# --- Checking the shape before anything is written -------------------------------------------

# Column widths of meetings.models: a value longer than these is a misread, not a referat.
_MAX = {
    "committee": 300,
    "title": 500,
    "location": 500,
    "person": 200,
    "item title": 1000,
    "code": 20,
    "case": 40,
    "heading": 200,
    "attachment": 1000,
    "url": 1000,
    "party": 20,
    "party name": 100,
    "kind": 40,
    "source id": 100,
}
KINDS = ("referat", "dagsorden")


def referat_check(referat: dict) -> dict:
    """The referat with dates and times as Python values; ReferatError naming what is wrong."""
    try:
        return _check(referat)
    except (KeyError, TypeError, AttributeError) as exc:
        raise ReferatError(
            format_lazy(
                _("det læste referat er ufuldstændigt ({kind}: {error})"),
                kind=type(exc).__name__,
                error=exc,
            )
        ) from exc


def _without_nul(value):
    # PostgreSQL text cannot hold NUL; a PDF's text layer sometimes has one. It carries nothing.
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_without_nul(v) for v in value]
    if isinstance(value, dict):
        return {k: _without_nul(v) for k, v in value.items()}
    return value


def _check(referat: dict) -> dict:
    referat = _without_nul(referat)
    committee = referat["committee"]
    kind = referat.get("kind") or "referat"
    if kind not in KINDS:
        raise ReferatError(
            format_lazy(
                _("referatets art er hverken referat eller dagsorden: {kind}"), kind=repr(kind)
            )
        )
    source = referat.get("source") or {}
    if not isinstance(source, dict):
        raise ReferatError(_("referatets kilde er ikke et objekt"))
    checked = {
        "kind": kind,
        "municipality": _text(referat.get("municipality"), "committee", _("kommunen")),
        "source": {
            "system": _text(source.get("system"), "code", _("kildesystemet")),
            "meeting_id": _text(source.get("meeting_id"), "source id", _("kildens møde-id")),
            "url": _text(source.get("url"), "url", _("kildens adresse")),
            "portal": _text(source.get("portal"), "url", _("kildens portal")),
        },
        "committee": {
            "name": _text(committee["name"], "committee", _("udvalgets navn")),
            "period": _period(committee.get("period"), _("mødets valgperiode")),
        },
        "title": _text(referat["title"], "title", _("titlen")),
        "date": _date(referat["date"], _("mødedatoen")),
        "start_time": _time(referat.get("start_time")),
        "location": _text(referat.get("location"), "location", _("mødestedet")),
        "participants": [],
        "items": [],
    }
    if not checked["committee"]["name"]:
        raise ReferatError(_("referatet nævner intet udvalg"))
    seen_people: set[str] = set()
    for participant in referat["participants"]:
        name = _text(participant["name"], "person", _("en deltagers navn"))
        if not name or name.lower() in seen_people:
            continue  # printed twice: one attendance
        seen_people.add(name.lower())
        status = participant.get("status") or Attendance.Status.PRESENT
        if status not in Attendance.Status.values:
            raise ReferatError(
                format_lazy(
                    _("deltager {name}: ukendt status {status}"), name=name, status=repr(status)
                )
            )
        party = _text(
            participant.get("party"), "party", format_lazy(_("partiet for {name}"), name=name)
        )
        checked["participants"].append({"name": name, "status": status, "party": party})

    numbers: set[int] = set()
    for item in referat["items"]:
        number = item["number"]
        if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= 32767:
            raise ReferatError(
                format_lazy(
                    _("et punktnummer er ikke et positivt heltal: {number}"), number=repr(number)
                )
            )
        if number in numbers:
            raise ReferatError(format_lazy(_("Punkt {number} forekommer to gange"), number=number))
        numbers.add(number)
        where = f"Punkt {number}"
        names = item.get("attachments") or []
        urls = list(item.get("attachment_urls") or [])
        urls += [None] * (len(names) - len(urls))
        attachments = [(a, url) for a, url in zip(names, urls, strict=False) if a and a.strip()]
        checked["items"].append(
            {
                "number": number,
                "title": _text(item["title"], "item title", _of(_("titlen på {where}"), where)),
                "committee_codes": [
                    _text(code, "code", _of(_("en udvalgskode i {where}"), where))
                    for code in item.get("committee_codes") or []
                ],
                "case_number": _text(
                    item.get("case_number"), "case", _of(_("sagsnummeret i {where}"), where)
                ),
                "decision": item.get("decision") or "",
                "sections": [
                    {
                        "heading": _text(
                            s["heading"], "heading", _of(_("en overskrift i {where}"), where)
                        ),
                        "text": s.get("text") or "",
                    }
                    for s in item.get("sections") or []
                ],
                "attachments": [
                    _text(a, "attachment", _of(_("et bilag i {where}"), where))
                    for a, _url in attachments
                ],
                "attachment_urls": [
                    _text(url, "url", _of(_("et bilags adresse i {where}"), where))
                    if _web_address(url)
                    else ""
                    for _a, url in attachments
                ],
                "closed": bool(item.get("closed")),
                "absent": _names(item.get("absent"), where),
                "positions": [_position(p, where) for p in item.get("positions") or []],
                "amounts": [_amount(a, where) for a in item.get("amounts") or []],
                "case_history": [
                    _history_entry(entry, where) for entry in item.get("case_history") or []
                ],
            }
        )
    return checked


STANCES = ("for", "against", "abstain", "reservation")
# Sums beyond this are a misread (the largest Danish municipal budget is some 10^11 kroner).
LARGEST_AMOUNT = Decimal("1e15")


def _position(position: dict, where: str) -> dict:
    stance = position.get("position")
    if stance not in STANCES:
        raise ReferatError(
            format_lazy(
                _("{where}: en stemmeafgivelse er ingen af {stances}: {stance}"),
                where=where,
                stances=", ".join(STANCES),
                stance=repr(stance),
            )
        )
    return {
        "name": _text(
            position.get("name"), "person", _of(_("en stemmeafgivers navn i {where}"), where)
        ),
        "party": _text(
            position.get("party"), "party name", _of(_("en stemmeafgivers parti i {where}"), where)
        ),
        "position": stance,
        "on": (position.get("on") or "").strip(),
        "text": (position.get("text") or "").strip(),
    }


def _amount(amount: dict, where: str) -> dict:
    try:
        value = Decimal(str(amount.get("amount"))).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError):
        raise ReferatError(
            format_lazy(
                _("{where}: et beløb er ikke et tal: {amount}"),
                where=where,
                amount=repr(amount.get("amount")),
            )
        ) from None
    if not value.is_finite() or abs(value) >= LARGEST_AMOUNT:
        raise ReferatError(
            format_lazy(
                _("{where}: et beløb på {value} kr. er større end noget budget"),
                where=where,
                value=value,
            )
        )
    year = amount.get("year")
    if year is not None and not (isinstance(year, int) and 1900 <= year <= 2200):
        raise ReferatError(
            format_lazy(
                _("{where}: et beløbs budgetår er ikke et år: {year}"), where=where, year=repr(year)
            )
        )
    return {
        "amount": value,
        "kind": _text(amount.get("kind"), "kind", _of(_("et beløbs art i {where}"), where)),
        "year": year,
        "section": _text(
            amount.get("section"), "heading", _of(_("et beløbs afsnit i {where}"), where)
        ),
        "text": (amount.get("text") or "").strip(),
    }


def _web_address(url) -> bool:
    # Only an address a browser may follow: a referat is untrusted text (no javascript:).
    return isinstance(url, str) and url.startswith(("https://", "http://"))


def _names(names, where: str) -> list[str]:
    """Each name once (printed twice: one absence), in printed order."""
    seen, result = set(), []
    for name in names or []:
        name = _text(name, "person", _of(_("et navn blandt de fraværende i {where}"), where))
        if name and name.lower() not in seen:
            seen.add(name.lower())
            result.append(name)
    return result


def _history_entry(entry: dict, where: str) -> dict:
    committee = entry.get("committee") or {}
    return {
        "date": _date(entry["date"], _of(_("en dato i Sagens forløb i {where}"), where)),
        "committee": {
            "name": _text(committee.get("name"), "committee", _of(_("et udvalg i {where}"), where)),
            "period": _period(
                committee.get("period"),
                _of(_("valgperioden for en post i Sagens forløb i {where}"), where),
            ),
        },
        "text": entry.get("text") or "",
        "absent": [name.strip() for name in entry.get("absent") or [] if name and name.strip()],
    }


def _of(what, where: str):
    """What a reason names, in a place ("titlen på Punkt 3"), worded when it is shown."""
    return format_lazy(what, where=where)


def _text(value, limit: str, what) -> str:
    text = (value or "").strip()
    if len(text) > _MAX[limit]:
        raise ReferatError(
            format_lazy(
                _(
                    "{what} fylder {length} tegn, mere end de {limit}, et referat har plads "
                    "til: {text}…"
                ),
                what=what,
                length=len(text),
                limit=_MAX[limit],
                text=text[:60],
            )
        )
    return text


def _period(value, what) -> str:
    period = (value or "").replace(" ", "")
    if period and not re.match(PERIOD_PATTERN, period):
        raise ReferatError(
            format_lazy(_("{what} er ikke ÅÅÅÅ-ÅÅÅÅ: {value}"), what=what, value=repr(value))
        )
    return period


def _date(value, what) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ReferatError(
            format_lazy(_("{what} er ikke en dato: {value}"), what=what, value=repr(value))
        ) from None


def _time(value) -> datetime.time | None:
    if not value:
        return None
    try:
        return datetime.time.fromisoformat(value)
    except (TypeError, ValueError):
        raise ReferatError(
            format_lazy(_("starttiden er ikke et klokkeslæt: {value}"), value=repr(value))
        ) from None


# --- Committees ------------------------------------------------------------------------------

# Words every committee name shares: they say nothing about which committee it is.
_NAME_FILLER = frozenset({"udvalget", "udvalg", "for", "og", "i", "samt"})


def _name_tokens(name: str) -> frozenset[str]:
    return frozenset(committee_name_key(name).split()) - _NAME_FILLER


def _tokens_match(a: frozenset[str], b: frozenset[str]) -> bool:
    """Conservative: every word of the shorter name is in the longer one, and there are at
    least two of them ("Erhverv, Klima og Lokal udvikling" is "Erhverv, Klima, Lokal udvikling
    & Turisme"; "Børn" alone is no one's name)."""
    shorter, longer = sorted((a, b), key=len)
    return len(shorter) >= 2 and shorter <= longer


def vocabulary_code(name: str) -> str:
    """The committee code that `vocabulary.COMMITTEE_CODES` gives a printed name, or ""."""
    key = committee_name_key(name)
    for code, known in vocabulary.COMMITTEE_CODES.items():
        if committee_name_key(known) == key:
            return code
    tokens = _name_tokens(name)
    matches = [
        code
        for code, known in vocabulary.COMMITTEE_CODES.items()
        if _tokens_match(tokens, _name_tokens(known))
    ]
    return matches[0] if len(matches) == 1 else ""


class _Committees:
    """Finds, or makes, the committees one referat names, each once per referat.

    With `write=False` it only finds: a committee it would make resolves to None and a code it
    would fill in is not saved (what a preview needs).
    """

    def __init__(self, municipality: Municipality, *, write: bool = True):
        self.write = write
        self.municipality = municipality
        self.known = list(Committee.objects.filter(municipality=municipality))
        # Names staff corrected a committee away from (meetings.publishing.corrections).
        self.aliases = dict(
            CommitteeAlias.objects.filter(municipality=municipality).values_list(
                "name_key", "committee_id"
            )
        )
        self.found: dict[str, Committee | None] = {}

    def for_meeting(self, referat: dict) -> Committee:
        name = referat["committee"]["name"]
        return self.resolve(name, code=self.meeting_code(name, referat["items"]))

    @staticmethod
    def meeting_code(name: str, items: list[dict]) -> str:
        """The committee code of a meeting: the one every item carries, else by its name.

        Every item of a JAI meeting carries JAI (`BU/JAI - ...`, `JAI - Eventuelt`); an item
        from another committee alone does not make the meeting that committee's.
        """
        by_name = vocabulary_code(name)
        coded = [set(item["committee_codes"]) for item in items if item["committee_codes"]]
        common = set.intersection(*coded) if coded else set()
        if by_name and (not common or by_name in common):
            return by_name
        if len(common) == 1:
            return common.pop()
        return ""

    def resolve(self, name: str, *, code: str = "") -> Committee | None:
        if not name:
            return None
        code = code or vocabulary_code(name)
        memo = f"{code}\n{committee_name_key(name)}"
        if memo not in self.found:
            self.found[memo] = self._find(name, code) or self._create(name, code)
        return self.found[memo]

    def _find(self, name: str, code: str) -> Committee | None:
        if code:
            for committee in self.known:
                if committee.code == code:
                    return committee
        # The same name (og and & alike) is the same committee, whatever code it was given.
        key = committee_name_key(name)
        found = next((c for c in self.known if c.name_key == key), None)
        if found is None and key in self.aliases:
            found = next(c for c in self.known if c.pk == self.aliases[key])
        if found is None:
            # A committee known under another code is another committee, however alike.
            tokens = _name_tokens(name)
            matches = [
                c
                for c in self.known
                if not (code and c.code and c.code != code)
                and _tokens_match(tokens, _name_tokens(c.name))
            ]
            found = matches[0] if len(matches) == 1 else None
        if found is not None and code and not found.code:
            found.code = code
            if self.write:
                found.save(update_fields=["code"])
        return found

    def _create(self, name: str, code: str) -> Committee | None:
        if not self.write:
            return None
        committee = Committee(name=name, code=code, municipality=self.municipality)
        # A known code's address comes from its name in the vocabulary, so it does not depend
        # on whether an old or a new name of the committee was met first.
        canonical = vocabulary.COMMITTEE_CODES.get(code, name)
        base = danish_slug(committee_name_key(canonical).replace("udvalget for ", "")) or "udvalg"
        committee.slug = _unique_slug(Committee, base, self.municipality)
        committee.save()
        self.known.append(committee)
        return committee

    def rename_from(self, referat: dict, meeting: Meeting, committee: Committee) -> None:
        """Give each committee the name printed by the newest meeting that names it.

        A name printed in an older referat (ingested later) must not undo a newer one: the
        archive shows a committee by the name it has now.
        """
        sightings: dict[int, tuple[datetime.date, str]] = {}
        sightings[committee.pk] = (meeting.date, referat["committee"]["name"])
        for item in referat["items"]:
            for entry in item["case_history"]:
                other = self.resolve(entry["committee"]["name"])
                if other is None:
                    continue
                seen = sightings.get(other.pk)
                if seen is None or entry["date"] > seen[0]:
                    sightings[other.pk] = (entry["date"], entry["committee"]["name"])
        for other in {c.pk: c for c in self.found.values() if c is not None}.values():
            if other.pk not in sightings:
                continue
            date, name = sightings[other.pk]
            if not name or name == other.name:
                continue
            if self.aliases.get(committee_name_key(name)) == other.pk:
                continue  # staff corrected this name away: the correction stands
            newest = max(
                filter(
                    None,
                    [
                        other.meetings.exclude(pk=meeting.pk).aggregate(d=Max("date"))["d"],
                        CaseHistoryEntry.objects.filter(committee=other)
                        .exclude(item__meeting=meeting)
                        .aggregate(d=Max("date"))["d"],
                    ],
                ),
                default=None,
            )
            if newest is not None and newest > date:
                continue
            key = committee_name_key(name)
            same_name = Committee.objects.filter(municipality=self.municipality, name_key=key)
            if same_name.exclude(pk=other.pk).exists():
                continue  # another committee holds that name: leave both as they are
            other.name = name
            other.save(update_fields=["name", "name_key"])


def _unique_slug(model, base: str, municipality: Municipality) -> str:
    return _unique_slugs(model, [base], municipality)[0]


def _unique_slugs(model, bases: list[str], municipality: Municipality) -> list[str]:
    """A free slug within the municipality for each base (`base`, else `base-2` …), in one
    query."""
    bases = [base[:190] for base in bases]
    pattern = "^({})(-[0-9]+)?$".format("|".join(re.escape(base) for base in set(bases)))
    mine = {"municipality": municipality, "slug__regex": pattern}
    taken = set(model.objects.filter(**mine).values_list("slug", flat=True))
    if model is Person:  # a merged person's address keeps leading to whom it was merged into
        taken |= set(PersonAlias.objects.filter(**mine).values_list("slug", flat=True))
    slugs = []
    for base in bases:
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        slugs.append(slug)
    return slugs


@dataclass(frozen=True)
class ReferatMatch:
    """What storing a referat would find and make, decided by the store's own rules."""

    committee: Committee | None  # None: storing would create the meeting's committee
    meeting: Meeting | None  # the stored meeting it would replace, None for a new meeting
    new_committees: list[str]  # names of the committees storing would create
    new_people: list[str]  # participants storing would create (no person nor merged spelling)
    # When it would be a new meeting: the committee's meetings that day, which it would be
    # stored beside (another time, another agenda).
    same_day_others: list[Meeting]


def referat_match(referat: dict, municipality: Municipality) -> ReferatMatch:
    """The committee and meeting `referat_store` would use for this referat, writing nothing.

    Raises ReferatError like the store for a referat it could not keep.
    """
    checked = referat_check(referat)
    committees = _Committees(municipality, write=False)
    committee = committees.for_meeting(checked)
    same_date = (
        list(Meeting.objects.filter(committee=committee, date=checked["date"])) if committee else []
    )
    meeting = _by_source_id(municipality, checked) or _version_of(same_date, checked)
    new_committees = [] if committee else [checked["committee"]["name"]]
    # The committees a case went through ("Sagens forløb") are made too when unknown.
    for item in checked["items"]:
        for entry in item["case_history"]:
            name = entry["committee"]["name"]
            if name and committees.resolve(name) is None and name not in new_committees:
                new_committees.append(name)
    if committee is not None:
        committee.refresh_from_db()  # undo a code filled in memory only
    names = [p["name"] for p in checked["participants"]]
    known = _known_people(names, municipality)
    new_people = [name for name in names if name.lower() not in known]
    others = same_date if meeting is None else []
    return ReferatMatch(committee, meeting, new_committees, new_people, others)


# --- Meetings --------------------------------------------------------------------------------


def _existing_meeting(committee: Committee, referat: dict, *, lock: bool = True) -> Meeting | None:
    """The stored meeting this referat is a version of: the one with its publishing system's
    meeting id, else same committee, same date.

    A committee that meets twice that day (an extraordinary meeting before the ordinary one)
    is told apart by a different start time and a different agenda; a corrected referat that
    only puts the time right still shares its agenda with the version it corrects. A portal's
    meeting keeps its id when it is moved to another day.
    """
    meetings = Meeting.objects.select_for_update() if lock else Meeting.objects.all()
    by_id = _by_source_id(committee.municipality, referat, meetings)
    if by_id is not None:
        return by_id
    same_day = meetings.filter(committee=committee, date=referat["date"])
    if referat["source"]["meeting_id"]:
        # Another of the portal's meetings that day is another meeting, not this one.
        same_day = same_day.exclude(
            models.Q(source_system=referat["source"]["system"]) & ~models.Q(source_id="")
        )
    return _version_of(list(same_day), referat)


def _by_source_id(municipality, referat: dict, meetings=None) -> Meeting | None:
    source = referat["source"]
    if not source["meeting_id"]:
        return None
    meetings = Meeting.objects.all() if meetings is None else meetings
    return meetings.filter(
        municipality=municipality, source_system=source["system"], source_id=source["meeting_id"]
    ).first()


def _version_of(candidates: list[Meeting], referat: dict) -> Meeting | None:
    """Which of a committee's meetings on the referat's date it is a version of, if any."""
    for meeting in candidates:
        if meeting.start_time == referat["start_time"]:
            return meeting
    if len(candidates) != 1:
        return None
    (meeting,) = candidates
    if meeting.start_time and referat["start_time"] and not _same_agenda(meeting, referat):
        return None
    return meeting


def _same_agenda(meeting: Meeting, referat: dict) -> bool:
    """Whether a stored meeting and a referat treat the same things: a sagsnr in common, or
    more than half of the shorter agenda's titles (routine items alone are not enough)."""
    stored = list(meeting.items.values_list("title", "case__number"))
    if {n for _, n in stored if n} & {
        i["case_number"] for i in referat["items"] if i["case_number"]
    }:
        return True
    titles = {" ".join(t.lower().split()) for t, _ in stored}
    new = {" ".join(i["title"].lower().split()) for i in referat["items"]}
    shorter = min(len(titles), len(new))
    return shorter == 0 or len(titles & new) * 2 > shorter


def _fill_meeting(meeting: Meeting, referat: dict) -> None:
    meeting.kind = referat["kind"]
    meeting.source_system = referat["source"]["system"] if referat["source"]["meeting_id"] else ""
    meeting.source_id = referat["source"]["meeting_id"]
    meeting.committee_name = referat["committee"]["name"]
    meeting.period = referat["committee"]["period"]
    meeting.date = referat["date"]
    meeting.start_time = referat["start_time"]
    meeting.location = referat["location"]
    meeting.title = referat["title"]


@dataclass
class _Replaced:
    """Shared rows the replaced content pointed at: deleted if nothing points at them now."""

    people: tuple[int, ...] = ()
    cases: tuple[int, ...] = ()
    committees: tuple[int, ...] = ()


def _delete_content(meeting: Meeting) -> _Replaced:
    items = AgendaItem.objects.filter(meeting=meeting)
    history = CaseHistoryEntry.objects.filter(item__meeting=meeting)
    absences = ItemAbsence.objects.filter(item__meeting=meeting)
    positions = Position.objects.filter(item__meeting=meeting)
    replaced = _Replaced(
        people=tuple(
            {
                *meeting.attendance.values_list("person_id", flat=True),
                *absences.values_list("person_id", flat=True),
                *positions.exclude(person=None).values_list("person_id", flat=True),
            }
        ),
        cases=tuple(
            {*items.values_list("case_id", flat=True), *history.values_list("case_id", flat=True)}
            - {None}
        ),
        committees=tuple(set(history.values_list("committee_id", flat=True)) - {None}),
    )
    # Children first: each is then one DELETE (Django fast-deletes rows nothing points at),
    # where deleting the items alone would fetch every section to cascade.
    ItemSection.objects.filter(item__meeting=meeting).delete()
    Attachment.objects.filter(item__meeting=meeting).delete()
    absences.delete()
    positions.delete()
    Amount.objects.filter(item__meeting=meeting).delete()
    history.delete()
    items.delete()
    meeting.attendance.all().delete()
    return replaced


def _delete_orphans(replaced: _Replaced) -> None:
    """People, cases and committees only the replaced content named (a misspelt name that the
    corrected referat fixes) go with it."""
    if replaced.people:
        Person.objects.filter(
            pk__in=replaced.people,
            attendance__isnull=True,
            item_absences__isnull=True,
            positions__isnull=True,
        ).delete()
    if replaced.cases:
        Case.objects.filter(
            pk__in=replaced.cases, items__isnull=True, history__isnull=True
        ).delete()
    if replaced.committees:
        in_use = set(
            CaseHistoryEntry.objects.filter(committee_id__in=replaced.committees).values_list(
                "committee_id", flat=True
            )
        )
        Committee.objects.filter(
            pk__in=set(replaced.committees) - in_use, meetings__isnull=True
        ).delete()


def _write_content(
    meeting: Meeting, referat: dict, committees: _Committees, municipality: Municipality
) -> None:
    names = [p["name"] for p in referat["participants"]]
    names += [name for item in referat["items"] for name in item["absent"]]
    names += [p["name"] for item in referat["items"] for p in item["positions"] if p["name"]]
    people = _people(names, municipality)
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            person=people[p["name"].lower()],
            status=p["status"],
            position=position,
            party=p["party"],
        )
        for position, p in enumerate(referat["participants"], start=1)
    )
    numbers = {i["case_number"] for i in referat["items"] if i["case_number"]}
    cases = _cases(numbers, municipality)
    # The search columns are written with the rows (meetings.search.index), not filled in by
    # a second pass: each row's search vector is then built once, from what is in hand.
    searched_as = meeting_columns(meeting)
    items = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            number=item["number"],
            title=item["title"],
            committee_codes=item["committee_codes"],
            case=cases.get(item["case_number"]),
            closed=item["closed"],
            split=any(p["position"] in ("against", "reservation") for p in item["positions"]),
            largest_amount=max((a["amount"] for a in item["amounts"]), key=abs, default=None),
            decision=item["decision"],
            outcome=vocabulary.decision_outcome(item["decision"]),
            **item_columns(
                case_number=item["case_number"],
                sections=[(s["heading"], s["text"]) for s in item["sections"]],
                attachments=item["attachments"],
                title=item["title"],
                decision=item["decision"],
            ),
            **searched_as,
        )
        for item in referat["items"]
    )
    add_item_words(items)
    absences = []
    for row, item in zip(items, referat["items"], strict=True):
        absent = {people[name.lower()].pk: name for name in item["absent"]}  # merged spellings
        absences += [
            ItemAbsence(item=row, person_id=pk, position=n) for n, pk in enumerate(absent, start=1)
        ]
    ItemAbsence.objects.bulk_create(absences)
    Position.objects.bulk_create(
        Position(
            item=row,
            position=n,
            person=people[p["name"].lower()] if p["name"] else None,
            name=p["name"],
            party=p["party"],
            stance=p["position"],
            on=p["on"],
            text=p["text"],
        )
        for row, item in zip(items, referat["items"], strict=True)
        for n, p in enumerate(item["positions"], start=1)
    )
    Amount.objects.bulk_create(
        Amount(
            item=row,
            position=n,
            amount=a["amount"],
            kind=a["kind"],
            year=a["year"],
            section=a["section"],
            text=a["text"],
        )
        for row, item in zip(items, referat["items"], strict=True)
        for n, a in enumerate(item["amounts"], start=1)
    )
    sections, attachments, history = [], [], []
    for row, item in zip(items, referat["items"], strict=True):
        sections += [
            ItemSection(item=row, position=n, heading=s["heading"], text=s["text"])
            for n, s in enumerate(item["sections"], start=1)
        ]
        attachments += [
            Attachment(item=row, position=n, name=name, url=url)
            for n, (name, url) in enumerate(
                zip(item["attachments"], item["attachment_urls"], strict=True), start=1
            )
        ]
        history += [
            CaseHistoryEntry(
                item=row,
                case=row.case,
                position=n,
                date=entry["date"],
                committee=committees.resolve(entry["committee"]["name"]),
                committee_name=entry["committee"]["name"],
                period=entry["committee"]["period"],
                text=entry["text"],
                absent=entry["absent"],
            )
            for n, entry in enumerate(item["case_history"], start=1)
        ]
    ItemSection.objects.bulk_create(sections)
    Attachment.objects.bulk_create(attachments)
    CaseHistoryEntry.objects.bulk_create(history)


def _people(names: list[str], municipality: Municipality) -> dict[str, Person]:
    """The municipality's Person for each name (keyed by its lower case), made where none is
    known yet.

    One person across meetings whatever the case of the printed name: "Ole Blickfeldt" and
    "OLE BLICKFELDT" are one row.
    """
    wanted = {name.lower(): name for name in names}
    people = _known_people(names, municipality)
    missing = [name for lower, name in wanted.items() if lower not in people]
    if missing:
        bases = [danish_slug(name) or "person" for name in missing]
        slugs = _unique_slugs(Person, bases, municipality)
        created = Person.objects.bulk_create(
            Person(name=name, slug=slug, municipality=municipality)
            for name, slug in zip(missing, slugs, strict=True)
        )
        people.update((person.name.lower(), person) for person in created)
    return people


def _known_people(names: list[str], municipality: Municipality) -> dict[str, Person]:
    """The municipality's stored Person for each of these names that has one, keyed by the
    name's lower case."""
    wanted = {name.lower() for name in names}
    mine = Person.objects.filter(municipality=municipality)
    people = {
        person.name.lower(): person
        for person in mine.annotate(lower=Lower("name")).filter(lower__in=wanted)
    }
    # A spelling staff merged into another person is that person (meetings.publishing.corrections).
    aliases = PersonAlias.objects.filter(municipality=municipality).annotate(lower=Lower("name"))
    aliases = aliases.filter(lower__in=wanted - set(people))
    people.update((alias.name.lower(), alias.person) for alias in aliases.select_related("person"))
    return people


def _cases(numbers: set[str], municipality: Municipality) -> dict[str, Case]:
    """The municipality's Case for each sagsnr, made where none is known yet (one case across
    its meetings; another municipality's case of the same number is another case)."""
    if not numbers:
        return {}
    Case.objects.bulk_create(
        [Case(number=n, municipality=municipality) for n in numbers], ignore_conflicts=True
    )
    mine = Case.objects.filter(municipality=municipality, number__in=numbers)
    return {case.number: case for case in mine}


# --- Comparing content -----------------------------------------------------------------------


def _referat_content(referat: dict) -> tuple:
    """What a checked referat would store, comparable with `_stored_content`."""
    return (
        referat["kind"],
        referat["committee"]["name"],
        referat["committee"]["period"],
        referat["title"],
        referat["date"],
        referat["start_time"],
        referat["location"],
        tuple((p["name"], p["status"], p["party"]) for p in referat["participants"]),
        tuple(
            (
                item["number"],
                item["title"],
                tuple(item["committee_codes"]),
                item["case_number"],
                item["closed"],
                tuple(name.lower() for name in item["absent"]),
                tuple(
                    (p["name"], p["party"], p["position"], p["on"], p["text"])
                    for p in item["positions"]
                ),
                tuple(
                    (a["amount"], a["kind"], a["year"], a["section"], a["text"])
                    for a in item["amounts"]
                ),
                item["decision"],
                tuple((s["heading"], s["text"]) for s in item["sections"]),
                tuple(zip(item["attachments"], item["attachment_urls"], strict=True)),
                tuple(
                    (
                        e["date"],
                        e["committee"]["name"],
                        e["committee"]["period"],
                        e["text"],
                        tuple(e["absent"]),
                    )
                    for e in item["case_history"]
                ),
            )
            for item in sorted(referat["items"], key=lambda item: item["number"])
        ),
    )


def _stored_content(meeting: Meeting) -> tuple:
    """What is stored for a meeting, in the shape of `_referat_content`."""
    items = (
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("case")
        .prefetch_related(
            "sections", "attachments", "case_history", "absences__person", "positions", "amounts"
        )
        .order_by("number")
    )
    attendance = meeting.attendance.select_related("person").order_by("position")
    return (
        meeting.kind,
        meeting.committee_name,
        meeting.period,
        meeting.title,
        meeting.date,
        meeting.start_time,
        meeting.location,
        tuple((a.person.name, a.status, a.party) for a in attendance),
        tuple(
            (
                item.number,
                item.title,
                tuple(item.committee_codes),
                item.case.number if item.case else "",
                item.closed,
                tuple(absence.person.name.lower() for absence in item.absences.all()),
                tuple((p.name, p.party, p.stance, p.on, p.text) for p in item.positions.all()),
                tuple((a.amount, a.kind, a.year, a.section, a.text) for a in item.amounts.all()),
                item.decision,
                tuple((s.heading, s.text) for s in item.sections.all()),
                tuple((a.name, a.url) for a in item.attachments.all()),
                tuple(
                    (e.date, e.committee_name, e.period, e.text, tuple(e.absent))
                    for e in item.case_history.all()
                ),
            )
            for item in items
        ),
    )
