"""A full disk under the embedded database, for real: ARCHIVE_DATA_DIR on a small tmpfs, filled
up while serve runs. The site says why (healthz, the log), answers no 500, and is whole again
by itself once the space is freed. Needs root (mount); skipped, with a reason, elsewhere."""

from __future__ import annotations

import contextlib
import os
import subprocess
import time

import pytest

from tests.test_serve import free_port, healthz, page_status, start_serve, stop, wait_for_page

TMPFS_MB = 400


@pytest.fixture
def small_disk(data_root):
    data_dir = data_root / "data"
    data_dir.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={TMPFS_MB}m", "tmpfs", str(data_dir)],
        capture_output=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    yield data_dir
    subprocess.run(["umount", "-l", str(data_dir)], check=False)


def fill(path) -> None:
    """Write zeros to `path` until the disk is full."""
    block = b"\0" * (1024 * 1024)
    with open(path, "wb") as filler, contextlib.suppress(OSError):
        while True:
            filler.write(block)
            filler.flush()


def write_something(data_dir, rows: int = 50000) -> str:
    """What a staff member's publication does to the disk: a transaction that writes; the
    error's first line, or "" when it was written."""
    import psycopg

    try:
        with psycopg.connect(
            host=str(data_dir / "postgres"), user="postgres", dbname="archive", connect_timeout=5
        ) as conn:
            conn.execute("CREATE TABLE IF NOT EXISTS ballast (x text)")
            conn.execute(
                "INSERT INTO ballast SELECT repeat('x', 1000) FROM generate_series(1, 50000)"
            )
            conn.execute("CHECKPOINT")
    except psycopg.Error as exc:
        return str(exc).splitlines()[0]
    return ""


def test_a_full_disk_is_said_and_the_archive_recovers_once_space_is_freed(small_disk):
    port = free_port()
    proc = start_serve(small_disk, port, "--no-worker", "--no-fixtures")
    try:
        wait_for_page(port, proc)
        fill(small_disk / "filler")
        refused = write_something(small_disk)
        assert refused, "PostgreSQL wrote to a full disk?"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            status, _, body = healthz(port)
            if body.get("reason") == "disk_full":
                break
            time.sleep(0.3)
        assert body.get("reason") == "disk_full", body
        assert "full" in body["detail"]
        assert page_status(port, "/")[0] in (200, 503)  # read still, or said: never a 500

        os.unlink(small_disk / "filler")
        # Back by itself: PostgreSQL may have stopped on the full disk (a PANIC on its WAL) and
        # been started again by serve, or have gone on reading; either way it writes again.
        deadline = time.monotonic() + 30
        written = "not tried"
        while time.monotonic() < deadline:
            status, _, body = healthz(port)
            if status == 200 and body == {"status": "ok"}:
                written = write_something(small_disk, rows=10)
                if not written:
                    break
            time.sleep(0.5)
        assert body == {"status": "ok"} and written == "", (body, written)
        assert page_status(port, "/")[0] == 200
    finally:
        output = stop(proc)
    print(output)
    assert "Traceback" not in output
