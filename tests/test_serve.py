"""`manage.py serve` end to end, as a new user runs it: a real process, a real port, signals."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_serve(data_dir: Path, port: int, **extra_env) -> subprocess.Popen:
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(ARCHIVE_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1", **extra_env)
    return subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--port", str(port), "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_for_page(port: int, proc: subprocess.Popen, timeout: float = 90) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"serve exited early:\n{proc.stdout.read()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                return response.read().decode()
        except OSError:
            time.sleep(0.3)
    raise AssertionError("serve did not answer in time")


def stop(proc: subprocess.Popen) -> str:
    proc.send_signal(signal.SIGTERM)
    output, _ = proc.communicate(timeout=30)
    return output


def postgres_running(data_dir: Path) -> bool:
    return (data_dir / "postgres" / "postmaster.pid").exists()


def test_serve_shows_the_sample_meetings_and_stops_cleanly(tmp_path):
    data_dir = tmp_path / "data"
    port = free_port()
    proc = start_serve(data_dir, port)
    try:
        started = time.monotonic()
        page = wait_for_page(port, proc)
        elapsed = time.monotonic() - started
        assert "Job, Arbejdsmarked" in page
        assert elapsed < 60, f"first start took {elapsed:.0f} s"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            assert response.status == 200
    finally:
        output = stop(proc)
    assert proc.returncode == 0, output
    assert "Traceback" not in output
    assert "Admin account created" in output  # a generated password, shown this once
    assert not postgres_running(data_dir), "the embedded database outlived serve"

    # A second serve on the same data: no new admin password, no re-import, same meetings.
    port = free_port()
    proc = start_serve(data_dir, port)
    try:
        assert "Job, Arbejdsmarked" in wait_for_page(port, proc)
    finally:
        output = stop(proc)
    assert proc.returncode == 0, output
    assert "Admin account created" not in output
    assert "Loading the sample referater" not in output
    assert not postgres_running(data_dir)


@pytest.mark.parametrize("password", ["s3cret-from-env"])
def test_serve_takes_the_admin_account_from_the_environment(tmp_path, password):
    data_dir = tmp_path / "data"
    port = free_port()
    proc = start_serve(
        data_dir, port, ARCHIVE_ADMIN_USER="sekretariat", ARCHIVE_ADMIN_PASSWORD=password
    )
    try:
        wait_for_page(port, proc)
    finally:
        output = stop(proc)
    assert "Admin account 'sekretariat' created." in output
    assert password not in output
