"""Tables in a PDF: rows whose cells wrap inside their cells read back as one row each, in the
cell order and with the separators the text gives; prose next to a table and justified prose
are never taken for table rows."""

import pypdfium2 as pdfium
import pytest
from fpdf import FPDF
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings.ingest.extract import extract_text
from meetings.ingest.markup import plain_text
from meetings.ingest.parse import parse_referat
from meetings.ingest.pdf import Line, layout_text
from tests.ingest.make_pdf import referat_pdf, unicode_font

pytestmark = pytest.mark.skipif(
    unicode_font() is None, reason="DejaVuSans (Debian fonts-dejavu-core) is not installed"
)

HEADER = """\
REFERAT Udvalget for Økonomi d. 02-03-2026

Punkt 1: Budget

26-000920

Sagsfremstilling

"""

TWO_COLUMNS = """\
Område\tBemærkning
Beskæftigelsesindsatsen for unge under 30 år uden uddannelse, herunder \
uddannelsespålæg og mentorstøtte i op til et år\tUændret
Kort\tBesparelsen på ydelser forudsætter at flere borgere kommer i job eller uddannelse \
end i 2025, og at varigheden af forløbene bliver kortere end hidtil antaget i budgettet
Sygedagpenge og jobafklaringsforløb for borgere med længerevarende sygdom\tReduktionen \
følger af lov- og cirkulæreprogrammet og er indeholdt i den kommunale budgetramme for 2026
"""

THREE_COLUMNS = """\
Indsats\tMålgruppe og omfang\tStatus
Mentor\tUnge mellem 15 og 29 år, som hverken er i beskæftigelse eller uddannelse, \
og som har brug for en fast voksen gennem hele forløbet\tI gang
Virksomhedspraktik med efterfølgende ansættelse med løntilskud hos private \
og offentlige arbejdsgivere i hele kommunen\tLedige\tAfsluttet og evalueret af \
jobcentret i samarbejde med de faglige organisationer og de lokale virksomheder
Ungeløftet\tAlle\tOpstart efter sommerferien 2026, når puljemidlerne er modtaget
"""


def _rows(text: str) -> list[str]:
    """The text's last paragraph: the table, one line per row, as the text path reads it."""
    return plain_text(text).split("\n\n")[-1].split("\n")


def _pdf_lines(pdf: bytes) -> int:
    document = pdfium.PdfDocument(pdf)
    try:
        return sum(len(page.get_textpage().get_text_range().splitlines()) for page in document)
    finally:
        document.close()


@pytest.mark.parametrize("table", [TWO_COLUMNS, THREE_COLUMNS], ids=["2 columns", "3 columns"])
def test_a_row_whose_cells_wrap_is_read_as_one_row(table):
    text = HEADER + table
    pdf = referat_pdf(text, running_header="")

    extracted = extract_text(pdf).text

    # The cells do wrap in the PDF, to different line counts: PDFium sees many more lines.
    assert _pdf_lines(pdf) >= len(plain_text(text).split("\n")) + 6
    assert extracted.split("\n\n")[-1].split("\n") == _rows(text)
    assert parse_referat(extracted) == parse_referat(text)


def test_prose_right_after_a_table_is_not_pulled_into_it():
    # No blank line between the table and the prose: the PDF has no gap either. The short
    # line would fit in the first column, the long one is wrapped prose.
    text = (
        HEADER
        + THREE_COLUMNS
        + "Godkendt.\n"
        + "Udvalget bemærker, at tabellen viser status pr. 1. februar, og at de indsatser, "
        "der er afsluttet, evalueres samlet i forbindelse med budgetopfølgningen i maj.\n"
    )

    extracted = extract_text(referat_pdf(text, running_header="")).text

    assert extracted.split("\n\n")[-1].split("\n") == _rows(text)
    assert extracted.split("\n")[-2:] == _rows(text)[-2:]


def test_a_row_after_prose_does_not_take_the_prose_as_its_first_cell():
    # Prose ends in a short line right above a row whose first cell wraps: the row's later
    # cells go back up beside the first cell only, not beside the prose.
    text = HEADER + "Tabellen:\n" + TWO_COLUMNS

    extracted = extract_text(referat_pdf(text, running_header="")).text

    assert extracted.split("\n\n")[-1].split("\n") == _rows(text)


WORDS = (
    "udvalget beskæftigelse borgere indsats 2026 kr. -4,9 forløb virksomhedspraktik og i af "
    "til med ungeløftet mentor status evaluering 917.159,66 budget Lejre (40 %) pct.-point"
).split()
cells = st.lists(st.sampled_from(WORDS), min_size=1, max_size=30).map(" ".join)
tables = st.integers(min_value=2, max_value=6).flatmap(
    lambda columns: st.lists(
        st.lists(cells, min_size=columns, max_size=columns), min_size=1, max_size=5
    )
)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    table=tables,
    prose=st.sampled_from(["", "Godkendt.", "\nTaget til efterretning af udvalget i dag."]),
    font_size=st.sampled_from([8, 10, 12]),
)
def test_any_table_reads_back_row_by_row(table, prose, font_size):
    # Any number of columns, any cell wrapping over any number of lines, a table long enough
    # to go on over a page break (between rows), with or without prose right after it.
    text = HEADER + "\n".join("\t".join(row) for row in table) + "\n" + prose + "\n"
    pdf = referat_pdf(text, running_header="Lejre Kommune · Referat", font_size=font_size)

    extracted = extract_text(pdf).text.removeprefix("Lejre Kommune · Referat\n\n")

    assert extracted == plain_text(text)


def test_a_row_of_equal_cells_as_wide_as_the_page_is_a_row_not_justified_prose():
    # Found by the property test above: six equal one-word cells, evenly spaced and as wide
    # as the page, look like prose justified word by word; but a table's first cell is inset
    # by its padding, and prose starts at the margin. The prose after it is a line of its own.
    table = [["udvalget"] * 6]
    text = HEADER + "\n".join("\t".join(row) for row in table) + "\nGodkendt.\n"
    pdf = referat_pdf(text, running_header="Lejre Kommune · Referat", font_size=8)

    extracted = extract_text(pdf).text.removeprefix("Lejre Kommune · Referat\n\n")

    assert extracted == plain_text(text)


def _justified_pdf(*, word_by_word: bool) -> bytes:
    """A referat whose paragraph is justified with wide gaps between few long words; set by
    fpdf2 in one text object per line, or (as some converters do) word by word."""
    words = (
        "Beskæftigelsesreformen Arbejdsmarkedsuddannelserne Integrationsgrunduddannelsen "
        "Ressourceforløbsydelsen Jobafklaringsforløbene Fleksjobordningen "
        "Revalideringsforløbene Sygedagpengeopfølgningen Uddannelsespålæggene "
        "Virksomhedspraktikkerne Mentorstøtteordningen Løntilskudsansættelserne"
    ).split()
    pdf = FPDF(format="A4", unit="mm")
    regular, bold = unicode_font()
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
    pdf.set_margins(20, 15, 20)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 10)
    pdf.multi_cell(0, 5, "REFERAT Udvalget for Økonomi d. 02-03-2026", new_x="LMARGIN")
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 10)
    if not word_by_word:
        pdf.multi_cell(0, 5, " ".join(words), align="J", new_x="LMARGIN")
        return bytes(pdf.output())
    width = pdf.w - pdf.l_margin - pdf.r_margin
    y = pdf.get_y() + 4
    for start in range(0, len(words), 3):
        line = words[start : start + 3]
        spare = width - sum(pdf.get_string_width(word) for word in line)
        gap = spare / (len(line) - 1) if start + 3 < len(words) else pdf.get_string_width(" ")
        x = pdf.l_margin
        for word in line:
            pdf.text(x, y, word)  # a text object of its own
            x += pdf.get_string_width(word) + gap
        y += 5
    return bytes(pdf.output())


@pytest.mark.parametrize("word_by_word", [False, True], ids=["one object", "word by word"])
def test_justified_prose_with_wide_gaps_is_not_a_table(word_by_word):
    pdf = _justified_pdf(word_by_word=word_by_word)

    text = extract_text(pdf).text

    # One paragraph, its wrapped lines rejoined, every gap one space.
    paragraph = text.split("\n\n")[-1]
    assert "\n" not in paragraph
    assert paragraph.startswith("Beskæftigelsesreformen Arbejdsmarkedsuddannelserne ")
    assert paragraph.endswith(" Mentorstøtteordningen Løntilskudsansættelserne")
    assert len(paragraph.split()) == 12


def _line(text, left, right, top, **fields):
    return Line(text, left, right, top, top - 11.7, left + 30, **fields)


def test_a_row_split_by_a_page_break_loses_and_reorders_no_words():
    # Each part of the row is read on its own page: the first cell's lines, then the second
    # cell going back up beside them; the rest of both cells on the next page.
    from meetings.ingest.pdf import _join_table_rows

    page_one = [
        _line("Prosa før tabellen.", 60, 200, 700),
        _line("Første celle linje et", 62, 280, 670),
        _line("første celle linje to", 62, 280, 657.5),
        _line("Anden celle linje et", 296, 520, 670),
        _line("anden celle linje to", 296, 520, 657.5),
    ]
    page_two = [
        _line("første celle linje tre", 62, 280, 780),
        _line("første celle linje fire", 62, 280, 767.5),
        _line("Anden celle linje tre", 296, 520, 780),
        _line("Prosa efter tabellen.", 60, 200, 740),
    ]

    text = layout_text([_join_table_rows(page_one), _join_table_rows(page_two)])

    # The table goes on over the page break: one paragraph, a row for each page's part.
    assert text.split("\n\n") == [
        "Prosa før tabellen.",
        "Første celle linje et første celle linje to Anden celle linje et anden celle linje to\n"
        "første celle linje tre første celle linje fire Anden celle linje tre",
        "Prosa efter tabellen.",
    ]
