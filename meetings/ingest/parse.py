"""Plain referat text to the shape of ../shared/spec/referat.schema.json (plus "warnings").

The text may come from any converter (markdown headings, bold, tags, tables) or from
`extract.extract_text` on a PDF; `markup.paragraphs` takes the markup off first, so everything
below works on paragraphs of plain lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from meetings.ingest.errors import ReferatError
from meetings.ingest.markup import clean_line
from meetings.ingest.markup import paragraphs as plain_paragraphs
from meetings.vocabulary import (
    ABSENT_LABELS,
    ABSENT_MARKERS,
    ATTACHMENTS_SECTION,
    DANISH_MONTHS,
    DECISION_SECTION,
    HEADER_LABELS,
    HISTORY_SECTION,
    STANDARD_SECTIONS,
    TOC_COLUMN_WORDS,
    TOC_HEADING,
)

Paragraph = list[str]

_SECTION_BY_KEY = {s.casefold(): s for s in STANDARD_SECTIONS}
_ITEM_HEADING = re.compile(r"^Punkt\s+(\d{1,3})\s*[:.]\s*(.*)$", re.IGNORECASE)
# "KF/SSÆ/BU - Title": upper-case codes, slash-separated, before the first " - ".
_CODES = re.compile(
    r"^([A-ZÆØÅ][A-ZÆØÅ0-9]{0,7}(?:\s*/\s*[A-ZÆØÅ][A-ZÆØÅ0-9]{0,7})*)\s+[-–]\s+(.+)$"
)
_CASE_NUMBER = re.compile(
    r"^(?:Sags?(?:nr|nummer)?\.?:?\s*)?"
    r"(\d{2}-\d{3,7}[A-ZÆØÅ]{0,2}|\d{2}\.\d{2}\.\d{2}-[A-ZÆØÅ]\d{2}-\d+-\d{2})$",
    re.IGNORECASE,
)
_PERIOD = re.compile(r"(\d{4})\s*[-–]\s*(\d{4})")
# "REFERAT <committee> - 2026-2029 d. 03-03-2026": the period or the date may be missing,
# not both (a line with neither is no title).
_TITLE = re.compile(
    r"^(?:(?:REFERAT|Referat|DAGSORDEN|Dagsorden|Beslutningsprotokol)\b[:\s]*)?(?P<name>.+?)"
    r"(?:\s+[-–]\s+(?P<p1>\d{4})\s*[-–]\s*(?P<p2>\d{4}))?"
    r"(?:\s*,?\s+(?:d\.|den)\s*(?P<d>\d{1,2})[-./](?P<m>\d{1,2})[-./](?P<y>\d{4}))?\s*$"
)
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[-./](\d{1,2})[-./](\d{4})\b")
_WORD_DATE = re.compile(r"\b(\d{1,2})\.?\s+([a-zæøå]+)\.?\s+(\d{4})\b", re.IGNORECASE)
_TIME = re.compile(r"\bkl\.?\s*(\d{1,2})(?:[:.](\d{2}))?\b", re.IGNORECASE)
_HISTORY_ENTRY = re.compile(
    r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s+(.+?)(?:\s+[-–]\s+(\d{4})\s*[-–]\s*(\d{4}))?\s*$"
)
_AFBUD = re.compile(r"^(?:" + "|".join(ABSENT_LABELS) + r")\s*:\s*(.*)$", re.IGNORECASE)
_LIST_MARKER = re.compile(r"^(?:[-•–*]\s|\d{1,2}[.)]\s|[a-z][.)]\s)")
_TOC_LEADER = re.compile(r"(?:\.{3,}|…+)\s*\d+\s*$")
_TOC_LEADER_TAIL = re.compile(r"(?:\s*[.…]){2,}\s*(?:\d+)?\s*$")
_TOC_PAGE_TAIL = re.compile(r"\s+\d{1,3}\s*$")
_BULLET = re.compile(r"^[-•–*▪◦]\s+")
_HYPHEN_CONTINUATION = re.compile(r"^(?!(?:og|eller|samt|som|til)\b)[a-zæøå]")
_TOC_NUMBER_COLUMN = re.compile(r"^(?:Punkt\s+)?\d{1,3}\s*[.:]?\s+", re.IGNORECASE)
_PAGE_BREAK_CONTINUATION = re.compile(r"^(?:[a-zæøå]|[%),.;:\]»”])")
_NAME_SPLIT = re.compile(r"\s*[,;]\s*|\s+og\s+")
_MARKER = re.compile(r"\s*\(([^()]*)\)\s*$")
# A page footer in text taken from a PDF by a converter that keeps page furniture.
_PAGE_FOOTER = re.compile(r"^Side\s+\d+(?:\s*(?:af|/)\s*\d+)?$", re.IGNORECASE)


def _is_item_heading(line: str) -> bool:
    """True for an item heading ("Punkt 3: ..."), not for a TOC line ("Punkt 3: ... ..... 5")."""
    return bool(_ITEM_HEADING.match(line)) and not _TOC_LEADER.search(line)


@dataclass
class _Item:
    number: int
    heading: str
    case_number: str | None = None
    sections: list[tuple[str, list[Paragraph]]] = field(default_factory=list)
    loose: list[Paragraph] = field(default_factory=list)


def parse_referat(text: str) -> dict:
    """The referat in `text` in the schema's shape, with "warnings"; ReferatError if it is none."""
    if not isinstance(text, str) or not text.strip():
        raise ReferatError("the text is empty")
    paras = plain_paragraphs(text)
    if "\f" in text or any(
        _PAGE_FOOTER.match(line) for para in paras for line in para if line[:1] in "Ss"
    ):
        source, paged = _drop_page_furniture(text)
        if paged:  # taken from a PDF page by page, so its lines may be hard-wrapped too
            paras = _rejoin_wrapped(plain_paragraphs(source))
    paras = _split_at_headings(paras)
    warnings: list[str] = []

    first_item = next((i for i, p in enumerate(paras) if _is_item_heading(p[0])), None)
    if first_item is None:
        raise ReferatError("no agenda items ('Punkt N: ...') found")
    header = _parse_header(paras[:first_item], warnings)
    items = _split_items(paras[first_item:], warnings)
    parsed_items = [_item_to_dict(item, warnings) for item in items]
    numbers = [item["number"] for item in parsed_items]
    if numbers != sorted(set(numbers)):
        warnings.append(f"items are not numbered in order: {numbers}")
    if header["toc"] is not None:
        _check_toc(header["toc"], parsed_items, warnings)
    return {
        "committee": header["committee"],
        "title": header["title"],
        "date": header["date"],
        "start_time": header["start_time"],
        "location": header["location"],
        "participants": header["participants"],
        "items": parsed_items,
        "warnings": warnings,
    }


# Page furniture -----------------------------------------------------------------------------


def _drop_page_furniture(text: str) -> tuple[str, bool]:
    """Text a converter took from a PDF page by page (pdftotext and the like) keeps what
    `extract.extract_text` drops from a PDF: form feeds between pages, a `Side N af M` footer
    and a running header at the top of each page. DOMAIN.md: these must not leak into titles,
    decisions or section texts. A page ends at a form feed or a footer line; the header is the
    first line of the following pages when the same line (page numbers aside) starts more than
    half of them, or when it repeats the document's first line (the title as running header);
    then the same again for the line under it (a two-line header). Each dropped line leaves
    a paragraph break: a sentence the break split is joined again by `_join_page_breaks`, as
    for a PDF. Returns the text and whether it had pages."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\f\n").split("\n")
    plain = [clean_line(line) or "" for line in lines]
    starts = {0}  # index of each page's first line
    for index, line in enumerate(lines):
        if line == "\f" or _PAGE_FOOTER.match(plain[index]):
            starts.add(index + 1)
    key = [re.sub(r"\d+", "#", line) for line in plain]
    drop: set[int] = set()
    for second in (False, True):  # a header of up to two lines: a logo's text and the title
        firsts = {}  # page start -> index of its first non-blank line not yet dropped
        for start in sorted(starts):
            index = next(
                (
                    i
                    for i in range(start, len(lines))
                    if plain[i] and lines[i] != "\f" and i not in drop
                ),
                None,
            )
            # A footer and the form feed after it both end a page: one page, counted once.
            seen = index in firsts.values()
            if index is not None and not seen and not _PAGE_FOOTER.match(plain[index]):
                firsts[start] = index
        title_key = key[firsts[0]] if 0 in firsts else None
        later = [key[i] for start, i in firsts.items() if start]
        # A heading of the format that happens to open two pages is content, not a header.
        content = {
            key[i]
            for i in firsts.values()
            if _section_heading(plain[i]) or _is_item_heading(plain[i])
        }
        if second:
            # Under a header line only the title itself, or a line under it on every page:
            # the content there may repeat by chance on a few pages.
            title_key = next((key[i] for i in range(len(lines)) if _title_match(plain[i])), None)
            headers = {k for k in later if later.count(k) == len(later) > 1 or k == title_key}
        else:
            headers = {k for k in later if 2 * later.count(k) > len(later) > 1 or k == title_key}
        headers -= content
        found = {i for start, i in firsts.items() if start and key[i] in headers}
        if 0 in firsts and key[firsts[0]] in headers and not _title_match(plain[firsts[0]]):
            found.add(firsts[0])  # the running header printed on the first page too
        if not found:
            break
        drop |= found
    kept = [
        "" if i in drop or line == "\f" or _PAGE_FOOTER.match(plain[i]) else line
        for i, line in enumerate(lines)
    ]
    # Pages only when a form feed or footer ended one: a prose line "Side 3 viser ..." is none.
    return "\n".join(kept), len(starts) > 1


# How full (of the usual full line) a wrapped line must be to go on before a capital: tried on
# PDFium's page text of the shared and the unseen referater at 9-11 pt, 0.85 merged 8 lines
# that were not one (mostly table rows) and left 202 wraps apart; 0.7 merged 24.
_FULL_BEFORE_CAPITAL = 0.85


def _rejoin_wrapped(paras: list[Paragraph]) -> list[Paragraph]:
    """Lines a page-by-page converter kept hard-wrapped at the PDF's line width, made one
    again (DOMAIN.md: a wrapped line is one line). Without the PDF's geometry a line counts as
    wrapped when it runs to near the widest lines of the text (most lines of a wrapped
    paragraph do, a deliberate line break rarely does), the next line visibly goes on with
    the sentence, and starts nothing of its own: not a list item, heading, case number, date
    entry, Afbud, header label line or the contents' heading. A line ending in a colon is
    never continued."""
    lengths = sorted(len(line) for para in paras for line in para[:-1])
    if not lengths:
        return paras
    width = lengths[int(0.9 * (len(lengths) - 1))]  # the usual length of a full line
    if not 50 <= width <= 140:
        return paras  # not a page's line width: lines were not wrapped by a layout
    result = []
    for para in paras:
        lines = [para[0]]
        for before, line in zip(para, para[1:], strict=False):
            previous = lines[-1]
            full = len(before) >= 0.75 * width
            # Joined where the sentence visibly goes on: in lower case ("538.750" / "kr.
            # årligt"), with the "%)" a page break split off, or with a number after a word.
            # Before a capital the line may as well be a sub-heading, a table row or a
            # paragraph's end (text keeps no blank lines, no bold): kept as a line break,
            # nothing is lost; joined, a heading would be. So only a line as full as a
            # page's lines get, with no sentence's end, goes on before a capital.
            continues = _PAGE_BREAK_CONTINUATION.match(line) and (full or line[:1] in "%),.;:]»”")
            wrapped = (
                full
                and line[:1].isdigit()
                and previous[-1:].isalpha()
                or len(before) >= _FULL_BEFORE_CAPITAL * width
                and previous[-1:] not in ".!?"
                and not previous[-1:].isdigit()
            )
            if (
                (continues or wrapped)
                and not previous.endswith(":")
                and not _HISTORY_ENTRY.match(previous)
                and not _starts_own_line(line)
            ):
                lines[-1] = f"{previous}{_wrap_joint(previous, line)}{line}"
            else:
                lines.append(line)
        result.append(lines)
    return result


def _wrap_joint(previous: str, line: str) -> str:
    """A word hyphenated at the wrap ("ungdoms-" / "uddannelse") is one word again, with its
    hyphen: text cannot tell a break's hyphen from a compound's ("it-systemer"), and a kept
    hyphen loses nothing. Not before a conjunction: "ressourceforløb- eller ..." keeps its
    space."""
    if re.search(r"\w-$", previous) and _HYPHEN_CONTINUATION.match(line):
        return ""
    return " "


def _starts_own_line(line: str) -> bool:
    return bool(
        _LIST_MARKER.match(line)
        or _section_heading(line)
        or _is_item_heading(line)
        or _CASE_NUMBER.match(line)
        or _HISTORY_ENTRY.match(line)
        or _AFBUD.match(line)
        or _label_of(line)
        or line.casefold() == TOC_HEADING.casefold()
    )


# Header -------------------------------------------------------------------------------------


def _label_of(line: str) -> tuple[str, str] | None:
    """("Mødedato", "Tirsdag d. ...") for a header label line, else None."""
    for label in HEADER_LABELS + ABSENT_LABELS:
        if line[: len(label)].casefold() == label.casefold():
            rest = line[len(label) :]
            if not rest or rest[0] in " :\t":
                return label, rest.lstrip(" :\t")
    return None


def _parse_header(paras: list[Paragraph], warnings: list[str]) -> dict:
    if not paras:
        raise ReferatError("no header (title, 'Mødedato') before the first item")
    # The title is the first line naming a committee and a date; anything above it (a logo's
    # text, a "Lejre Kommune" line) is noted, not lost.
    lines = [(p, i) for p in range(len(paras)) for i in range(len(paras[p]))]
    at = next(((p, i) for p, i in lines[:20] if _title_match(paras[p][i])), (0, 0))
    for p, i in lines:
        if (p, i) == at:
            break
        warnings.append(f"header: unplaced line {paras[p][i][:80]!r}")
    title = paras[at[0]][at[1]]
    rest = [paras[at[0]][at[1] + 1 :]] + paras[at[0] + 1 :]

    fields: dict[str, str] = {}
    toc: list[str] | None = None
    current: str | None = None
    toc_key = TOC_HEADING.casefold()
    for para in rest:
        if not para:
            continue
        if current != TOC_HEADING:
            current = None  # a blank line ends a wrapped header value, not the contents
        for line in para:
            if line.casefold() == toc_key or line.casefold().startswith(toc_key + " "):
                # The contents start here, also with no blank line above them (a PDF's
                # text, a converter's): they are no continuation of the participants line.
                toc = [] if toc is None else toc
                current = TOC_HEADING
                line = line[len(TOC_HEADING) :].strip()
                if not line:
                    continue
            labelled = _label_of(line)
            if labelled:
                current, value = labelled
                fields[current] = value
            elif current == TOC_HEADING:
                toc.append(line)
            elif current is not None:
                # A wrapped header value (a long participants line) continues its label.
                fields[current] = f"{fields[current]} {line}".strip()
            elif line == title:
                # The title twice: a PDF's running header repeats it above the title itself,
                # and on a one-page PDF nothing shows that line to be page furniture.
                continue
            else:
                warnings.append(f"header: unplaced line {line[:80]!r}")

    match = _title_match(title)
    if not match:
        raise ReferatError(f"no committee with period or date in the title {title[:80]!r}")
    name = match["name"].strip()
    period = f"{match['p1']}-{match['p2']}" if match["p1"] else None
    title_date = f"{match['y']}-{int(match['m']):02d}-{int(match['d']):02d}" if match["y"] else ""

    date = _date_of(fields.get("Mødedato", "")) or title_date
    if not date:
        raise ReferatError("no meeting date ('Mødedato' or 'd. DD-MM-YYYY' in the title)")
    if not _valid_date(date):
        raise ReferatError(f"no valid meeting date in the header ({date})")
    time_match = _TIME.search(fields.get("Mødedato", "")) or _TIME.search(
        "kl. " + fields.get("Mødetidspunkt", "").removeprefix("kl.").strip()
    )
    start_time = None
    if time_match and int(time_match[1]) < 24 and int(time_match[2] or 0) < 60:
        start_time = f"{int(time_match[1]):02d}:{time_match[2] or '00'}"
    return {
        "title": title,
        "committee": {"name": name, "period": period},
        "date": date,
        "start_time": start_time,
        "location": fields.get("Mødested") or None,
        "participants": _participants(
            fields.get("Mødedeltagere", ""),
            " , ".join(v for k, v in fields.items() if k in ABSENT_LABELS),
        ),
        "toc": toc,
    }


def _title_match(line: str) -> re.Match | None:
    match = _TITLE.match(line)
    if match and match["name"].strip() and (match["p1"] or match["y"]):
        return match
    return None


def _valid_date(iso: str) -> bool:
    import datetime

    try:
        datetime.date.fromisoformat(iso)
    except ValueError:
        return False
    return True


def _date_of(text: str) -> str | None:
    """ISO date of "Tirsdag d. 03. marts 2026" or "03-03-2026"; None if there is none."""
    for match in _WORD_DATE.finditer(text):
        month = DANISH_MONTHS.get(match[2].casefold())
        if month:
            iso = f"{match[3]}-{month:02d}-{int(match[1]):02d}"
            if _valid_date(iso):
                return iso
    match = _NUMERIC_DATE.search(text)
    if match:
        iso = f"{match[3]}-{int(match[2]):02d}-{int(match[1]):02d}"
        if _valid_date(iso):
            return iso
    return None


def _participants(line: str, absent_line: str = "") -> list[dict]:
    """Everyone on the Mødedeltagere line; those on an "Afbud:" line of the header are absent
    (and added when the Mødedeltagere line leaves them out)."""
    people = []
    for raw in _NAME_SPLIT.split(line.strip().rstrip(".")):
        name, status = raw.strip(), "present"
        marker = _MARKER.search(name)
        if marker and any(m in marker[1].casefold() for m in ABSENT_MARKERS):
            name, status = name[: marker.start()].strip(), "absent"
        if name:
            people.append({"name": name, "status": status})
    for raw in _NAME_SPLIT.split(absent_line.strip().rstrip(".")):
        name = _MARKER.sub("", raw.strip())
        if not name:
            continue
        known = next((p for p in people if p["name"] == name), None)
        if known:
            known["status"] = "absent"
        else:
            people.append({"name": name, "status": "absent"})
    return people


# Items --------------------------------------------------------------------------------------


def _section_heading(line: str) -> str | None:
    return line if line.casefold() in _SECTION_BY_KEY else None


def _split_at_headings(paras: list[Paragraph]) -> list[Paragraph]:
    """A PDF may print a heading with no space below or above it: such a heading line still
    starts a paragraph of its own."""
    result = []
    for para in paras:
        start = 0
        for index in range(1, len(para)):
            if _section_heading(para[index]) or _is_item_heading(para[index]):
                result.append(para[start:index])
                start = index
        result.append(para[start:])
    return result


def _split_items(paras: list[Paragraph], warnings: list[str]) -> list[_Item]:
    items: list[_Item] = []
    for para in paras:
        heading = _ITEM_HEADING.match(para[0]) if _is_item_heading(para[0]) else None
        if heading:
            item = _Item(number=int(heading[1]), heading=heading[2].strip())
            items.append(item)
            lines = para[1:]
            # A heading wrapped onto a second line (PDF) continues the title.
            while lines and not _CASE_NUMBER.match(lines[0]) and not _section_heading(lines[0]):
                item.heading = f"{item.heading} {lines[0]}".strip()
                lines = lines[1:]
            if not lines:
                continue
            para = lines
        item = items[-1]
        if not item.sections and item.case_number is None and not item.loose:
            number = _CASE_NUMBER.match(para[0])
            if number:
                item.case_number = number[1]
                para = para[1:]
                if not para:
                    continue
        section = _section_heading(para[0])
        if section:
            item.sections.append((section, []))
            para = para[1:]
            if not para:
                continue
        if item.sections:
            item.sections[-1][1].append(para)
        else:
            item.loose.append(para)
    return items


def _join_page_breaks(paras: list[Paragraph]) -> list[Paragraph]:
    """Paragraphs split by a page break ("(12,7" / "%) eller ...") made one again, but not
    list paragraphs: a marked item, or one of several paragraphs opening with the same word
    ("at planen godkendes," / "at rammen fastholdes.")."""
    joined: list[Paragraph] = []
    for index, para in enumerate(paras):
        following = paras[index + 1][0] if index + 1 < len(paras) else ""
        if (
            joined
            and _PAGE_BREAK_CONTINUATION.match(para[0])
            and not joined[-1][-1].endswith(":")
            and not _HISTORY_ENTRY.match(joined[-1][-1])
            and not _LIST_MARKER.match(para[0])
            and not _same_opening(paras[index - 1][-1], para[0])
            and not _same_opening(para[0], following)
        ):
            previous = joined[-1]
            joined[-1] = previous[:-1] + [f"{previous[-1]} {para[0]}"] + para[1:]
        else:
            joined.append(list(para))
    return joined


def _same_opening(previous: str, line: str) -> bool:
    """True for parallel lines of a list without markers ("at planen godkendes," / "at ...")."""
    first, second = previous.split(maxsplit=1), line.split(maxsplit=1)
    return bool(first and second) and first[0] == second[0]


def _text(paras: list[Paragraph]) -> str:
    return "\n\n".join("\n".join(p) for p in paras)


def _item_to_dict(item: _Item, warnings: list[str]) -> dict:
    codes: list[str] = []
    title = item.heading
    match = _CODES.match(item.heading)
    if match:
        codes = [c.strip() for c in match[1].split("/")]
        title = match[2].strip()
    if item.loose:
        warnings.append(
            f"Punkt {item.number}: text before the first section: {_text(item.loose)[:80]!r}"
        )
    sections = []
    attachments: list[str] = []
    history: list[dict] = []
    decision = None
    for heading, paras in item.sections:
        key = heading.casefold()
        if key == ATTACHMENTS_SECTION.casefold():
            # An attachment is its name: a converter's bullet before it is not part of it.
            attachments.extend(_BULLET.sub("", line) for para in paras for line in para)
        else:
            paras = _join_page_breaks(paras)
        text = _text(paras)
        sections.append({"heading": heading, "text": text})
        if key == DECISION_SECTION.casefold() and decision is None and text:
            decision = text
        if key == HISTORY_SECTION.casefold():
            history.extend(_case_history(paras, item.number, warnings))
    return {
        "number": item.number,
        "title": title,
        "committee_codes": codes,
        "case_number": item.case_number,
        "decision": decision,
        "sections": sections,
        "attachments": attachments,
        "case_history": history,
    }


def _case_history(paras: list[Paragraph], number: int, warnings: list[str]) -> list[dict]:
    entries: list[dict] = []
    texts: list[list[Paragraph]] = []  # per entry: its text as paragraphs of lines
    for para in paras:
        current: Paragraph | None = None
        for line in para:
            match = _HISTORY_ENTRY.match(line)
            iso = f"{match[3]}-{int(match[2]):02d}-{int(match[1]):02d}" if match else ""
            if match and _valid_date(iso):
                period = f"{match[5]}-{match[6]}" if match[5] else None
                entries.append(
                    {
                        "date": iso,
                        "committee": {"name": match[4].strip(" :–-"), "period": period},
                        "text": "",
                        "absent": [],
                    }
                )
                texts.append([])
                current = None
            elif not entries:
                warnings.append(f"Punkt {number}: Sagens forløb line without a date {line[:80]!r}")
            elif afbud := _AFBUD.match(line):
                names = _NAME_SPLIT.split(afbud[1].strip().rstrip("."))
                entries[-1]["absent"].extend(n.strip() for n in names if n.strip())
            else:
                if current is None:
                    current = []
                    texts[-1].append(current)
                current.append(line)
    for entry, entry_paras in zip(entries, texts, strict=True):
        entry["text"] = _text(entry_paras)
    return entries


# Table of contents --------------------------------------------------------------------------


def _toc_key(text: str) -> str:
    text = re.sub(r"^Punkt\s+\d+\s*[:.]\s*", "", text, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", text).strip().casefold()


def _toc_match(entry: str, unmatched: dict[int, set[str]]) -> int | None:
    # Without leader dots the page number may or may not be there: try both readings. A
    # contents table may have a column with the item's number before the title ("| 1 | ØU -
    # Budget | 3 |", "Punkt 1<tab>ØU - Budget<tab>3"): try the entry without it too.
    readings = {entry, _TOC_NUMBER_COLUMN.sub("", entry)}
    candidates = {_toc_key(r) for r in readings} | {
        _toc_key(_TOC_PAGE_TAIL.sub("", r)) for r in readings
    }
    return next((n for n, k in unmatched.items() if candidates & k), None)


def _check_toc(toc: list[str], items: list[dict], warnings: list[str]) -> None:
    keys = {}
    for item in items:
        full = " - ".join(["/".join(item["committee_codes"]), item["title"]])
        keys[item["number"]] = {_toc_key(item["title"]), _toc_key(full)}
    unmatched = dict(keys)
    entries = 0
    index = 0
    while index < len(toc):
        line, following = toc[index], toc[index + 1] if index + 1 < len(toc) else None
        index += 1
        entry = _TOC_LEADER_TAIL.sub("", line).strip()
        if not entry or set(entry.casefold().split()) <= TOC_COLUMN_WORDS:
            continue  # a table's header row ("Punkt | Side")
        entries += 1
        found = _toc_match(entry, unmatched)
        wrapped = entry == line.strip() and not _TOC_PAGE_TAIL.search(entry)
        if found is None and following is not None and wrapped:
            # A long entry wrapped in the PDF the text was taken from: its first line has no
            # page number, and it and the next line together name one item.
            joined = _TOC_LEADER_TAIL.sub("", f"{line} {following}").strip()
            found = _toc_match(joined, unmatched)
            if found is not None:
                index += 1
        if found is None:
            warnings.append(f"Indholdsfortegnelse: entry {entry[:80]!r} has no matching item")
        else:
            del unmatched[found]
    if entries:
        for number in unmatched:
            warnings.append(f"Indholdsfortegnelse: Punkt {number} is missing from it")
