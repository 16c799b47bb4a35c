"""Referat PDFs made from text for the tests (and the benchmark): multi-page A4 with a running
header, a `Side N af M` footer, bold headings, long lines hard-wrapped by the layout and table
rows (tab or pipe separated cells) laid out as cells in columns, each cell's text wrapped
inside its cell.
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
    usable = pdf.h - pdf.t_margin - 20
    for index, para in enumerate(paras):
        bold = _is_heading(index, [" ".join(para[0])])
        pdf.set_font(pdf.family, "B" if bold else "", font_size)
        rows = [[_printable(cell, bool(font)) for cell in row] for row in para]
        widths = _column_widths(pdf, rows)
        size = font_size
        while widths and not _words_fit(pdf, rows, widths) and size > 5:
            # A table whose longest words do not fit its columns is set smaller, as an
            # author would (a word processor would break the words inside them).
            size -= 0.5
            pdf.set_font(pdf.family, "B" if bold else "", size)
            widths = _column_widths(pdf, rows)
        line_height = size * 0.3528 * 1.25  # points to mm, with the usual leading
        # A row of several cells is laid out as a table row: each cell in its column, its
        # text wrapped inside the cell as a word processor does; other lines are prose.
        heights = [
            _row_lines(pdf, row, widths, line_height)
            if len(row) > 1
            else len(pdf.multi_cell(0, line_height, row[0], dry_run=True, output="LINES"))
            for row in rows
        ]
        # A paragraph of several printed lines (a list, a table) is kept on one page, as a
        # word processor keeps it: a page break inside it could not be told from a blank line.
        height = sum(heights) * line_height
        if len(rows) > 1 and height < usable and pdf.get_y() + height > pdf.page_break_trigger:
            pdf.add_page()
        for row, lines in zip(rows, heights, strict=True):
            if len(row) > 1:
                if pdf.get_y() + lines * line_height > pdf.page_break_trigger:
                    pdf.add_page()  # a row is never split by a page break
                _table_row(pdf, row, widths, line_height, lines)
            else:
                pdf.multi_cell(0, line_height, row[0], new_x="LMARGIN", new_y="NEXT")
        pdf.ln(font_size * 0.3528 * 1.25 * 0.8)
    return bytes(pdf.output())


def _printable(line: str, unicode: bool) -> str:
    return line if unicode else line.encode("latin-1", "replace").decode("latin-1")


_CELL_PADDING = 2.0  # mm each side of a cell's text: at least 4 mm between two cells' texts


def _column_widths(pdf: FPDF, rows: list[list[str]]) -> list[float]:
    """Widths (mm) of the columns of the table rows among `rows`, fitted to the page as a word
    processor fits a table: each column as wide as its widest cell, the usable width shared
    out in proportion; when that is too wide, each column keeps at least its longest word and
    gives way in proportion to the rest of its width."""
    natural: list[float] = []
    least: list[float] = []
    for row in rows:
        if len(row) < 2:
            continue
        for column, cell in enumerate(row):
            width = pdf.get_string_width(cell) + 2 * _CELL_PADDING + 0.5
            word = max(pdf.get_string_width(w) for w in cell.split()) + 2 * _CELL_PADDING + 0.5
            if column == len(natural):
                natural.append(width)
                least.append(word)
            else:
                natural[column] = max(natural[column], width)
                least[column] = max(least[column], word)
    if not natural:
        return []
    available = pdf.w - pdf.l_margin - pdf.r_margin
    total, minimum = sum(natural), sum(least)
    if total <= available:
        return [width * available / total for width in natural]
    if minimum >= available:  # even the longest words do not fit: they are broken
        return [width * available / minimum for width in least]
    share = (available - minimum) / (total - minimum)
    return [low + (width - low) * share for low, width in zip(least, natural, strict=True)]


def _words_fit(pdf: FPDF, rows: list[list[str]], widths: list[float]) -> bool:
    return all(
        pdf.get_string_width(word) + 2 * _CELL_PADDING <= width
        for row in rows
        if len(row) > 1
        for cell, width in zip(row, widths, strict=False)
        for word in cell.split()
    )


def _cell_lines(pdf: FPDF, cell: str, width: float, line_height: float) -> int:
    return len(pdf.multi_cell(width, line_height, cell, dry_run=True, output="LINES"))


def _row_lines(pdf: FPDF, row: list[str], widths: list[float], line_height: float) -> int:
    """How many lines the row takes: its cell that wraps over the most lines."""
    padding, pdf.c_margin = pdf.c_margin, _CELL_PADDING
    try:
        return max(
            _cell_lines(pdf, cell, width, line_height)
            for cell, width in zip(row, widths, strict=False)
        )
    finally:
        pdf.c_margin = padding


def _table_row(
    pdf: FPDF, row: list[str], widths: list[float], line_height: float, lines: int
) -> None:
    """One table row, cell after cell (as Word writes them): each cell's text from its
    column's left edge (plus padding), wrapped inside the column."""
    padding, pdf.c_margin = pdf.c_margin, _CELL_PADDING
    top = pdf.get_y()
    for cell, width in zip(row, widths, strict=False):
        pdf.multi_cell(width, line_height, cell, new_x="RIGHT", new_y="TOP")
    pdf.c_margin = padding
    pdf.set_xy(pdf.l_margin, top + lines * line_height)
