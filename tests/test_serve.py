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


def start_serve(data_dir: Path, port: int, *args: str, **extra_env) -> subprocess.Popen:
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(ARCHIVE_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1", **extra_env)
    return subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--port", str(port), "--workers", "1", *args],
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


@pytest.fixture
def data_root():
    """A folder for the data outside pytest's temporary root: the embedded server runs as
    another user, who must reach its folder, and pytest makes /tmp/pytest-of-<user> private
    again whenever a session starts (another pytest run on the same machine)."""
    import shutil
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="archive-serve-test-"))
    yield root
    shutil.rmtree(root, ignore_errors=True)


def postgres_running(data_dir: Path) -> bool:
    return (data_dir / "postgres" / "postmaster.pid").exists()


def test_serve_shows_the_sample_meetings_and_stops_cleanly(data_root):
    data_dir = data_root / "data"
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
def test_serve_takes_the_admin_account_from_the_environment(data_root, password):
    data_dir = data_root / "data"
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
    # Started again with an address: the account gets it, for the mail of held meetings.
    proc = start_serve(
        data_dir, port, ARCHIVE_ADMIN_USER="sekretariat", ARCHIVE_ADMIN_EMAIL="sek@greve.dk"
    )
    try:
        wait_for_page(port, proc)
    finally:
        output = stop(proc)
    assert "Admin account 'sekretariat': address set from ARCHIVE_ADMIN_EMAIL." in output


def healthz(port: int) -> tuple[int, dict, dict]:
    import json
    import urllib.error

    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            return (
                response.status,
                {k.lower(): v for k, v in response.headers.items()},
                json.loads(response.read()),
            )
    except urllib.error.HTTPError as error:
        return (
            error.code,
            {k.lower(): v for k, v in error.headers.items()},
            json.loads(error.read()),
        )


def page_status(port: int, path: str = "/") -> tuple[int, dict]:
    import urllib.error

    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}


def postmaster_pid(data_dir: Path) -> int:
    return int((data_dir / "postgres" / "postmaster.pid").read_text().split()[0])


def test_serve_brings_a_killed_database_back_and_still_stops_it(data_root):
    """kill -9 of PostgreSQL: 503 with Retry-After meanwhile, back within seconds by itself;
    a client of the database killed too: SIGTERM still stops the database."""
    data_dir = data_root / "data"
    port = free_port()
    proc = start_serve(data_dir, port, "--no-worker")
    client = None
    try:
        wait_for_page(port, proc)
        old = postmaster_pid(data_dir)
        # A second client of the embedded database (a `manage.py shell` of the staff), which
        # dies without its exit handlers.
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env["ARCHIVE_DATA_DIR"] = str(data_dir)
        client = subprocess.Popen(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c",
             "from django.db import connection; connection.ensure_connection();"
             "print('connected', flush=True); import time; time.sleep(120)"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert client.stdout.readline().strip() == "connected"

        os.kill(old, signal.SIGKILL)
        killed = time.monotonic()
        statuses = []
        while time.monotonic() - killed < 30:
            status, headers = page_status(port)
            statuses.append(status)
            if status == 503:
                assert int(headers["retry-after"]) > 0, headers
            if status == 200 and postmaster_pid(data_dir) != old:
                break
            time.sleep(0.2)
        back = time.monotonic() - killed
        assert statuses[-1] == 200, statuses
        assert back < 15, f"the site came back after {back:.1f} s"
        assert 500 not in statuses, statuses
        assert healthz(port)[0] == 200

        client.kill()
        client.wait()
    finally:
        if client is not None and client.poll() is None:
            client.kill()
        output = stop(proc)
    assert proc.returncode == 0, output
    assert "The database stopped" in output and "The database runs again" in output
    assert "Traceback" not in output
    assert not postgres_running(data_dir), "a dead client kept the database running"


def test_serve_says_in_one_line_that_the_data_folder_is_read_only(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(data_dir)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a read-only folder here: {mounted.stderr.decode().strip()}")
    try:
        proc = start_serve(data_dir, free_port())
        output, _ = proc.communicate(timeout=60)
    finally:
        subprocess.run(["umount", str(data_dir)], check=True)
    assert proc.returncode == 1, output
    assert "Traceback" not in output
    assert f"The data folder {data_dir} is on a read-only file system" in output
