"""The words of the referat format, in one place: what Danish referater are made of (standard
sections, committee codes, decision outcomes). The parser, the store, the pages and search all
read them from here, as `from meetings.vocabulary import X`.

- `referat.py`: a referat as printed: its standard sections and their headings (and
  `section_kind`, `dated_decision`), the header's labels, case-number schemes and their labels,
  months and weekdays, item headings and standing items, committee codes, decision outcomes
  (`Outcome`, `decision_outcome`).

Another municipality's template adds sections or committees: add them there, nowhere else.
"""

from meetings.vocabulary.referat import (
    ABSENT_LABELS,
    ABSENT_MARKERS,
    AGENDA_TITLE_WORDS,
    ATTACHMENTS_SECTION,
    ATTENDANCE_ITEM_TITLES,
    BARE_CASE_NUMBER_LABELS,
    CASE_NUMBER_LABELS,
    CASE_NUMBER_SCHEMES,
    CLOSED_TITLE,
    COMMITTEE_CODES,
    DANISH_MONTHS,
    DANISH_WEEKDAYS,
    DATE_PATTERN,
    DECISION_HEADING_PATTERNS,
    DECISION_OPENING,
    DECISION_SECTION,
    DECISION_SECTIONS,
    DOCUMENT_WORDS,
    HEADER_FIELDS,
    HEADER_LABELS,
    HISTORY_BLOCK_LABELS,
    HISTORY_SECTION,
    HISTORY_SECTIONS,
    ITEM_WORDS,
    ITEM_WORDS_ABBREVIATED,
    MUNICIPALITY_LINE,
    NO_DECISION_ITEM_TITLES,
    STANDARD_SECTIONS,
    STANDING_ITEM_TITLES,
    TOC_COLUMN_WORDS,
    TOC_HEADING,
    Outcome,
    dated_decision,
    decision_outcome,
    section_kind,
)

__all__ = [
    # referat.py
    "STANDARD_SECTIONS",
    "DECISION_SECTION",
    "HISTORY_SECTION",
    "ATTACHMENTS_SECTION",
    "DECISION_SECTIONS",
    "HISTORY_SECTIONS",
    "HISTORY_BLOCK_LABELS",
    "COMMITTEE_CODES",
    "Outcome",
    "decision_outcome",
    "HEADER_FIELDS",
    "HEADER_LABELS",
    "ABSENT_LABELS",
    "TOC_HEADING",
    "TOC_COLUMN_WORDS",
    "ABSENT_MARKERS",
    "DANISH_MONTHS",
    "DANISH_WEEKDAYS",
    "MUNICIPALITY_LINE",
    "AGENDA_TITLE_WORDS",
    "ITEM_WORDS",
    "ITEM_WORDS_ABBREVIATED",
    "DOCUMENT_WORDS",
    "CLOSED_TITLE",
    "ATTENDANCE_ITEM_TITLES",
    "STANDING_ITEM_TITLES",
    "NO_DECISION_ITEM_TITLES",
    "DECISION_OPENING",
    "DECISION_HEADING_PATTERNS",
    "CASE_NUMBER_SCHEMES",
    "CASE_NUMBER_LABELS",
    "BARE_CASE_NUMBER_LABELS",
    "DATE_PATTERN",
    "dated_decision",
    "section_kind",
]
