"""Decisions as data (issue #15): who voted how, who stated a position or was absent for one
item, and the money an item decides.

Runs after the parser, on the referat shape of ../shared/spec/referat.schema.json, for every
input format: `enrich(referat)` adds each item's `positions`, `amounts` and `absent`, and each
participant's `party`. `read_decision` and `read_amounts` are the two readings it is made of.

What is read (DOMAIN.md, "Votes and dissent", "Attendance", and the real Greve decisions):
- A label and a list: `For stemte: Tina Mandrup (V) og Lotte Greve (V) - i alt 2.`,
  `Imod: Ø og F`, `Undlod: Liselott Blixt (UP)`; the list may follow on the next lines, one
  member or party per line.
- A list and a verb: `Mehmet Zeki Dogru (Ø) stemte imod pkt. 2.a.`, `V og D stemmer for.`,
  `X, Y og Z kunne tiltræde indstillingen.`, `X tog forbehold.`, `Et flertal i udvalget kunne
  tiltræde indstillingen`.
- What a vote is on, when it is not the recommendation itself: the object printed after the
  verb (`stemte imod punkt 2`), else the amendment or proposal put to the vote before it
  (`Ændringsforslag fra ...:` until `Ændringsforslaget blev ikke vedtaget.`), else the part of
  the decision it stands under (`Ad 2`, `2.b`).
- Absences: `Afbud: X`, `Fraværende: X, Y`, `Ikke til stede: X`, `X var forhindret i at deltage
  ...`, `X var ikke til stede`, `X forlod herefter lokalet` (an interested member leaving).
- Money in the Indstilling, Beslutning and economy sections: `538.750 kr.`, `1,8 mio. kr.`,
  `-406.560,00 kr.`, `160 t. kr.`, a grant's bare sum (`indtægtsbevilling på 431.000`), and
  tables with years as columns, in pipes, tabs or (as the parser leaves them) spaces.

Never guessed: a name where only a party or "et flertal" is printed, a party nobody printed, a
year not stated with the sum, a table column a row cannot be aligned with. Text quoted in a
decision (a minority's statement) and remarks after `med bemærkning om` are not read as votes.
"""

from __future__ import annotations

import bisect
import collections
import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

# The words of the format (votes, positions, absences, money): meetings/vocabulary/decisions.py.
from meetings.vocabulary import (
    ABBREVIATIONS,
    ABSENCE_LABELS,
    ABSENCE_VERBS,
    ABSTAIN,  # noqa: F401 (a position a reading gives: its callers import it from here)
    AGAINST,
    BARE_SUM_AFTER,
    COLON_VOTE_LABELS,
    FOR,
    GENERIC_OBJECTS,
    GRANT_KINDS,
    MAJORITY_BODIES,
    MAJORITY_OF,
    MAJORITY_WORDS,
    MONEY_SECTION_PREFIXES,
    MONEY_SECTIONS,
    MONEY_UNITS,
    NOT_NAME_ENDINGS,
    NOT_NAME_WORDS,
    PART_LEADS,
    PART_OPENINGS,
    PART_POINTS,
    PARTY_CODES,
    PARTY_NAMES,
    POSITION_OBJECT_ENDS,
    POSITION_OBJECT_INTROS,
    PROPOSAL_NOUNS,
    PROPOSAL_OPENINGS,
    PROPOSAL_OUTCOMES,
    PROPOSAL_VERBS,
    REMARK_WORDS,
    RESERVATION,  # noqa: F401 (as ABSTAIN)
    SCALE_ONLY_FOLLOWERS,
    TABLE_UNITS,
    TALLY_VERBS,
    TALLY_WORDS,
    VOTE_LABELS,
    VOTE_VERBS,
)


@dataclass
class DecisionReading:
    """What one decision records besides its outcome: who was absent, who took which position."""

    absent: list[str] = field(default_factory=list)
    positions: list[dict] = field(default_factory=list)


def _phrases(words) -> str:
    """An alternation of phrases, longest first, any white space between their words."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in ordered)


# Members and parties in a list ---------------------------------------------------------------

_LETTER = r"[^\W\d_]"
_CODE = r"[A-ZÆØÅ]{1,3}(?:[ -]?\d)?|[-–]"  # V, SF, UP1, UP-1, UP 1, - (no party)
_NAME_WORD = r"[A-ZÆØÅÉ][^\W\d_]*(?:-[A-ZÆØÅ][^\W\d_]*)*\.?"
_NAME = rf"{_NAME_WORD}(?: {_NAME_WORD}){{0,4}}"
_BARE = rf"(?:{'|'.join(PARTY_CODES)})(?!{_LETTER})"
_PARTY_NAME = rf"(?:{_phrases(PARTY_NAMES)})(?!{_LETTER})"
_ITEM_SOURCE = (
    rf"(?:{_PARTY_NAME}(?:\s*\(\s*(?:{_CODE})\s*\))?"
    rf"|{_NAME}(?:\s+fra)?\s*\(\s*(?:{_CODE})\s*\)"
    rf"|\(?\s*(?:{_CODE})\s*\)"
    rf"|{_BARE}"
    rf"|{_NAME})"
)
_ITEM = re.compile(
    rf"(?P<pname>{_PARTY_NAME})(?:\s*\(\s*(?P<pcode>{_CODE})\s*\))?"
    rf"|(?P<name>{_NAME})(?:\s+fra)?\s*\(\s*(?P<code>{_CODE})\s*\)"
    rf"|\(?\s*(?P<code2>{_CODE})\s*\)"
    rf"|(?P<bare>{_BARE})"
    rf"|(?P<name2>{_NAME})"
)
# Between items: "A, B og C", "A (V) B (V)" (a comma left out after a party marker).
_SEP_SOURCE = r"(?:\s*[,;&]\s*(?:og\s+|samt\s+)?|\s+(?:og|samt|&)\s+|(?<=\))\s+)"
_SEP = re.compile(_SEP_SOURCE)
_LIST_SOURCE = rf"{_ITEM_SOURCE}(?:{_SEP_SOURCE}{_ITEM_SOURCE})*"


@dataclass(frozen=True)
class _Member:
    name: str | None
    party: str | None
    strong: bool  # a party is printed, or a name of two words or more


def _member(match: re.Match) -> _Member | None:
    if match["pname"]:
        return _Member(None, match["pcode"] or match["pname"], True)
    if match["name"]:
        name = _clean_name(match["name"])
        return _Member(name, match["code"], True) if name else _Member(None, match["code"], True)
    if match["code2"]:
        return _Member(None, match["code2"], True)
    if match["bare"]:
        return _Member(None, match["bare"], True)
    name = _clean_name(match["name2"])
    if not name:
        return None
    return _Member(name, None, " " in name)


def _clean_name(raw: str) -> str | None:
    """The name without sentence words before it ("Desuden Tina Mandrup"); None if nothing of
    it is a member's name (a body: "Økonomiudvalget", "Greve Kommune")."""
    words = raw.split()
    while words and words[0].casefold().rstrip(".") in NOT_NAME_WORDS:
        words.pop(0)
    for word in words:
        key = word.casefold().rstrip(".")
        if key in NOT_NAME_WORDS or key.endswith(NOT_NAME_ENDINGS):
            return None
    if words and len(words[-1]) > 2:
        words[-1] = words[-1].rstrip(".")  # "Liselott Blixt." ends the sentence, not the name
    return " ".join(words) or None


def _members(text: str, start: int = 0, stop: int | None = None) -> tuple[list[_Member], int]:
    """The members and parties listed at `start` of `text` (up to `stop`), and where the list
    ends."""
    members: list[_Member] = []
    pos = end = start
    stop = len(text) if stop is None else stop
    while True:
        match = _ITEM.match(text, pos, stop)
        if not match:
            break
        member = _member(match)
        if member is None:
            break
        members.append(member)
        end = match.end()
        sep = _SEP.match(text, end, stop)
        if not sep:
            break
        pos = sep.end()
    return members, end


# Vote and absence phrases --------------------------------------------------------------------

_POSITION_OF = {" ".join(k.split()): v for k, v in {**VOTE_LABELS, **VOTE_VERBS}.items()}
_LABEL = re.compile(
    rf"(?i:(?P<label>{_phrases(VOTE_LABELS)})(?!{_LETTER})\s*(?P<colon>:)?"
    rf"|(?P<short>{_phrases(COLON_VOTE_LABELS)})\s*(?P<short_colon>:))\s*"
)
_VERB_SOURCE = rf"(?i:{_phrases(VOTE_VERBS)})(?!{_LETTER})"
_VERB = re.compile(rf"(?<!{_LETTER}){_VERB_SOURCE}")
_MAJORITY = re.compile(
    rf"(?<!{_LETTER})(?i:{_phrases(MAJORITY_WORDS)})"
    rf"(?:\s+i\s+(?i:{_phrases(MAJORITY_BODIES)}|\w+udvalget))?"
    r"(?:\s*\((?P<inside>[^()]*(?:\([^()]*\)[^()]*)*)\)"
    rf"|\s*,?\s+(?i:{_phrases(MAJORITY_OF)})\s+(?P<of>{_LIST_SOURCE}))?"
    rf"\s*,?\s*(?P<verb>{_VERB_SOURCE})"
)
_TRAILING_JOINER = re.compile(r"(?<![^\W\d_])(?:og|samt|men)$")
# How far before a verb its list of members may start, how many words that do not start one
# are passed over on the way back ("Pernille Beckmann (V) og Marc Genning (V)": "og" is one),
# and how many verbs one sentence is read for.
_SUBJECT_WINDOW = 400
_SUBJECT_MISSES = 8
_MAX_VERBS = 50
# Cheap tests before the costly searches: most sentences of a decision record no position.
_VERB_HINT = re.compile(r"(?i)stem|undl|forbehold|tiltræd|ikke\s+anbefale|ikke\s+godkende|ønskede")
_MAJORITY_HINT = re.compile(r"(?i)flertal|mindretal")
_ABSENCE_HINT = re.compile(rf"(?i){_phrases(ABSENCE_VERBS)}")
_COORDINATED_VERB = re.compile(rf"\s*,?\s*og\s+(?P<verb>{_VERB_SOURCE})")
_ABSENCE_LABEL = re.compile(
    rf"(?i:(?P<label>{_phrases(ABSENCE_LABELS)}))(?!{_LETTER})(?:\s+fra)?\s*(?P<colon>:)?\s*"
)
_ABSENCE_VERB = re.compile(rf"(?<!{_LETTER})(?i:{_phrases(ABSENCE_VERBS)})(?!{_LETTER})")
# Where a list of members before a verb may start: the beginning of a word or of a "(V)".
_WORD_START = re.compile(r"(?<![^\s,;(])[^\s,;]")
_OBJECT_INTRO = re.compile(rf"\s*(?i:{_phrases(POSITION_OBJECT_INTROS)})\s+")
_OBJECT_END = re.compile(
    rf"[.;:!?]\s*$|[;:]\s|(?<!-),(?=\s*[^\d\s])|\s+[-–]\s|[\"”“„«»]"
    rf"|\s(?i:{_phrases(POSITION_OBJECT_ENDS)})(?!{_LETTER})"
)
# The recommendation itself, whoever's it is ("Plan- og Tryghedsudvalgets indstilling"): no digit.
_GENERIC_OBJECT = re.compile(rf"(?i)(?:[^\W\d][\w,-]*\s+){{0,4}}?(?:{_phrases(GENERIC_OBJECTS)})")
_REMARK = re.compile(
    rf"(?i)\bmed\s+(?:en\s+|den\s+|følgende\s+|fælles\s+)?(?:{_phrases(REMARK_WORDS)})\b"
)
_REMARK_WORD = re.compile(rf"(?i)(?:{_phrases(REMARK_WORDS)})|udtalelse")
_LIST_REST = re.compile(
    rf"\s*(?:$|[.,;:]|\s*(?:-\s*)?i\s+alt\b|\s(?i:{_phrases(POSITION_OBJECT_ENDS)})\b"
    rf"|\s(?i:{_phrases(POSITION_OBJECT_INTROS)})\s)"
)
_PROPOSAL = re.compile(
    rf"^(?i:{_phrases(PROPOSAL_OPENINGS)})(?!{_LETTER})"
    rf"|(?<!{_LETTER})(?i:{_phrases(PROPOSAL_VERBS)})\s+(?:(?i:et|følgende)\s+)?"
    rf"(?i:{_phrases(PROPOSAL_NOUNS)})(?!{_LETTER})"
)
_PROPOSAL_OUTCOME = re.compile(
    rf"^(?i:{_phrases(PROPOSAL_OUTCOMES)})\s+(?:blev|er|var)\b", re.IGNORECASE
)
# The part of a decision a line opens: "Ad 1,", "Ad. 1) - ad. 2)", "Ad punkt 2", "1.-3.",
# "2. a.", "2.b", "1-4", "1 a.".
_PART_ONE = r"(?:\d{1,2}(?:\s?[a-zæøå](?![\w]))?|[a-zæøå])(?![\w])\s*[.)]?"
_PART_POINT = rf"(?i:{_phrases(PART_POINTS)})"
_PART_OPENING = rf"(?i:{_phrases(PART_OPENINGS)})"
_PART = re.compile(
    rf"(?:{_PART_OPENING}\.?\s*(?:{_PART_POINT}\s*)?{_PART_ONE}"
    rf"(?:\s*(?:[-–]|og|,)\s*(?:{_PART_OPENING}\.?\s*)?{_PART_ONE})*"
    rf"|(?i:{_phrases(PART_LEADS)})\s+{_PART_POINT}\s*{_PART_ONE}"
    rf"(?:\s*(?:[-–]|og|,)\s*{_PART_ONE})*"
    r"|\d{1,2}\s*[.)](?:\s*[a-zæøå](?![\w])\.?)?(?:\s*[-–]\s*\d{1,2}\s*[.)]?(?:\s*[a-zæøå]"
    r"(?![\w])\.?)?)?"
    r"|\d{1,2}\s*[-–]\s*\d{1,2}(?![\w])\.?"
    r"|\d{1,2}\s?[a-zæøå](?![\w])\.?)"
    r"(?=[\s,:]|$)"
)
# "For punkt 16" is on "punkt 16".
_PART_LEAD = re.compile(rf"(?i)^(?:{_phrases(PART_LEADS)})\s+")
# "Med stemmerne 20 for og 1 imod godkendte Byrådet indstillingspunkt 3, 4 og 9.": the votes
# listed after it are on what it names.
_TALLY_COUNT = rf"(?:{_phrases(TALLY_WORDS)})\s+\d+\s+for(?:\s+og\s+(?:\d+|ingen)\s+imod)?"
_TALLY = re.compile(
    rf"(?i)^(?:{_TALLY_COUNT}(?:\s+for)?\s+(?:{_phrases(TALLY_VERBS)})\s+\S+"
    rf"|(?:\S+\s+)?(?:{_phrases(TALLY_VERBS)})\s+\S+\s+{_TALLY_COUNT}\s*,?)"
    r"\s+(?:yderligere\s+|endvidere\s+)?(?P<object>.*)$"
)
_QUOTE = re.compile(r"[\"”“„«»]")
_KEYWORDS = re.compile(
    r"(?i)stem|undl|forbehold|tiltræd|imod|afbud|fravær|til\s*stede|tilstede|ikke\s+mødt"
    r"|forhindret|forlod|deltog|forfald|flertal|mindretal|anbefale|godkende|ønskede"
)
_SENTENCE_BREAK = re.compile(r"[.!?](?=\s+[(\"”“„«]?[A-ZÆØÅ])")


def _starts_label(line: str) -> bool:
    """True for a line that opens something of its own: a vote or absence label, a part."""
    return bool(_LABEL.match(line) or _ABSENCE_LABEL.match(line) or _PART.match(line))


def read_decision(text: str | None) -> DecisionReading:
    """The positions and absences recorded in one decision text; empty when there are none
    (or the text is not a string)."""
    reading = DecisionReading()
    if not isinstance(text, str) or not _KEYWORDS.search(text):
        return reading
    _Reader(text, reading).read()
    return reading


class _Reader:
    """One decision, line by line, with what the votes so far stand under."""

    def __init__(self, text: str, reading: DecisionReading) -> None:
        self.reading = reading
        self.part: str | None = None  # "Ad 2": the part of the decision the lines are in
        self.proposal: str | None = None  # the amendment put to the vote, until its outcome
        self.seen_positions: set[tuple] = set()
        self.remark = False  # in the lines of a remark announced with a colon
        self.seen_absent: set[str] = set()
        text = text.replace("\xa0", " ").replace("\r\n", "\n").replace("\r", "\n")
        self.text = text
        self.masked = _mask_quotes(text)

    def read(self) -> None:
        pending: tuple[str, str | None] | None = None  # a label whose list is on the lines after
        for start, end in _logical_lines(self.text):
            if start == end:
                self.remark = False
                continue  # a blank line: a list under a label may still follow
            line = self.text[start:end].replace("\n", " ")
            masked = self.masked[start:end].replace("\n", " ")
            self.seen_positions.clear()  # a position restated on its line is one position
            if pending is not None:
                if self._list_line(line, masked, pending):
                    continue
                pending = None
            if self.remark:
                stripped = masked.strip()
                if not (_starts_label(stripped) or _PROPOSAL_OUTCOME.match(stripped)):
                    continue  # the remark a position announced ("med bemærkning om:")
                self.remark = False
            pending = self._line(line, masked)

    # A list continued on the lines under its label -----------------------------------------

    def _list_line(self, line: str, masked: str, pending: tuple[str, str | None]) -> bool:
        """Reads `line` as one more line of the list under a label ("For stemte:" / "Anne
        Marie Lyduch (V)"); False if it is something else."""
        if _starts_label(line.strip()) and not line.strip().startswith("("):
            return False
        lead = len(masked) - len(masked.lstrip())
        members, end = _members(masked, lead)
        if not members or not all(m.strong for m in members):
            return False
        if not _LIST_REST.match(masked, end):
            return False
        label_text, position = pending
        text = f"{label_text} {line.strip()}"
        if position is None:
            self._add_absent(members)
        else:
            on = self._on(None)
            for member in members:
                self._add_position(member, position, on, text)
        return True

    # One line ------------------------------------------------------------------------------

    def _line(self, line: str, masked: str) -> tuple[str, str | None] | None:
        stripped = masked.lstrip()
        skip = len(masked) - len(stripped)
        part = _PART.match(stripped)
        if part:  # "Ad 2, imod stemte: F": the line opens a part of the decision
            self.part = _PART_LEAD.sub("", part.group().strip().rstrip(",:"))
            if self.part[:2].casefold() == "ad":
                self.part = self.part.rstrip(".")  # "Ad 1." is part "Ad 1"
            self.proposal = None
            skip += part.end()
        pending = None
        for start, end in _sentences(line):
            lead = max(0, skip - start)  # the part marker stands in the first sentence's text
            pending = self._sentence(line[start:end], masked[start:end], lead)
        return pending

    def _sentence(self, sentence: str, masked: str, lead: int) -> tuple[str, str | None] | None:
        """Reads one sentence from `lead` on (after a part marker that opens it); returns the
        label when a list under it follows on the next lines ("For stemte:" alone)."""
        masked = " " * lead + masked[lead:]
        lead = len(masked) - len(masked.lstrip(" ,"))
        text = sentence.strip()
        if _PROPOSAL_OUTCOME.match(masked, lead):
            self.proposal = None
            return None
        if _PROPOSAL.search(masked[lead:]) and not _VERB.search(masked):
            self.proposal = text.rstrip(":. ")
            return None
        tally = _TALLY.match(masked, lead)
        if tally:
            self.part = self._on(_object(tally.group(), tally.start("object")))
            self.proposal = None
        absence = _ABSENCE_LABEL.match(masked, lead)
        if absence:
            return self._absence_label(sentence, masked, absence)
        label = _LABEL.match(masked, lead)
        if label:
            pending = self._label(sentence, masked, label)
        else:
            pending = None
            self._verbs(sentence, masked)
        if masked.rstrip().endswith(":") and _REMARK_WORD.search(masked):
            self.remark = True
        return pending

    def _absence_label(self, sentence: str, masked: str, match: re.Match) -> tuple | None:
        rest = _drop_asides(masked[match.end() :])
        members, end = _members(rest)
        tail = rest[end:].strip(" .")
        if not members:
            if match["colon"] and not tail:
                return (sentence.strip(), None)
            return None
        if match["colon"] or not tail:  # "Ikke til stede Tina Rottbøll": a list, nothing else
            self._add_absent(members)
        return None

    def _label(self, sentence: str, masked: str, match: re.Match) -> tuple | None:
        key = " ".join((match["label"] or match["short"]).casefold().split())
        position = _POSITION_OF.get(key) or COLON_VOTE_LABELS[key]
        members, end = _members(masked, match.end())
        text = sentence.strip()
        if not members:
            # "For stemte:" ending its line: the list is on the lines under it
            ends_line = not masked[match.end() :].strip() and not masked.rstrip().endswith(".")
            return (text, position) if ends_line else None
        on = self._on(_object_after_intro(masked[end:]))
        for member in members:
            self._add_position(member, position, on, text)
        return None

    def _verbs(self, sentence: str, masked: str) -> None:
        """Positions written as a list and a verb, anywhere in the sentence."""
        remark = _REMARK.search(masked)
        if remark:  # the reasons after "med bemærkning om" state no more positions
            masked = masked[: remark.start()]
        text = sentence.strip()
        found: list[tuple[int, int, list[_Member], str]] = []  # start, verb end, who, verb
        if _ABSENCE_HINT.search(masked):
            for match in _ABSENCE_VERB.finditer(masked):
                self._add_absent(_subject(masked, match.start())[1])
        if not _VERB_HINT.search(masked):
            return
        for match in _MAJORITY.finditer(masked) if _MAJORITY_HINT.search(masked) else ():
            inside = match["inside"] or match["of"] or ""
            members = [m for m in _members(inside.strip())[0] if m.strong] if inside else []
            found.append(
                (match.start(), match.end(), members or [_Member(None, None, True)], match["verb"])
            )
        for match in itertools.islice(_VERB.finditer(masked), _MAX_VERBS):
            if any(s <= match.start() < e for s, e, _, _ in found):
                continue
            start, members = _subject(masked, match.start())
            if members:
                found.append((start, match.end(), members, match.group()))
        found.sort(key=lambda f: f[0])
        for index, (_, verb_end, members, verb) in enumerate(found):
            limit = found[index + 1][0] if index + 1 < len(found) else len(masked)
            self._statement(masked[:limit], verb_end, members, verb, text)

    def _statement(
        self, masked: str, verb_end: int, members: list[_Member], verb: str, text: str
    ) -> None:
        """One verb and its members, and a verb coordinated with it ("stemte imod pkt. 1-4 og
        stemmer for pkt. 5")."""
        while True:
            key = " ".join(verb.casefold().split())
            position = _POSITION_OF[key]
            if position in (FOR, AGAINST):
                end = _object_end(masked, verb_end)
                on = _without_joiner(masked[verb_end:end])
                if on[:3].casefold() == "at ":  # "stemte for at det godkendes, at ..."
                    on = masked[verb_end:].strip(" .")
                if " at " in key:  # "ønskede at sende forslaget til realitetsbehandling"
                    on = f"at {key.split(' at ', 1)[1]} {masked[verb_end:].strip(' .')}".strip()
            else:
                on = _object_after_intro(masked[verb_end:])
            on = self._on(on or None)
            for member in members:
                self._add_position(member, position, on, text)
            after = _object_end(masked, verb_end)
            coordinated = _COORDINATED_VERB.match(masked, after)
            if not coordinated:
                return
            verb, verb_end = coordinated["verb"], coordinated.end()

    # What was voted on, and adding ----------------------------------------------------------

    def _on(self, obj: str | None) -> str | None:
        if obj:
            obj = " ".join(obj.split()).strip(" ,;:")
            if obj.endswith(".") and not re.search(r"\b(?:\d{1,2}|[a-zæøå])\.$", obj):
                obj = obj[:-1]
        if obj and not _GENERIC_OBJECT.fullmatch(obj):
            return obj
        return self.proposal or self.part

    def _add_position(self, member: _Member, position: str, on: str | None, text: str) -> None:
        key = ((member.name or "").casefold(), member.party, position, on)
        if key in self.seen_positions:
            return
        self.seen_positions.add(key)
        self.reading.positions.append(
            {
                "name": member.name,
                "party": member.party,
                "position": position,
                "on": on,
                "text": " ".join(text.split()),
            }
        )

    def _add_absent(self, members: list[_Member]) -> None:
        for member in members:
            if member.name and member.name.casefold() not in self.seen_absent:
                self.seen_absent.add(member.name.casefold())
                self.reading.absent.append(member.name)


def _subject(masked: str, verb_start: int) -> tuple[int, list[_Member]]:
    """The members listed right before the verb at `verb_start` ("Mehmet Zeki Dogru (Ø)" in
    "... Mehmet Zeki Dogru (Ø) stemte imod"), and where their list starts; none if the words
    before the verb are no list of members. Tried from each word start going back, the longest
    list wins; a bounded window keeps a sentence of a thousand words linear."""
    end = verb_start
    while end > 0 and masked[end - 1] in " \t,:":
        end -= 1
    window_start = max(0, end - _SUBJECT_WINDOW)
    starts = [m.start() for m in _WORD_START.finditer(masked, window_start, end)]
    best: tuple[int, list[_Member]] = (verb_start, [])
    misses = 0
    for start in reversed(starts):
        members, list_end = _members(masked, start, end)
        if members and list_end == end and all(m.strong for m in members):
            best, misses = (start, members), 0
        else:
            misses += 1
            if misses > _SUBJECT_MISSES:
                break
    return best


def _without_joiner(text: str) -> str:
    """The object without the "og" that joins the next statement ("V og D stemmer imod og C
    undlader": "imod" has none)."""
    text = text.strip(" ,")
    while (joiner := _TRAILING_JOINER.search(text)) is not None:
        text = text[: joiner.start()].strip(" ,")
    return text


def _object_end(masked: str, start: int) -> int:
    end = _OBJECT_END.search(masked, start)
    coordinated = re.search(rf"\s+og\s+{_VERB_SOURCE}", masked[start:])
    stop = end.start() if end else len(masked)
    if coordinated:
        stop = min(stop, start + coordinated.start())
    return stop


def _object(masked: str, start: int) -> str | None:
    if masked[start : start + 3].casefold() == "at ":  # "..., at Klima-, Teknik- og ..."
        return masked[start:].strip(" .") or None
    return masked[start : _object_end(masked, start)].strip(" ,") or None


def _object_after_intro(rest: str) -> str | None:
    """What follows "til", "på", "for så vidt angår" ... right after a verb or list."""
    intro = _OBJECT_INTRO.match(rest)
    return _object(rest, intro.end()) if intro else None


def _drop_asides(text: str) -> str:
    """Parentheses that are no party ("(Stedfortræder: Conni Bergendorff)") left out, spaces
    kept, so that the names after them are still read."""
    return re.sub(rf"\((?!\s*(?:{_CODE})\s*\))[^()]*\)", lambda m: " " * len(m.group()), text)


def _mask_quotes(text: str) -> str:
    """`text` with what stands in quotes blanked out (same length): a quoted minority
    statement ("SF stemmer mod, da ...") records no vote. A quote runs to the next quote mark
    in the same paragraph; one left open runs to the end of its line."""
    chars = list(text)
    marks = [m.start() for m in _QUOTE.finditer(text)]
    index = 0
    while index < len(marks):
        opening = marks[index]
        closing = marks[index + 1] if index + 1 < len(marks) else None
        if closing is not None and "\n\n" not in text[opening:closing]:
            span_end = closing + 1
            index += 2
        else:
            line_end = text.find("\n", opening)
            span_end = len(text) if line_end < 0 else line_end
            index += 1
        for i in range(opening, span_end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def _logical_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line of `text`, a hard-wrapped line joined to the next: a line that
    goes on in lower case, or a vote's list that goes on with a member ("... Tina Rottbøll (A),
    Brigitte" / "Jerkel (C), Ø og F."). A blank line is (i, i). Joined lines keep their
    newline, so offsets into `text` hold."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for raw in text.split("\n"):
        spans.append((pos, pos + len(raw)))
        pos += len(raw) + 1
    result: list[tuple[int, int]] = []
    for start, end in spans:
        line = text[start:end].strip()
        if not line:
            result.append((start, start))
            continue
        if result and result[-1][0] != result[-1][1]:
            before = text[result[-1][0] : result[-1][1]].rstrip()
            if _continues(before, line):
                result[-1] = (result[-1][0], end)
                continue
        result.append((start, end))
    return result


def _continues(before: str, line: str) -> bool:
    if not before or before[-1] in '.!?:;"”':
        return False
    if line[0].islower() and not _PART.match(line):
        return True
    if before[-1] == "," or re.search(r"(?<![^\W\d_])[A-ZÆØÅ][a-zæøå]+$", before):
        listing = _LABEL.match(before.lstrip()) or _LABEL.match(before.split("\n")[-1])
        return bool(listing) and not _starts_label(line)
    return False


def _sentences(line: str, start: int = 0) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `line` from `start` on. Not split after an
    abbreviation ("jf.", "pkt."), an initial ("John T. Olsen"), or a part marker ("2. a.")."""
    spans = []
    begin = start
    for match in _SENTENCE_BREAK.finditer(line, start):
        before = line[begin : match.start()]
        token = before.rsplit(None, 1)[-1] if before.strip() else ""
        key = token.casefold().lstrip("(")
        if key in ABBREVIATIONS:
            continue
        if len(token) == 1 and token.isalpha():
            nxt = line[match.end() :].lstrip()
            if token.islower() or not _LABEL.match(nxt) and not _ABSENCE_LABEL.match(nxt):
                continue  # "2. a. Ø stemte imod", "John T. Olsen"; not "For stemte V. Imod ..."
        if _PART.fullmatch(line[begin : match.end()].strip()):
            continue
        spans.append((begin, match.end()))
        begin = match.end()
    if line[begin:].strip():
        spans.append((begin, len(line)))
    return spans


# Money ---------------------------------------------------------------------------------------

_NUMBER_SOURCE = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_UNIT_SOURCE = "|".join(
    r"\s*".join(re.escape(part) for part in re.split(r"(?<=\.)|\s+", unit) if part)
    for unit, _ in MONEY_UNITS
)
_UNIT_FACTOR = {re.sub(r"[\s.]", "", unit): factor for unit, factor in MONEY_UNITS}
_AMOUNT = re.compile(
    r"(?<![\w.,\-−/§])(?P<sign>[-−](?=\d)|÷\s?)?(?P<num>" + _NUMBER_SOURCE + r")(?![\w]|[.,]\d)"
    r"(?:,-)?(?:\s*(?P<unit>(?i:" + _UNIT_SOURCE + r"))(?![^\W\d_]))?"
)
_PREFIX_AMOUNT = re.compile(
    r"(?i:\bkr\.?|\bdkk)\s*(?P<sign>[-−](?=\d))?(?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+)"
    r"(?![\w]|[.,]\d)"
)
_KIND = re.compile(rf"(?i)(?<!{_LETTER})(?P<stem>{_phrases(GRANT_KINDS)})[^\W\d_]*")
_KIND_PAIR = re.compile(r"(?i)\w+s-\s+(?:og|eller)\s+$")  # "udgifts- og indtægtsbevilling"
_BARE_TRIGGER = re.compile(
    rf"(?i)(?<!{_LETTER})(?:{_phrases(BARE_SUM_AFTER)})(?:en|er|erne)?\s+(?:på\s+)?"
    r"(?:(?:op\s+til|ca\.|i\s+alt|samlet)\s+)?$"
)
_YEAR_IN = re.compile(
    r"(?i)(?<!\w)i\s+(?:år(?:et)?\s+|budgetåret\s+)?(?P<year>(?:19|20)\d\d)(?![\w]|\s*[-–/]\s*\w)"
)
_CLAUSE_BREAK = re.compile(r",\s(?!\d)|;")
_UNIT_DECLARATION = re.compile(r"(?i)(?:\bi|\()\s*$")
_YEAR_CELL = re.compile(r"(?:19|20)\d\d")
_VALUE_CELL = re.compile(
    rf"(?P<sign>[-−]|÷\s?)?(?P<num>{_NUMBER_SOURCE})(?:,-)?\s*(?P<unit>(?i:{_UNIT_SOURCE}))?\.?"
)
_DASH_CELL = re.compile(r"[-–—]")
_SPACED_HEADER = re.compile(
    r"(?P<label>(?:(?!(?<!\d)(?:19|20)\d\d(?!\d)).)*?)\s*"
    r"(?P<years>(?<![\d.,-])(?:19|20)\d\d(?:\s+(?:19|20)\d\d)+)(?![\d.,-])"
    r"(?P<tail>(?:\s+[^\d\s][^\d]*)?)$"
)
# Cheap tests: a line with no digit holds no sum; one with no number before a unit ("5 kr.",
# "1,8 mio."), no "kr. 25.000" and no grant word holds none in its sentences; one without two
# years is no table header.
_MONEY_HINT = re.compile(
    r"(?i)\d(?:,-)?\s*(?:kr|dkk|mio|mia|mill|milliard|million|t\.\s?kr|tkr)|(?:kr|dkk)\.?\s*\d"
    rf"|{_phrases(BARE_SUM_AFTER)}"
)
# Case-sensitive literals on the lower-cased text: the regex engine skips to their first letters.
_MONEY_WORD = re.compile("kr|dkk|mi[oal]|bevilling|rådighedsbeløb")
_YEAR_TOKEN = re.compile(r"(?:19|20)\d\d(?!\d)")
_DIGIT = re.compile(r"\d")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


def read_amounts(sections: list[dict]) -> list[dict]:
    """The sums of money in the Indstilling, Beslutning and economy sections, in printed order:
    {amount (kroner), kind, year, section, text}. Sections of another shape are passed over."""
    amounts: list[dict] = []
    if not isinstance(sections, list | tuple):
        return amounts
    for section in sections:
        if not isinstance(section, dict):
            continue
        heading, text = section.get("heading"), section.get("text")
        if isinstance(heading, str) and isinstance(text, str) and _money_section(heading):
            amounts.extend(_amounts_in(text, heading))
    return amounts


def _money_section(heading: str) -> bool:
    key = " ".join(heading.casefold().split()).rstrip(" :.")
    return key in MONEY_SECTIONS or key.startswith(MONEY_SECTION_PREFIXES)


def _amounts_in(text: str, heading: str) -> list[dict]:
    if not _DIGIT.search(text):
        return []
    text = text.replace("\xa0", " ").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    # The lines that may hold a sum or a table's header, each kind found by one search of the
    # whole text: most lines of an economy section hold neither.
    starts = list(itertools.accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
    money = {bisect.bisect_right(starts, m.start()) - 1 for m in _MONEY_WORD.finditer(text.lower())}
    money = {index for index in money if _MONEY_HINT.search(lines[index])}
    years = collections.Counter(
        bisect.bisect_right(starts, m.start()) - 1 for m in _YEAR_TOKEN.finditer(text)
    )
    headers = {index for index, count in years.items() if count >= 2}
    found: list[dict] = []
    after_table = 0
    for index in sorted(money | headers):
        if index < after_table:
            continue  # a row of a table already read
        line = lines[index]
        if index in headers:
            header = _table_header(line)
            if header is not None:
                end = _read_table(lines, index, header, heading, found)
                if end > index + 1:
                    after_table = end
                    continue
        if index in money:
            found.extend(_sentence_amounts(line, heading))
    return found


# Tables with years as columns ----------------------------------------------------------------


@dataclass
class _Header:
    label: str  # the first cell ("Mio. kr.", "Udgiftsbevilling", "")
    years: list[int | None]  # per value column: its year, or None (a "Total" column)
    cells: bool  # split by pipes or tabs (empty cells kept), else by spaces


def _cells(line: str) -> list[str] | None:
    """A pipe or tab table row's cells, empty ones kept; None for a line of words."""
    stripped = line.strip()
    if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
        return [c.strip() for c in stripped[1:-1].split("|")]
    if "\t" in stripped:
        # a leading tab is an empty first cell ("\t2026\t2027": a header without a label)
        return [c.strip() for c in line.strip(" \r\n").split("\t")]
    return None


def _table_header(line: str) -> _Header | None:
    cells = _cells(line)
    if cells is not None:
        if len(cells) < 2:
            return None
        label, rest = cells[0], cells[1:]
        years = [int(c) if _YEAR_CELL.fullmatch(c) else None for c in rest]
        count = sum(y is not None for y in years)
        if count == 0 or _YEAR_CELL.fullmatch(label):
            return None
        if any(y is None and c and re.search(r"\d", c) for y, c in zip(years, rest, strict=True)):
            return None
        if count < 2 and not (_KIND.search(label) or _table_unit(label)):
            return None
        return _Header(label, years, True)
    match = _SPACED_HEADER.fullmatch(line.strip())
    if not match:
        return None
    label, tail = match["label"].strip(), match["tail"].strip()
    if len(label.split()) > 8 or len(tail.split()) > 4 or re.search(r"[.!?]\s*$", tail):
        return None
    if label and label.split()[-1].casefold() in {"i", "til", "fra", "og", "mellem", "for"}:
        return None  # prose ("i 2026 og 2027"), not a header
    years: list[int | None] = [int(y) for y in match["years"].split()]
    return _Header(label, years + ([None] if tail else []), False)


def _read_table(lines: list[str], at: int, header: _Header, heading: str, found: list) -> int:
    """Reads the rows under the header at `lines[at]`; returns the index after the table."""
    rows = []
    index = at + 1
    while index < len(lines) and lines[index].strip():
        if _TABLE_RULE.match(lines[index]):  # "|---|---|" under a markdown header
            index += 1
            continue
        row = _table_row(lines[index], header)
        if row is None:
            break
        rows.append((lines[index], row))
        index += 1
    if not rows:
        return at
    caption = lines[at - 1] if at > 0 else ""
    footer = next((line for line in lines[index : index + 2] if line.strip()), "")
    unit = _table_unit(header.label) or _table_unit(caption) or _table_unit(footer)
    header_kind = _kind_in(header.label)
    for line, (label, values) in rows:
        kind = _kind_in(label) or header_kind
        cells = _cells(line)
        text = " ".join(c for c in cells if c) if cells is not None else " ".join(line.split())
        for year, value in values:
            sign, number, own_unit = value
            if own_unit:
                factor = _unit_factor(own_unit)
            elif unit:
                factor = unit
            elif kind or _table_unit(label):
                factor = _table_unit(label) or 1
            else:
                continue  # a bare number in a table that states no unit: not known as money
            amount = _value(sign, number, factor)
            if amount is not None:
                found.append(_amount(amount, kind, year, heading, text))
    return index


def _table_row(line: str, header: _Header):
    """(label, [(year, (sign, number, unit)), ...]) for a row under `header`, else None."""
    cells = _cells(line)
    columns = len(header.years)
    if cells is not None and header.cells:
        label, rest = cells[0], cells[1:]
        parsed = [_value_cell(c) for c in rest]
        if any(p is False for p in parsed) or not any(p for p in parsed):
            return None
        aligned = len(rest) == columns
        values = [
            (header.years[i] if aligned else None, p)
            for i, p in enumerate(parsed)
            if p  # an empty or "-" cell holds no sum
        ]
        return label, values
    tokens = _trailing_values(line)
    if tokens is None:
        return None
    label, run = tokens
    if len(label.split()) > 12 or not run or (len(run) < 2 and columns > 1):
        return None
    if len(run) >= columns:
        label = " ".join([label, *[r[0] for r in run[: len(run) - columns]]]).strip()
        run = run[len(run) - columns :]
        values = [(header.years[i], p) for i, (_, p) in enumerate(run) if p]
    else:
        values = [(None, p) for _, p in run if p]
    return label, values


def _value_cell(cell: str):
    """A cell's sum as (sign, number, unit); None for an empty or "-" cell; False for text."""
    cell = cell.strip()
    if not cell or _DASH_CELL.fullmatch(cell):
        return None
    match = _VALUE_CELL.fullmatch(cell)
    if not match or "%" in cell:
        return False
    return (match["sign"], match["num"], match["unit"])


def _trailing_values(line: str):
    """A row of words then sums, as the parser leaves a table ("Udgift 161.982,49 kr. 0 kr."):
    (label, [(token text, (sign, number, unit) or None for a "-"), ...]) or None."""
    words = line.split()
    run: list[tuple[str, tuple | None]] = []
    index = len(words)
    while index > 0:
        unit_start = index
        # a unit of one to three words after the number ("kr.", "mio. kr.", "t. kr.")
        for size in (3, 2, 1):
            if unit_start - size > 0:
                candidate = " ".join(words[unit_start - size : unit_start])
                if _unit_factor(candidate) and re.fullmatch(
                    rf"[-−÷]?(?:{_NUMBER_SOURCE})", words[unit_start - size - 1]
                ):
                    unit_start -= size
                    break
        token = words[unit_start - 1]
        unit = " ".join(words[unit_start:index]) or None
        if _DASH_CELL.fullmatch(token) and unit is None:
            run.append((token, None))
        else:
            match = re.fullmatch(rf"(?P<sign>[-−÷])?(?P<num>{_NUMBER_SOURCE})(?:,-)?", token)
            if not match:
                break
            run.append(
                (" ".join(words[unit_start - 1 : index]), (match["sign"], match["num"], unit))
            )
        index = unit_start - 1
    if not any(p for _, p in run):
        return None
    run.reverse()
    return " ".join(words[:index]), run


def _table_unit(text: str) -> int | None:
    key = " ".join(text.casefold().split())
    for unit, factor in TABLE_UNITS:
        if re.search(rf"(?<![\w.]){re.escape(unit)}(?![^\W\d_])", key):
            return factor
    return None


# Sums in sentences ----------------------------------------------------------------------------


def _sentence_amounts(line: str, heading: str) -> list[dict]:
    found = []
    cells = _cells(line)
    if cells is not None:  # a table row without years: its cells as one line of words
        line = " ".join(c for c in cells if c)
    for start, end in _sentences(line):
        sentence = line[start:end]
        matches = _money_matches(sentence)
        text = " ".join(sentence.split())
        previous_end = 0
        for index, (m_start, m_end, amount) in enumerate(matches):
            next_start = matches[index + 1][0] if index + 1 < len(matches) else len(sentence)
            before = sentence[previous_end:m_start]
            after = sentence[m_end:next_start]
            cut = list(_CLAUSE_BREAK.finditer(before))
            own_clause = before[cut[-1].end() :] if cut else before
            after_clause = after[: m.start()] if (m := _CLAUSE_BREAK.search(after)) else after
            kind = _kind_in(own_clause, last=True)
            if kind is None and not _KIND_PAIR.search(own_clause):
                kind = _kind_in(after_clause)
            year = _year_in(after_clause[:50])
            if year is None and (index == 0 or cut):
                years = list(_YEAR_IN.finditer(own_clause[-60:]))
                year = int(years[-1]["year"]) if years else None
            found.append(_amount(amount, kind, year, heading, text))
            previous_end = m_end
    return found


def _money_matches(sentence: str) -> list[tuple[int, int, int | float]]:
    """(start, end, kroner) of each sum of money in the sentence."""
    matches = []
    taken: list[tuple[int, int]] = []
    for match in _AMOUNT.finditer(sentence):
        unit = match["unit"]
        if unit is None:
            before = sentence[max(0, match.start() - 80) : match.start()]
            if not ("." in match["num"] and _BARE_TRIGGER.search(before)):
                continue  # a number with no unit: a count, a date, a paragraph, not money
            factor = 1
        else:
            factor = _unit_factor(unit)
            if factor is None:
                continue
            if factor in (10**6, 10**9) and not re.search(r"(?i)kr|kroner", unit):
                follower = re.match(r"\s*([^\W\d_]+)", sentence[match.end() :])
                if follower and follower.group(1).casefold() not in SCALE_ONLY_FOLLOWERS:
                    continue  # "5 mio. borgere"
            if (
                factor == 1
                and match["num"] in ("1.000", "1000")
                and (
                    _UNIT_DECLARATION.search(sentence[: match.start()])
                    or not sentence[: match.start()].strip(" (")
                    and not sentence[match.end() :].strip(" ).")
                )
            ):
                continue  # "Overslag i 1.000 kr.", a line "(1.000 kr.)": a table's unit
        amount = _value(match["sign"], match["num"], factor)
        if amount is not None:
            matches.append((match.start(), match.end(), amount))
            taken.append((match.start(), match.end()))
    for match in _PREFIX_AMOUNT.finditer(sentence):
        if any(s <= match.start() < e or s < match.end() <= e for s, e in taken):
            continue
        amount = _value(match["sign"], match["num"], 1)
        if amount is not None:
            matches.append((match.start(), match.end(), amount))
    matches.sort()
    return matches


def _unit_factor(unit: str) -> int | None:
    return _UNIT_FACTOR.get(re.sub(r"[\s.]", "", unit.casefold()))


def _value(sign: str | None, number: str, factor: int) -> int | float | None:
    try:
        value = Decimal(number.replace(".", "").replace(",", ".")) * factor
    except InvalidOperation:
        return None
    if sign and sign.strip():
        value = -value
    return int(value) if value == value.to_integral_value() else float(value)


def _kind_in(text: str, last: bool = False) -> str | None:
    matches = [m for m in _KIND.finditer(text) if not _KIND_PAIR.search(text[: m.start()])]
    if not matches:
        return None
    match = matches[-1] if last else matches[0]
    return GRANT_KINDS[match["stem"].casefold()]


def _year_in(text: str) -> int | None:
    match = _YEAR_IN.search(text)
    return int(match["year"]) if match else None


def _amount(amount, kind, year, heading: str, text: str) -> dict:
    return {"amount": amount, "kind": kind, "year": year, "section": heading, "text": text}


# The referat -----------------------------------------------------------------------------------


def enrich(referat: dict) -> dict:
    """A new referat with each item's `positions`, `amounts` and `absent` (the item's own
    absences, then those read from its decision), and each participant's `party` (as it was
    where known, else as a position prints it). The input is not changed; what is not of the
    schema's shape is passed through unread."""
    if not isinstance(referat, dict):
        return referat
    result = dict(referat)
    parties: dict[str, str] = {}
    items = referat.get("items")
    if isinstance(items, list):
        result["items"] = [_enrich_item(item, parties) for item in items]
    participants = referat.get("participants")
    if isinstance(participants, list):
        result["participants"] = [_with_party(p, parties) for p in participants]
    return result


def _enrich_item(item, parties: dict[str, str]):
    if not isinstance(item, dict):
        return item
    decision = item.get("decision")
    reading = read_decision(decision)
    for position in reading.positions:
        if position["name"] and position["party"]:
            parties.setdefault(_name_key(position["name"]), position["party"])
    sections = item.get("sections")
    sections = [s for s in sections if isinstance(s, dict)] if isinstance(sections, list) else []
    if isinstance(decision, str) and decision.strip():
        if not any(_is_decision_heading(s.get("heading")) for s in sections):
            sections = [{"heading": "Beslutning", "text": decision}, *sections]
    absent: list[str] = []
    seen: set[str] = set()
    own = item.get("absent")
    for name in [*(own if isinstance(own, list) else []), *reading.absent]:
        if isinstance(name, str) and name.strip() and _name_key(name) not in seen:
            seen.add(_name_key(name))
            absent.append(name)
    return {
        **item,
        "positions": reading.positions,
        "amounts": read_amounts(sections),
        "absent": absent,
    }


def _is_decision_heading(heading) -> bool:
    if not isinstance(heading, str):
        return False
    key = " ".join(heading.casefold().split()).rstrip(" :.")
    return key in ("beslutning", "beslutninger") or key.startswith("beslutning ")


def _with_party(participant, parties: dict[str, str]):
    if not isinstance(participant, dict):
        return participant
    party = participant.get("party")
    if party is None:
        name = participant.get("name")
        party = parties.get(_name_key(name)) if isinstance(name, str) else None
    return {**participant, "party": party}


def _name_key(name: str) -> str:
    """A name compared without case, spacing or a trailing marker ("(Stedfortræder ...)")."""
    return " ".join(re.sub(r"\s*\([^()]*\)\s*$", "", name).casefold().split())
