"""Bring the database up to the code before a command uses it, as `serve` does.

`ingest` and `harvest` on a fresh clone would otherwise meet an embedded database without a
single table. A server of one's own (DATABASE_URL) is migrated by whoever deploys, so there a
missing migration is said, not applied behind the deployer's back.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor


def ensure_migrated() -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    if not executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return
    if settings.DATABASE_URL:
        raise CommandError(
            "The database at DATABASE_URL lacks migrations: run `manage.py migrate` first."
        )
    call_command("migrate", interactive=False, verbosity=0)
