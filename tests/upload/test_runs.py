"""Publishing runs: what one ingest, upload or harvest stored is one run, and what follows a
publication is called once per run, after the data is committed."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from meetings.models import PublishRun
from meetings.publishing import runs

pytestmark = pytest.mark.django_db


@pytest.fixture
def followed(monkeypatch):
    calls: list[int] = []
    monkeypatch.setattr(runs, "FOLLOWERS", [calls.append])
    return calls


def test_an_ingest_of_three_files_is_one_run_followed_once(
    followed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("ingest", "fixtures", stdout=io.StringIO())
    run = PublishRun.objects.get()
    assert run.origin == "ingest" and run.finished_at is not None
    assert sorted(run.meetings.values_list("status", flat=True)) == ["created"] * 3
    assert followed == [run.pk]
    with django_capture_on_commit_callbacks(execute=True):
        call_command("ingest", "fixtures", stdout=io.StringIO())  # nothing new: nothing follows
    assert followed == [run.pk]


def test_a_published_upload_is_a_run(followed, django_capture_on_commit_callbacks, staff):
    from meetings.publishing.uploads import upload_publish, upload_receive
    from tests.upload.conftest import JAI_TEXT, as_file

    upload = upload_receive(file=as_file("jai.txt", JAI_TEXT), uploaded_by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        upload_publish(upload=upload, published_by=staff)
    run = PublishRun.objects.get(origin="upload")
    upload.refresh_from_db()
    assert run.meetings.get().meeting == upload.meeting
    assert followed == [run.pk]
