"""Referat PDFs made from text for the tests (and the benchmark): multi-page A4 with a running
header, a `Side N af M` footer, bold headings and long lines hard-wrapped by the layout.
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
    paras = paragraphs(text)
    pdf = _ReferatPDF(format="A4", unit="mm")
    font = unicode_font()
    if font:
        pdf.add_font("DejaVu", "", str(font[0]))
        pdf.add_font("DejaVu", "B", str(font[1]))
        pdf.family = "DejaVu"
    pdf.running_header = paras[0][0] if running_header is None and paras else running_header
    pdf.set_margins(20, 15, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    line_height = font_size * 0.3528 * 1.25  # points to mm, with the usual leading
    usable = pdf.h - pdf.t_margin - 20
    for index, para in enumerate(paras):
        bold = _is_heading(index, para)
        pdf.set_font(pdf.family, "B" if bold else "", font_size)
        lines = [_printable(line, bool(font)) for line in para]
        # A paragraph of several printed lines (a list, a table) is kept on one page, as a
        # word processor keeps it: a page break inside it could not be told from a blank line.
        if len(lines) > 1:
            height = (
                sum(
                    len(pdf.multi_cell(0, line_height, line, dry_run=True, output="LINES"))
                    for line in lines
                )
                * line_height
            )
            if height < usable and pdf.get_y() + height > pdf.page_break_trigger:
                pdf.add_page()
        for line in lines:
            pdf.multi_cell(0, line_height, line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(line_height * 0.8)
    return bytes(pdf.output())


def _printable(line: str, unicode: bool) -> str:
    return line if unicode else line.encode("latin-1", "replace").decode("latin-1")
