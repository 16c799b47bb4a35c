"""One harvest of a municipality's portal: what to fetch, and each meeting through the one
store `ingest` and upload use, in a transaction of its own.

What is fetched again: a meeting not yet stored, one whose entry in the portal's list changed,
one not settled yet (an agenda, a referat with a decision not released, one that was refused
or could not be fetched, one held in the last ARCHIVE_HARVEST_RECHECK_DAYS), with
`since` every meeting on or after it, and on every run the ARCHIVE_HARVEST_RECHECK_PER_RUN
meetings checked longest ago, so that a quiet correction of an old referat is found in time.
A meeting fetched again is asked for conditionally (ETag, Last-Modified) where the portal
allows it, and stored only when its content changed.

Nothing is half-stored: a meeting is stored, with what the harvest knows of it, in one
transaction, and a harvest that is stopped (killed, a lost connection) resumes where it
stopped: what it stored is known, and an interrupted `since` run skips what it fetched.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from meetings.ingest.errors import ReferatError
from meetings.ingest.pipeline import ReadReferat, read_referat
from meetings.ingest.store import referat_store
from meetings.models import Harvest, Meeting, Municipality, PortalMeeting, PublishRun, Upload
from meetings.publishing.privacy import find_personal_data
from meetings.publishing.runs import publishing_run

from .client import PoliteClient, PortalError
from .portal import FirstAgendaPortal, ListedMeeting

logger = logging.getLogger(__name__)

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
REFUSED, HELD, FAILED = "refused", "held", "failed"
# Harvests of one municipality take turns: a lock key class nothing else of the archive uses.
_HARVEST_LOCK = 0x6861  # "ha"


class HarvestBusy(Exception):
    """Another harvest of the same municipality is running now."""


@dataclass(frozen=True)
class MeetingOutcome:
    """What became of one listed meeting in this harvest."""

    status: str
    listed: ListedMeeting
    reason: str = ""
    meeting: Meeting | None = None


Progress = Callable[[int, int, MeetingOutcome], None]


def municipality_harvest(
    *,
    municipality: Municipality,
    portal_url: str | None = None,
    since: datetime.date | None = None,
    trigger: str = Harvest.Trigger.COMMAND,
    started_by=None,
    progress: Progress | None = None,
    client: PoliteClient | None = None,
) -> Harvest:
    """Harvest one municipality's portal now; returns the Harvest with its counts and log.

    Raises HarvestBusy when another harvest of it runs. A portal that cannot be read at all
    (no list) makes a failed Harvest with the reason, not an exception.
    """
    root = (portal_url or municipality.portal_url).rstrip("/")
    if not root:
        raise ValueError(f"{municipality} has no portal address")
    if not _take_turn(municipality):
        raise HarvestBusy(f"a harvest of {municipality} is running already")
    own_client = client is None
    client = client or PoliteClient()
    try:
        resume_from = _mark_interrupted(municipality, since)
        harvest = Harvest.objects.create(
            municipality=municipality,
            portal_url=root,
            trigger=trigger,
            started_by=started_by,
            since=since,
        )
        portal = FirstAgendaPortal(root, client)
        try:
            with publishing_run(PublishRun.Origin.HARVEST):
                _run(harvest, portal, since, resume_from, progress)
        except PortalError as error:
            harvest.status = Harvest.Status.FAILED
            harvest.reason = str(error)[:500]
        else:
            harvest.status = Harvest.Status.FINISHED
        harvest.finished_at = timezone.now()
        harvest.save()
        return harvest
    finally:
        if own_client:
            client.close()
        _end_turn(municipality)


def _run(harvest, portal, since, resume_from, progress) -> None:
    listed = portal.meetings()
    harvest.listed = len(listed)
    harvest.save(update_fields=["listed"])
    municipality = harvest.municipality
    known = {pm.portal_id: pm for pm in PortalMeeting.objects.filter(municipality=municipality)}
    _reconcile_held(known.values())
    due = _due(listed, known, since, resume_from)
    with _Prefetcher(portal, [(entry, known.get(entry.portal_id), c) for entry, c in due]) as ahead:
        for done, fetched in enumerate(ahead, start=1):
            outcome = _keep(harvest, fetched, known.get(fetched.entry.portal_id))
            _count(harvest, outcome)
            if progress is not None:
                progress(done, len(due), outcome)


def _due(listed, known, since, resume_from) -> list[tuple[ListedMeeting, bool]]:
    """(meeting, whether it may be asked for conditionally) of each meeting to fetch."""
    today = timezone.localdate()
    recent = today - datetime.timedelta(days=settings.ARCHIVE_HARVEST_RECHECK_DAYS)
    due, quiet = [], []
    for entry in listed:
        pm = known.get(entry.portal_id)
        forced = since is not None and entry.date is not None and entry.date >= since
        if forced and resume_from and pm and pm.fetched_at and pm.fetched_at >= resume_from:
            forced = False  # fetched by the run this one resumes
        if pm is None or forced:
            due.append((entry, False))
        elif (
            pm.listing != entry.listing
            or pm.status != PortalMeeting.Status.STORED
            or not pm.settled
            or entry.date is None
            or entry.date >= recent
        ):
            due.append((entry, True))
        else:
            quiet.append((entry, pm))
    # A slow round over the rest: the ones checked longest ago.
    epoch = timezone.make_aware(datetime.datetime(1970, 1, 1))
    quiet.sort(key=lambda pair: pair[1].checked_at or epoch)
    due += [(entry, True) for entry, _pm in quiet[: settings.ARCHIVE_HARVEST_RECHECK_PER_RUN]]
    return due


@dataclass
class _Fetched:
    """One due meeting as fetched and read, before anything of it is written."""

    entry: ListedMeeting
    conditional: bool
    response: object = None  # the client's Response; None when fetching failed
    # Why it could not be fetched, or read: kept as the errors, made text in the store's
    # thread, whose language is the one the reasons are to be in.
    failure: PortalError | None = None
    sha256: str = ""
    url: str = ""  # the meeting's address at the portal
    read: ReadReferat | None = None
    refusal: ReferatError | None = None
    # What the privacy gate flags in it: read here too, off the store's thread.
    flags: list = field(default_factory=list)


def _fetch(portal, entry: ListedMeeting, pm, conditional: bool) -> _Fetched:
    """Fetch and read one meeting, and run the privacy gate over it: HTTP and parsing only, no
    database (it runs in the prefetching thread, ahead of the store)."""
    fetched = _Fetched(entry, conditional)
    try:
        fetched.response = portal.meeting(
            entry.portal_id,
            etag=pm.etag if conditional and pm else "",
            last_modified=pm.last_modified if conditional and pm else "",
        )
    except PortalError as error:
        fetched.failure = error
        return fetched
    if fetched.response.not_modified:
        return fetched
    fetched.sha256 = hashlib.sha256(fetched.response.content).hexdigest()
    if (
        conditional
        and pm
        and fetched.sha256 == pm.sha256
        and pm.status == PortalMeeting.Status.STORED
    ):
        return fetched  # the same bytes: nothing to read
    fetched.url = portal.meeting_url(entry.portal_id)
    try:
        fetched.read = read_referat(
            fetched.response.content, filename=f"{entry.portal_id}.json", url=fetched.url
        )
    except ReferatError as error:
        fetched.refusal = error
        return fetched
    fetched.flags = find_personal_data(fetched.read.referat)
    return fetched


class _Prefetcher:
    """The due meetings fetched and read in order by a thread of their own, a few ahead of the
    store: the portal's pause, the HTTP round trip and the parsing overlap the time the store
    waits for PostgreSQL, while the portal still gets one request at a time. Bounded, so memory
    stays flat however many meetings are due."""

    AHEAD = 2

    def __init__(self, portal, due: list):
        self._portal, self._due = portal, due
        self._queue: queue.Queue = queue.Queue(maxsize=self.AHEAD)
        self._stop = threading.Event()
        self._language = translation.get_language()  # what the parser writes its warnings in
        self._thread = threading.Thread(target=self._work, name="harvest-prefetch", daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()  # the store stopped (done, or failed): fetch nothing more
        self._thread.join()

    def __iter__(self):
        for _entry in self._due:
            fetched = self._queue.get()
            if isinstance(fetched, BaseException):
                raise fetched
            yield fetched

    def _work(self) -> None:
        translation.activate(self._language)
        for entry, pm, conditional in self._due:
            if self._stop.is_set():
                return
            try:
                fetched = _fetch(self._portal, entry, pm, conditional)
            except BaseException as error:  # a bug, not a portal's fault: raised in the store
                fetched = error
            while not self._stop.is_set():
                try:
                    self._queue.put(fetched, timeout=0.1)
                    break
                except queue.Full:
                    continue
            if isinstance(fetched, BaseException):
                return


def _keep(harvest, fetched: _Fetched, pm) -> MeetingOutcome:
    """What the harvest keeps of one fetched meeting: its outcome noted, and the meeting stored
    (or held for review) in a transaction of its own."""
    municipality, entry = harvest.municipality, fetched.entry
    now = timezone.now()
    if pm is None:
        pm = PortalMeeting(municipality=municipality, portal_id=entry.portal_id)
    pm.committee_name, pm.date = entry.committee[:300], entry.date
    if fetched.response is None:
        return _note(pm, entry, FAILED, str(fetched.failure), now)
    harvest.fetched += 1
    response = fetched.response
    pm.etag, pm.last_modified = response.etag[:200], response.last_modified[:100]
    if response.not_modified:
        return _note(pm, entry, UNCHANGED, "", now, checked_only=True)
    if fetched.read is None and fetched.refusal is None:
        return _note(pm, entry, UNCHANGED, "", now, checked_only=True)  # the same bytes
    if fetched.refusal is not None:
        pm.sha256 = fetched.sha256
        return _note(pm, entry, REFUSED, str(fetched.refusal), now)
    read, sha256, flags = fetched.read, fetched.sha256, fetched.flags
    if flags:
        _hold(municipality, read, fetched.url, flags)
        pm.sha256 = sha256
        return _note(pm, entry, HELD, _held_reason(flags), now)
    try:
        with transaction.atomic():
            result = referat_store(read=read, municipality=municipality)
            pm.sha256, pm.meeting = sha256, result.meeting
            pm.settled = _settled(read.referat)
            _note(pm, entry, result.status, "", now)
    except ReferatError as error:
        pm.meeting = None
        return _note(pm, entry, REFUSED, str(error), now)
    return MeetingOutcome(result.status, entry, meeting=result.meeting)


def _note(
    pm, entry, status: str, reason: str, now, *, checked_only: bool = False
) -> MeetingOutcome:
    """Record what became of a listed meeting (its own small write)."""
    pm.listing = entry.listing
    pm.checked_at = now
    if not checked_only:
        pm.fetched_at = now
        pm.reason = " ".join(reason.split())[:500]
        pm.status = {
            CREATED: PortalMeeting.Status.STORED,
            UPDATED: PortalMeeting.Status.STORED,
            UNCHANGED: PortalMeeting.Status.STORED,
            REFUSED: PortalMeeting.Status.REFUSED,
            HELD: PortalMeeting.Status.HELD,
            FAILED: PortalMeeting.Status.FAILED,
        }[status]
    elif not pm.status:
        pm.status = PortalMeeting.Status.STORED
    pm.save()
    return MeetingOutcome(status, entry, reason=pm.reason if not checked_only else "")


def _settled(referat: dict) -> bool:
    """A referat with every decision released: only a change at the portal fetches it again."""
    if referat.get("kind") == "dagsorden":
        return False
    return not any(
        "ikke frigivet" in (item.get("decision") or "").casefold()
        for item in referat.get("items") or []
    )


def _hold(municipality, read: ReadReferat, url: str, flags) -> Upload:
    """The privacy gate flagged the meeting: kept for staff to review, like an upload."""
    existing = Upload.objects.filter(
        municipality=municipality, sha256=read.sha256, status=Upload.Status.AWAITING
    ).first()
    if existing is not None:
        return existing
    return Upload.objects.create(
        municipality=municipality,
        origin=Upload.Origin.HARVEST,
        source_url=url[:1000],
        content=read.content,
        filename=read.filename[-500:],
        size=len(read.content),
        sha256=read.sha256,
        format=read.format,
        referat=read.referat,
        personal_data_flags=[flag.as_dict() for flag in flags],
    )


def _held_reason(flags) -> str:
    places = ", ".join(dict.fromkeys(f"{flag.label} ({flag.place})" for flag in flags))
    return _("holdt tilbage til gennemsyn: mulige personoplysninger: {places}").format(
        places=places
    )


def _reconcile_held(portal_meetings) -> None:
    """A held meeting staff published since is stored: its rows are the published upload's."""
    for pm in portal_meetings:
        if pm.status != PortalMeeting.Status.HELD:
            continue
        upload = (
            Upload.objects.filter(
                municipality=pm.municipality, sha256=pm.sha256, status=Upload.Status.PUBLISHED
            )
            .exclude(meeting=None)
            .first()
        )
        if upload is not None:
            pm.status, pm.meeting, pm.reason = PortalMeeting.Status.STORED, upload.meeting, ""
            pm.save(update_fields=["status", "meeting", "reason"])


def _count(harvest, outcome: MeetingOutcome) -> None:
    counter = {
        CREATED: "created",
        UPDATED: "updated",
        UNCHANGED: "unchanged",
        REFUSED: "refused",
        HELD: "held",
        FAILED: "failed",
    }[outcome.status]
    setattr(harvest, counter, getattr(harvest, counter) + 1)
    if outcome.status != UNCHANGED:
        entry = outcome.listed
        harvest.log.append(
            {
                "portal_id": entry.portal_id,
                "committee": entry.committee,
                "date": entry.date.isoformat() if entry.date else None,
                "status": outcome.status,
                "reason": outcome.reason,
            }
        )
    harvest.save()


def _take_turn(municipality) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [_HARVEST_LOCK, municipality.pk])
        return bool(cursor.fetchone()[0])


def _end_turn(municipality) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [_HARVEST_LOCK, municipality.pk])


def _mark_interrupted(municipality, since) -> datetime.datetime | None:
    """Harvests left running by a process that died are interrupted; the start of the latest
    one with the same `since`, which this run resumes."""
    stale = Harvest.objects.filter(municipality=municipality, status=Harvest.Status.RUNNING)
    latest = stale.order_by("-started_at").first()
    stale.update(status=Harvest.Status.INTERRUPTED, finished_at=timezone.now())
    if latest is not None and since is not None and latest.since == since:
        return latest.started_at
    return None
