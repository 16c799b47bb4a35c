"""Other municipalities' dialects of the referat (DOMAIN.md, "Other municipalities"), written
for these tests from DOMAIN.md alone: each as text and as PDFs made from that text, compared
field by field to expected JSON written by reading them."""

import json
from pathlib import Path

import pytest

from meetings.ingest.extract import extract_text
from meetings.ingest.parse import parse_referat
from tests.ingest.make_pdf import referat_pdf
from tests.ingest_unseen.test_unseen import PDF_LAYOUTS, _differences

HERE = Path(__file__).resolve().parent
REFERATER = sorted((HERE / "referater").iterdir())
FIELDS = (
    "committee",
    "title",
    "date",
    "start_time",
    "location",
    "participants",
    "kind",
    "municipality",
)
ITEM_FIELDS = (
    "number",
    "title",
    "committee_codes",
    "case_number",
    "decision",
    "sections",
    "attachments",
    "case_history",
    "closed",
    "absent",
)


def _cases():
    for path in REFERATER:
        yield pytest.param(path, "text", id=f"{path.stem}-text")
        for layout in PDF_LAYOUTS:
            yield pytest.param(path, layout, id=f"{path.stem}-{layout}")


def _parsed(path: Path, layout: str) -> dict:
    text = path.read_text(encoding="utf-8")
    if layout == "text":
        extracted = extract_text(text.encode("utf-8"))
        assert extracted.format == "text"
    else:
        extracted = extract_text(referat_pdf(text, **PDF_LAYOUTS[layout]))
        assert extracted.format == "pdf"
    return parse_referat(extracted.text)


@pytest.mark.parametrize(("path", "layout"), list(_cases()))
def test_dialect_referat_parses_to_what_a_reader_finds(path, layout):
    expected = json.loads((HERE / "expected" / f"{path.stem}.json").read_text(encoding="utf-8"))
    actual = _parsed(path, layout)

    problems = []
    for name in FIELDS:
        problems += _differences(expected[name], actual.get(name), name)
    numbers = [item["number"] for item in actual["items"]]
    if numbers != [item["number"] for item in expected["items"]]:
        problems.append(f"items: numbers {numbers}")
    by_number = {item["number"]: item for item in actual["items"]}
    for want in expected["items"]:
        got = by_number.get(want["number"])
        if got is None:
            continue
        for name in ITEM_FIELDS:
            problems += _differences(want[name], got.get(name), f"Punkt {want['number']}.{name}")
    # The wording of a warning is the parser's: each expected one names what it is about.
    warnings = actual["warnings"]
    if len(warnings) != len(expected["warnings"]) or not all(
        any(fragment in warning for warning in warnings) for fragment in expected["warnings"]
    ):
        problems.append(f"warnings: {warnings}, expected ones naming {expected['warnings']}")

    assert not problems, f"{path.name} as {layout}:\n" + "\n".join(problems)


def _words_only(value):
    if isinstance(value, dict):
        return {k: _words_only(v) for k, v in value.items() if k != "warnings"}
    if isinstance(value, list):
        return [_words_only(v) for v in value]
    return " ".join(value.split()) if isinstance(value, str) else value


@pytest.mark.parametrize("path", REFERATER, ids=lambda p: p.stem)
def test_dialect_referat_as_the_raw_page_text_of_its_pdf(path):
    """PDFium's own text of each page, form feeds between pages, header and footer on each,
    hard-wrapped, no blank line between paragraphs: every heading, a number alone too, must
    still be found where it stands. A wrap before a capital after a sentence's end cannot be
    told from a line break there, nor a paragraph break from a line break: compared word by
    word."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(referat_pdf(path.read_text(encoding="utf-8")))
    pages = [page.get_textpage().get_text_range() for page in document]
    text = "\f".join(pages).replace("\r\n", "\n")
    expected = json.loads((HERE / "expected" / f"{path.stem}.json").read_text(encoding="utf-8"))

    problems = _differences(_words_only(expected), _words_only(parse_referat(text)), "")

    assert not problems, f"{path.name} as raw PDF text:\n" + "\n".join(problems)
