"""Settings from the environment, checked in fresh processes as an operator would start them."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args: str, **env_overrides: str) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_missing_secret_key_with_a_real_database_stops_startup_with_one_clear_line(tmp_path):
    result = run_manage(
        "check",
        DATABASE_URL="postgres://archive@db.invalid/archive",
        ARCHIVE_DATA_DIR=str(tmp_path),
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert not (tmp_path / "postgres").exists()


@pytest.mark.django_db
def test_database_url_is_used_and_nothing_is_started(tmp_path):
    # Point DATABASE_URL at the server the tests already use; the process must use it and
    # must not start an embedded server of its own in its (empty) data folder.
    params = connection.get_connection_params()
    url = f"postgres://{params['user']}@/{connection.settings_dict['NAME']}?host={params['host']}"
    if params.get("port"):
        url = url.replace("@/", f"@:{params['port']}/")
    result = run_manage(
        "shell",
        "-c",
        "from django.db import connection; connection.ensure_connection(); "
        "print(connection.vendor, connection.settings_dict['ENGINE'])",
        DATABASE_URL=url,
        SECRET_KEY="test-only",
        ARCHIVE_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert "postgresql django.db.backends.postgresql" in result.stdout
    assert not (tmp_path / "postgres").exists()


def test_debug_is_off_unless_asked(tmp_path):
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        ARCHIVE_DATA_DIR=str(tmp_path),
    )
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr
