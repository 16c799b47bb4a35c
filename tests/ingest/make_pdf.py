"""Referat PDFs made from text for the tests (and the benchmark): multi-page A4 with a running
header, a `Side N af M` footer, bold headings, long lines hard-wrapped by the layout and table
rows (tab or pipe separated cells) laid out in columns.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from meetings.ingest.markup import paragraphs
from meetings.vocabulary import STANDARD_SECTIONS, TOC_HEADING

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts"),
)
_HEADINGS = {s.casefold() for s in STANDARD_SECTIONS} | {TOC_HEADING.casefold()}


def unicode_font() -> tuple[Path, Path] | None:
    """DejaVuSans regular and bold (Debian: fonts-dejavu-core), or None if not installed."""
    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            return regular, bold
    return None


class _ReferatPDF(FPDF):
    running_header = ""
    family = "helvetica"

    def header(self):
        if self.running_header:
            self.set_font(self.family, "", 8)
            self.cell(0, 5, self.running_header, new_x="LMARGIN", new_y="NEXT")
            self.ln(4)

    def footer(self):
        self.set_y(-15)
        self.set_font(self.family, "", 8)
        self.cell(0, 5, f"Side {self.page_no()} af {{nb}}", align="R")


def _is_heading(index: int, para: list[str]) -> bool:
    first = para[0]
    return (
        index == 0
        or first.casefold() in _HEADINGS
        or first.lower().startswith("punkt ")
        and ":" in first
    )


def referat_pdf(text: str, *, running_header: str | None = None, font_size: float = 10) -> bytes:
    """`text` (any converter markup) as a PDF; `running_header=None` repeats the title line,
    "" prints none. Without DejaVuSans the core Helvetica font is used (Latin-1 only)."""
    paras = paragraphs(text, cells=True)
    pdf = _ReferatPDF(format="A4", unit="mm")
    font = unicode_font()
    if font:
        pdf.add_font("DejaVu", "", str(font[0]))
        pdf.add_font("DejaVu", "B", str(font[1]))
        pdf.family = "DejaVu"
    pdf.running_header = paras[0][0][0] if running_header is None and paras else running_header
    pdf.set_margins(20, 15, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    line_height = font_size * 0.3528 * 1.25  # points to mm, with the usual leading
    usable = pdf.h - pdf.t_margin - 20
    for index, para in enumerate(paras):
        bold = _is_heading(index, [" ".join(para[0])])
        pdf.set_font(pdf.family, "B" if bold else "", font_size)
        rows = [[_printable(cell, bool(font)) for cell in row] for row in para]
        widths = _column_widths(pdf, rows)
        # A row is laid out in columns when each of its cells fits its column on one line;
        # otherwise (a cell of a long paragraph) it is printed as prose, as before.
        printed = [
            row if len(row) > 1 and _fits(pdf, row, widths) else " ".join(row) for row in rows
        ]
        # A paragraph of several printed lines (a list, a table) is kept on one page, as a
        # word processor keeps it: a page break inside it could not be told from a blank line.
        if len(printed) > 1:
            height = (
                sum(
                    1
                    if isinstance(line, list)
                    else len(pdf.multi_cell(0, line_height, line, dry_run=True, output="LINES"))
                    for line in printed
                )
                * line_height
            )
            if height < usable and pdf.get_y() + height > pdf.page_break_trigger:
                pdf.add_page()
        for line in printed:
            if isinstance(line, list):
                _table_row(pdf, line, widths, line_height)
            else:
                pdf.multi_cell(0, line_height, line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(line_height * 0.8)
    return bytes(pdf.output())


def _printable(line: str, unicode: bool) -> str:
    return line if unicode else line.encode("latin-1", "replace").decode("latin-1")


_CELL_PADDING = 2.0  # mm each side of a cell's text: at least 4 mm between two cells' texts


def _column_widths(pdf: FPDF, rows: list[list[str]]) -> list[float]:
    """Widths (mm) of the columns of the table rows among `rows`: each column as wide as its
    widest cell, the usable width shared out in proportion, as a word processor fits a table
    to the page; when the table is too wide, its widest column gives way."""
    natural: list[float] = []
    for row in rows:
        if len(row) < 2:
            continue
        for column, cell in enumerate(row):
            width = pdf.get_string_width(cell) + 2 * _CELL_PADDING + 0.5
            if column == len(natural):
                natural.append(width)
            else:
                natural[column] = max(natural[column], width)
    available = pdf.w - pdf.l_margin - pdf.r_margin
    total = sum(natural)
    if not natural:
        return []
    if total <= available:
        return [width * available / total for width in natural]
    widest = natural.index(max(natural))
    natural[widest] = max(natural[widest] - (total - available), 2 * _CELL_PADDING)
    return natural


def _fits(pdf: FPDF, row: list[str], widths: list[float]) -> bool:
    return len(row) <= len(widths) and all(
        pdf.get_string_width(cell) + 2 * _CELL_PADDING <= width
        for cell, width in zip(row, widths, strict=False)
    )


def _table_row(pdf: FPDF, row: list[str], widths: list[float], line_height: float) -> None:
    """One table row: each cell's text at its column's left edge (plus padding)."""
    padding, pdf.c_margin = pdf.c_margin, _CELL_PADDING
    for cell, width in zip(row, widths, strict=False):
        pdf.cell(width, line_height, cell, new_x="RIGHT", new_y="TOP")
    pdf.c_margin = padding
    pdf.ln(line_height)
