"""A referat with more lines in one item than a 2-byte column counts (a 560 KB text file with
tens of thousands of Bilag lines) is stored: by `ingest`, and by upload, preview and publish,
never a 500 at the last step."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from meetings.models import Attachment, Meeting, Upload

pytestmark = pytest.mark.django_db
ATTACHMENTS = 33_000  # past 32767, the largest smallint


def large_referat() -> bytes:
    lines = [
        "REFERAT Udvalget for Job, Arbejdsmarked & Integration - 2026-2029 d. 07-04-2026",
        "",
        "Mødedato Tirsdag d. 07. april 2026 kl. 17:00",
        "",
        "Mødested Mødelokale 5, Allerslev",
        "",
        "Mødedeltagere Thomas Bisgaard, Ole Blickfeldt",
        "",
        "Punkt 1: JAI - Godkendelse af dagsorden",
        "",
        "Beslutning",
        "",
        "Godkendt",
        "",
        "Bilag",
        "",
        *(f"Bilag nr. {n:05d}.pdf" for n in range(1, ATTACHMENTS + 1)),
        "",
    ]
    text = "\n".join(lines).encode()
    assert len(text) > 550_000
    return text


def test_ingest_stores_it(tmp_path):
    path = tmp_path / "stor.txt"
    path.write_bytes(large_referat())
    out = io.StringIO()
    call_command("ingest", str(path), stdout=out, stderr=out)
    assert "1 created" in out.getvalue(), out.getvalue()
    assert Attachment.objects.count() == ATTACHMENTS
    assert Attachment.objects.order_by("-position").first().position == ATTACHMENTS


def test_upload_preview_and_publish_store_it(admin_client):
    upload = SimpleUploadedFile("stor.txt", large_referat(), content_type="text/plain")
    response = admin_client.post("/admin/meetings/upload/add/", {"files": upload})
    assert response.status_code == 302, response.content[:500]
    received = Upload.objects.get()
    assert received.status == Upload.Status.AWAITING, received.refused_reason
    preview = admin_client.get(response["Location"])
    assert preview.status_code == 200
    page = preview.content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    published = admin_client.post(
        f"/admin/meetings/upload/{received.pk}/publish/",
        {"confirm_personal_data": "on", **({"csrfmiddlewaretoken": token[1]} if token else {})},
    )
    assert published.status_code == 302
    received.refresh_from_db()
    assert received.status == Upload.Status.PUBLISHED
    assert Meeting.objects.count() == 1
    assert Attachment.objects.count() == ATTACHMENTS
