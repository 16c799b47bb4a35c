"""A PDF's text layer as clean paragraphs, read with PDFium in a bounded worker process.

A hostile PDF must not hang or exhaust the archive: PDFium runs in the bounded worker of
`sandbox.run_bounded` (wall-clock timeout, address-space limit). The worker returns the lines
of each page with their geometry; the layout is then read from that geometry, not guessed
from words:

- lines at the same place at the top or bottom of most pages (running header, `Side N af M`
  footer, page numbers) are page furniture and dropped;
- a vertical gap larger than the normal leading is a paragraph break;
- a line is a wrapped one (joined to the next with a space) when the next line's first word
  would have fitted before the right margin; otherwise it is a real line end. A heading's
  edge (bold to regular), a TOC line's page number, a header label, an item heading or a
  sagsnr always end a line; across a page break, a page that had room for more lines ended
  its paragraph.

- a line whose text runs have gaps much wider than a space between them is a table row (its
  cells at their columns' x positions): it is never joined to the line before or after as a
  wrapped line, and its cells are separated by one space, as the parser reads a tab row.

What geometry cannot tell: a table row printed as plain prose (no gaps between its cells)
that happens to end within one word of the margin looks like a wrapped line.
"""

from __future__ import annotations

import ctypes
import math
import re
from dataclasses import dataclass, replace

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from meetings.ingest.errors import ReferatError
from meetings.ingest.sandbox import run_bounded
from meetings.vocabulary import ABSENT_LABELS, HEADER_LABELS, STANDARD_SECTIONS

DEFAULT_TIMEOUT = 30.0  # seconds, when the caller gives none

_FOOTER = re.compile(
    r"^(?:Side\s+\d+\s*(?:af|/)\s*\d+|Side\s+\d+|-?\s*\d{1,4}\s*-?|\d+\s*/\s*\d+)$"
)
# Lines that start something of their own even when the line before happens to end near the
# right margin: a bullet, a header label, an item heading, a case-history date line.
_STARTS_BLOCK = re.compile(
    r"^(?:[•▪◦]\s|Punkt\s+\d+\s*:|(?:" + "|".join(HEADER_LABELS + ABSENT_LABELS) + r")\b"
    r"|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}\s|\d{2}-\d{3,7}[A-ZÆØÅ]?$"
    r"|(?:" + "|".join(re.escape(s) for s in STANDARD_SECTIONS) + r")$)"
)
_LIST_MARKER = re.compile(r"^(?:[-•–*▪]|\d{1,2}[.)]|[a-z][.)])\s")
_LINE_BREAK = re.compile(r"(\r\n|\n|\r)")
# A table of contents line: leader dots before the page number end it.
_ENDS_ROW = re.compile(r"(?:\.{3,}|…+)\s*\d+\s*$")
# PDFium joins a line ending in a hyphen to the next and marks the join with U+FFFE; before
# these words the hyphen belongs to "ressourceforløb- eller revalideringsforløb".
_HYPHEN_BEFORE_CONJUNCTION = re.compile(r"\ufffe(?=(?:og|eller|samt|som|til)\b)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff\u00ad]")


@dataclass(frozen=True)
class Line:
    """One text line of a page, with the geometry of its loose character boxes (points)."""

    text: str
    left: float
    right: float
    top: float
    bottom: float
    first_word_right: float  # where the line's first word ends
    start_weight: int = 400  # font weight of the first and the last character (700: bold)
    end_weight: int = 400
    table_row: bool = False  # cells with wide gaps between them

    @property
    def height(self) -> float:
        return self.top - self.bottom


def pdf_text(
    data: bytes, *, max_pages: int | None = None, timeout: float | None = None
) -> tuple[str, int]:
    """The clean text of the PDF in `data` and its page count; ReferatError if it has none."""
    pages = run_bounded(_read_lines, data, max_pages, timeout=timeout or DEFAULT_TIMEOUT)
    if not any(line.text.strip() for page in pages for line in page):
        raise ReferatError("the PDF has no text layer (a scan?)")
    return layout_text(pages), len(pages)


# In the worker ----------------------------------------------------------------------------


def _read_lines(data: bytes, max_pages: int | None) -> list[list[Line]]:
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise ReferatError("the PDF is encrypted (password protected)") from None
        raise ReferatError("the PDF is corrupt or truncated") from None
    count = len(document)
    if count == 0:
        raise ReferatError("the PDF has no pages")
    if max_pages is not None and count > max_pages:
        raise ReferatError(f"the PDF has {count} pages, more than the limit of {max_pages}")
    pages = []
    for index in range(count):
        page = document[index]
        textpage = page.get_textpage()
        pages.append(_page_lines(textpage))
        textpage.close()
        page.close()
    document.close()
    return pages


def _page_lines(textpage) -> list[Line]:
    chars = textpage.count_chars()
    if chars <= 0:
        return []
    text = textpage.get_text_range(0, chars)
    if len(text) != chars:  # characters outside the BMP: read them one index at a time
        text = "".join(textpage.get_text_range(i, 1) or " " for i in range(chars))
    # The loose box of a character (its font's ascent and descent, not its ink), read with one
    # reused struct: this runs three times per line, so the wrapper's cost shows.
    rect = pdfium_c.FS_RECTF()
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    weight = pdfium_c.FPDFText_GetFontWeight
    count_rects = pdfium_c.FPDFText_CountRects
    get_rect = pdfium_c.FPDFText_GetRect
    raw_page = textpage.raw
    rect_left, rect_top, rect_right, rect_bottom = (ctypes.c_double() for _ in range(4))
    # The text object of a character, as a plain address: comparing two typed pointers would
    # cost a cast each, and this runs for most lines.
    text_object = ctypes.cast(
        pdfium_c.FPDFText_GetTextObject,
        ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int),
    )

    def has_cells(first: int, last: int, height: float) -> bool:
        """True when the text runs of the line have a gap wider than a few spaces: PDFium
        gives one rectangle per text object; a line in one text object (prose) has none."""
        if (
            ctypes.cast(text_object(raw_page, first), ctypes.c_void_p).value
            == ctypes.cast(text_object(raw_page, last), ctypes.c_void_p).value
        ):
            return False
        runs = count_rects(raw_page, first, last - first + 1)
        previous_right = None
        for index in range(runs):
            get_rect(raw_page, index, rect_left, rect_top, rect_right, rect_bottom)
            if previous_right is not None and rect_left.value - previous_right > 0.8 * height:
                return True
            previous_right = rect_right.value
        return False

    def box(index: int) -> tuple[float, float, float, float]:
        get_box(raw_page, index, ctypes.byref(rect))
        return rect.left, rect.bottom, rect.right, rect.top

    lines: list[Line] = []
    spans: list[tuple[int, int]] = []  # each line's first and last character index
    start = 0
    for raw in _LINE_BREAK.split(text):
        if raw in ("\r\n", "\n", "\r"):
            start += len(raw)
            continue
        stripped = raw.strip()
        if stripped:
            first = start + len(raw) - len(raw.lstrip())
            last = start + len(raw.rstrip()) - 1
            space = raw.find(" ", first - start)
            word_end = (start + space - 1) if space != -1 else last
            left, bottom, _, top = box(first)
            _, last_bottom, right, last_top = box(last)
            lines.append(
                Line(
                    text=_clean(stripped),
                    left=left,
                    right=right,
                    top=max(top, last_top),
                    bottom=min(bottom, last_bottom),
                    first_word_right=box(word_end)[2],
                    start_weight=weight(raw_page, first),
                    end_weight=weight(raw_page, last),
                )
            )
            spans.append((first, last))
        start += len(raw)
    # Whether a line is a table row matters only where it could be joined as a wrapped line:
    # a line ending within the next line's first word of the page's right edge (the right
    # margin is at least that far right), the line after it, and each end of the page.
    # Looking only there keeps prose at three PDFium calls per line.
    page_right = max((line.right for line in lines), default=0.0)
    candidates = {0, len(lines) - 1}
    for index, (line, after) in enumerate(zip(lines, lines[1:], strict=False)):
        first_word = max(after.first_word_right - after.left, 0)
        if page_right - line.right < first_word + 0.35 * after.height:
            candidates.update((index, index + 1))
    for index in candidates:
        line = lines[index] if 0 <= index < len(lines) else None
        if line is not None and " " in line.text and has_cells(*spans[index], line.height):
            lines[index] = replace(line, text=" ".join(line.text.split()), table_row=True)
    return lines


def _clean(text: str) -> str:
    text = _HYPHEN_BEFORE_CONJUNCTION.sub("- ", text)
    return _CONTROL.sub("", text.replace("\ufffe", "-")).replace("\u00a0", " ")


# Layout ------------------------------------------------------------------------------------


def layout_text(pages: list[list[Line]]) -> str:
    """Paragraphs (blank-line separated) of lines, from the lines of each page."""
    body = _drop_furniture(pages)
    all_lines = [line for page in body for line in page]
    if not all_lines:
        return ""
    right_margin = max(line.right for line in all_lines)
    floor = min(line.bottom for line in all_lines)  # the lowest a body line goes on any page
    paragraphs: list[list[str]] = []
    current: list[str] = []
    previous: Line | None = None
    for page_number, page in enumerate(body):
        for index, line in enumerate(page):
            page_top = index == 0 and page_number > 0
            if previous is None:
                current = [line.text]
            elif not page_top and _paragraph_break(previous, line):
                paragraphs.append(current)
                current = [line.text]
            elif page_top and previous.bottom - floor > 1.5 * previous.height:
                # The page had room for more lines: the paragraph ended there.
                paragraphs.append(current)
                current = [line.text]
            elif _wrapped(previous, line, right_margin) and not (
                # Consecutive list items ("1. ..." / "2. ...") are lines of their own.
                _LIST_MARKER.match(current[-1]) and _LIST_MARKER.match(line.text)
            ):
                current[-1] = f"{current[-1]} {line.text}"
            elif page_top:
                # Across a page break only a wrapped line continues its paragraph.
                paragraphs.append(current)
                current = [line.text]
            else:
                current.append(line.text)
            previous = line
    if current:
        paragraphs.append(current)
    return "\n\n".join("\n".join(p) for p in paragraphs)


def _paragraph_break(previous: Line, line: Line) -> bool:
    if line.top > previous.top + 1:  # back up the page: a new column or block
        return True
    gap = previous.bottom - line.top
    return gap > 0.3 * min(previous.height, line.height)


def _wrapped(previous: Line, line: Line, right_margin: float) -> bool:
    """True when `line`'s first word would have fitted on `previous`: a soft wrap."""
    if previous.table_row or line.table_row:
        return False  # a table row is a line of its own
    if _STARTS_BLOCK.match(line.text) or _ENDS_ROW.search(previous.text):
        return False
    if abs(previous.end_weight - line.start_weight) >= 200:
        return False  # bold to regular or back at the line break: a heading's edge
    space = 0.35 * line.height
    first_word = max(line.first_word_right - line.left, 0)
    return right_margin - previous.right < first_word + space


def _furniture_key(line: Line) -> tuple[str, int]:
    return re.sub(r"\d+", "#", line.text), round(line.top)


def _drop_furniture(pages: list[list[Line]]) -> list[list[Line]]:
    """Pages without running headers, footers and page numbers."""
    edge = 2  # lines at each end of a page that may be furniture
    counts: dict[tuple[str, int], int] = {}
    for page in pages:
        for key in {_furniture_key(line) for line in page[:edge] + page[-edge:]}:
            counts[key] = counts.get(key, 0) + 1
    needed = max(2, math.ceil(len(pages) / 2))
    repeated = {key for key, count in counts.items() if count >= needed}
    cleaned = []
    for page in pages:
        keep = []
        for index, line in enumerate(page):
            at_edge = index < edge or index >= len(page) - edge
            if at_edge and (_furniture_key(line) in repeated or _FOOTER.match(line.text)):
                continue
            keep.append(line)
        cleaned.append(keep)
    return cleaned
