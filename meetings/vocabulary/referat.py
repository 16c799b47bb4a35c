"""What Danish referater are made of, as printed: standard sections, committee codes,
decision outcomes. Part of meetings.vocabulary, the one place of the format's words: the
parser, the store, the pages and search all read it from there.

Another municipality's template adds sections or committees: add them here, nowhere else.
"""

from __future__ import annotations

import re

# The standard sections of an agenda item, in their usual order (any may be missing).
# A heading not in this list is a sub-heading inside the section it stands in.
STANDARD_SECTIONS: tuple[str, ...] = (
    "Beslutning",
    "Resumé",
    "Indstilling",
    "Beslutningskompetence",
    "Sagsfremstilling",
    "Administrationens vurdering",
    "Økonomi og finansiering",
    "Sagens forløb",
    "Bilag",
    # Seen in other municipalities' templates (DOMAIN.md, "Other municipalities"; Greve's
    # FirstAgenda fields).
    "Lovgrundlag",
    "Kommunikation",
    "Høring",
    "Baggrund for sagen",
    "Tidligere beslutninger",
    "Bevillingsmæssige konsekvenser",
    "Udtalelser",
    "Resume",
    "Fremstilling",
    "Sagsprocedure",
    "Sagsbeskrivelse",
    "Supplerende sagsfremstilling",
    "Beslutningspunkter",
    "Beslutningstema",
    "Sagens kerne",
    "Problemstilling",
    "Løsning",
    "Økonomiske konsekvenser",
    "Tidsplan",
    "Øvrige konsekvenser",
    "Øvrige forhold",
    "Forventet sagsgang",
    "Anledning",
    "Kompetence",
    "Beslutninger",
    "Sagsforløb",
    "Det indstilles:",
)
DECISION_SECTION = "Beslutning"
HISTORY_SECTION = "Sagens forløb"
ATTACHMENTS_SECTION = "Bilag"
# Headings of the decision: Lejre's and the plural other councils print. A dated heading
# ("Beslutning i Økonomiudvalget den 12. januar 2021:") is one too: DECISION_HEADING_PATTERNS.
DECISION_SECTIONS: tuple[str, ...] = (DECISION_SECTION, "Beslutninger")
# The case's path through committees: dated lines ("02/03/2026 Udvalget for ...") or blocks
# of HISTORY_BLOCK_LABELS lines ("Udvalg: X" / "Dato: 03-03-2020" / "Punktnummer: 12").
HISTORY_SECTIONS: tuple[str, ...] = (HISTORY_SECTION, "Sagsforløb")
HISTORY_BLOCK_LABELS: dict[str, tuple[str, ...]] = {
    "committee": ("Udvalg",),
    "date": ("Dato", "Mødedato"),
    "item": ("Punktnummer", "Punkt nr."),
}

# Committee codes printed before an item's title, with the committee's name in Lejre.
COMMITTEE_CODES: dict[str, str] = {
    "JAI": "Udvalget for Job, Arbejdsmarked & Integration",
    "KF": "Udvalget for Kultur & Fritid",
    "SSÆ": "Udvalget for Social, Sundhed & Ældre",
    "BU": "Udvalget for Børn & Ungdom",
    "EKLT": "Udvalget for Erhverv, Klima, Lokal udvikling & Turisme",
    "TMB": "Udvalget for Trafik, Miljø & Byggeri",
    "ØU": "Økonomiudvalget",
    "KB": "Kommunalbestyrelsen",
}


class Outcome:
    """Decision outcomes, recognised from the first words of a Beslutning."""

    APPROVED = "godkendt"
    NOTED = "taget-til-efterretning"
    BRIEFED = "orientering-givet"
    ENDORSED = "indstilling-tiltraadt"
    RECOMMENDED = "anbefalet"
    DISCUSSED = "droeftet"
    REJECTED = "afvist"
    POSTPONED = "udsat"
    NOTHING = "intet"
    NOT_RELEASED = "ikke-frigivet"
    OTHER = "andet"
    NONE = ""

    LABELS: dict[str, str] = {
        APPROVED: "Godkendt",
        NOTED: "Taget til efterretning",
        BRIEFED: "Orientering givet",
        ENDORSED: "Indstillingen tiltrådt",
        RECOMMENDED: "Anbefalet",
        DISCUSSED: "Drøftet",
        REJECTED: "Ikke godkendt",
        POSTPONED: "Udsat",
        NOTHING: "Intet under punktet",
        NOT_RELEASED: "Beslutning ikke frigivet",
        OTHER: "Anden beslutning",
        NONE: "Ingen beslutning",
    }
    CHOICES: list[tuple[str, str]] = list(LABELS.items())


# Checked in order: the first pattern found in the decision's opening decides.
_OUTCOME_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (Outcome.NOT_RELEASED, re.compile(r"ikke\s+frigivet", re.I)),
    (Outcome.NOTHING, re.compile(r"^\s*intet\b", re.I)),
    (
        Outcome.REJECTED,
        re.compile(r"ikke\s+(godkendt|tiltr[aå]dt|vedtaget)|forkastet|afvist", re.I),
    ),
    (Outcome.POSTPONED, re.compile(r"\budsat\b|\budsættes\b", re.I)),
    # "tiltrådt", also misspelt "tilrådt".
    (Outcome.ENDORSED, re.compile(r"indstilling\w*\s+(er\s+)?til?r[aå]dt|\btiltrådt\b", re.I)),
    (Outcome.RECOMMENDED, re.compile(r"anbefal", re.I)),
    (Outcome.NOTED, re.compile(r"taget\s+til\s+efterretning|tages\s+til\s+efterretning", re.I)),
    (Outcome.BRIEFED, re.compile(r"orientering\s+(er\s+)?givet|orienteret", re.I)),
    (Outcome.APPROVED, re.compile(r"godkend|vedtaget|bevilget", re.I)),
    (Outcome.DISCUSSED, re.compile(r"drøftet|drøftede", re.I)),
]


def decision_outcome(decision: str | None) -> str:
    """The outcome of a decision text: `Outcome.NONE` when empty, `Outcome.OTHER` when unknown.

    Only the opening is read: a long decision quotes votes and amendments further down, but
    says what was decided first (or last, for "Ad. 1) ..." decisions, whose first part counts).
    """
    if not decision or not decision.strip():
        return Outcome.NONE
    opening = decision.strip()[:200]
    for outcome, pattern in _OUTCOME_PATTERNS:
        if pattern.search(opening):
            return outcome
    # A decision that records amendments and votes ends with what was decided.
    closing = decision.strip().split("\n\n")[-1][:200]
    for outcome, pattern in _OUTCOME_PATTERNS:
        if pattern.search(closing):
            return outcome
    return Outcome.OTHER


# The labelled lines of a referat's header, by what they hold (printed with or without a colon,
# in any case: "Mødedato:", "UDVALG", "STARTTIDSPUNKT 04-06-2020 09:00:00").
HEADER_FIELDS: dict[str, tuple[str, ...]] = {
    "date": ("Mødedato", "Dato"),
    "time": ("Mødetidspunkt", "Starttidspunkt", "Tidspunkt"),
    "location": ("Mødested", "Sted"),
    "participants": ("Mødedeltagere", "Medlemmer", "Deltagere"),
    "committee": ("Udvalg",),
    "other": ("Sluttidspunkt",),
}
HEADER_LABELS: tuple[str, ...] = tuple(
    label for labels in HEADER_FIELDS.values() for label in labels
)
# A line "Afbud: A, B" (in the header or a case-history entry) names who was absent.
ABSENT_LABELS: tuple[str, ...] = ("Afbud", "Fraværende", "Fravær")
TOC_HEADING = "Indholdsfortegnelse"
# Words of a table of contents' header row ("| Punkt | Side |"), which is no entry.
TOC_COLUMN_WORDS = frozenset(
    {"punkt", "pkt.", "nr.", "nr", "side", "sidetal", "sag", "titel", "emne"}
)

# A participant marked with one of these (in parentheses, any case) was absent:
# "Bjørn Lykke Sørensen (Fravær)", "(Afbud)", "(fraværende)".
ABSENT_MARKERS: tuple[str, ...] = ("fravær", "afbud", "ikke til stede", "forfald", "syg", "udeblev")

# Month names as printed in "Tirsdag d. 03. marts 2026" (with the usual abbreviations).
DANISH_MONTHS: dict[str, int] = {
    **{
        name: number
        for number, name in enumerate(
            (
                "januar",
                "februar",
                "marts",
                "april",
                "maj",
                "juni",
                "juli",
                "august",
                "september",
                "oktober",
                "november",
                "december",
            ),
            start=1,
        )
    },
    **{
        abbr: number
        for number, abbr in enumerate(
            ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
            start=1,
        )
    },
    "sept": 9,
}

# Weekdays, as a header prints them before a date ("onsdag den 1. oktober 2025").
DANISH_WEEKDAYS: tuple[str, ...] = (
    "mandag",
    "tirsdag",
    "onsdag",
    "torsdag",
    "fredag",
    "lørdag",
    "søndag",
)

# A line that names the municipality in a referat's header ("Lejre Kommune", "Københavns
# Kommune", "Ringkøbing-Skjern Kommune"): the whole line, one to three capitalised words.
MUNICIPALITY_LINE = r"(?:[A-ZÆØÅ][\w-]*\s+){1,3}Kommune"

# What the title of an agenda (not yet minutes) says.
AGENDA_TITLE_WORDS: tuple[str, ...] = ("dagsorden",)

# Item headings: the word before an item's number, followed by ":" or "." ("Punkt 3: ..."), and
# its abbreviation, followed by the number alone ("Pkt. 42 ..."). Other templates print the
# number alone ("3. ...", "183.   ...", "38Godkendelse ...", or the number on a line of its
# own above the title): parse.py tells those from numbered lines by where they stand.
ITEM_WORDS: tuple[str, ...] = ("Punkt",)
ITEM_WORDS_ABBREVIATED: tuple[str, ...] = ("Pkt",)

# The words a referat's title starts with ("REFERAT Økonomiudvalget ...", "Referat af møde i
# Økonomiudvalget", a bare "REFERAT" above an "UDVALG" line).
DOCUMENT_WORDS: tuple[str, ...] = ("Referat", "Dagsorden", "Beslutningsprotokol")

# A closed item (lukket punkt): its title starts so ("Lukket: Køb af ejendom", "Lukket punkt").
# Its decision may stand right under the heading, with no heading of its own.
CLOSED_TITLE = r"Lukket(?:\s+punkt)?\s*(?::|$)|Lukket\s+punkt\b"

# An item whose title is one of these lists who was absent from the whole meeting (often
# agenda item 1 of a council).
ATTENDANCE_ITEM_TITLES: tuple[str, ...] = (
    "Fraværende",
    "Afbud",
    "Fravær",
    "Afbud og fravær",
    "Fraværende og afbud",
    "Afbud/fravær",
    "Meddelelse om fravær",
)

# Items every meeting has: their heading is an item's heading whatever follows it.
STANDING_ITEM_TITLES: tuple[str, ...] = (
    "Godkendelse af dagsorden",
    "Godkendelse af dagsordenen",
    "Eventuelt",
    "Godkendelse af referat",
    "Godkendelse af referatet",
    "Underskriftsark",
    "Underskrift",
    "Meddelelser",
    "Meddelelser fra formanden",
    "Orientering",
    "Orienteringssager",
    "Sager til orientering",
)

# Items that take no decision (a signature sheet): no warning that their decision is missing.
NO_DECISION_ITEM_TITLES: tuple[str, ...] = ("Underskriftsark", "Underskrift", "Underskrifter")

# The first words of a decision: a numbered line opening so ("1. Godkendt", "2. Anbefales")
# is a decision in parts, never an item's heading.
DECISION_OPENING = (
    r"(?:ikke\s+)?(?:godkendt|godkendes|godkendte|anbefales|anbefalet|anbefaler|tiltrådt|"
    r"tiltrådte|tiltrædes|tilrådt|drøftet|drøftede|drøftes|taget\s+til\s+efterretning|"
    r"tages\s+til\s+efterretning|orientering(?:en)?\s+(?:er\s+)?givet|indstilling(?:en|erne)\b|"
    r"udsat|udsættes|vedtaget|vedtages|afvist|afvises|forkastet|intet|oversendt|oversendes|"
    r"bevilget|bevilges)\b"
)

# Decision headings with the committee and the date: "Beslutning i Økonomiudvalget den 12.
# januar 2021:", "Beslutning Teknik- og Miljøudvalget den 11-08-2021", "Økonomiudvalget,
# 03-04-2019, pkt. 42". `{date}` stands for a date as the header prints it.
DECISION_HEADING_PATTERNS: tuple[str, ...] = (
    r"Beslutning(?:er)?\s+(?:i\s+|fra\s+|truffet\s+i\s+)?(?P<committee>\S.*?),?\s+"
    r"(?:den|d\.)\s+(?P<date>{date})\s*:?",
    r"(?P<committee>[^,]{2,150}),\s*(?P<date>{date}),\s*(?:pkt|punkt)\.?\s*\d{1,4}\s*:?",
)

# Case numbers (sagsnr) in the schemes municipalities' case systems use. Under an item's heading
# a line in one of these shapes is its case number; after a label (CASE_NUMBER_LABELS) any
# number is. A case number is unique within its municipality only.
CASE_NUMBER_SCHEMES: tuple[str, ...] = (
    r"\d{2}-\d{3,7}[A-ZÆØÅ]{0,2}",  # 25-009324, 21-3658A, 20-054820K (Lejre, Greve)
    r"[A-ZÆØÅ]{2,6}-\d{4}-\d{2,8}",  # EMN-2025-003383
    r"\d{2}/\d{2,7}",  # 20/33839, 19/2484
    r"\d{4}/\d{3,7}",  # 2014/06569
    r"\d{3}-\d{4}-\d{1,8}",  # 330-2020-164
    # KLE journal numbers: 85.02.02-G01-5-17; 18.00Ø00 - 2014/06569.
    r"\d{2}\.\d{2}\.\d{2}(?:-[A-ZÆØÅ]\d{2})?(?:-\d{1,6}){1,2}",
    r"\d{2}\.\d{2}(?:\.\d{2})?[A-ZÆØÅ]\d{2}(?:\s*-\s*\d{4}/\d{2,7})?",
)
# Labels printed before a case number ("Sagsnr.: 20/33839", "Sag nr. 129"); the label is
# never part of the number, the title or a section.
CASE_NUMBER_LABELS: tuple[str, ...] = (
    "Sagsnr.",
    "Sagsnr",
    "Sags nr.",
    "Sagsnummer",
    "Sagsid.",
    "Sagsid",
    "Sags-id",
    "Sag nr.",
    "Sag nr",
    "Journalnr.",
    "Journalnummer",
    "J.nr.",
    "Sagnr.",
    "Sagnr",
    "Sagnummer",
)
# A bare "Sag" or "Sags" before a number is a label only before a number of a known scheme
# ("Sag 25-009324"; "Sag 12" may be a sub-heading).
BARE_CASE_NUMBER_LABELS: tuple[str, ...] = ("Sag", "Sags")


# What a heading is (the parser sets sections apart by it; the store, search and pages can ask
# the same question of a stored heading) ---------------------------------------------------

_MONTHS = "|".join(sorted(DANISH_MONTHS, key=len, reverse=True))
# A date as referater print it: "11-08-2021", "03.04.2019", "12. januar 2021", "7. sept. 2023".
DATE_PATTERN = r"\d{1,2}[-./]\d{1,2}[-./]\d{4}|\d{1,2}\.?\s+(?:" + _MONTHS + r")\.?\s+\d{4}"
_DATED_DECISION = [
    re.compile(f"^(?:{pattern.replace('{date}', DATE_PATTERN)})$", re.IGNORECASE)
    for pattern in DECISION_HEADING_PATTERNS
]
_SECTION_KINDS: dict[str, str] = {
    **{s.casefold(): "section" for s in STANDARD_SECTIONS},
    **{s.casefold(): "history" for s in HISTORY_SECTIONS},
    ATTACHMENTS_SECTION.casefold(): "attachments",
    **{s.casefold(): "decision" for s in DECISION_SECTIONS},
    **{s.casefold() + ":": "decision" for s in DECISION_SECTIONS},
}
_LONGEST_HEADING = max(map(len, _SECTION_KINDS))
# ", pkt. 42" in "Økonomiudvalget, 03-04-2019, pkt. 42".
_ITEM_REFERENCE = re.compile(r",\s*(?:pkt|punkt)\b", re.IGNORECASE).search


def dated_decision(heading: str) -> re.Match[str] | None:
    """The match (groups `committee`, `date`) of a dated decision heading ("Beslutning i
    Økonomiudvalget den 12. januar 2021:", "Økonomiudvalget, 03-04-2019, pkt. 42"), else None."""
    if heading[:10].casefold() != "beslutning" and not (
        ("kt" in heading or "KT" in heading) and _ITEM_REFERENCE(heading)
    ):
        return None  # the quick answer for almost every line
    for pattern in _DATED_DECISION:
        match = pattern.match(heading)
        if match:
            return match
    return None


def section_kind(heading: str) -> str | None:
    """The kind of a section heading as printed: "decision" ("Beslutning", "Beslutninger",
    "Beslutning:", a dated decision heading), "history", "attachments", or "section" for the
    other `STANDARD_SECTIONS`; None for anything else (a sub-heading, a line of text)."""
    kind = _SECTION_KINDS.get(heading.casefold()) if len(heading) <= _LONGEST_HEADING else None
    if kind is None and dated_decision(heading):
        return "decision"
    return kind
