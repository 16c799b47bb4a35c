"""Extraction: format from content, the refusals, and PDFs made from the shared referater
reading back to the same parse as their text."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.utils import translation
from fpdf import FPDF

from meetings.ingest.errors import ReferatError
from meetings.ingest.extract import extract_text
from meetings.ingest.parse import parse_referat
from tests.ingest.make_pdf import referat_pdf, unicode_font

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
EXPECTED = Path(__file__).resolve().parent / "expected"
SAMPLES = ["jai-2022-05-04.md", "jai-2026-02-03.md", "jai-2026-03-03.txt"]

needs_unicode_font = pytest.mark.skipif(
    unicode_font() is None, reason="DejaVuSans (Debian fonts-dejavu-core) is not installed"
)

SHORT_REFERAT = """\
REFERAT Udvalget for Kultur & Fritid - 2026-2029 d. 02-03-2026

Mødedato Mandag d. 02. marts 2026 kl. 17:00

Mødested Mødelokale 1, Allerslev

Mødedeltagere Anne-Marie Christensen Hansen, Bo Bjørnvig Jensen (Afbud), Carl Christian \
Nielsen, Dorte Marie Olsen, Erik Emil Eriksen, Frederikke Fredensborg, Gunnar Gregersen

Punkt 1: KF/SSÆ/BU/EKLT/JAI/TMB - Præsentation af økonomi på udvalgets område med en titel \
der er så lang at den ikke kan stå på én linje i et PDF

26-000920

Beslutning

Taget til efterretning.
"""


def expected_for(sample: str) -> dict:
    return json.loads((EXPECTED / f"{Path(sample).stem}.json").read_text(encoding="utf-8"))


@needs_unicode_font
@pytest.mark.parametrize("sample", SAMPLES)
def test_pdf_made_from_a_shared_referat_parses_like_its_text(sample):
    text = (FIXTURES / sample).read_text(encoding="utf-8")

    extracted = extract_text(referat_pdf(text))
    referat = parse_referat(extracted.text)

    assert extracted.format == "pdf"
    assert extracted.pages > 1
    assert referat == expected_for(sample)


@needs_unicode_font
def test_running_header_and_footers_are_dropped():
    pdf = referat_pdf(
        (FIXTURES / "jai-2026-03-03.txt").read_text(encoding="utf-8"),
        running_header="Lejre Kommune · Udvalget for Job, Arbejdsmarked & Integration",
    )

    extracted = extract_text(pdf)

    assert extracted.pages == 10
    assert "Lejre Kommune · Udvalget" not in extracted.text
    assert "Side " not in extracted.text
    assert extracted.text.startswith(
        "REFERAT Udvalget for Job, Arbejdsmarked & Integration - 2026-2029 d. 03-03-2026\n\n"
    )
    # The title on page 1 is kept although it is also the default running header.
    default = extract_text(referat_pdf((FIXTURES / "jai-2026-03-03.txt").read_text()))
    assert default.text.count("REFERAT Udvalget for Job") == 1


@needs_unicode_font
def test_wrapped_heading_and_participants_line_are_rejoined():
    extracted = extract_text(referat_pdf(SHORT_REFERAT))

    lines = extracted.text.split("\n")
    assert (
        "Mødedeltagere Anne-Marie Christensen Hansen, Bo Bjørnvig Jensen (Afbud), Carl Christian "
        "Nielsen, Dorte Marie Olsen, Erik Emil Eriksen, Frederikke Fredensborg, Gunnar Gregersen"
    ) in lines
    assert any(line.startswith("Punkt 1: KF/") and line.endswith("i et PDF") for line in lines)
    referat = parse_referat(extracted.text)
    assert referat["items"][0]["title"].endswith("kan stå på én linje i et PDF")
    assert referat["participants"][1] == {
        "name": "Bo Bjørnvig Jensen",
        "status": "absent",
        "party": None,
    }


TABLE_REFERAT = """\
REFERAT Udvalget for Økonomi d. 02-03-2026

Punkt 1: Budget

26-000920

Sagsfremstilling

Post\t2026\t2027
Udgift til drift og vedligeholdelse af de kommunale bygninger\t161.982,49 kr.\t325.568,76 kr.
Indtægt\t1,0\t2,0
| I alt | 3,0 | 4,0 |
"""


@needs_unicode_font
def test_table_rows_are_read_as_rows_of_cells():
    text = extract_text(referat_pdf(TABLE_REFERAT, running_header="")).text

    # Cells laid out in columns come back one space apart, each row a line of its own, as the
    # parser reads the tab and pipe rows of the text.
    assert text.split("\n\n")[-1].split("\n") == [
        "Post 2026 2027",
        "Udgift til drift og vedligeholdelse af de kommunale bygninger 161.982,49 kr. "
        "325.568,76 kr.",
        "Indtægt 1,0 2,0",
        "I alt 3,0 4,0",
    ]
    assert parse_referat(text) == parse_referat(TABLE_REFERAT)


def test_a_table_row_is_never_joined_to_the_next_line():
    from meetings.ingest.pdf import Line, layout_text

    def line(text, right, top, table_row=False):
        return Line(text, 50, right, top, top - 12, 70, table_row=table_row)

    # The first row ends right at the margin: as prose it would be a wrapped line.
    rows = [
        line("Udgift 1,0 2,0", 540, 700, table_row=True),
        line("I alt 3,0 4,0", 300, 686, table_row=True),
        line("Prosa der slutter ved margenen", 540, 672),
        line("Indtægt 1,0 2,0", 300, 658, table_row=True),
    ]

    assert layout_text([rows]).split("\n") == [
        "Udgift 1,0 2,0",
        "I alt 3,0 4,0",
        "Prosa der slutter ved margenen",
        "Indtægt 1,0 2,0",
    ]


def test_text_is_returned_as_text_with_normalised_newlines():
    data = "\ufeffREFERAT X d. 01-01-2024\r\n\r\nPunkt 1: Y\r\n".encode()

    extracted = extract_text(data)

    assert extracted == type(extracted)(
        text="REFERAT X d. 01-01-2024\n\nPunkt 1: Y\n", format="text", pages=None
    )


def test_windows_1252_text_is_read_as_text():
    extracted = extract_text("Mødedato Tirsdag – kl. 17:00\n".encode("cp1252"))

    assert extracted.text == "Mødedato Tirsdag – kl. 17:00\n"


def test_format_comes_from_the_content_not_a_name():
    pdf = b"\n\n" + referat_pdf(SHORT_REFERAT, running_header="")  # junk before the signature

    assert extract_text(pdf).format == "pdf"
    assert extract_text(b"%PDF-like text? no: starts with text\n"[4:]).format == "text"


def _png() -> bytes:
    return (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
        b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
        b"\x00\x00\x00\x00IEND\xaeB`\x82"
    )


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("referat.txt", "REFERAT")
    return buffer.getvalue()


def _scanned_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 150, style="F")  # an image-like page: no text at all
    return bytes(pdf.output())


def _encrypted_pdf() -> bytes:
    pdf = FPDF()
    pdf.set_encryption(owner_password="ejer", user_password="hemmelig")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "REFERAT Hemmeligt d. 01-01-2024")
    return bytes(pdf.output())


@pytest.mark.parametrize(
    "data,reason",
    [
        (b"", "tom"),
        (b"  \n\t\n", "tom"),
        (_png(), "hverken en PDF eller tekst"),
        (_zip(), "hverken en PDF eller tekst"),
        (bytes(range(256)) * 8, "hverken en PDF eller tekst"),
        (referat_pdf(SHORT_REFERAT)[:2000], "beskadiget eller afkortet"),
        (b"%PDF-1.7\n" + b"\x00garbage" * 50, "beskadiget eller afkortet"),
        (_scanned_pdf(), "intet tekstlag"),
        (_encrypted_pdf(), "krypteret"),
    ],
    ids=["empty", "blank", "png", "zip", "binary", "truncated", "garbage", "scan", "encrypted"],
)
def test_what_is_not_a_referat_is_refused_with_a_one_line_reason(data, reason):
    with pytest.raises(ReferatError, match=reason) as refusal:
        extract_text(data)

    assert "\n" not in str(refusal.value)


def test_too_many_pages_are_refused():
    pdf = referat_pdf((FIXTURES / "jai-2026-03-03.txt").read_text(encoding="utf-8"))

    with pytest.raises(ReferatError, match="10 sider, mere end grænsen på 5"):
        extract_text(pdf, max_pages=5)
    assert extract_text(pdf, max_pages=10).pages == 10


def test_the_pdf_readers_reasons_are_in_each_callers_language():
    # One worker serves every caller: it words a reason in the language of the one asking.
    truncated = referat_pdf(SHORT_REFERAT)[:2000]

    with pytest.raises(ReferatError, match="PDF'en er beskadiget eller afkortet"):
        extract_text(truncated)
    with translation.override("en"), pytest.raises(ReferatError) as english:
        extract_text(truncated)
    assert str(english.value) == "the PDF is corrupt or truncated"
    with pytest.raises(ReferatError, match="PDF'en er beskadiget eller afkortet"):
        extract_text(truncated)


def test_extraction_that_takes_too_long_is_stopped():
    pdf = referat_pdf((FIXTURES / "jai-2026-02-03.md").read_text(encoding="utf-8"))

    with pytest.raises(ReferatError, match="tog mere end"):
        extract_text(pdf, timeout=0.001)
    # The process is still fine afterwards: the child was killed and reaped.
    assert extract_text(pdf, timeout=30).pages > 1


def _allocate_two_gib(data, max_pages):
    return len(bytearray(2 << 30))


def test_the_pdf_reader_runs_under_a_memory_limit():
    from meetings.ingest.sandbox import run_bounded

    with pytest.raises(ReferatError, match="for meget hukommelse"):
        run_bounded(_allocate_two_gib, b"", None, timeout=30)
    # The worker that ran out of memory was replaced: the next PDF reads normally.
    assert extract_text(referat_pdf(SHORT_REFERAT)).format == "pdf"


@needs_unicode_font
@pytest.mark.parametrize("font_size", [8, 9, 11, 12])
def test_layout_does_not_depend_on_the_font_size(font_size):
    # Other sizes move every line break, page break and near-margin line end, and the wrapping
    # of every table cell.
    text = (FIXTURES / "jai-2026-03-03.txt").read_text(encoding="utf-8")

    pdf = referat_pdf(text, font_size=font_size, running_header="Lejre Kommune · Referat")

    assert parse_referat(extract_text(pdf).text) == expected_for("jai-2026-03-03.txt")
