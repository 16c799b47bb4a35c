"""`manage.py restore FILE`: an archive back from `manage.py backup FILE`.

    ARCHIVE_DATA_DIR=/new/place uv run manage.py restore referatarkiv-2026-12-01.tar

Into the embedded database of ARCHIVE_DATA_DIR (a fresh folder, or with --replace one whose
archive is to be replaced), or into the server at DATABASE_URL. The database is restored in one
transaction with pg_restore, then analysed: the planner's statistics are not part of a dump, and
search counts of broad queries are the planner's estimates ("ca. N"), so without ANALYZE they
would differ from the original's until autovacuum came by. The secret key goes back to
ARCHIVE_DATA_DIR/secret_key (sessions and password-reset links stay valid); with DATABASE_URL
set, the key is the environment's business and this command says where it is in the file.
Stop `serve` first: the embedded database must have no other client while it is replaced.
"""

from __future__ import annotations

import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from archive.db import dump


class Command(BaseCommand):
    help = "Restore the database and the secret key from a backup file."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace an archive that already has meetings.",
        )

    def handle(self, *args, file: Path, replace: bool, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            archive = tarfile.open(file, "r")
        except tarfile.TarError as exc:
            raise CommandError(f"{file} is not a backup of the archive ({exc})") from exc
        with archive, tempfile.TemporaryDirectory(prefix="restore-") as work:
            manifest = dump.read_manifest(archive)
            self.refuse_if_in_use(replace)
            target = Path(work) / dump.DATABASE
            with archive.extractfile(dump.DATABASE) as source, open(target, "wb") as out:
                while chunk := source.read(1024 * 1024):
                    out.write(chunk)
            key = None
            if manifest.get("secret_key"):
                key = archive.extractfile(dump.SECRET_KEY).read().decode().strip()
            connection.close()
            dump.restore_database(target)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(f"Restored the database from {file} (made {manifest['created']}).")
        if key is None:
            self.stdout.write("The backup holds no secret key: the current one stays.")
        elif settings.DATABASE_URL:
            self.stdout.write(
                f"Set SECRET_KEY to the key in the backup (tar -xOf {file} secret_key) so that "
                "sessions and links signed before stay valid."
            )
        else:
            key_file = dump.secret_key_file()
            key_file.write_text(key)
            key_file.chmod(0o600)
            self.stdout.write(f"Restored the secret key to {key_file}.")

    def refuse_if_in_use(self, replace: bool) -> None:
        if not settings.DATABASE_URL:
            from archive.db import server

            pgdata = server.pgdata_for(settings.ARCHIVE_DATA_DIR)
            server.ensure_running(settings.ARCHIVE_DATA_DIR)
            server.prune_dead_clients(pgdata)
            import json
            import os

            clients = json.loads((pgdata / ".handle_pids.json").read_text() or "[]")
            others = [pid for pid in clients if pid != os.getpid()]
            if others or os.environ.get(server.ENV_PGDATA):
                raise CommandError(
                    f"the database of {settings.ARCHIVE_DATA_DIR} is in use (processes "
                    f"{', '.join(map(str, others))}): stop serve first"
                )
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('meetings_meeting') IS NOT NULL")
            (migrated,) = cursor.fetchone()
            count = 0
            if migrated:
                cursor.execute("SELECT count(*) FROM meetings_meeting")
                (count,) = cursor.fetchone()
        if count and not replace:
            raise CommandError(
                f"this archive already has {count} meetings: restore into a fresh "
                "ARCHIVE_DATA_DIR, or give --replace to replace them"
            )
