"""The whole archive as files, and its changes followable: a script can mirror it and then
follow it without ever reading it all again."""

from __future__ import annotations

import gzip
import hashlib
import io
import json

import pytest
from django.core.management import call_command
from django.db import connections

from meetings.models import Meeting
from meetings.opendata.changes import Cursor, changes_after, record_change
from meetings.opendata.export import build_exports
from meetings.publishing.takedown import meeting_withdraw

FIXTURES = "fixtures"


@pytest.fixture
def exports(settings, tmp_path):
    settings.ARCHIVE_EXPORT_DIR = tmp_path / "exports"
    return settings.ARCHIVE_EXPORT_DIR


@pytest.mark.django_db
def test_the_archive_downloads_as_one_file_per_municipality_and_one_of_all(client, exports):
    call_command("ingest", FIXTURES, stdout=io.StringIO())
    call_command("ingest", "tests/data/greve/dagsorden", stdout=io.StringIO())
    build_exports()
    listing = client.get("/api/export/").json()
    names = [dump["name"] for dump in listing["dumps"]]
    assert names == ["greve.jsonl.gz", "lejre.jsonl.gz", "alle.jsonl.gz"]
    for dump in listing["dumps"]:
        response = client.get(dump["url"].removeprefix("http://testserver"))
        body = b"".join(response.streaming_content)
        assert hashlib.sha256(body).hexdigest() == dump["sha256"] and len(body) == dump["size"]
        lines = gzip.decompress(body).decode().splitlines()
        assert len(lines) == dump["meetings"]
        first = json.loads(lines[0])
        assert {"id", "url", "committee", "date", "items", "municipality"} <= set(first)
    assert sum(d["meetings"] for d in listing["dumps"][:2]) == listing["dumps"][2]["meetings"] == 15
    assert client.get("/api/export/nothing.gz").status_code == 404


@pytest.mark.django_db
def test_a_withdrawn_meeting_leaves_the_dumps(client, exports, admin_user):
    call_command("ingest", FIXTURES, stdout=io.StringIO())
    meeting = Meeting.objects.order_by("date").first()
    meeting_withdraw(meeting=meeting, reason="Fejl", made_by=admin_user)
    build_exports()
    with gzip.open(exports / "lejre.jsonl.gz") as dump:
        ids = [json.loads(line)["id"] for line in dump]
    assert meeting.pk not in ids and len(ids) == 2


@pytest.mark.django_db(transaction=True)
def test_the_dumps_are_rebuilt_in_the_background_after_publishing(exports):
    from tests.harvest.test_tasks import run_worker_until_idle

    call_command("ingest", FIXTURES, stdout=io.StringIO())  # a run: its follower defers
    assert not (exports / "index.json").exists()  # never on the request or the command
    run_worker_until_idle()
    made = json.loads((exports / "index.json").read_text())
    assert [d["meetings"] for d in made["dumps"]] == [3, 3]


@pytest.mark.django_db
def test_changes_are_served_oldest_first_with_a_cursor(client, admin_user):
    call_command("ingest", FIXTURES, stdout=io.StringIO())
    page = client.get("/api/changes").json()
    assert [c["kind"] for c in page["changes"]] == ["created"] * 3 and not page["more"]
    again = client.get("/api/changes", {"since": page["next"]}).json()
    assert again["changes"] == [] and again["next"] == page["next"]
    meeting = Meeting.objects.order_by("date").first()
    meeting_withdraw(meeting=meeting, reason="Fejl", made_by=admin_user)
    later = client.get("/api/changes", {"since": page["next"]}).json()
    assert [(c["meeting_id"], c["kind"]) for c in later["changes"]] == [(meeting.pk, "withdrawn")]
    assert client.get("/api/changes", {"since": "x"}).status_code == 400
    # /api/meetings/ answers what changed since a moment.
    assert client.get("/api/meetings/", {"modified_since": "2999-01-01"}).json()["count"] == 0
    assert client.get("/api/meetings/", {"modified_since": "2000-01-01"}).json()["count"] == 2
    assert client.get("/api/meetings/", {"modified_since": "igår"}).status_code == 400


@pytest.mark.django_db(transaction=True)
def test_a_change_committed_late_by_a_slow_transaction_is_not_skipped():
    call_command("ingest", "fixtures/jai-2022-05-04.md", stdout=io.StringIO())
    call_command("ingest", "fixtures/jai-2026-03-03.txt", stdout=io.StringIO())
    first, second = Meeting.objects.order_by("date")
    done, cursor = changes_after(Cursor())
    assert len(done) == 2
    slow = connections.create_connection("default")
    try:
        slow.set_autocommit(False)
        with slow.cursor() as raw:  # a change begun first, committed last
            raw.execute("SELECT pg_current_xact_id()")
            raw.execute(
                "INSERT INTO meetings_changeevent (meeting_id, municipality_id, kind, xid, at)"
                " VALUES (%s, %s, 'updated', pg_current_xact_id()::text::bigint, now())",
                [first.pk, first.municipality_id],
            )
        record_change(second, "updated")  # a quick one, committed at once
        withheld, held_cursor = changes_after(cursor)
        assert withheld == [] and held_cursor == cursor  # nothing may be served past the slow one
        slow.commit()
    finally:
        slow.close()
    served, _next = changes_after(cursor)
    assert [(c.meeting_id, c.kind) for c in served] == [
        (first.pk, "updated"),
        (second.pk, "updated"),
    ]


@pytest.mark.django_db
def test_public_json_has_etags_cors_and_head(client):
    call_command("ingest", FIXTURES, stdout=io.StringIO())
    response = client.get("/api/meetings/")
    assert response["Access-Control-Allow-Origin"] == "*"
    etag = response["ETag"]
    assert client.get("/api/meetings/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    head = client.head("/api/meetings/")
    assert head.status_code == 200
    meeting = Meeting.objects.first()
    for url in ("/", "/moeder/", meeting.get_absolute_url(), f"/api/meetings/{meeting.pk}/"):
        assert client.head(url).status_code == client.get(url).status_code == 200, url
