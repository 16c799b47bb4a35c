"""While the database cannot answer or the disk is full: 503 with Retry-After and the archive's
own page (which reads no database), /healthz says why, staff see the full disk in the admin."""

from __future__ import annotations

import errno
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.db import OperationalError

from archive import health
from archive.db import server


@pytest.mark.urls("tests.ops.urls")
@pytest.mark.parametrize(
    ("address", "reason_words"),
    [
        ("/gone/", "svarer ikke"),
        ("/starting/", "svarer ikke"),
        ("/full/", "disk er fuld"),
    ],
)
def test_an_outage_is_a_503_page_of_our_own(client, address, reason_words, caplog):
    response = client.get(address)
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    page = response.content.decode()
    assert "midlertidigt utilgængeligt" in page and reason_words in page
    assert "Traceback" not in caplog.text


@pytest.mark.urls("tests.ops.urls")
def test_the_503_page_in_english(client):
    page = client.get("/en/gone/").content.decode()
    assert "temporarily unavailable" in page


def test_healthz_says_why_the_database_does_not_answer(client, monkeypatch):
    monkeypatch.setattr(
        "archive.health.connection.cursor",
        mock.Mock(side_effect=OperationalError("server closed the connection unexpectedly")),
    )
    monkeypatch.setattr(server, "is_alive", lambda data_dir: False)
    monkeypatch.setattr(server, "disk_full", lambda data_dir: False)
    monkeypatch.setattr(server, "why_stopped", lambda data_dir: "the server is not running")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Retry-After"]
    body = response.json()
    assert body["status"] == "error"
    assert body["reason"] == "database_unreachable"
    assert body["detail"] == "the server is not running"


@pytest.mark.django_db
def test_healthz_and_the_admin_tell_a_full_disk(admin_client, monkeypatch, settings):
    settings.DATABASE_URL = ""
    monkeypatch.setattr(server, "disk_free_bytes", lambda data_dir: 3 * 1024 * 1024)
    body = admin_client.get("/healthz").json()
    assert body == {
        "status": "degraded",
        "reason": "disk_full",
        "detail": f"the disk of {settings.ARCHIVE_DATA_DIR} is full (3 MB free)",
    }
    page = admin_client.get("/admin/").content.decode()
    assert "Disken med arkivets database er fuld (3 MB fri" in page
    monkeypatch.setattr(server, "disk_free_bytes", lambda data_dir: 10 * 1024**3)
    assert "er fuld" not in admin_client.get("/admin/").content.decode()
    assert admin_client.get("/healthz").json() == {"status": "ok"}


@pytest.mark.django_db
def test_a_full_temporary_folder_during_an_upload_is_said(admin_client, settings, monkeypatch):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10  # to a temporary file, as a large upload goes

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(TemporaryFileUploadHandler, "new_file", full)
    upload = SimpleUploadedFile("referat.txt", b"REFERAT " * 100, content_type="text/plain")
    response = admin_client.post("/admin/meetings/upload/add/", {"files": upload})
    assert response.status_code == 503
    assert "disk er fuld" in response.content.decode()


def test_the_reason_of_a_stopped_server_comes_from_its_disk_and_log(tmp_path, monkeypatch):
    pgdata = tmp_path / "postgres"
    pgdata.mkdir()
    (pgdata / "log").write_text(
        'LOG:  starting\nFATAL:  could not write lock file "postmaster.pid": whatever\n'
    )
    monkeypatch.setattr(server, "disk_free_bytes", lambda data_dir: 10 * 1024**3)
    assert server.why_stopped(tmp_path) == (
        'PostgreSQL: could not write lock file "postmaster.pid": whatever'
    )
    (pgdata / "log").write_text("PANIC:  could not write to file: No space left on device\n")
    assert server.why_stopped(tmp_path).startswith(f"the disk of {tmp_path} is full")


def test_database_problem_names_a_starting_server():
    assert health.database_problem(OperationalError("the database system is starting up"))[0] == (
        "database_starting"
    )
