"""Plain referat text to the shape of ../shared/spec/referat.schema.json (plus "warnings").

The text may come from any converter (markdown headings, bold, tags, tables) or from
`extract.extract_text` on a PDF; `markup.paragraphs` takes the markup off first, so everything
below works on paragraphs of plain lines.

One parser reads every municipality's dialect of the format (DOMAIN.md, "Other
municipalities"). What differs between them (section and decision headings, case-number
schemes and labels, header labels, closed and attendance items) is data in
`meetings.vocabulary`; here are the rules that place it. An item's heading is known by where it
stands as much as by its shape: `_find_items` says which lines open items.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.ingest.errors import ReferatError
from meetings.ingest.markup import clean_line
from meetings.ingest.markup import paragraphs as plain_paragraphs
from meetings.vocabulary import (
    ABSENT_LABELS,
    ABSENT_MARKERS,
    AGENDA_TITLE_WORDS,
    ATTENDANCE_ITEM_TITLES,
    BARE_CASE_NUMBER_LABELS,
    CASE_NUMBER_LABELS,
    CASE_NUMBER_SCHEMES,
    CLOSED_TITLE,
    DANISH_MONTHS,
    DANISH_WEEKDAYS,
    DATE_PATTERN,
    DECISION_OPENING,
    DOCUMENT_WORDS,
    HEADER_FIELDS,
    HEADER_LABELS,
    HISTORY_BLOCK_LABELS,
    ITEM_WORDS,
    ITEM_WORDS_ABBREVIATED,
    MUNICIPALITY_LINE,
    NO_DECISION_ITEM_TITLES,
    STANDING_ITEM_TITLES,
    TOC_COLUMN_WORDS,
    TOC_HEADING,
    dated_decision,
)
from meetings.vocabulary import section_kind as _vocabulary_section_kind

Paragraph = list[str]


def _words(words) -> str:
    """An alternation of `words` (longest first, so that "Sagsnr." wins over "Sag"), each
    space standing for any run of spaces."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s*") for w in ordered)


# Item headings: "Punkt 3: title", "Pkt. 42 title" (strong: the word says it), and the number
# alone: "3. title", "38Godkendelse af dagsorden" (glued), or "3" on a line above the title.
_PUNKT = re.compile(rf"^(?:{_words(ITEM_WORDS)})\s*(\d{{1,4}})\s*(?:[:.]\s*(.*))?$", re.I)
_PKT = re.compile(
    rf"^(?:{_words(ITEM_WORDS_ABBREVIATED)})\.?\s*(\d{{1,4}})\s*[:.]?(?:\s+(.*))?$", re.I
)
_WRITTEN_OUT = re.compile(r"^\w+\s*\d{1,4}\s*[:.]")  # "Punkt 3:", as Lejre's referater write it
_NUMBERED = re.compile(r"^(\d{1,3})\.\s+(\S.*)$")
_GLUED = re.compile(r"^(\d{1,3})([A-ZÆØÅ][a-zæøå].*)$")
_NUMBER_ALONE = re.compile(r"^(\d{1,3})\.?$")
# "KF/SSÆ/BU - Title": upper-case codes, slash-separated, before the first " - ".
_CODES = re.compile(
    r"^([A-ZÆØÅ][A-ZÆØÅ0-9]{0,7}(?:\s*/\s*[A-ZÆØÅ][A-ZÆØÅ0-9]{0,7})*)\s+[-–]\s+(.+)$"
)
_SCHEMES = "|".join(f"(?:{scheme})" for scheme in CASE_NUMBER_SCHEMES)
_CASE_NUMBER = re.compile(rf"^({_SCHEMES})$")
_CASE_LABEL = _words(CASE_NUMBER_LABELS)
# After a label any number is the case number: a scheme, or a word with a digit ("Sag nr. 129").
_LABELLED_CASE = re.compile(
    rf"^(?:(?:{_CASE_LABEL})\s*:?\s*({_SCHEMES}|[A-ZÆØÅ0-9][\wÆØÅæøå./-]*)"
    rf"|(?:{_words(BARE_CASE_NUMBER_LABELS)})\s*:?\s*({_SCHEMES}))\s*$",
    re.I,
)
# A case number printed at the end of the heading itself: "Budget 2026 (Sagsnr. 20/33839)".
_TITLE_CASE = re.compile(rf"\s+\(?(?:{_CASE_LABEL})\s*:?\s*({_SCHEMES})\)?$", re.I)
# A scheme nobody has listed yet, where only a case number stands (right under the heading):
# upper-case letters and digits in segments joined by "-", "." or "/", with three digits or
# more; not a date, a sum of money, a year span or an election period.
_CASE_SHAPE = re.compile(r"^(?=(?:\D*\d){3})[A-ZÆØÅ0-9]{1,12}(?:[-./][A-ZÆØÅ0-9]{1,12}){1,5}$")
_NO_CASE = re.compile(
    r"^(?:\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,3}(?:\.\d{3})+|\d{4}[-/]\d{2}"
    r"|\d{4}-\d{4}|\d+(?:\.\d+)?)$"
)
_TRAILING_PERIOD = re.compile(r"\s*[-–]?\s*(\d{4})\s*[-–]\s*(\d{4})\s*$")
_DOCUMENT_WORD = "|".join(
    f"{word}|{word.upper()}" for word in sorted(DOCUMENT_WORDS, key=len, reverse=True)
)
# "REFERAT <committee> - 2026-2029 d. 03-03-2026": the period or the date may be missing,
# not both (a line with neither is no title).
_TITLE = re.compile(
    rf"^(?:(?:{_DOCUMENT_WORD})\b(?:\s+(?:af|fra)\s+mødet?\s+i\b)?[:\s]*)?(?P<name>.+?)"
    r"(?:\s+[-–]\s+(?P<p1>\d{4})\s*[-–]\s*(?P<p2>\d{4}))?"
    r"(?:\s*,?\s+(?:d\.|den)\s*(?P<d>\d{1,2})[-./](?P<m>\d{1,2})[-./](?P<y>\d{4}))?\s*$"
)
# A title with neither: "Referat af møde i Økonomiudvalget", or a bare "REFERAT" above a
# header that names the committee ("UDVALG ...", "Udvalg: ...").
_BARE_TITLE = re.compile(
    rf"^(?:{_DOCUMENT_WORD})(?:\s+(?:af|fra)\s+mødet?\s+i\s+(?P<name>\S.*?))?\s*:?$"
)
# "Den 09.01.2020 kl. 13:00 i Byrådssalen": the date, time and place of a meeting on one line.
_DATE_LINE = re.compile(
    rf"^(?:(?:{'|'.join(DANISH_WEEKDAYS)})\s+)?den\s+(?P<date>{DATE_PATTERN})"
    r"(?:\s*,?\s*(?:kl\.?|klokken)\s*(?P<time>\d{1,2}(?:[:.]\d{2})?)"
    r"(?:\s*[-–]\s*\d{1,2}(?:[:.]\d{2})?)?)?"
    r"(?:\s*,?\s+(?:i|på)\s+(?P<place>\S.*?))?\s*\.?$",
    re.IGNORECASE,
)
_MUNICIPALITY = re.compile(rf"^{MUNICIPALITY_LINE}$")
_AGENDA = re.compile(rf"\b(?:{'|'.join(AGENDA_TITLE_WORDS)})\b", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[-./](\d{1,2})[-./](\d{4})\b")
_WORD_DATE = re.compile(r"\b(\d{1,2})\.?\s+([a-zæøå]+)\.?\s+(\d{4})\b", re.IGNORECASE)
_TIME = re.compile(r"\bkl\.?\s*(\d{1,2})(?:[:.](\d{2}))?\b", re.IGNORECASE)
_HISTORY_ENTRY = re.compile(
    r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s+(.+?)(?:\s+[-–]\s+(\d{4})\s*[-–]\s*(\d{4}))?\s*$"
)
# The lines of a "Sagsforløb" block: "Udvalg: X", "Dato: 03-03-2020", "Punktnummer: 12".
_HISTORY_LABEL = re.compile(
    r"^(?P<label>"
    + "|".join(_words(labels) for labels in HISTORY_BLOCK_LABELS.values())
    + r")\s*(?::\s*(?P<value>.*)|\s+(?P<number>\d{1,4}))$",
    re.IGNORECASE,
)
_HISTORY_FIELD = {
    label.casefold(): role for role, labels in HISTORY_BLOCK_LABELS.items() for label in labels
}
_AFBUD = re.compile(r"^(?:" + "|".join(ABSENT_LABELS) + r")\s*:\s*(.*)$", re.IGNORECASE)
_LIST_MARKER = re.compile(r"^(?:[-•–*]\s|\d{1,2}[.)]\s|[a-z][.)]\s)")
_LIST_NUMBER = re.compile(r"^(\d{1,3})[.)]\s")
_TOC_LEADER = re.compile(r"(?:\.{3,}|…+)\s*\d+\s*$")
_TOC_LEADER_TAIL = re.compile(r"(?:\s*[.…]){2,}\s*(?:\d+)?\s*$")
_TOC_PAGE_TAIL = re.compile(r"\s+\d{1,3}\s*$")
_BULLET = re.compile(r"^[-•–*▪◦]\s+")
_HYPHEN_CONTINUATION = re.compile(r"^(?!(?:og|eller|samt|som|til)\b)[a-zæøå]")
_TOC_NUMBER_COLUMN = re.compile(
    r"^(?:(?:Punkt\s+|Pkt\.?\s*)?\d{1,3}\s*[.:]?\s+|\d{1,3}(?=[A-ZÆØÅ][a-zæøå]))", re.IGNORECASE
)
_PAGE_BREAK_CONTINUATION = re.compile(r"^(?:[a-zæøå]|[%),.;:\]»”])")
_NAME_SPLIT = re.compile(r"\s*[,;]\s*|\s+og\s+")
_MARKER = re.compile(r"\s*\(([^()]*)\)\s*$")
# A party letter in brackets after a name: "(V)", "(Ø)", "(SF)", "(-)" for none.
_PARTY = re.compile(r"^(?:[A-ZÆØÅ]{1,3}|[-–]|UFP)$")
# A line that is a person: "Tina Mandrup (V)", "Ole Blickfeldt".
_PERSON_LINE = re.compile(r"^[A-ZÆØÅ][\w.'-]*(?:\s+[\w.'-]+){0,5}(?:\s*\([^()]{1,40}\))*$")
_CLOSED = re.compile(CLOSED_TITLE, re.IGNORECASE)
_DECISION_OPENING = re.compile(DECISION_OPENING, re.IGNORECASE)
# A line that ends as a sentence does ("Udvalget godkendte købet."), not as a title
# ("Køb af jord m.v."): what a heading wrapped onto the next line never is.
_SENTENCE_END = re.compile(r"[a-zæøå]{3}[.!]$")
_TITLE_OPENERS = "\"'«»„“”‘’§("  # what a title may start with besides a capital or digit
_ABBREVIATION_END = re.compile(r"\b(?:mv|m\.v|mm|m\.m|etc|m\.fl|mfl)\.$")
# A decision withheld: a closed item's text right under its heading, never its title's end.
_NOT_RELEASED = re.compile(r"^beslutning(?:en)?\s+(?:er\s+)?ikke\s+frigivet", re.IGNORECASE)
_ATTENDANCE_TITLES = {t.casefold() for t in ATTENDANCE_ITEM_TITLES}
_STANDING_TITLES = {t.casefold() for t in STANDING_ITEM_TITLES}
_NO_DECISION_TITLES = {t.casefold() for t in NO_DECISION_ITEM_TITLES}
_ATTENDANCE_PREFIX = re.compile(
    r"^(?:(?:" + "|".join(ABSENT_LABELS) + r")\s*:\s*|(?:afbud|meldt\s+afbud)\s+fra\s+)",
    re.IGNORECASE,
)
# A page footer in text taken from a PDF by a converter that keeps page furniture.
_PAGE_FOOTER = re.compile(r"^Side\s+\d+(?:\s*(?:af|/)\s*\d+)?$", re.IGNORECASE)
_HEADER_ROLE = {
    label.casefold(): role for role, labels in HEADER_FIELDS.items() for label in labels
}
_HEADER_ROLE.update({label.casefold(): "absent" for label in ABSENT_LABELS})


def _is_item_heading(line: str) -> bool:
    """True for a heading that names itself an item ("Punkt 3: ...", "Pkt. 42 ..."), not for
    a TOC line ("Punkt 3: ... ..... 5"). Headings of the number alone are told by where they
    stand (`_find_items`)."""
    return line[:1] in "Pp" and _strong(line) is not None


def _strong(line: str) -> tuple[int, str] | None:
    match = _PUNKT.match(line)
    if match is None:
        match = _PKT.match(line)
        if match and match[2] and not match[2][0].isupper() and not match[2][0].isdigit():
            return None  # "Pkt. 3 og 4 behandles samlet": a sentence about items
    if match is None or _TOC_LEADER.search(line):
        return None
    return int(match[1]), (match[2] or "").strip()


def _case_number(line: str, *, under_heading: bool = False) -> str | None:
    """The case number on a line that is nothing else: a known scheme, or any number after a
    label ("Sagsnr.: 20/33839", "Sag nr. 129"); right under the heading (`under_heading`) also
    a number of an unlisted scheme's shape."""
    if not line or len(line) > 48:
        return None
    match = _CASE_NUMBER.match(line)
    if match:
        return match[1]
    head = line[:1]
    if head in "SsJj":
        number = _labelled_case(line)
        if number:
            return number
    if under_heading and _CASE_SHAPE.match(line) and not _NO_CASE.match(line):
        return line
    return None


# What kind of heading a line is, asked of most lines several times over (splitting, finding
# items, placing paragraphs): answered once per distinct line.
section_kind = functools.lru_cache(maxsize=4096)(_vocabulary_section_kind)


def _labelled_case(line: str) -> str | None:
    """The number on a line of a case-number label and a number ("Sagsnr.: 20/33839")."""
    match = _LABELLED_CASE.match(line)
    number = match and (match[1] or match[2])
    return number if number and any(c.isdigit() for c in number) else None


def _section_heading(line: str) -> str | None:
    return line if section_kind(line) else None


@dataclass
class _Item:
    number: int
    heading: str
    case_number: str | None = None
    sections: list[tuple[str, list[Paragraph]]] = field(default_factory=list)
    loose: list[Paragraph] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)


def parse_referat(text: str) -> dict:
    """The referat in `text` in the schema's shape, with "warnings"; ReferatError if it is none."""
    if not isinstance(text, str) or not text.strip():
        raise ReferatError(gettext_lazy("teksten er tom"))
    paras = plain_paragraphs(text)
    unbroken = False
    if "\f" in text or any(
        _PAGE_FOOTER.match(line) for para in paras for line in para if line[:1] in "Ss"
    ):
        source, paged = _drop_page_furniture(text)
        if paged:  # taken from a PDF page by page, so its lines may be hard-wrapped too
            paras = _rejoin_wrapped(plain_paragraphs(source))
            # Such text may keep no blank line between paragraphs (PDFium's page text does
            # not): any line may then start one, an item's heading too.
            raw = text.split("\n")
            unbroken = sum(1 for line in raw if not line.strip()) < 0.05 * len(raw) + 2
    paras = _split_at_sections(_join_wrap_hyphens(paras))
    lines = [line for para in paras for line in para]
    starts = [index == 0 for para in paras for index in range(len(para))]
    warnings: list[str] = []

    heads = _find_items(lines, starts, unbroken=unbroken)
    if not heads:
        raise ReferatError(gettext_lazy("ingen dagsordenpunkter ('Punkt N: ...') fundet"))
    header = _parse_header(_paragraphs(lines, starts, 0, heads[0].start), warnings)
    items = _build_items(lines, starts, heads)
    readings = [_item_to_dict(item, header["date"]) for item in items]
    parsed_items = [reading.item for reading in readings]
    kind = "referat"
    if _AGENDA.search(header["title"]) and not any(i["decision"] for i in parsed_items):
        kind = "dagsorden"  # an agenda: no decision is missing
    participants = header["participants"]
    for reading in readings:
        warnings.extend(reading.warnings)
        if reading.undecided and kind == "referat":
            warnings.append(
                _("Punkt {number}: ingen beslutningsoverskrift fundet").format(
                    number=reading.item["number"]
                )
            )
        for name, party in reading.absent_from_meeting:
            _mark_absent(participants, name, party)
    numbers = [item["number"] for item in parsed_items]
    if numbers != sorted(set(numbers)):
        warnings.append(
            _("punkterne er ikke nummereret i rækkefølge: {numbers}").format(numbers=numbers)
        )
    if header["toc"] is not None:
        _check_toc(header["toc"], parsed_items, warnings)
    return {
        "committee": header["committee"],
        "title": header["title"],
        "date": header["date"],
        "start_time": header["start_time"],
        "location": header["location"],
        "participants": participants,
        "items": parsed_items,
        "warnings": warnings,
        "kind": kind,
        "municipality": header["municipality"],
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
    """A word hyphenated at the wrap ("ungdoms-" / "uddannelse", "2030-" / "fremskrivning")
    is one word again, with its hyphen: text cannot tell a break's hyphen from a compound's
    ("it-systemer"), and a kept hyphen loses nothing. Not before a conjunction:
    "ressourceforløb- eller ..." keeps its space."""
    if previous[-1:] == "-" and re.search(r"\w-$", previous) and _HYPHEN_CONTINUATION.match(line):
        return ""
    return " "


def _join_wrap_hyphens(paras: list[Paragraph]) -> list[Paragraph]:
    """Inside a paragraph, a line ending in a word's hyphen and a next line going on in lower
    case are one line, in any text: a deliberate line break never falls there. "2030-" /
    "fremskrivning" is "2030-fremskrivning"; "ressourceforløb-" / "eller ..." keeps its space
    (as PDFium and the PDF layout join them)."""
    result = paras
    for index, para in enumerate(paras):
        if len(para) < 2 or not any(line[-1:] == "-" for line in para[:-1]):
            continue
        lines = [para[0]]
        for line in para[1:]:
            previous = lines[-1]
            if (
                previous[-1:] == "-"
                and line[:1].islower()
                and re.search(r"\w-$", previous)
                and not _starts_own_line(line)
            ):
                lines[-1] = f"{previous}{_wrap_joint(previous, line)}{line}"
            else:
                lines.append(line)
        if result is paras:
            result = list(paras)
        result[index] = lines
    return result


def _starts_own_line(line: str) -> bool:
    return bool(
        _LIST_MARKER.match(line)
        or _section_heading(line)
        or _candidate(line)
        or _case_number(line)
        or _HISTORY_ENTRY.match(line)
        or _HISTORY_LABEL.match(line)
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


def _unplaced(line: str) -> str:
    return _("hovedet: en linje, der ikke kunne placeres: {line}").format(line=repr(line[:80]))


def _parse_header(paras: list[Paragraph], warnings: list[str]) -> dict:
    if not paras:
        raise ReferatError(gettext_lazy("intet hoved (titel, 'Mødedato') før første punkt"))
    # The title is the first line naming a committee and a date (or, in templates that print
    # them on lines of their own, a bare "REFERAT" or "Referat af møde i <udvalg>"); anything
    # above it (a logo's text, a "Lejre Kommune" line) is noted, not lost.
    lines = [(p, i) for p in range(len(paras)) for i in range(len(paras[p]))]
    at = next(((p, i) for p, i in lines[:20] if _title_match(paras[p][i])), None)
    if at is None:
        at = next(((p, i) for p, i in lines[:20] if _BARE_TITLE.match(paras[p][i])), (0, 0))
    municipality = None
    for p, i in lines:
        if (p, i) == at:
            break
        if municipality is None and _MUNICIPALITY.match(paras[p][i]):
            municipality = paras[p][i]
        warnings.append(_unplaced(paras[p][i]))
    title = paras[at[0]][at[1]]
    rest = [paras[at[0]][at[1] + 1 :]] + paras[at[0] + 1 :]

    fields: dict[str, str] = {}
    listed: set[str] = set()  # participant labels standing alone, one name a line under them
    dated: re.Match | None = None  # "Den 09.01.2020 kl. 13:00 i ..."
    toc: list[str] | None = None
    current: str | None = None
    toc_key = TOC_HEADING.casefold()
    for para in rest:
        if not para:
            continue
        if current != TOC_HEADING and not (current in listed and _PERSON_LINE.match(para[0])):
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
                if not value and _HEADER_ROLE.get(current.casefold()) in ("participants", "absent"):
                    listed.add(current)
            elif current == TOC_HEADING:
                toc.append(line)
            elif current is not None:
                # A wrapped header value (a long participants line) continues its label; under
                # a participants label standing alone, or after a "(V)", a line is a name.
                before = fields[current]
                if not before:
                    joint = ""
                elif (current in listed or before.endswith(")")) and line[:1].isupper():
                    joint = ", "
                elif before.endswith("-"):
                    joint = ""
                else:
                    joint = " "
                fields[current] = f"{before}{joint}{line}".strip()
            elif line == title:
                # The title twice: a PDF's running header repeats it above the title itself,
                # and on a one-page PDF nothing shows that line to be page furniture.
                continue
            elif dated is None and line[:1] in "DdMmTtOoFfLlSs" and _DATE_LINE.match(line):
                dated = _DATE_LINE.match(line)
            else:
                if municipality is None and _MUNICIPALITY.match(line):
                    municipality = line
                warnings.append(_unplaced(line))

    by_role: dict[str, list[str]] = {}
    for label, value in fields.items():
        by_role.setdefault(_HEADER_ROLE[label.casefold()], []).append(value)
    committee = _committee(title, by_role.get("committee", []))
    title_match = _title_match(title)
    title_date = ""
    if title_match and title_match["y"]:
        title_date = f"{title_match['y']}-{int(title_match['m']):02d}-{int(title_match['d']):02d}"

    date_texts = by_role.get("date", []) + ([dated["date"]] if dated else [])
    date_texts += by_role.get("time", [])
    date = next((d for d in map(_date_of, date_texts) if d), None) or title_date
    if not date:
        raise ReferatError(
            gettext_lazy("ingen mødedato ('Mødedato' eller 'd. DD-MM-ÅÅÅÅ' i titlen)")
        )
    if not _valid_date(date):
        raise ReferatError(
            format_lazy(gettext_lazy("ingen gyldig mødedato i hovedet ({date})"), date=date)
        )
    return {
        "title": title,
        "committee": committee,
        "date": date,
        "start_time": _start_time(by_role, dated),
        "location": next(iter(by_role.get("location", [])), None)
        or (dated["place"] if dated and dated["place"] else None),
        "participants": _participants(
            ", ".join(by_role.get("participants", [])), " , ".join(by_role.get("absent", []))
        ),
        "toc": toc,
        "municipality": municipality,
    }


def _committee(title: str, labelled: list[str]) -> dict:
    """The committee the title names ("REFERAT Økonomiudvalget - 2026-2029 d. ..."), or, under
    a title that names none ("REFERAT", "Referat af møde i ..."), the "Udvalg" line's."""
    match = _title_match(title)
    if match:
        name = match["name"].strip()
        period = f"{match['p1']}-{match['p2']}" if match["p1"] else None
    else:
        bare = _BARE_TITLE.match(title)
        if not bare and not labelled:
            raise ReferatError(
                format_lazy(
                    gettext_lazy("intet udvalg med periode eller dato i titlen {title}"),
                    title=repr(title[:80]),
                )
            )
        name, period = (bare["name"] or "").strip() if bare else "", None
    if not name and labelled:
        name = labelled[0]
        trailing = _TRAILING_PERIOD.search(name)
        if trailing:
            name, period = name[: trailing.start()].strip(), f"{trailing[1]}-{trailing[2]}"
    if not name:
        raise ReferatError(
            format_lazy(
                gettext_lazy("intet udvalg nævnt i titlen {title} eller i en 'Udvalg'-linje"),
                title=repr(title[:80]),
            )
        )
    return {"name": name, "period": period}


def _start_time(by_role: dict[str, list[str]], dated: re.Match | None) -> str | None:
    """'kl. 17:00' of the Mødedato, else a time line's ("Mødetidspunkt kl. 16.30",
    "STARTTIDSPUNKT 04-06-2020 09:00:00"), else the "Den ... kl. 13:00" line's."""
    found = next((m for m in map(_TIME.search, by_role.get("date", [])) if m), None)
    if found is None:
        for value in by_role.get("time", []):
            rest = _WORD_DATE.sub(" ", _NUMERIC_DATE.sub(" ", value)).strip()
            found = _TIME.search("kl. " + rest.removeprefix("kl.").strip())
            if found:
                break
    if found is None and dated and dated["time"]:
        found = _TIME.search("kl. " + dated["time"])
    if found and int(found[1]) < 24 and int(found[2] or 0) < 60:
        return f"{int(found[1]):02d}:{found[2] or '00'}"
    return None


def _title_match(line: str) -> re.Match | None:
    match = _TITLE.match(line)
    if match and match["name"].strip() and (match["p1"] or match["y"]):
        return match
    return None


def _valid_date(iso: str) -> bool:
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


def _person(raw: str) -> tuple[str, str | None, bool]:
    """(name, party, absent) of "Tina Mandrup (V)", "Bjørn Lykke Sørensen (Fravær)",
    "Ole Blickfeldt (-) (Afbud)". A bracket saying anything else ("(Stedfortræder for X)")
    stays in the name."""
    name, party, absent = raw.strip(), None, False
    while marker := _MARKER.search(name):
        parts = [part.strip() for part in marker[1].split(",")]
        absent_parts = [p for p in parts if any(m in p.casefold() for m in ABSENT_MARKERS)]
        parties = [p for p in parts if p not in absent_parts and _PARTY.match(p)]
        if len(absent_parts) + len(parties) != len(parts) or len(parties) > 1:
            break  # a bracket that says something else is part of the name
        if parties:
            party = party or parties[0].replace("–", "-")
        absent = absent or bool(absent_parts)
        name = name[: marker.start()].strip()
    return name, party, absent


def _names(line: str) -> list[str]:
    """The names of a line of names: split at commas, semicolons and "og", not inside
    brackets ("Ole Blickfeldt (V, afbud)")."""
    pieces = _NAME_SPLIT.split(line.strip().rstrip("."))
    names: list[str] = []
    for piece in pieces:
        if names and names[-1].count("(") > names[-1].count(")"):
            names[-1] = f"{names[-1]}, {piece}"
        else:
            names.append(piece)
    return names


def _participants(line: str, absent_line: str = "") -> list[dict]:
    """Everyone on the Mødedeltagere line (or the Medlemmer list); those on an "Afbud:" line of
    the header are absent (and added when the Mødedeltagere line leaves them out)."""
    people = []
    for raw in _names(line):
        name, party, absent = _person(raw)
        if name:
            people.append(
                {"name": name, "status": "absent" if absent else "present", "party": party}
            )
    for raw in _names(absent_line):
        name, party, _ = _person(raw)
        if name:
            _mark_absent(people, name, party)
    return people


def _mark_absent(people: list[dict], name: str, party: str | None) -> None:
    known = next((p for p in people if p["name"] == name), None)
    if known:
        known["status"] = "absent"
        known["party"] = known["party"] or party
    else:
        people.append({"name": name, "status": "absent", "party": party})


# Items --------------------------------------------------------------------------------------


class _Head(NamedTuple):
    """An item's heading: the lines from `start` to `end` (its title may wrap, or stand on
    the line under the number)."""

    start: int
    end: int
    number: int
    title: str
    family: str  # "punkt": the word says it ("Punkt 3:", "Pkt. 3"); "number": the number alone
    # Told by where it stands, as a number alone is: "Pkt. 42 ...", or a title on the next line.
    weak: bool


def _candidate(line: str) -> tuple[int, str | None, str, bool] | None:
    """(number, title or None when it stands on the next line, family, whether it is "Punkt N:"
    written out) of a line shaped like an item's heading; None for any other line. Whether it
    opens an item is `_find_items`'."""
    head = line[:1]
    if head.isdigit():
        if len(line) > 3 and _TOC_LEADER.search(line):
            return None
        match = _NUMBERED.match(line) or _GLUED.match(line)
        if match:
            return int(match[1]), match[2].strip(), "number", False
        match = _NUMBER_ALONE.match(line)
        return (int(match[1]), None, "number", False) if match else None
    if head in "Pp":
        strong = _strong(line)
        if strong:
            written_out = line[:3].casefold() == "pun" and bool(_WRITTEN_OUT.match(line))
            return strong[0], strong[1] or None, "punkt", written_out
    return None


def _split_at_sections(paras: list[Paragraph]) -> list[Paragraph]:
    """A PDF may print a heading with no space below or above it: such a heading line still
    starts a paragraph of its own (an item's heading starts one once `_find_items` has found
    it)."""
    result = []
    for para in paras:
        start = 0
        for index in range(1, len(para)):
            if _section_heading(para[index]):
                result.append(para[start:index])
                start = index
        result.append(para[start:])
    return result


def _paragraphs(lines: list[str], starts: list[bool], begin: int, end: int) -> list[Paragraph]:
    paras: list[Paragraph] = []
    for index in range(begin, end):
        if starts[index] or index == begin:
            paras.append([])
        paras[-1].append(lines[index])
    return paras


# How far the next item's number may be from the last one's after a case history (items left
# out of a published referat, closed ones, leave gaps; a history names any other item).
_HISTORY_JUMP = 3
_STRUCTURE = frozenset({"case", "decision"})  # what only follows an item's heading
_SECTIONS = frozenset({"section", "history", "attachments", "absent", "end"})


def _find_items(lines: list[str], starts: list[bool], *, unbroken: bool = False) -> list[_Head]:
    """The headings that open items, in order.

    A line shaped like a heading opens an item where one can start: its number is higher than
    the last item's, and what follows is what follows a heading (a case number, a decision or
    section heading, an absence line, the next heading, the end). A document numbers its items
    one way: once an item is found, headings of the other family are text. "Punkt 3:" lines
    open items as they always have, except inside a case history, where they are the history's
    text unless a case number or a section follows. A number alone ("3. ...") opens an item
    only at a paragraph's start, after no line ending in a colon (a list's introduction), with
    a title (a capital, no decision's words such as "1. Godkendt", not ending as a sentence),
    and not as the next entry of a numbered list in the same section ("1. ..." / "2. ...").
    Before the first item, headings that are followed only by more headings until the
    numbering starts again are the table of contents. In `unbroken` text (no blank lines
    between paragraphs) any line may start a paragraph."""
    may_start = [True] * len(lines) if unbroken else starts
    count = len(lines)
    candidates: list[tuple | None] = [None] * count
    # Only these lines move the walk: headings' shapes, section headings, numbered lines.
    marks: list[int] = []
    for index, line in enumerate(lines):
        first = line[:1]
        if first.isdigit():
            candidates[index] = _candidate(line)
            marks.append(index)
        elif first in "Pp" and (candidate := _candidate(line)):
            candidates[index] = candidate
            marks.append(index)
        elif starts[index] and section_kind(line):
            marks.append(index)
    kinds: dict[int, str] = {}

    def kind(index: int) -> str:
        if index >= count:
            return "end"
        found = kinds.get(index)
        if found is None:
            line = lines[index]
            found = section_kind(line) or (
                "case"
                if _case_number(line)
                else "absent"
                if _AFBUD.match(line)
                else "candidate"
                if candidates[index]
                else "text"
            )
            kinds[index] = found
        return found

    heads: list[_Head] = []
    current: int | None = None  # the last item's number
    family: str | None = None
    context: str | None = None  # the kind of section the walk is in; None above the first
    last_number: int | None = None  # of the last numbered line in that section

    def opens(head: _Head, current, context, last_number, previous, depth: int = 0) -> bool:
        after = kind(head.end)
        chained = False  # the next line opens the next item: this one has no text
        following = candidates[head.end] if after == "candidate" else None
        if following and following[2] == head.family and following[0] == head.number + 1:
            nxt = _head(head.end, following, lines, starts, candidates, kind, unbroken)
            chained = (
                nxt is not None
                and depth < 4
                and opens(nxt, head.number, None, None, lines[head.end - 1], depth + 1)
            )
        return _opens_item(head, after, chained, current, context, last_number, previous, may_start)

    resume = 0  # the walk goes on from here (after a heading's title, at a contents' end)
    for index in marks:
        if index < resume:
            continue
        candidate = candidates[index]
        previous = lines[index - 1] if index else ""
        if candidate is not None and (family is None or candidate[2] == family):
            head = _head(index, candidate, lines, starts, candidates, kind, unbroken)
            if head is not None and opens(head, current, context, last_number, previous):
                if current is None and kind(head.end) in ("candidate", "text"):
                    restart = _contents_end(index, candidates, kind, count)
                    if restart is not None:
                        resume = restart  # a table of contents: the items start again there
                        continue
                heads.append(head)
                current, family, context, last_number = head.number, head.family, None, None
                resume = head.end
                continue
        line = lines[index]
        if starts[index] and current is not None:  # above the first item, no section counts
            found = section_kind(line)
            if found:
                context, last_number = found, None
        numbered = _LIST_NUMBER.match(line) if line[:1].isdigit() else None
        if numbered:
            last_number = int(numbered[1])
    return heads


def _head(index, candidate, lines, starts, candidates, kind, unbroken=False) -> _Head | None:
    """The heading at `index` with its title: on the line itself, wrapped onto the lines
    under it in the same paragraph, or (the number alone) on the next line. In `unbroken`
    text a heading told by where it stands has its title on its own line (wrapped lines are
    joined already)."""
    number, title, family, written_out = candidate
    weak = not written_out
    end = index + 1
    if title is None:
        if end < len(lines) and kind(end) == "text":
            title, end = lines[end], end + 1
        elif family == "punkt":
            title = ""  # "Punkt 3:" with nothing under it
        else:
            return None
    while (
        end < len(lines)
        and not starts[end]
        and not (weak and unbroken)
        and kind(end) == "text"
        and not _label_of(lines[end])
        and not (lines[end][:1].isupper() and _SENTENCE_END.search(lines[end]))
        and not _DECISION_OPENING.match(lines[end])
        and not _NOT_RELEASED.match(lines[end])
    ):
        title = f"{title} {lines[end]}".strip()  # a heading wrapped onto a second line (PDF)
        end += 1
    return _Head(index, end, number, title, family, weak)


def _opens_item(head, after, chained, current, context, last_number, previous, starts) -> bool:
    """Whether `head` opens an item, from what follows it (`after`: the kind of the next line;
    `chained`: the next line opens the next item) and where it stands (the last item's number,
    the kind of section the walk is in, the last numbered line there, the line before)."""
    up = current is None or head.number > current
    title = _CODES.match(head.title)
    title = title[2] if title else head.title
    special = _special_title(title)
    if not head.weak:
        if after == "case":
            return up or context != "history"  # out of order, with its case number: an item
        if not up:
            return False  # "Punkt 1. Økonomiudvalget anbefaler ..." in a decision's text
        if context == "history":
            # "Punkt 12: Anbefales." in a committee's entry is the history's text: the next
            # item has the next number or about, a title, and a decision or section below.
            return (
                head.number - current <= _HISTORY_JUMP
                and _title_shaped(title)
                and not _is_sentence(title)
                and (after == "decision" or after == "section" or special)
            )
        # Any title but a decision's words or a statement ("Punkt 2. Økonomiudvalget anbefaler
        # overfor Byrådet at godkende indstillingen." in the text of a decision).
        return not title or not (
            _DECISION_OPENING.match(title) or _is_sentence(title) and len(title.split()) >= 6
        )
    if not starts[head.start] or not up or previous.endswith(":") or not _title_shaped(title):
        return False
    if context == "history":
        return after in _STRUCTURE or special
    if after == "case" or special:
        return True
    if last_number is not None and last_number == head.number - 1 and context is not None:
        return False  # the next line of a numbered list
    if _is_sentence(title):
        return False  # a sentence under a number ("12" / "Administrationen vurderer, ...")
    if after == "decision" or after in _SECTIONS:
        return True
    return after == "candidate" and chained


def _is_sentence(title: str) -> bool:
    return bool(_SENTENCE_END.search(title)) and not _ABBREVIATION_END.search(title)


def _special_title(title: str) -> bool:
    """A closed item's, an attendance item's or a standing item's title: an item's heading
    whatever follows it."""
    key = title.rstrip(": ").casefold()
    return bool(_CLOSED.match(title)) or key in _ATTENDANCE_TITLES or key in _STANDING_TITLES


def _title_shaped(title: str) -> bool:
    """A title, not a numbered line of text: it starts with a capital (or a digit, a quote),
    is no heading, case number or decision ("1. Godkendt", "2. Anbefales") and does not end
    in a comma or colon."""
    if not title or not (title[0].isupper() or title[0].isdigit() or title[0] in _TITLE_OPENERS):
        return False
    if title[-1] in ",;:" or section_kind(title) or _case_number(title):
        return False
    return not _DECISION_OPENING.match(title)


def _contents_end(index, candidates, kind, count) -> int | None:
    """Where the items start when the headings from `index` on are a table of contents: the
    first heading whose number is not higher than the ones before it, when nothing but more
    headings and lines of text (titles, page numbers) come before it; else None."""
    highest = 0
    for at in range(index, min(count, index + 400)):
        candidate = candidates[at]
        if candidate is not None:
            if candidate[0] <= highest:
                return at
            highest = candidate[0]
        elif kind(at) != "text":
            return None
    return None


def _build_items(lines: list[str], starts: list[bool], heads: list[_Head]) -> list[_Item]:
    items = []
    for position, head in enumerate(heads):
        stop = heads[position + 1].start if position + 1 < len(heads) else len(lines)
        title = head.title
        item = _Item(number=head.number, heading=title)
        labelled = _TITLE_CASE.search(title)
        if labelled:  # "Budget 2026 Sagsnr.: 20/33839": a line the PDF joined to the heading
            item.heading, item.case_number = title[: labelled.start()].strip(), labelled[1]
        for para in _paragraphs(lines, starts, head.end, stop):
            _add_paragraph(item, para)
        items.append(item)
    return items


def _add_paragraph(item: _Item, para: Paragraph) -> None:
    """One paragraph of an item's body: above its first section the case number (the line
    under the heading, or a labelled one), absence lines and loose text; then sections."""
    section = _section_heading(para[0])
    if not item.sections and not section:
        kept: list[str] = []
        for line in para:
            if item.case_number is None:
                first = not item.loose and not kept
                number = _case_number(line, under_heading=first)
                if number:
                    item.case_number = number
                    continue
            elif line[:1] in "SsJj" and _labelled_case(line):
                continue  # the case number printed twice: its label is no text
            absent = _AFBUD.match(line)
            if absent and not item.loose and not kept:
                item.absent.extend(
                    name for name in (_person(n)[0] for n in _names(absent[1])) if name
                )
                continue
            kept.append(line)
        if kept:
            item.loose.append(kept)
        return
    if section:
        item.sections.append((section, []))
        para = para[1:]
        if not para:
            return
    heading = item.sections[-1][0]
    if section_kind(heading) != "history" and any(line[:1] in "SsJj" for line in para):
        # A labelled case number standing in a section is the item's, not the section's text.
        kept = []
        for line in para:
            number = _labelled_case(line) if line[:1] in "SsJj" else None
            if number:
                item.case_number = item.case_number or number
            else:
                kept.append(line)
        if not kept:
            return
        para = kept
    item.sections[-1][1].append(para)


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
            joint = _wrap_joint(previous[-1], para[0])
            joined[-1] = previous[:-1] + [f"{previous[-1]}{joint}{para[0]}"] + para[1:]
        else:
            joined.append(list(para))
    return joined


def _same_opening(previous: str, line: str) -> bool:
    """True for parallel lines of a list without markers ("at planen godkendes," / "at ...")."""
    first, second = previous.split(maxsplit=1), line.split(maxsplit=1)
    return bool(first and second) and first[0] == second[0]


def _text(paras: list[Paragraph]) -> str:
    return "\n\n".join("\n".join(p) for p in paras)


class _ItemReading(NamedTuple):
    item: dict  # in the schema's shape
    warnings: list[str]
    undecided: bool  # it has text but no decision heading
    absent_from_meeting: list[tuple[str, str | None]]  # (name, party) an attendance item lists


def _item_to_dict(item: _Item, meeting_date: str) -> _ItemReading:
    """The item in the schema's shape, its warnings, and what the referat learns from it."""
    warnings: list[str] = []
    codes: list[str] = []
    title = item.heading
    match = _CODES.match(item.heading)
    if match:
        codes = [c.strip() for c in match[1].split("/")]
        title = match[2].strip()
    closed = bool(_CLOSED.match(title) or _CLOSED.match(item.heading))
    attendance = title.rstrip(": ").casefold() in _ATTENDANCE_TITLES
    sections = []
    attachments: list[str] = []
    history: list[dict] = []
    decisions: list[tuple[str, str]] = []  # (heading, text) of each decision section
    for heading, paras in item.sections:
        kind = section_kind(heading)
        if kind == "attachments":
            # An attachment is its name: a converter's bullet before it is not part of it.
            attachments.extend(_BULLET.sub("", line) for para in paras for line in para)
        else:
            paras = _join_page_breaks(paras)
        text = _text(paras)
        sections.append({"heading": heading, "text": text})
        if kind == "decision":
            decisions.append((heading, text))
        elif kind == "history":
            history.extend(_case_history(paras, item.number, heading, warnings))
    decision = _the_decision(decisions, meeting_date)
    listed: list[tuple[str, str | None]] = []
    if attendance:
        texts = [line for para in item.loose for line in para]
        texts += [line for s in sections for line in s["text"].split("\n")]
        listed = _attendance(texts)
    elif item.loose and closed and not decisions:
        # A closed item's decision, printed with no heading above it.
        decision = _text(_join_page_breaks(item.loose)) or None
    elif item.loose:
        warnings.append(
            _("Punkt {number}: tekst før første afsnit: {text}").format(
                number=item.number, text=repr(_text(item.loose)[:80])
            )
        )
    has_text = bool(item.loose) or any(s["text"] for s in sections)
    takes_none = title.rstrip(": ").casefold() in _NO_DECISION_TITLES
    undecided = not decisions and decision is None and has_text and not attendance
    undecided = undecided and not takes_none
    return _ItemReading(
        {
            "number": item.number,
            "title": title,
            "committee_codes": codes,
            "case_number": item.case_number,
            "decision": decision,
            "sections": sections,
            "attachments": attachments,
            "case_history": history,
            "closed": closed,
            "absent": item.absent,
        },
        warnings,
        undecided,
        listed,
    )


def _the_decision(decisions: list[tuple[str, str]], meeting_date: str) -> str | None:
    """The meeting's own decision: the decision section dated the meeting's date where the
    headings carry dates ("Beslutning i Byrådet den 12. januar 2021:" after the committees'
    before it), else the first with text."""
    if len(decisions) > 1:
        for heading, text in decisions:
            dated = dated_decision(heading)
            if dated and text and _date_of(dated["date"]) == meeting_date:
                return text
    return next((text for _, text in decisions if text), None)


def _attendance(lines: list[str]) -> list[tuple[str, str | None]]:
    """The people an attendance item ("Fraværende") lists: one or more names a line, each
    perhaps with its party ("Ole Blickfeldt (-)"); "Ingen" lists none."""
    people = []
    for line in lines:
        line = _ATTENDANCE_PREFIX.sub("", line.strip())
        for raw in _names(line):
            name, party, _ = _person(raw)
            if name and _PERSON_LINE.match(name) and not name.casefold().startswith("ingen"):
                people.append((name, party))
    return people


def _case_history(
    paras: list[Paragraph], number: int, heading: str, warnings: list[str]
) -> list[dict]:
    """The entries of a case history, in either layout: a date line per entry ("02/03/2026
    Udvalget for Kultur & Fritid - 2026-2029") or a block of labelled lines per entry
    ("Udvalg: X" / "Dato: 03-03-2020" / "Punktnummer: 12"), each followed by its text, in which
    an "Afbud:" line names who was absent. An entry without a valid date is left out."""
    entries: list[dict] = []
    texts: list[list[Paragraph]] = []  # per entry: its text as paragraphs of lines
    block: set[str] = set()  # the labels the open block entry has had
    undated = False
    for para in paras:
        current: Paragraph | None = None
        for line in para:
            match = _HISTORY_ENTRY.match(line)
            iso = f"{match[3]}-{int(match[2]):02d}-{int(match[1]):02d}" if match else ""
            labelled = _HISTORY_LABEL.match(line) if not match else None
            if match and _valid_date(iso):
                period = f"{match[5]}-{match[6]}" if match[5] else None
                entries.append(_history_entry(iso, match[4].strip(" :–-"), period))
                texts.append([])
                current, block = None, set()
            elif labelled:
                role = _HISTORY_FIELD[re.sub(r"\s+", " ", labelled["label"]).casefold()]
                value = (labelled["value"] or labelled["number"] or "").strip()
                if not entries or role in block or (texts[-1] and role != "item"):
                    entries.append(_history_entry("", "", None))
                    texts.append([])
                    current, block = None, set()
                block.add(role)
                if role == "date":
                    entries[-1]["date"] = _date_of(value) or ""
                elif role == "committee":
                    trailing = _TRAILING_PERIOD.search(value)
                    if trailing:
                        value = value[: trailing.start()].strip()
                        entries[-1]["committee"]["period"] = f"{trailing[1]}-{trailing[2]}"
                    entries[-1]["committee"]["name"] = value
            elif not entries:
                if not undated:  # once: a history told as prose has many such lines
                    warnings.append(
                        _("Punkt {number}: en linje i {heading} uden dato: {line}").format(
                            number=number, heading=heading, line=repr(line[:80])
                        )
                    )
                undated = True
            elif afbud := _AFBUD.match(line):
                entries[-1]["absent"].extend(n.strip() for n in _names(afbud[1]) if n.strip())
            else:
                if current is None:
                    current = []
                    texts[-1].append(current)
                current.append(line)
    kept = []
    for entry, entry_paras in zip(entries, texts, strict=True):
        entry["text"] = _text(entry_paras)
        if entry["date"]:
            kept.append(entry)
        else:
            warnings.append(
                _("Punkt {number}: en post i {heading} uden dato: {text}").format(
                    number=number, heading=heading, text=repr(entry["text"][:60])
                )
            )
    return kept


def _history_entry(iso: str, committee: str, period: str | None) -> dict:
    return {
        "date": iso,
        "committee": {"name": committee, "period": period},
        "text": "",
        "absent": [],
    }


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
            warnings.append(
                _("Indholdsfortegnelse: linjen {entry} svarer ikke til noget punkt").format(
                    entry=repr(entry[:80])
                )
            )
        else:
            del unmatched[found]
    if entries:
        for number in unmatched:
            warnings.append(
                _("Indholdsfortegnelse: Punkt {number} mangler i den").format(number=number)
            )
