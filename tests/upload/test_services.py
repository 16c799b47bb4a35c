"""Upload services: receive, sniff, preview, publish through the store, discard."""

import pytest
from django.db import transaction

from meetings.models import Meeting, SourceDocument, Upload
from meetings.publishing.uploads import (
    PersonalDataNotConfirmed,
    UploadError,
    upload_discard,
    upload_preview,
    upload_publish,
    upload_receive,
)

from .conftest import as_file

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40


def test_receive_keeps_the_file_and_parses_it(staff, jai_text):
    upload = upload_receive(file=as_file("jai.txt", jai_text), uploaded_by=staff)
    upload.refresh_from_db()
    assert upload.status == Upload.Status.AWAITING
    assert bytes(upload.content) == jai_text.encode()
    assert upload.size == len(jai_text.encode())
    assert len(upload.sha256) == 64
    assert upload.format == "text"
    assert upload.referat["date"] == "2026-03-03"
    assert upload.uploaded_by == staff
    assert not Meeting.objects.exists()  # nothing published by receiving


def test_png_named_pdf_is_refused_by_its_content(staff):
    upload = upload_receive(file=as_file("referat.pdf", PNG), uploaded_by=staff)
    assert upload.status == Upload.Status.REFUSED
    assert upload.format == "png"
    # What the bytes say it is, not the pipeline's "neither a PDF nor text".
    assert upload.refused_reason == "Filen er et PNG-billede, ikke en PDF eller en tekstfil."
    assert bytes(upload.content) == PNG  # kept all the same


def test_refused_text_gives_the_same_reason_as_the_command_line(staff):
    from meetings.ingest.errors import ReferatError
    from meetings.ingest.pipeline import read_referat

    data = b"Dette er ikke et referat.\n"
    with pytest.raises(ReferatError) as cli:
        read_referat(data, filename="x.txt")
    upload = upload_receive(file=as_file("x.txt", data), uploaded_by=staff)
    assert upload.status == Upload.Status.REFUSED
    assert upload.refused_reason == str(cli.value)


def test_file_over_the_size_limit_is_refused_without_keeping_its_bytes(staff, settings):
    settings.ARCHIVE_MAX_UPLOAD_BYTES = 100
    upload = upload_receive(file=as_file("big.txt", "x" * 101), uploaded_by=staff)
    assert upload.status == Upload.Status.REFUSED
    assert upload.refused_reason.startswith("filen er ")
    assert "mere end de" in upload.refused_reason
    assert upload.size == 101 and bytes(upload.content) == b""


def test_preview_shows_what_would_be_published(staff, jai_text):
    upload = upload_receive(file=as_file("jai.txt", jai_text), uploaded_by=staff)
    preview = upload_preview(upload)
    assert preview.existing_meeting is None
    assert preview.committee is None
    assert preview.new_committees[0] == "Udvalget for Job, Arbejdsmarked & Integration"
    assert preview.referat["location"] == "Mødelokale 5, Allerslev"
    assert "Thomas Bisgaard" in preview.present
    assert "Thomas Bisgaard" in preview.new_people
    assert "25-009324" in preview.new_cases
    numbers = [item["number"] for item in preview.referat["items"]]
    assert numbers == list(range(1, len(numbers) + 1))
    assert preview.referat["items"][1]["decision"] == "Orientering givet"
    assert not Meeting.objects.exists()


def test_publish_goes_through_the_store_and_records_who(staff, jai_text):
    upload = upload_receive(file=as_file("jai.txt", jai_text), uploaded_by=staff)
    result = upload_publish(upload=upload, published_by=staff)
    upload.refresh_from_db()
    assert result.status == "created"
    assert upload.status == Upload.Status.PUBLISHED
    assert upload.published_by == staff and upload.published_at is not None
    assert upload.meeting == result.meeting
    assert upload.source_document.received_by == staff
    assert bytes(upload.source_document.content) == jai_text.encode()
    assert result.meeting.items.get(number=2).decision == "Orientering givet"
    with pytest.raises(UploadError):
        upload_publish(upload=upload, published_by=staff)  # once only


def test_corrected_version_shows_its_changes_then_updates_the_meeting(staff, jai_text):
    first = upload_receive(file=as_file("jai.txt", jai_text), uploaded_by=staff)
    upload_publish(upload=first, published_by=staff)
    first.refresh_from_db()
    corrected = jai_text.replace("Orientering givet", "Taget til efterretning med rettelser", 1)
    second = upload_receive(file=as_file("jai-rettet.txt", corrected), uploaded_by=staff)
    preview = upload_preview(second)
    assert preview.existing_meeting == first.meeting
    assert [c.number for c in preview.changes.items_changed] == [2]
    change = preview.changes.items_changed[0]
    assert change.decision_changed and not change.title_changed
    assert change.old_decision == "Orientering givet"
    assert preview.new_people == [] and preview.new_cases == []
    assert preview.new_committees == []
    result = upload_publish(upload=second, published_by=staff)
    assert result.status == "updated"
    assert Meeting.objects.count() == 1
    assert SourceDocument.objects.count() == 2  # both versions kept
    assert "rettelser" in result.meeting.items.get(number=2).decision


def test_same_file_again_is_unchanged(staff, jai_text):
    first = upload_receive(file=as_file("jai.txt", jai_text), uploaded_by=staff)
    upload_publish(upload=first, published_by=staff)
    again = upload_receive(file=as_file("jai.txt", jai_text), uploaded_by=staff)
    assert upload_preview(again).already_stored is not None
    assert upload_publish(upload=again, published_by=staff).status == "unchanged"


def test_discard_keeps_the_file_and_publishes_nothing(staff, jai_text):
    upload = upload_receive(file=as_file("jai.txt", jai_text), uploaded_by=staff)
    upload_discard(upload=upload, discarded_by=staff)
    upload.refresh_from_db()
    assert upload.status == Upload.Status.DISCARDED
    assert upload.discarded_by == staff and upload.discarded_at is not None
    assert bytes(upload.content) == jai_text.encode()
    assert not Meeting.objects.exists()
    with pytest.raises(UploadError):
        upload_publish(upload=upload, published_by=staff)


def test_flagged_referat_needs_confirmation_which_is_recorded(staff, jai_text):
    text = jai_text.replace(
        "Orientering givet", "Orientering givet. Borgeren (cpr 010190-1234) er orienteret.", 1
    )
    upload = upload_receive(file=as_file("jai.txt", text), uploaded_by=staff)
    flags = upload_preview(upload).personal_data
    assert [(f.kind, f.place) for f in flags] == [("cpr", "Punkt 2, Beslutning")]
    assert "010190" not in flags[0].excerpt and "••••••-••••" in flags[0].excerpt
    with pytest.raises(PersonalDataNotConfirmed):
        upload_publish(upload=upload, published_by=staff)
    assert not Meeting.objects.exists()
    upload_publish(upload=upload, published_by=staff, confirm_personal_data=True)
    upload.refresh_from_db()
    assert upload.personal_data_confirmed_by == staff
    assert upload.personal_data_confirmed_at is not None
    assert upload.personal_data_flags[0]["kind"] == "cpr"


def test_a_failing_store_leaves_no_half_published_meeting(staff, jai_text, monkeypatch):
    import meetings.ingest.store as store

    upload = upload_receive(file=as_file("jai.txt", jai_text), uploaded_by=staff)

    def record_then_fail(meeting, status):
        raise RuntimeError("change feed unavailable")

    monkeypatch.setattr(store, "record_change", record_then_fail)
    with pytest.raises(RuntimeError), transaction.atomic():
        upload_publish(upload=upload, published_by=staff)
    upload.refresh_from_db()
    assert upload.status == Upload.Status.AWAITING
    assert not Meeting.objects.exists() and not SourceDocument.objects.exists()


def test_status_invariants_are_held_by_the_database(staff):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError), transaction.atomic():
        Upload.objects.create(
            content=b"", filename="x", size=0, sha256="", status=Upload.Status.REFUSED
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Upload.objects.create(
            content=b"", filename="x", size=0, sha256="", status=Upload.Status.PUBLISHED
        )


def test_pdf_of_a_stored_text_previews_as_no_change(staff, jai_text):
    from tests.ingest.make_pdf import referat_pdf

    first = upload_receive(file=as_file("jai.txt", jai_text), uploaded_by=staff)
    upload_publish(upload=first, published_by=staff)
    pdf = upload_receive(file=as_file("jai.pdf", referat_pdf(jai_text)), uploaded_by=staff)
    assert pdf.format == "pdf"
    preview = upload_preview(pdf)
    assert preview.existing_meeting is not None
    assert not preview.changes.any, preview.changes


def test_preview_says_when_a_referat_becomes_a_second_meeting_that_day(staff, jai_text):
    import copy

    first = upload_receive(file=as_file("jai.txt", jai_text), uploaded_by=staff)
    upload_publish(upload=first, published_by=staff, confirm_personal_data=True)
    second = upload_receive(file=as_file("jai-ekstra.txt", jai_text + "\n"), uploaded_by=staff)
    # Another time and another agenda: the store would keep it as a meeting of its own.
    referat = copy.deepcopy(second.referat)
    referat["start_time"] = "15:00"
    referat["items"] = [
        dict(item, title=f"Ekstraordinært punkt {item['number']}", case_number=None)
        for item in referat["items"]
    ]
    second.referat = referat
    second.save(update_fields=["referat"])

    preview = upload_preview(second)

    assert preview.existing_meeting is None
    assert any("allerede et møde denne dag (kl. 17:00)" in w for w in preview.warnings)
    assert not any("allerede et møde" in w for w in upload_preview(first).warnings)
