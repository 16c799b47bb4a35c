"""What Danish referater are made of, in one place: standard sections, committee codes,
decision outcomes. The parser, the store, the pages and search all read it from here.

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
)
DECISION_SECTION = "Beslutning"
HISTORY_SECTION = "Sagens forløb"
ATTACHMENTS_SECTION = "Bilag"

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


# The labelled lines of a referat's header, and the table of contents' heading.
HEADER_LABELS: tuple[str, ...] = ("Mødedato", "Mødested", "Mødedeltagere", "Mødetidspunkt")
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
