"""Production settings, as README's "Running in production" sets them: `check --deploy` has
nothing to say, HTTP is redirected to HTTPS, HSTS is sent, /healthz answers over plain HTTP
(the container's own health check), and every page carries the Content-Security-Policy."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def production_env(**extra) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        # (the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE is no production variable)
        if k
        not in {"DJANGO_SETTINGS_MODULE", "ARCHIVE_DATA_DIR", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DATABASE_URL="postgres://archive:secret@db.invalid:5432/archive",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="referater.example.dk",
        CSRF_TRUSTED_ORIGINS="https://referater.example.dk",
        HTTPS="1",
        **extra,
    )
    return env


def manage(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_the_documented_production_environment():
    done = manage(production_env(), "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_check_deploy_warns_without_https():
    env = production_env()
    del env["HTTPS"]
    done = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode != 0
    assert "security.W004" in done.stderr and "security.W008" in done.stderr


# /robots.txt: an address that needs neither the database (not there) nor collectstatic's
# manifest (a clean clone has none; the image makes it).
PROBE = """
import json
from django.test import Client
client = Client(HTTP_HOST="referater.example.dk")
http = client.get("/robots.txt")
health = client.get("/healthz")
secure = client.get("/robots.txt", HTTP_X_FORWARDED_PROTO="https")
print(json.dumps({
    "redirect": [http.status_code, http.get("Location")],
    "healthz": health.status_code,
    "hsts": secure.get("Strict-Transport-Security"),
    "csp": secure.get("Content-Security-Policy"),
}))
"""


def test_https_redirect_hsts_and_csp(monkeypatch):
    env = production_env(SECURE_HSTS_SECONDS="600")
    done = manage(env, "shell", "--no-imports", "-c", PROBE)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["redirect"] == [301, "https://referater.example.dk/robots.txt"]
    # The database is not there: /healthz says so over HTTP rather than redirecting.
    assert seen["healthz"] == 503
    assert seen["hsts"] == "max-age=600; includeSubDomains"
    assert "default-src 'self'" in seen["csp"] and "'unsafe-inline'" not in seen["csp"]
