"""`manage.py ingest`: the real sample referater in, idempotent, versioned, bad files refused."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.db import connections

from meetings.management.commands import ingest
from meetings.models import (
    AgendaItem,
    Attachment,
    Attendance,
    Case,
    CaseHistoryEntry,
    Committee,
    ItemSection,
    Meeting,
    Person,
    SourceDocument,
)

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
MODELS = [
    Committee,
    Person,
    SourceDocument,
    Meeting,
    Attendance,
    Case,
    AgendaItem,
    ItemSection,
    Attachment,
    CaseHistoryEntry,
]
# A PNG's first bytes: binary, not a referat.
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def run_ingest(*args) -> tuple[str, str, CommandError | None]:
    """Run the command; its stdout, its stderr and the CommandError it ended with, if any."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("ingest", *map(str, args), stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc
    return out.getvalue(), err.getvalue(), None


def test_the_samples_go_in_once_however_often_ingest_runs():
    out, err, failed = run_ingest(FIXTURES)

    assert failed is None and err == ""
    lines = [line for line in out.splitlines() if not line.startswith(" ")]
    assert [line.split()[0] for line in lines[:3]] == ["created"] * 3
    assert "jai-2026-03-03.txt  Udvalget for Job, Arbejdsmarked & Integration 03-03-2026" in out
    assert "(9 items)" in out
    assert lines[-1].startswith("3 created, 0 updated, 0 unchanged, 0 refused: 3 files in")
    first = row_counts()
    assert first["Meeting"] == 3 and first["SourceDocument"] == 3

    out, err, failed = run_ingest(FIXTURES)

    assert failed is None
    assert [line.split()[0] for line in out.splitlines()[:3]] == ["unchanged"] * 3
    assert "0 created, 0 updated, 3 unchanged, 0 refused" in out
    assert row_counts() == first


def test_people_committees_and_cases_are_shared_across_the_samples():
    run_ingest(FIXTURES)

    assert Person.objects.filter(name__iexact="Ole Blickfeldt").count() == 1
    assert Person.objects.get(name="Ole Blickfeldt").attendance.count() == 3
    # 2022-2025 prints "og", 2026-2029 prints "&": one committee, named as it is now.
    jai = Committee.objects.get(code="JAI")
    assert jai.meetings.count() == 3
    assert jai.name == "Udvalget for Job, Arbejdsmarked & Integration"
    assert Committee.objects.filter(name__icontains="Arbejdsmarked").count() == 1
    assert sorted(Meeting.objects.values_list("period", flat=True)) == [
        "2022-2025",
        "2026-2029",
        "2026-2029",
    ]
    # No committee twice: every code once, every name once.
    codes = [c for c in Committee.objects.values_list("code", flat=True) if c]
    assert len(codes) == len(set(codes))
    assert Case.objects.filter(number="25-003798").count() == 1
    # The 2022 name of EKLT in a Sagens forløb entry is EKLT.
    eklt_2022 = CaseHistoryEntry.objects.get(
        committee_name="Udvalget for Erhverv, Klima og Lokal udvikling"
    )
    assert eklt_2022.committee.code == "EKLT"


def test_a_corrected_referat_updates_its_meeting_and_keeps_the_earlier_file(tmp_path):
    path = tmp_path / "jai-2026-03-03.txt"
    original = (FIXTURES / "jai-2026-03-03.txt").read_bytes()
    path.write_bytes(original)
    run_ingest(path)
    meeting = Meeting.objects.get()
    items = meeting.items.count()

    corrected = original.replace(b"Orientering givet", "Orientering givet og drøftet".encode(), 1)
    assert corrected != original
    path.write_bytes(corrected)
    out, err, failed = run_ingest(path)

    assert failed is None, err
    assert out.startswith(f"updated    {path}")
    meeting.refresh_from_db()
    assert Meeting.objects.count() == 1
    assert meeting.items.count() == items == AgendaItem.objects.count()
    assert meeting.items.get(number=2).decision == "Orientering givet og drøftet"
    documents = list(SourceDocument.objects.order_by("received_at"))
    assert [bytes(d.content) for d in documents] == [original, corrected]
    assert all(d.meeting == meeting for d in documents)
    assert meeting.source_document == documents[-1]
    assert ItemSection.objects.exclude(item__meeting=meeting).count() == 0
    assert Case.objects.filter(items__isnull=True, history__isnull=True).count() == 0


def test_bad_files_are_refused_one_line_each_and_the_good_ones_still_go_in(tmp_path):
    good = tmp_path / "good.txt"
    shutil.copy(FIXTURES / "jai-2026-03-03.txt", good)
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "image.png").write_bytes(PNG)
    pdf = pdf_of((FIXTURES / "jai-2026-03-03.txt").read_text())
    (tmp_path / "truncated.pdf").write_bytes(pdf[: len(pdf) // 2])
    (tmp_path / "no-header.txt").write_text(
        "Nogle noter fra et møde.\n\nIntet her ligner et referat.\n", encoding="utf-8"
    )
    refused = {"empty.md", "image.png", "truncated.pdf", "no-header.txt"}

    out, err, failed = run_ingest(tmp_path)

    assert failed is not None and "4 of 5 files refused" in str(failed)
    lines = err.splitlines()
    assert len(lines) == len(refused)
    assert {Path(line.split(": ", 1)[0]).name for line in lines} == refused
    assert all(line.split(": ", 1)[1].strip() for line in lines)
    assert "Traceback" not in err
    assert f"created    {good}" in out
    assert Meeting.objects.count() == 1
    assert SourceDocument.objects.get().filename == "good.txt"


def test_a_refused_run_exits_non_zero_without_a_traceback(tmp_path, capsys, monkeypatch):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    # run_from_argv closes the database connections at the end; the test still needs its own.
    monkeypatch.setattr(connections, "close_all", lambda: None)

    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["manage.py", "ingest", str(empty)])

    assert exit_.value.code != 0
    captured = capsys.readouterr()
    assert f"{empty}: the file is empty" in captured.err
    assert "Traceback" not in captured.err
    assert row_counts() == dict.fromkeys(row_counts(), 0)


def test_an_unexpected_error_is_one_line_and_the_run_goes_on(tmp_path, monkeypatch):
    for name in ("a.md", "b.txt"):
        source = "jai-2022-05-04.md" if name == "a.md" else "jai-2026-03-03.txt"
        shutil.copy(FIXTURES / source, tmp_path / name)
    real_store = ingest.referat_store

    def store_failing_on_a(*, read, **kwargs):
        if read.filename == "a.md":
            raise RuntimeError("disk on fire\nsecond line")
        return real_store(read=read, **kwargs)

    monkeypatch.setattr(ingest, "referat_store", store_failing_on_a)
    out, err, failed = run_ingest(tmp_path)

    assert failed is not None
    assert err.strip() == f"{tmp_path / 'a.md'}: unexpected error: RuntimeError: disk on fire"
    assert Meeting.objects.get().date.isoformat() == "2026-03-03"


def test_the_pdf_of_a_stored_text_is_the_same_meeting_kept_as_a_version(tmp_path):
    text = (FIXTURES / "jai-2026-03-03.txt").read_text(encoding="utf-8")
    pdf = tmp_path / "referat.pdf"
    pdf.write_bytes(pdf_of(text, running_header="Lejre Kommune - Referat JAI 03-03-2026"))
    run_ingest(FIXTURES / "jai-2026-03-03.txt")

    out, err, failed = run_ingest(pdf)

    assert failed is None, err
    assert out.startswith(f"unchanged  {pdf}")
    meeting = Meeting.objects.get()
    assert meeting.source_document.format == "pdf"
    assert sorted(meeting.source_documents.values_list("format", flat=True)) == ["pdf", "text"]
    assert AgendaItem.objects.count() == 9


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, settings):
    settings.ARCHIVE_MAX_UPLOAD_BYTES = 1024 * 1024
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * (1024 * 1024 + 1))

    out, err, failed = run_ingest(big)

    assert failed is not None
    assert err.strip() == f"{big}: the file is 1.1 MB, more than the 1 MB allowed"


def test_the_page_limit_of_the_settings_applies(tmp_path, settings):
    settings.ARCHIVE_MAX_PDF_PAGES = 2
    path = tmp_path / "long.pdf"
    path.write_bytes(pdf_of((FIXTURES / "jai-2026-03-03.txt").read_text(encoding="utf-8")))

    out, err, failed = run_ingest(path)

    assert failed is not None
    assert err.startswith(f"{path}: the PDF has ")
    assert err.strip().endswith("pages, more than the limit of 2")
    assert Meeting.objects.count() == 0


def test_a_missing_path_is_refused(tmp_path):
    out, err, failed = run_ingest(tmp_path / "nowhere.pdf")

    assert failed is not None
    assert err.strip() == f"{tmp_path / 'nowhere.pdf'}: no such file or folder"


def test_hidden_files_and_folders_are_skipped(tmp_path):
    shutil.copy(FIXTURES / "jai-2026-03-03.txt", tmp_path / "referat.txt")
    (tmp_path / ".DS_Store").write_bytes(PNG)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (tmp_path / "sub").mkdir()
    shutil.copy(FIXTURES / "jai-2022-05-04.md", tmp_path / "sub" / "old.md")

    out, err, failed = run_ingest(tmp_path)

    assert failed is None, err
    assert Meeting.objects.count() == 2


def test_dry_run_json_prints_json_lines_and_writes_nothing():
    out, err, failed = run_ingest("--dry-run", "--json", FIXTURES)

    assert failed is None
    referater = [json.loads(line) for line in out.splitlines()]
    assert [r["date"] for r in referater] == ["2022-05-04", "2026-02-03", "2026-03-03"]
    for referat in referater:
        assert {"committee", "title", "date", "start_time", "location"} <= referat.keys()
        assert {"participants", "items", "warnings"} <= referat.keys()
    assert "Ø" in out or "æ" in out  # ensure_ascii=False: Danish letters as they are
    assert "3 parsed, 0 refused" in err  # the summary stays off stdout
    assert row_counts() == dict.fromkeys(row_counts(), 0)


def test_dry_run_alone_prints_what_it_read_and_writes_nothing():
    out, err, failed = run_ingest("--dry-run", FIXTURES / "jai-2026-03-03.txt")

    assert failed is None, err
    assert out.startswith("parsed     ")
    assert "03-03-2026 (9 items)" in out
    assert row_counts() == dict.fromkeys(row_counts(), 0)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_many_files_on_a_terminal_get_a_progress_line(tmp_path):
    many = ingest.PROGRESS_FROM_FILES
    for n in range(many):
        shutil.copy(FIXTURES / "jai-2026-03-03.txt", tmp_path / f"referat-{n:02}.txt")
    terminal = Terminal()

    call_command("ingest", "--dry-run", str(tmp_path), stdout=terminal)

    out = terminal.getvalue()
    assert f"[{many}/{many}] 100%" in out
    assert out.count("\r\033[K") == many  # each progress line is wiped before the next
    assert out.count("parsed  ") == many
    assert f"{many} parsed, 0 refused" in out


def test_few_files_or_no_terminal_get_no_progress_line(tmp_path):
    for n in range(ingest.PROGRESS_FROM_FILES):
        shutil.copy(FIXTURES / "jai-2026-03-03.txt", tmp_path / f"referat-{n:02}.txt")

    out, err, failed = run_ingest("--dry-run", tmp_path)  # StringIO: not a terminal

    assert failed is None
    assert "\r" not in out and "%" not in out


def test_dry_run_json_needs_dry_run():
    with pytest.raises(CommandError, match="--dry-run"):
        call_command("ingest", "--json", str(FIXTURES))


def test_warnings_are_printed_and_kept_on_the_source_document(tmp_path):
    text = (FIXTURES / "jai-2026-03-03.txt").read_text(encoding="utf-8")
    # A table of contents line with no item behind it.
    eventuelt = "JAI - Eventuelt.....\t15\n"
    text = text.replace(eventuelt, eventuelt + "JAI - Et punkt der udgik.....\t15\n")
    path = tmp_path / "with-warning.txt"
    path.write_text(text, encoding="utf-8")

    out, err, failed = run_ingest(path)

    assert failed is None, err
    document = SourceDocument.objects.get()
    assert document.warnings
    assert any("Et punkt der udgik" in w for w in document.warnings)
    assert f"    {document.warnings[0]}" in out.splitlines()


def test_serve_can_load_the_fixtures_without_ending_the_process():
    # What `serve` does on an empty archive: must return, not exit.
    call_command("ingest", str(FIXTURES), stdout=io.StringIO())

    assert Meeting.objects.count() == 3


def pdf_of(text: str, *, running_header: str | None = None) -> bytes:
    from tests.ingest.make_pdf import referat_pdf

    return referat_pdf(text, running_header=running_header)
