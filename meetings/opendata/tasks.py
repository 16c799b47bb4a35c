"""The open-data dumps rebuilt in the background after each publishing run and takedown."""

from __future__ import annotations

import logging

from django.db import transaction
from procrastinate import exceptions
from procrastinate.contrib.django import app

from meetings.publishing.runs import follow_runs

from .export import build_exports

logger = logging.getLogger(__name__)


@app.task(name="rebuild_exports", queue="exports", queueing_lock="rebuild-exports")
def rebuild_exports() -> None:
    """Every dump written again (one job waits at a time: runs in a row collapse into one)."""
    entries = build_exports()
    logger.info("open-data dumps rebuilt: %d files", len(entries))


def defer_rebuild() -> None:
    try:
        rebuild_exports.defer()
    except exceptions.AlreadyEnqueued:
        pass  # a rebuild is waiting already: it will see this change too


@follow_runs
def rebuild_after_publishing(run_id: int) -> None:
    defer_rebuild()


def rebuild_after_takedown() -> None:
    """Called by a takedown: the dumps must lose the text now gone from the pages."""
    transaction.on_commit(defer_rebuild)
