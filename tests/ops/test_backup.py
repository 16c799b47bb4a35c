"""Backup and restore as a person does it: a fresh clone's `ingest`, `backup FILE`, then
`restore FILE` into another fresh data folder, and the same pages, search results and secret
key on both sides. Every command is a new process with its own embedded PostgreSQL."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PAGES = [
    "/",
    "/moeder/",
    "/udvalg/",
    "/sager/",
    "/soeg/?q=tilsyn",
    "/soeg/?q=kommune",
    "/api/search?q=kommune",
    "/api/search?q=integration&sort=date",
    "/api/meetings/",
]
# Renders the pages in process (Django's test client), without CSRF tokens, which differ per
# request; a meeting page and an item page found through the API are added.
RENDER = """
import json, re
from django.conf import settings
from django.test import Client
# As tests/conftest.py: pages render without collectstatic's manifest (a clean clone has none).
settings.STORAGES = {{**settings.STORAGES, "staticfiles": {{
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}}}
client = Client()
pages = {PAGES!r}
first = client.get("/api/meetings/").json()["results"][0]["url"].split("testserver", 1)[1]
pages += [first, first + "punkt/1/"]
out = {{}}
for page in pages:
    response = client.get(page)
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    out[page] = [response.status_code, body]
print(json.dumps(out))
"""


def manage(data_dir: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "SECRET_KEY"}
    }
    env.update(ARCHIVE_DATA_DIR=str(data_dir), ALLOWED_HOSTS="testserver", PYTHONUNBUFFERED="1")
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    if check:
        assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done


def pages(data_dir: Path) -> dict:
    out = manage(data_dir, "shell", "-c", RENDER.format(PAGES=PAGES)).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_a_restored_backup_shows_the_same_archive(data_root):
    original, restored = data_root / "original", data_root / "restored"
    backup = data_root / "b.tar"
    # A fresh clone: ingest migrates the empty embedded database first.
    ingested = manage(original, "ingest", str(ROOT / "fixtures"))
    assert "3 created" in ingested.stdout
    before = pages(original)
    assert all(status == 200 for status, _ in before.values()), {
        page: status for page, (status, _) in before.items()
    }

    done = manage(original, "backup", str(backup))
    assert "and the secret key" in done.stdout
    with tarfile.open(backup) as archive:
        assert {"manifest.json", "database.dump", "secret_key"} <= set(archive.getnames())
    assert backup.stat().st_mode & 0o077 == 0, "the backup holds the key: owner only"

    done = manage(restored, "restore", str(backup))
    assert "Restored the database" in done.stdout and "Restored the secret key" in done.stdout
    assert (restored / "secret_key").read_text() == (original / "secret_key").read_text()
    after = pages(restored)
    assert after.keys() == before.keys()
    for page in before:
        assert after[page] == before[page], f"{page} differs after the restore"
    counts = json.loads(after["/api/search?q=kommune"][1])["count"]
    assert counts > 0

    # Restoring over an archive that has meetings needs --replace.
    refused = manage(restored, "restore", str(backup), check=False)
    assert refused.returncode != 0 and "--replace" in refused.stderr
    assert "Traceback" not in refused.stderr
    manage(restored, "restore", "--replace", str(backup))
    assert pages(restored) == before


def test_restore_refuses_what_is_no_backup(data_root):
    junk = data_root / "junk.tar"
    junk.write_bytes(b"not a tar file at all")
    done = manage(data_root / "data", "restore", str(junk), check=False)
    assert done.returncode != 0
    assert re.search(r"not a backup", done.stderr) and "Traceback" not in done.stderr
