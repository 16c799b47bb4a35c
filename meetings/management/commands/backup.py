"""`manage.py backup FILE`: the whole archive in one file, the database and the secret key.

    uv run manage.py backup referatarkiv-2026-12-01.tar

The file is a tar of `database.dump` (pg_dump, custom format), `secret_key` (the local key
from ARCHIVE_DATA_DIR, or SECRET_KEY from the environment) and `manifest.json`. It is written
through a temporary file, so a failed backup never leaves half a file under FILE's name, and
readable by its owner only. `manage.py restore FILE` reads it back.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from archive.db import dump


class Command(BaseCommand):
    help = "Write the database and the secret key to one backup file."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        manifest = dump.write_backup(file)
        size = file.stat().st_size / (1024 * 1024)
        key = "and the secret key" if manifest["secret_key"] else "(no secret key found)"
        self.stdout.write(f"Backed up the database {key} to {file} ({size:.1f} MB).")
