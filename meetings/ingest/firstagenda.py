"""The FirstAgenda Publication portal's meeting JSON to the referat shape (plus "warnings").

Municipalities on FirstAgenda publish at https://dagsordener.<kommune>.dk/, and
`GET /api/agenda/dagsorden/<meeting id>` answers one meeting: `Udvalg`, `Moede` (date, place,
participants) and `Dagsordenpunkter`, each item with its HTML fields (`Felter`) holding the
sections (`<h3>Beslutning</h3>`, and Greve's `<h3>Fremstilling</h3>` with `Sagsprocedure`,
`Resume` … as h2/h4 or bold lines, and `<h3>Sagens forløb</h3>`). DOMAIN.md, "The FirstAgenda
Publication portal", tells the rest.

The HTML is read with selectolax (Lexbor) into paragraphs of plain lines (`html_paragraphs`),
and those into sections (`split_sections`, `item_fields`): `webpage.py` reads the portal's
rendered page with the same two steps, so the page and the JSON of one meeting agree.
Absences and votes written inside a decision are left in its text: a separate module reads
them, for every format, after this one.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from selectolax.lexbor import LexborHTMLParser, LexborNode

from meetings.ingest.errors import ReferatError

# The words of the format: meetings/vocabulary (the portal's own in its portal.py).
from meetings.vocabulary import (
    ATTACHMENT_PATH,
    CLOSED_PREFIX,
    CONTAINER_SECTIONS,
    DECISION_HEADING_WORDS,
    DECISION_SECTION,
    EXTRAORDINARY,
    EXTRAORDINARY_TITLE_WORDS,
    HISTORY_SECTION,
    ITEM_ABSENT_ATTENDANCE_TYPE,
    ITEM_ABSENT_REASONS,
    PORTAL_TIMEZONE,
    STANDARD_SECTIONS,
    SYSTEM,
    TITLE_WORDS,
)

_SECTION_BY_KEY = {" ".join(s.split()).casefold(): s for s in STANDARD_SECTIONS}
_DECISION_WORDS = frozenset(w.casefold() for w in DECISION_HEADING_WORDS)
_DECISION_PREFIXES = tuple(w + " " for w in _DECISION_WORDS)
_PERIOD_SUFFIX = re.compile(r"^(?P<name>.*?)\s*[-–]?\s*(?P<p1>\d{4})\s*[-–]\s*(?P<p2>\d{4})$")
_HISTORY_ENTRY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s+(\S.*)$")
_PORTAL_LINK = re.compile(r"^https?://[^/\s]+", re.IGNORECASE)

# HTML elements by how they lay out text.
_SKIP = frozenset(
    {"script", "style", "noscript", "template", "head", "title", "meta", "link", "img", "svg"}
    | {"iframe", "object", "embed", "audio", "video", "source", "input", "select", "textarea"}
    | {"-comment", "canvas", "map", "area", "option", "datalist"}
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_LISTS = frozenset({"ul", "ol", "menu", "dir"})
_BLOCKS = frozenset(
    {"p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "address"}
    | {"blockquote", "pre", "dl", "dt", "dd", "figure", "figcaption", "hr", "form", "fieldset"}
    | {"center", "details", "summary", "caption", "legend", "body", "html", "tbody", "thead"}
    | {"tfoot", "tr", "td", "th", "dialog", "hgroup", "search"}
)
_CELLS = frozenset({"td", "th"})
_ROW_GROUPS = frozenset({"thead", "tbody", "tfoot"})


class Para:
    """One paragraph of plain lines; `heading` when it is the one line of a heading element."""

    __slots__ = ("lines", "heading")

    def __init__(self, lines: list[str], heading: bool = False) -> None:
        self.lines = lines
        self.heading = heading

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def __repr__(self) -> str:  # for test failures
        return f"Para({self.lines!r}, heading={self.heading})"


def paras_text(paras: list[Para]) -> str:
    """Paragraphs as the schema's plain text: lines by newline, paragraphs by a blank line."""
    return "\n\n".join(p.text for p in paras if p.lines)


class HtmlText:
    """HTML to paragraphs of plain lines, as a browser lays the text out.

    A block (p, div, a heading, a list, a table) is a paragraph; `<br>` breaks a line and two
    in a row a paragraph; a list item is one line ("1. " before it in an ordered list), a table
    row one line with its cells separated by a tab. Inline markup is removed (`<b>I</b>ndstilling`
    is "Indstilling"), no-break spaces are spaces and runs of spaces single. `webpage.py`
    subclasses it: `visit` may take an element over before the default layout.
    """

    def __init__(self) -> None:
        self.paras: list[Para] = []
        self._lines: list[str] = []
        self._buf: list[str] = []
        self._brs = 0
        self._marker = ""  # an ordered list item's "1. ", put before its first line
        self._lists: list[list] = []  # per open list: [ordered, counter, numbering type]
        self._in_li = 0
        self._in_cell = 0
        self._tables = 0  # tables laid out so far

    # The walk ---------------------------------------------------------------------------

    def feed(self, node: LexborNode) -> HtmlText:
        """Lay out the children of `node` (a document's body, a container element)."""
        self._children(node)
        return self

    def close(self) -> list[Para]:
        self.end_paragraph()
        return self.paras

    def visit(self, node: LexborNode) -> bool:
        """Take over the layout of `node`; True when done. The default takes nothing."""
        return False

    def _children(self, node: LexborNode) -> None:
        child = node.child
        while child is not None:
            tag = child.tag
            if tag == "-text":
                text = child.text_content
                if text:
                    self._buf.append(text)
                    if self._brs and not text.isspace():
                        self._brs = 0
            elif tag in _SKIP or self.visit(child):
                pass
            elif tag == "br":
                self._br()
            elif tag in _HEADINGS:
                self._heading(child)
            elif tag in _LISTS:
                self._list(child)
            elif tag == "li":
                self._item(child)
            elif tag == "table":
                self._table(child)
            elif tag in _BLOCKS:
                self.block(child)
            else:
                self._children(child)
            child = child.next

    # Lines and paragraphs ---------------------------------------------------------------

    def end_line(self) -> None:
        if not self._buf:
            return
        text = "".join(self._buf)
        self._buf = []
        if "\u200b" in text or "\u00ad" in text or "\ufeff" in text:
            # Zero-width space: a word break; soft hyphen: invisible unless a line breaks there
            # (markup.py does the same for converter text).
            text = text.replace("\u200b", " ").replace("\u00ad", "").replace("\ufeff", "")
        line = " ".join(text.split())
        if line:
            if self._marker:
                line = self._marker + line
                self._marker = ""
            self._lines.append(line)

    def end_paragraph(self) -> None:
        self.end_line()
        if self._lines:
            self.paras.append(Para(self._lines))
            self._lines = []

    def _br(self) -> None:
        if self._in_cell:
            self._buf.append(" ")
            return
        if self._buf and "".join(self._buf).strip():
            self.end_line()
            self._brs = 1
        else:
            self._buf = []
            self._brs += 1
            if self._brs >= 2:
                self.end_paragraph()

    def block(self, node: LexborNode) -> None:
        """A block element: its own paragraph (a line inside a list item, words in a cell)."""
        if self._in_cell:
            self._buf.append(" ")
            self._children(node)
            self._buf.append(" ")
        elif self._in_li:
            self.end_line()
            self._children(node)
            self.end_line()
        else:
            self.end_paragraph()
            self._children(node)
            self.end_paragraph()

    def _heading(self, node: LexborNode) -> None:
        if self._in_cell or self._in_li:
            self.block(node)
            return
        self.end_paragraph()
        start, tables = len(self.paras), self._tables
        self._children(node)
        self.end_paragraph()
        made = self.paras[start:]
        # A heading element that lays out as one line is a heading; one holding paragraphs or
        # a table (word processors do that) is text.
        if len(made) == 1 and len(made[0].lines) == 1 and self._tables == tables:
            made[0].heading = True

    def _list(self, node: LexborNode) -> None:
        if self._in_cell:
            self.block(node)
            return
        if self._in_li:
            self.end_line()
        else:
            self.end_paragraph()
        ordered = node.tag == "ol"
        start = _int_attr(node, "start", 1)
        kind = (node.attributes.get("type") or "1") if ordered else ""
        self._lists.append([ordered, start - 1, kind])
        self._children(node)
        self._lists.pop()
        if self._in_li:
            self.end_line()
        else:
            self.end_paragraph()

    def _item(self, node: LexborNode) -> None:
        if self._in_cell:
            self.block(node)
            return
        self.end_line()
        if self._lists and self._lists[-1][0]:
            self._lists[-1][1] += 1
            self._marker = _list_marker(self._lists[-1][1], self._lists[-1][2])
        self._in_li += 1
        self._children(node)
        self._in_li -= 1
        self.end_line()
        self._marker = ""

    def _table(self, node: LexborNode) -> None:
        if self._in_cell:
            self.block(node)
            return
        if self._in_li:
            self.end_line()
        else:
            self.end_paragraph()
        self._tables += 1
        for row in _rows(node):
            cells = []
            cell = row.child
            while cell is not None:
                if cell.tag in _CELLS:
                    text = self.cell_text(cell)
                    if text:
                        cells.append(text)
                cell = cell.next
            if cells:
                self._lines.append("\t".join(cells))
        if self._in_li:
            self.end_line()
        else:
            self.end_paragraph()

    def cell_text(self, cell: LexborNode) -> str:
        """A table cell's words on one line."""
        saved, self._buf = self._buf, []
        self._in_cell += 1
        self._children(cell)
        self._in_cell -= 1
        text = " ".join("".join(self._buf).replace("\u200b", " ").replace("\u00ad", "").split())
        self._buf = saved
        return text


def _rows(table: LexborNode):
    child = table.child
    while child is not None:
        if child.tag == "tr":
            yield child
        elif child.tag in _ROW_GROUPS:
            row = child.child
            while row is not None:
                if row.tag == "tr":
                    yield row
                row = row.next
        child = child.next


def _int_attr(node: LexborNode, name: str, default: int) -> int:
    try:
        return int(node.attributes.get(name) or default)
    except ValueError:
        return default


def _list_marker(number: int, kind: str) -> str:
    if kind in ("a", "A") and 1 <= number <= 26:
        letter = chr(ord("a") + number - 1)
        return f"{letter.upper() if kind == 'A' else letter}. "
    return f"{number}. "


def html_paragraphs(html: str) -> list[Para]:
    """An HTML fragment (one of an item's `Felter`) as paragraphs of plain lines."""
    if not html or not html.strip():
        return []
    tree = LexborHTMLParser(html)
    body = tree.body
    if body is None:
        return []
    return HtmlText().feed(body).close()


# Sections -----------------------------------------------------------------------------------


def section_of(para: Para) -> str | None:
    """The standard section a paragraph heads, as vocabulary spells it, or None.

    A heading element heads one when its text (spaces normalised, a closing "." or ":" aside)
    is a standard section, or a decision heading ("Beslutning i Økonomiudvalget den …"); a
    plain one-line paragraph (a bold line, a div) only when it is exactly one (a "Bilag:" in
    running text is a reference, DOMAIN.md)."""
    if len(para.lines) != 1:
        return None
    line = para.lines[0]
    if len(line) > 80:
        return None
    key = " ".join(line.split()).casefold()
    if para.heading:
        key = key.rstrip(" .:")
        if key in _DECISION_WORDS or key.startswith(_DECISION_PREFIXES):
            return DECISION_SECTION
    return _SECTION_BY_KEY.get(key)


Section = tuple[str, list[Para]]


def split_sections(paras: list[Para]) -> tuple[list[Para], list[Section]]:
    """The paragraphs before the first section heading, and each section with its paragraphs.
    A heading that is no standard section stays a paragraph of the section it stands in."""
    lead: list[Para] = []
    sections: list[Section] = []
    for index, para in enumerate(paras):
        heading = section_of(para)
        if heading == HISTORY_SECTION and not para.heading:
            # A bold "Sagens forløb" line in a case description introduces its story in prose;
            # the section itself goes on with dated entries.
            following = paras[index + 1].lines[0] if index + 1 < len(paras) else ""
            if not _HISTORY_ENTRY.match(following):
                heading = None
        if heading is not None:
            sections.append((heading, []))
        elif sections:
            sections[-1][1].append(para)
        else:
            lead.append(para)
    return lead, sections


def has_decision_heading(sections: list[Section]) -> bool:
    return any(heading == DECISION_SECTION for heading, _ in sections)


@dataclass
class ItemText:
    """What an item's fields say: its sections, decision and case history."""

    decision: str | None
    sections: list[dict]
    case_history: list[dict] = field(default_factory=list)


def item_fields(
    lead: list[Para],
    sections: list[Section],
    *,
    number: int,
    title: str,
    held: bool,
    closed: bool,
    warnings: list[str],
) -> ItemText:
    """An item's sections in the referat shape.

    Text before the first heading: a repetition of the title (one Greve variant prints it) is
    dropped; in a held meeting with no Beslutning heading the rest is the decision (a closed
    item's decision is often printed so); otherwise it is kept as a "Fremstilling" section,
    with a warning."""
    lead = _without_title_echo(lead, title)
    sections = list(sections)
    if lead:
        if held and not has_decision_heading(sections):
            sections.insert(0, (DECISION_SECTION, lead))
            if not closed:
                warnings.append(
                    _("Punkt {number}: beslutning trykt uden overskrift").format(number=number)
                )
        else:
            sections.insert(0, ("Fremstilling", lead))
            warnings.append(
                _(
                    "Punkt {number}: tekst før første overskrift gemt som 'Fremstilling': {text}"
                ).format(number=number, text=repr(paras_text(lead)[:60]))
            )
    result: list[dict] = []
    decision = None
    history: list[dict] = []
    for heading, paras in sections:
        text = paras_text(paras)
        if not text and heading in CONTAINER_SECTIONS:
            continue
        result.append({"heading": heading, "text": text})
        if heading == DECISION_SECTION and decision is None and text:
            decision = text
        elif heading == HISTORY_SECTION:
            history.extend(case_history(paras, number, warnings))
    return ItemText(decision=decision, sections=result, case_history=history)


def _without_title_echo(lead: list[Para], title: str) -> list[Para]:
    if not lead or not title:
        return lead
    first = " ".join(lead[0].lines[0].split()).casefold()
    wanted = " ".join(title.split()).casefold()
    if first in (wanted, f"{CLOSED_PREFIX.casefold()} {wanted}"):
        rest = lead[0].lines[1:]
        return ([Para(rest)] if rest else []) + lead[1:]
    return lead


def case_history(paras: list[Para], number: int, warnings: list[str]) -> list[dict]:
    """The 'Sagens forløb' entries: a "dd/mm/yyyy <udvalg>" (or dd-mm-yyyy) line, then what
    was decided there. An entry's text is kept whole, 'Afbud:' lines included: absences are
    read after this module, for every format alike."""
    entries: list[dict] = []
    texts: list[list[list[str]]] = []
    for para in paras:
        current: list[str] | None = None
        for line in para.lines:
            match = _HISTORY_ENTRY.match(line)
            iso = _iso_date(match[3], match[2], match[1]) if match else None
            if iso:
                entries.append(
                    {"date": iso, "committee": committee_of(match[4]), "text": "", "absent": []}
                )
                texts.append([])
                current = None
            elif not entries:
                warnings.append(
                    _("Punkt {number}: en linje i {heading} uden dato: {line}").format(
                        number=number, heading=HISTORY_SECTION, line=repr(line[:80])
                    )
                )
            else:
                if current is None:
                    current = []
                    texts[-1].append(current)
                current.append(line)
    for entry, entry_paras in zip(entries, texts, strict=True):
        entry["text"] = "\n\n".join("\n".join(p) for p in entry_paras)
    return entries


def _iso_date(year: str, month: str, day: str) -> str | None:
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def committee_of(name: str) -> dict:
    """{"name", "period"}: "Byråd 2022-2025" is "Byråd" in 2022-2025; a name without a
    period (or with one year, "Byråd 2022") is kept as printed."""
    name = " ".join(name.split())
    match = _PERIOD_SUFFIX.match(name)
    if match and match["name"] and int(match["p1"]) < int(match["p2"]):
        return {"name": match["name"], "period": f"{match['p1']}-{match['p2']}"}
    return {"name": name, "period": None}


def meeting_kind(items: list[dict], *, held: bool, warnings: list[str]) -> str:
    """ "referat" for a held meeting or one with any decision, else "dagsorden"; notes items
    out of order, and an item with text but no decision in a held meeting."""
    numbers = [item["number"] for item in items]
    if numbers != sorted(set(numbers)):
        warnings.append(
            _("punkterne er ikke nummereret i rækkefølge: {numbers}").format(numbers=numbers)
        )
    kind = "referat" if held or any(item["decision"] for item in items) else "dagsorden"
    if kind == "referat":
        for item in items:
            if item["decision"] is None and item["sections"]:
                warnings.append(
                    _("Punkt {number}: ingen beslutning i et afholdt møde").format(
                        number=item["number"]
                    )
                )
    return kind


def split_closed(title: str) -> tuple[str, bool]:
    """("Salg af grund", True) for "Lukket: Salg af grund"."""
    title = " ".join(title.split())
    if title[: len(CLOSED_PREFIX)].casefold() == CLOSED_PREFIX.casefold():
        return title[len(CLOSED_PREFIX) :].strip(), True
    return title, False


def meeting_title(kind: str, committee_name: str, date: str, *, extraordinary: bool) -> str:
    """ "Referat Økonomiudvalget 16-11-2023", "Ekstraordinær dagsorden Byråd 2022-2025 …"."""
    words = (EXTRAORDINARY_TITLE_WORDS if extraordinary else TITLE_WORDS)[kind]
    day = dt.date.fromisoformat(date)
    committee = committee_of(committee_name)
    name = " ".join(filter(None, (committee["name"], committee["period"])))
    return f"{words} {name} {day:%d-%m-%Y}"


def portal_root(url: str | None) -> str | None:
    """ "https://dagsordener.greve.dk" for any absolute address on the portal."""
    if not url or not isinstance(url, str):
        return None
    parts = urlsplit(url.strip())
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return None


def attachment_url(root: str | None, document_id: str | None) -> str | None:
    if not root or not document_id:
        return None
    return f"{root}{ATTACHMENT_PATH}{document_id}"


# The meeting JSON ---------------------------------------------------------------------------


def is_meeting_json(data: bytes) -> bool:
    """A cheap sniff: a JSON object naming "Dagsordenpunkter" and "Moede" or "Udvalg"."""
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return (
        head.startswith(b"{")
        and b'"Dagsordenpunkter"' in data
        and (b'"Moede"' in data or b'"Udvalg"' in data)
    )


def read_meeting_bytes(data: bytes, *, url: str | None = None) -> dict:
    """The meeting JSON's bytes (UTF-8, a BOM tolerated) in the referat shape; ReferatError
    with a one-line reason when they are not a readable FirstAgenda meeting."""
    if not data or not data.strip():
        raise ReferatError(gettext_lazy("filen er tom"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReferatError(
            format_lazy(gettext_lazy("filen er ikke UTF-8-tekst (byte {byte})"), byte=exc.start)
        ) from None
    try:
        meeting = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReferatError(
            format_lazy(
                gettext_lazy("filen er ikke JSON ({error} i linje {line}, kolonne {column})"),
                error=exc.msg,
                line=exc.lineno,
                column=exc.colno,
            )
        ) from None
    except RecursionError:
        raise ReferatError(
            gettext_lazy("filen er ikke brugbar JSON (for dybt indlejret)")
        ) from None
    return read_meeting(meeting, url=url)


def read_meeting(meeting: dict, *, url: str | None = None) -> dict:
    """One meeting as `GET /api/agenda/dagsorden/<id>` answers it, in the referat shape (the
    schema plus "warnings"); ReferatError with a one-line reason when it is not one.

    `url` is where it was fetched from: it gives the portal's root for the attachments'
    addresses (else the absolute links inside the JSON do)."""
    if not isinstance(meeting, dict) or not isinstance(meeting.get("Dagsordenpunkter"), list):
        raise ReferatError(
            gettext_lazy("ikke et FirstAgenda-møde: ingen liste af punkter ('Dagsordenpunkter')")
        )
    try:
        return _read_meeting(meeting, url)
    except ReferatError:
        raise
    except RecursionError:
        raise ReferatError(
            gettext_lazy("mødets HTML-felter er for dybt indlejrede til at kunne læses")
        ) from None
    except (TypeError, ValueError, AttributeError, KeyError) as exc:
        # Checked field by field below; this is the net for a shape nobody foresaw, so the
        # caller still gets one line and never half a meeting.
        raise ReferatError(
            format_lazy(
                gettext_lazy("FirstAgenda-mødet har en uventet form ({kind}: {error})"),
                kind=type(exc).__name__,
                error=exc,
            )
        ) from None


def _read_meeting(meeting: dict, url: str | None) -> dict:
    moede = meeting.get("Moede")
    udvalg = meeting.get("Udvalg")
    if not isinstance(moede, dict):
        raise ReferatError(gettext_lazy("ikke et FirstAgenda-møde: intet møde ('Moede')"))
    if not isinstance(udvalg, dict) or not _text(udvalg.get("Navn")):
        raise ReferatError(gettext_lazy("mødet har intet udvalg ('Udvalg.Navn')"))
    committee_name = _text(udvalg["Navn"])
    date, start_time = meeting_datetime(moede.get("Dato") or moede.get("MeetingBeginUtc"))
    meeting_id = meeting.get("Id")
    if not isinstance(meeting_id, str) or not meeting_id.strip():
        raise ReferatError(gettext_lazy("mødet har intet id ('Id')"))

    warnings: list[str] = []
    root = portal_root(url) or _portal_from_links(meeting["Dagsordenpunkter"])
    raw_items = [_raw_item(raw, index) for index, raw in enumerate(meeting["Dagsordenpunkter"])]
    if not raw_items:
        raise ReferatError(gettext_lazy("mødet har ingen punkter ('Dagsordenpunkter' er tom)"))
    held = moede.get("Afsluttet") is True or any(
        has_decision_heading(item["sections"]) for item in raw_items
    )
    items = [_item(raw, held=held, root=root, warnings=warnings) for raw in raw_items]
    kind = meeting_kind(items, held=held, warnings=warnings)
    extraordinary = EXTRAORDINARY.casefold() in _text(moede.get("Navn")).casefold()
    return {
        "committee": committee_of(committee_name),
        "title": meeting_title(kind, committee_name, date, extraordinary=extraordinary),
        "date": date,
        "start_time": start_time,
        "location": _text(moede.get("Sted")) or None,
        "participants": _participants(moede.get("Moededeltagere"), warnings),
        "items": items,
        "warnings": warnings,
        "kind": kind,
        "municipality": None,
        "source": {
            "system": SYSTEM,
            "meeting_id": meeting_id.strip(),
            "url": url or None,
            "portal": root,
        },
    }


def _text(value) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def meeting_datetime(value) -> tuple[str, str | None]:
    """("2023-11-16", "16:15") for "2023-11-16T16:15:00+01:00": the wall clock the offset
    belongs to, which is what the meeting page shows. A time in UTC is turned to the
    portal's; a date alone has no start time."""
    if not isinstance(value, str) or not value.strip():
        raise ReferatError(gettext_lazy("mødet har ingen dato ('Moede.Dato')"))
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ReferatError(
            format_lazy(
                gettext_lazy("mødets dato er ikke en dato ('Moede.Dato' {value})"),
                value=repr(value[:40]),
            )
        ) from None
    if moment.utcoffset() == dt.timedelta(0):
        moment = moment.astimezone(ZoneInfo(PORTAL_TIMEZONE))
    start = None if len(text) <= 10 else f"{moment:%H:%M}"
    return moment.date().isoformat(), start


def _portal_from_links(items: list) -> str | None:
    for raw in items:
        for felt in (raw.get("Felter") or []) if isinstance(raw, dict) else []:
            link = felt.get("Link") if isinstance(felt, dict) else None
            if isinstance(link, str) and _PORTAL_LINK.match(link):
                return portal_root(link)
    return None


def _participants(people, warnings: list[str]) -> list[dict]:
    result = []
    for person in people or []:
        name = _text(person.get("Name")) if isinstance(person, dict) else ""
        if not name:
            warnings.append(_("en deltager uden navn ('Moededeltagere') er udeladt"))
            continue
        absent = person.get("Absent") is True or person.get("ParticipationCancelled") is True
        result.append({"name": name, "status": "absent" if absent else "present", "party": None})
    return result


def _raw_item(raw, index: int) -> dict:
    """An item's own fields checked, and its HTML fields laid out into sections."""
    if not isinstance(raw, dict):
        raise ReferatError(
            format_lazy(
                gettext_lazy("punkt {index} i 'Dagsordenpunkter' er ikke et objekt"),
                index=index + 1,
            )
        )
    number_text = raw.get("Punktnummer") or raw.get("Number")
    try:
        number = int(str(number_text).strip())
    except ValueError:
        number = 0
    if number < 1:
        raise ReferatError(
            format_lazy(
                gettext_lazy(
                    "punkt {index} i 'Dagsordenpunkter' har intet nummer ('Punktnummer' {number})"
                ),
                index=index + 1,
                number=repr(number_text),
            )
        )
    printed = _text(raw.get("Navn")) or _text(raw.get("Caption"))
    if not printed:
        raise ReferatError(
            format_lazy(gettext_lazy("Punkt {number} har ingen titel ('Navn')"), number=number)
        )
    title, closed = split_closed(printed)
    paras: list[Para] = []
    felter = raw.get("Felter") or []
    if not isinstance(felter, list):
        raise ReferatError(
            format_lazy(
                gettext_lazy("Punkt {number}: dets felter ('Felter') er ikke en liste"),
                number=number,
            )
        )
    for felt in felter:
        html = felt.get("Html") if isinstance(felt, dict) else None
        if html is not None and not isinstance(html, str):
            raise ReferatError(
                format_lazy(
                    gettext_lazy("Punkt {number}: et felts 'Html' er ikke tekst"), number=number
                )
            )
        paras.extend(html_paragraphs(html or ""))
    lead, sections = split_sections(paras)
    return {
        "raw": raw,
        "number": number,
        "title": title,
        "closed": closed,
        "lead": lead,
        "sections": sections,
    }


def _item(raw_item: dict, *, held: bool, root: str | None, warnings: list[str]) -> dict:
    raw, number = raw_item["raw"], raw_item["number"]
    text = item_fields(
        raw_item["lead"],
        raw_item["sections"],
        number=number,
        title=raw_item["title"],
        held=held,
        closed=raw_item["closed"],
        warnings=warnings,
    )
    attachments, urls = _attachments(raw.get("Bilag"), root, number, warnings)
    case_number = _text(raw.get("SagsNummer")) or _text(raw.get("CaseNumber")) or None
    return {
        "number": number,
        "title": raw_item["title"],
        "committee_codes": [],
        "case_number": case_number,
        "decision": text.decision,
        "sections": text.sections,
        "attachments": attachments,
        "attachment_urls": urls,
        "case_history": text.case_history,
        "closed": raw_item["closed"],
        "absent": _item_absent(raw.get("ExternalAgendaItemAttendees"), number, warnings),
    }


def _attachments(bilag, root: str | None, number: int, warnings: list[str]):
    entries = [b for b in bilag or [] if isinstance(b, dict)]
    entries.sort(key=lambda b: b.get("Order") if isinstance(b.get("Order"), int) else 0)
    names, urls = [], []
    for entry in entries:
        name = _text(entry.get("Navn"))
        if not name:
            warnings.append(
                _("Punkt {number}: et bilag uden navn er udeladt").format(number=number)
            )
            continue
        names.append(name)
        document_id = entry.get("Id")
        urls.append(attachment_url(root, document_id if isinstance(document_id, str) else None))
    return names, urls


def _item_absent(attendees, number: int, warnings: list[str]) -> list[str]:
    absent = []
    reasons = {r.casefold() for r in ITEM_ABSENT_REASONS}
    for attendee in attendees or []:
        if not isinstance(attendee, dict):
            continue
        name = _text(attendee.get("Name"))
        reason = _text(attendee.get("Reason"))
        if not name:
            continue
        if reason.casefold() in reasons or (
            not reason and attendee.get("AttendanceType") == ITEM_ABSENT_ATTENDANCE_TYPE
        ):
            absent.append(name)
        else:
            warnings.append(
                _("Punkt {number}: deltageren {name} med årsagen {reason} er ikke placeret").format(
                    number=number, name=repr(name), reason=repr(reason)
                )
            )
    return absent
