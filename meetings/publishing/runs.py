"""Publishing runs: everything one `ingest`, one published upload or one harvest stored, so that
what follows a publication happens once per run (meetings.models.PublishRun).

    with publishing_run(PublishRun.Origin.INGEST):
        referat_store(...)  # each created or updated meeting is recorded in the run

When the run ends its followers are queued on the background worker, after the last store's
transaction has committed: nothing follows what was rolled back.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from meetings.models import PublishedMeeting, PublishRun

logger = logging.getLogger(__name__)

_current: contextvars.ContextVar[PublishRun | None] = contextvars.ContextVar(
    "publishing_run", default=None
)
# What follows a run that published something: functions of the run's id, registered by the
# parts that care (alerts, exports). Each queues its own background work.
FOLLOWERS: list[Callable[[int], None]] = []


def follow_runs(follower: Callable[[int], None]) -> Callable[[int], None]:
    """Register `follower(run_id)` to be called after each run that published something."""
    FOLLOWERS.append(follower)
    return follower


@contextlib.contextmanager
def publishing_run(origin: str):
    """A run: what the store stores inside it is recorded in one PublishRun."""
    if _current.get() is not None:  # an upload published inside an ingest run, say
        yield _current.get()
        return
    run = PublishRun.objects.create(origin=origin)
    token = _current.set(run)
    try:
        yield run
    except BaseException:
        # What was stored before the failure stays recorded (each meeting commits on its
        # own); a run interrupted this way is followed by the next one's followers.
        if not transaction.get_connection().needs_rollback:
            _finish(run)
        raise
    else:
        _finish(run)
    finally:
        _current.reset(token)


def _finish(run: PublishRun) -> None:
    run.finished_at = timezone.now()
    run.save(update_fields=["finished_at"])
    if run.meetings.exists():
        transaction.on_commit(lambda: _follow(run.pk))


def record_published(meeting, status: str) -> None:
    """Called by the store for each meeting it created or updated, in its transaction."""
    run = _current.get()
    if run is not None:
        PublishedMeeting.objects.get_or_create(
            run=run, meeting=meeting, defaults={"status": status}
        )


def _follow(run_id: int) -> None:
    for follower in FOLLOWERS:
        try:
            follower(run_id)
        except Exception:  # one follower's failure must not keep the others from their work
            logger.exception("after publishing run %s: %s failed", run_id, follower.__name__)
