"""A PDF's text layer as clean paragraphs, read with PDFium in a bounded worker process.

A hostile PDF must not hang or exhaust the archive: PDFium runs in the bounded worker of
`sandbox.run_bounded` (wall-clock timeout, address-space limit), and so does the layout: only
the text comes back. The layout is read from the geometry of the lines, not guessed from words:

- lines at the same place at the top or bottom of (nearly) every page (running header,
  `Side N af M` footer, page numbers) are page furniture and dropped, but never a section or
  item heading;
- a vertical gap larger than the normal leading is a paragraph break;
- a line is a wrapped one (joined to the next with a space) when the next line's first word
  would have fitted before the right margin; otherwise it is a real line end. A heading's
  edge (bold to regular), a TOC line's page number, a header label, an item heading or a
  sagsnr always end a line; across a page break, a page that had room for more lines ended
  its paragraph.
- a table row is one line, never joined to the line before or after as a wrapped line, its
  cells in column order one space apart, as the parser reads a tab row. A row is found where
  a line's text runs have gaps much wider than a space between them (cells in columns, but
  not justified prose: as wide as the page with even gaps), and where text goes back up the
  page beside the lines before it (the next cell of a row whose cells wrap, written cell
  after cell as word processors do): see `_join_table_rows`.

What geometry cannot tell: a table row printed as plain prose (no gaps between its cells)
that happens to end within one word of the margin looks like a wrapped line; a converter that
writes a table line by line across its cells (not cell after cell) gives a wrapped cell's
lines as lines of their own, in that order.
"""

from __future__ import annotations

import ctypes
import re
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from meetings.ingest.errors import ReferatError
from meetings.ingest.sandbox import run_bounded
from meetings.vocabulary import (
    ABSENT_LABELS,
    CASE_NUMBER_LABELS,
    CASE_NUMBER_SCHEMES,
    HEADER_LABELS,
    HISTORY_BLOCK_LABELS,
    ITEM_WORDS,
    ITEM_WORDS_ABBREVIATED,
    STANDARD_SECTIONS,
    dated_decision,
)

DEFAULT_TIMEOUT = 30.0  # seconds, when the caller gives none
_EDGE = 2  # lines at each end of a page that may be page furniture

_FOOTER = re.compile(
    r"^(?:Side\s+\d+\s*(?:af|/)\s*\d+|Side\s+\d+|-?\s*\d{1,4}\s*-?|\d+\s*/\s*\d+)$"
)


def _alternatives(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_LABELS_WITH_COLON = [*CASE_NUMBER_LABELS, *(w for ws in HISTORY_BLOCK_LABELS.values() for w in ws)]
# Lines that start something of their own even when the line before happens to end near the
# right margin: a bullet, a header label, an item heading (also a number and a capital), a
# case-history date line or block label ("Udvalg:", "Dato:", "Punktnummer:"), a case number
# with or without its label, a section heading.
_STARTS_BLOCK = re.compile(
    r"^(?:[•▪◦]\s|(?:" + _alternatives(ITEM_WORDS) + r")\s+\d+\s*[:.]"
    r"|(?:" + _alternatives(ITEM_WORDS_ABBREVIATED) + r")\.?\s*\d+\b"
    r"|\d{1,3}(?:\.\s+|(?=[A-ZÆØÅ][a-zæøå]))[A-ZÆØÅ]"  # "3. Title", "38Godkendelse"
    r"|(?:" + "|".join(HEADER_LABELS + ABSENT_LABELS) + r")\b"
    r"|(?:" + _alternatives(_LABELS_WITH_COLON) + r")\s*:"
    r"|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}\s"
    r"|(?:" + "|".join(f"(?:{scheme})" for scheme in CASE_NUMBER_SCHEMES) + r")$"
    r"|(?:" + "|".join(re.escape(s) for s in STANDARD_SECTIONS) + r")$)"
)
# A word hyphenated at the line's end, going on in lower case on the next line: one word
# again, hyphen kept, no space ("2030-" / "fremskrivning"); not before a conjunction
# ("ressourceforløb- eller ...").
_WRAP_HYPHEN = re.compile(r"\w-$")
_HYPHEN_CONTINUATION = re.compile(r"^(?!(?:og|eller|samt|som|til)\b)[a-zæøå]")
_LIST_MARKER = re.compile(r"^(?:[-•–*▪]|\d{1,2}[.)]|[a-z][.)])\s")
_LINE_BREAK = re.compile(r"(\r\n|\n|\r)")
# A table of contents line: leader dots before the page number end it. Converters write the
# leader as dots ('....'), spaced dots ('. . . .'), an ellipsis, middle dots or underscores.
_ENDS_ROW = re.compile(r"(?:(?:[.·]\s?){3,}|…+|_{3,})\s*\d+\s*$")
# PDFium joins a line ending in a hyphen to the next and marks the join with U+FFFE; before
# these words the hyphen belongs to "ressourceforløb- eller revalideringsforløb".
_HYPHEN_BEFORE_CONJUNCTION = re.compile(r"\ufffe(?=(?:og|eller|samt|som|til)\b)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff\u00ad]")


class Line(NamedTuple):
    """One text line of a page, with the geometry of its loose character boxes (points)."""

    text: str
    left: float
    right: float
    top: float
    bottom: float
    first_word_right: float  # where the line's first word ends
    start_weight: int = 400  # font weight of the first and the last character (700: bold)
    end_weight: int = 400
    table_row: bool = False  # cells with wide gaps between them, or a row of wrapped cells
    last_cell: float | None = None  # of a table row: where its last cell's column begins

    @property
    def height(self) -> float:
        return self.top - self.bottom


def pdf_text(
    data: bytes, *, max_pages: int | None = None, timeout: float | None = None
) -> tuple[str, int]:
    """The clean text of the PDF in `data` and its page count; ReferatError if it has none."""
    return run_bounded(_read_text, data, max_pages, timeout=timeout or DEFAULT_TIMEOUT)


# In the worker ----------------------------------------------------------------------------


def _read_text(data: bytes, max_pages: int | None) -> tuple[str, int]:
    """The whole reading, layout included, runs in the worker: it is bounded with PDFium, and
    only the text comes back (not thousands of lines to pickle)."""
    pages = _read_lines(data, max_pages)
    if not any(line.text.strip() for page in pages for line in page):
        raise ReferatError(_("PDF'en har intet tekstlag (en scanning?)"))
    return layout_text(pages), len(pages)


def _read_lines(data: bytes, max_pages: int | None) -> list[list[Line]]:
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise ReferatError(_("PDF'en er krypteret (beskyttet med adgangskode)")) from None
        raise ReferatError(_("PDF'en er beskadiget eller afkortet")) from None
    count = len(document)
    if count == 0:
        raise ReferatError(_("PDF'en har ingen sider"))
    if max_pages is not None and count > max_pages:
        raise ReferatError(
            format_lazy(
                _("PDF'en har {count} sider, mere end grænsen på {limit}"),
                count=count,
                limit=max_pages,
            )
        )
    pages = []
    for index in range(count):
        page = document[index]
        textpage = page.get_textpage()
        pages.append(_join_table_rows(_page_lines(textpage)))
        textpage.close()
        page.close()
    document.close()
    return pages


# Characters `_clean` changes: most pages have none, and then their lines are taken as they are.
_UNCLEAN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\u00ad\u00a0]")


def _unchecked(function, restype=ctypes.c_int):
    """A PDFium function without its declared argument types: ctypes then passes the arguments
    as they are (the text page, ints, pointers from `byref`) at a third of the cost of checking
    them. Only for the calls made per line below, whose arguments this module makes."""
    return ctypes.cast(function, ctypes.CFUNCTYPE(restype))


_loose_box = _unchecked(pdfium_c.FPDFText_GetLooseCharBox)
_font_weight = _unchecked(pdfium_c.FPDFText_GetFontWeight)
_count_rects = _unchecked(pdfium_c.FPDFText_CountRects)
_get_rect = _unchecked(pdfium_c.FPDFText_GetRect)
# The text object of a character as a plain address, to compare two.
_text_object = _unchecked(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p)


def _page_lines(textpage) -> list[Line]:
    chars = textpage.count_chars()
    if chars <= 0:
        return []
    text = textpage.get_text_range(0, chars)
    if len(text) != chars:  # characters outside the BMP: read them one index at a time
        text = "".join(textpage.get_text_range(i, 1) or " " for i in range(chars))
    unclean = _UNCLEAN.search(text) is not None
    raw_page = textpage.raw
    # The loose box of a character (its font's ascent and descent, not its ink), read into one
    # reused struct: this runs three times per line, so every call's cost shows.
    rect = pdfium_c.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    get_box, weight = _loose_box, _font_weight

    lines: list[Line] = []
    spans: list[tuple[int, int]] = []  # each line's first and last character index
    start = 0
    for raw in _LINE_BREAK.split(text):
        if raw in ("\r\n", "\n", "\r"):
            start += len(raw)
            continue
        stripped = raw.strip()
        if stripped:
            if len(stripped) == len(raw):  # most lines: nothing to strip
                first, last = start, start + len(raw) - 1
            else:
                first = start + len(raw) - len(raw.lstrip())
                last = start + len(raw.rstrip()) - 1
            space = raw.find(" ", first - start)
            get_box(raw_page, first, rect_ref)
            left, top, bottom = rect.left, rect.top, rect.bottom
            get_box(raw_page, last, rect_ref)
            right = rect.right
            if rect.top > top:
                top = rect.top
            if rect.bottom < bottom:
                bottom = rect.bottom
            if space != -1:
                get_box(raw_page, start + space - 1, rect_ref)
            lines.append(
                Line(
                    _clean(stripped) if unclean else stripped,
                    left,
                    right,
                    top,
                    bottom,
                    rect.right,
                    weight(raw_page, first),
                    weight(raw_page, last),
                )
            )
            spans.append((first, last))
        start += len(raw)
    # Whether a line is a table row matters only where it could be joined as a wrapped line:
    # a line ending within the next line's first word of the page's right edge, the line
    # after it, and each end of the page; and where a row's last cell could wrap: a line
    # followed by one that starts further right. Looking only there keeps prose at five
    # PDFium calls per line. The right edge is that of the lines that cannot be page furniture
    # (two at each end may be): the layout's right margin is at least that far right.
    # A page's end is its first and last `_EDGE` lines, not just the first and the last: below
    # a running header the first body line may be a table row that the layout would otherwise
    # join to the last line of the page before, and above a footer the last one likewise.
    page_right = max((line.right for line in lines[_EDGE:-_EDGE]), default=0.0)
    page_left = min((line.left for line in lines[_EDGE:-_EDGE]), default=0.0)
    candidates = set(range(_EDGE)) | set(range(len(lines) - _EDGE, len(lines)))
    for index, (line, after) in enumerate(zip(lines, lines[1:], strict=False)):
        height = after.top - after.bottom
        first_word = after.first_word_right - after.left
        if page_right - line.right < (first_word if first_word > 0 else 0) + 0.35 * height:
            candidates.update((index, index + 1))
        elif after.left > line.left + height and after.top < line.bottom:
            candidates.add(index)
    for index in candidates:
        line = lines[index] if 0 <= index < len(lines) else None
        if line is None or " " not in line.text:
            continue
        first, last = spans[index]
        if _text_object(raw_page, first) == _text_object(raw_page, last):
            continue  # one text object: prose (cells are objects of their own)
        height = line.height
        # Justified prose runs from margin to margin; a table's first cell is inset by its
        # padding, so a row of cells as wide as the page with even gaps is still a row.
        full_width = page_right - line.right < height / 4 and line.left - page_left < 1.0
        cell = _last_cell(raw_page, first, last, height, full_width)
        if cell is not None:
            lines[index] = line._replace(
                text=" ".join(line.text.split()), table_row=True, last_cell=cell
            )
    return lines


def _last_cell(raw_page, first: int, last: int, height: float, full_width: bool) -> float | None:
    """Where the line's last cell begins (midway in the gap before it) when its text runs have
    gaps wider than a few spaces between them, else None. PDFium gives one rectangle per text
    object of the line."""
    runs = _count_rects(raw_page, first, last - first + 1)
    left, top, right, bottom = (ctypes.c_double() for _ in range(4))
    refs = [ctypes.byref(value) for value in (left, top, right, bottom)]
    gaps: list[tuple[float, float]] = []  # (right before, left after) each gap
    previous_right = None
    for index in range(runs):
        _get_rect(raw_page, index, *refs)
        if previous_right is not None:
            gaps.append((previous_right, left.value))
        previous_right = right.value
    widths = [after - before for before, after in gaps]
    wide = [gap for gap, width in zip(gaps, widths, strict=True) if width > 0.8 * height]
    if not wide:
        return None
    if full_width and len(wide) == len(gaps) >= 2 and max(widths) - min(widths) < height / 4:
        return None  # justified prose set word by word: as wide as the page, even gaps
    return (wide[-1][0] + wide[-1][1]) / 2


def _clean(text: str) -> str:
    text = _HYPHEN_BEFORE_CONJUNCTION.sub("- ", text)
    return _CONTROL.sub("", text.replace("\ufffe", "-")).replace("\u00a0", " ")


_SAME_TOP = 2.0  # points: lines on one baseline (cells of one row) differ by less


def _join_table_rows(lines: list[Line]) -> list[Line]:
    """The lines of a page with each table row whose cells wrap made one line again.

    A word processor writes a table cell after cell: the lines of the first cell, then back up
    to the row's top for the next cell (PDFium starts a new line there; cells that share a
    line come as one line with wide gaps), and so on. A row is read in that order: its first
    cell (the lines down to where the next cell goes back up to, or the first line of cells
    with wide gaps), each cell that goes back up beside the cells before it, and each line
    below that continues the last cell in its column. The row ends at the first line that goes
    down left of the last cell's column (the next row, prose), after a paragraph gap, or at a
    line with cells of its own. Cells come out in column order, one space apart, as the
    parser reads a tab row. A row split by a page break comes back as one row per page part.
    """
    out: list[Line] = []
    row: list[Line] = []  # the lines of the open row, in the order they were written
    column = 0.0  # where the open row's last cell begins: a line below right of it continues it
    for line in lines:
        if row:
            previous = row[-1]
            if (
                previous.top + _SAME_TOP < line.top <= row[0].top + _SAME_TOP
                and line.left >= max(part.right for part in row) - _SAME_TOP
            ):  # back up beside the cells before it: the next cell
                column = _column(row, line)
                row.append(line)
                continue
            if (
                not line.table_row
                and line.top < previous.top - _SAME_TOP
                and not _paragraph_break(previous, line)
                and line.left >= column
            ):  # below, in the last cell's column: that cell wraps
                row.append(line)
                continue
            out.append(_row_line(row))
            row = []
        start = _first_cell_start(out, line) if out and line.top > out[-1].top + 1 else None
        if start is not None:  # back up beside the lines before it: they were the first cell
            row = out[start:]
            del out[start:]
            column = _column(row, line)
            row.append(line)
        elif line.table_row:
            row, column = [line], line.last_cell if line.last_cell is not None else line.left
        else:
            out.append(line)
    if row:
        out.append(_row_line(row))
    return out


def _column(row: list[Line], cell: Line) -> float:
    """Where the column of `cell`, written beside the parts of `row`, begins."""
    if cell.last_cell is not None:  # cells of their own: the last of them
        return cell.last_cell
    return (max(part.right for part in row) + cell.left) / 2


def _first_cell_start(out: list[Line], line: Line) -> int | None:
    """Where the first cell of `line`'s row begins among the lines before it, when `line` went
    back up beside them as a table cell does; None when it is no cell (a new block)."""
    index = len(out) - 1
    while index >= 0:
        candidate = out[index]
        if candidate.table_row or candidate.right > line.left + _SAME_TOP:
            return None  # not beside it: a new column of text, a block placed higher up
        if candidate.top >= line.top - _SAME_TOP:
            return index
        if index == 0 or _paragraph_break(out[index - 1], candidate):
            return None
        index -= 1
    return None


def _row_line(row: list[Line]) -> Line:
    """One line for the parts of a table row (one part: a row whose cells did not wrap)."""
    if len(row) == 1:
        return row[0]
    first, last = row[0], row[-1]
    return Line(
        " ".join(word for part in row for word in part.text.split()),
        min(part.left for part in row),
        max(part.right for part in row),
        max(part.top for part in row),
        min(part.bottom for part in row),
        first.first_word_right,
        first.start_weight,
        last.end_weight,
        table_row=True,
    )


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
                current[-1] = _join_wrapped(current[-1], line.text)
            elif page_top and previous.table_row and line.table_row:
                current.append(line.text)  # a table goes on over the page break
            elif page_top:
                # Across a page break only a wrapped line or a table continues its paragraph.
                paragraphs.append(current)
                current = [line.text]
            else:
                current.append(line.text)
            previous = line
    if current:
        paragraphs.append(current)
    return "\n\n".join("\n".join(p) for p in paragraphs)


def _join_wrapped(text: str, line: str) -> str:
    if text[-1:] == "-" and _WRAP_HYPHEN.search(text) and _HYPHEN_CONTINUATION.match(line):
        return text + line
    return f"{text} {line}"


def _paragraph_break(previous: Line, line: Line) -> bool:
    if line.top > previous.top + 1:  # back up the page: a new column or block
        return True
    height = min(previous.top - previous.bottom, line.top - line.bottom)
    return previous.bottom - line.top > 0.3 * height


def _wrapped(previous: Line, line: Line, right_margin: float) -> bool:
    """True when `line`'s first word would have fitted on `previous`: a soft wrap."""
    if previous.table_row or line.table_row:
        return False  # a table row is a line of its own
    # The geometry first: it is cheap, and settles most lines.
    first_word = line.first_word_right - line.left
    space = 0.35 * (line.top - line.bottom)
    if right_margin - previous.right >= (first_word if first_word > 0 else 0) + space:
        return False
    if abs(previous.end_weight - line.start_weight) >= 200:
        return False  # bold to regular or back at the line break: a heading's edge
    if previous.text[-1:].isdigit() and _ENDS_ROW.search(previous.text):
        return False
    return not _STARTS_BLOCK.match(line.text) and dated_decision(line.text) is None


def _furniture_key(line: Line) -> tuple[str, int]:
    return re.sub(r"\d+", "#", line.text), round(line.top)


# Lines that are content wherever they stand: a standard section heading or an item heading
# opens the page whenever a page break falls just before it, on two pages of a short
# referat as easily as on one, at the same height each time.
_NEVER_FURNITURE = re.compile(
    r"^(?:(?:" + _alternatives(ITEM_WORDS) + r")\s+[\d#]+\s*:.*"
    r"|(?:" + _alternatives(ITEM_WORDS_ABBREVIATED) + r")\.?\s*[\d#]+\s.*"
    r"|(?:" + "|".join(re.escape(s) for s in STANDARD_SECTIONS) + r"):?)$",
    re.IGNORECASE,
)


def _furniture_pages_needed(pages: int) -> int:
    """On how many pages a line must repeat to be a running header or footer: on (nearly)
    every page. The first page often has a header of its own, and a landscape page or an
    attachment page may lack it, so a quarter of the pages (at least one) may go without;
    the same text at the top of two pages of many is content."""
    return max(2, pages - max(1, pages // 4))


def _on_every_other_page(numbers: set[int], pages: int) -> bool:
    """A header printed on left and right pages differently (the committee on even pages, the
    date on odd ones): on every even page, or on every odd page but perhaps the first, and on
    at least three pages, since two matching lines prove little."""
    even = set(range(2, pages + 1, 2))
    odd = set(range(3, pages + 1, 2))
    return len(numbers) >= 3 and (numbers == even or numbers - {1} == odd)


def _drop_furniture(pages: list[list[Line]]) -> list[list[Line]]:
    """Pages without running headers, footers and page numbers."""
    seen: dict[tuple[str, int], set[int]] = {}
    for number, page in enumerate(pages, start=1):
        for key in {_furniture_key(line) for line in page[:_EDGE] + page[-_EDGE:]}:
            seen.setdefault(key, set()).add(number)
    needed = _furniture_pages_needed(len(pages))
    repeated = {
        key
        for key, numbers in seen.items()
        if (len(numbers) >= needed or _on_every_other_page(numbers, len(pages)))
        and not _NEVER_FURNITURE.match(key[0])
    }
    cleaned = []
    for page in pages:
        keep = []
        for index, line in enumerate(page):
            at_edge = index < _EDGE or index >= len(page) - _EDGE
            if at_edge and (_furniture_key(line) in repeated or _FOOTER.match(line.text)):
                continue
            keep.append(line)
        cleaned.append(keep)
    return cleaned
