"""A meeting's published versions and what changed between them, word by word.

Each version is a file as it came in with the referat as it was published (the source
document's snapshot); a redaction made since is made in every version shown, and a withdrawn
item is left out of every version, as on the meeting's own page.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from meetings.models import Meeting, SourceDocument
from meetings.publishing.takedown import passages_of, redact_referat, withdrawn_items

_WORDS = re.compile(r"\S+|\s+")


@dataclass
class Version:
    """One published version of a meeting."""

    number: int
    document: SourceDocument
    referat: dict | None  # None: stored before versions were kept, and not readable again

    @property
    def kind(self) -> str:
        return (self.referat or {}).get("kind") or "referat"


def meeting_versions(meeting: Meeting) -> list[Version]:
    """The meeting's versions, oldest first: every file whose content was published (not a
    same-content copy of a version, nor a version kept back because the meeting is withdrawn)."""
    documents = meeting.source_documents.exclude(
        change__in=[SourceDocument.Change.SAME, SourceDocument.Change.WITHHELD]
    ).order_by("received_at", "pk")
    passages, gone = passages_of(meeting), withdrawn_items(meeting)
    versions = []
    for number, document in enumerate(documents, start=1):
        referat = document.referat
        if referat is not None:
            items = [item for item in referat.get("items") or [] if item.get("number") not in gone]
            referat = redact_referat({**referat, "items": items}, passages)
        versions.append(Version(number, document, referat))
    return versions


@dataclass
class ItemDifference:
    """How one item differs between two versions."""

    number: int
    title: SafeString
    decision: SafeString | None = None
    sections: list[tuple[str, SafeString]] = field(default_factory=list)


@dataclass
class Difference:
    """What changed from one version to the next."""

    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    changed: list[ItemDifference] = field(default_factory=list)
    header: list[tuple[str, SafeString]] = field(default_factory=list)

    @property
    def none(self) -> bool:
        return not (self.added or self.removed or self.changed or self.header)


def word_diff(before: str | None, after: str | None) -> SafeString:
    """`after` with the words removed since `before` in <del> and the new ones in <ins>,
    every word escaped."""
    old, new = _WORDS.findall(before or ""), _WORDS.findall(after or "")
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    out = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(format_html("{}", "".join(new[b1:b2])))
            continue
        if a2 > a1:
            out.append(format_html("<del>{}</del>", "".join(old[a1:a2])))
        if b2 > b1:
            out.append(format_html("<ins>{}</ins>", "".join(new[b1:b2])))
    return mark_safe("".join(out))  # every piece escaped by format_html


def difference(before: dict, after: dict) -> Difference:
    """The difference between two versions' referater (the schema shape), item by number."""
    diff = Difference()
    old = {item["number"]: item for item in before.get("items") or []}
    new = {item["number"]: item for item in after.get("items") or []}
    diff.added = [new[n] for n in sorted(new.keys() - old.keys())]
    diff.removed = [old[n] for n in sorted(old.keys() - new.keys())]
    for key in ("date", "start_time", "location", "title"):
        if _norm(before.get(key)) != _norm(after.get(key)):
            diff.header.append((key, word_diff(before.get(key), after.get(key))))
    for number in sorted(old.keys() & new.keys()):
        a, b = old[number], new[number]
        item = ItemDifference(number, word_diff(a.get("title"), b.get("title")))
        changed = _norm(a.get("title")) != _norm(b.get("title"))
        if _norm(a.get("decision")) != _norm(b.get("decision")):
            item.decision = word_diff(a.get("decision"), b.get("decision"))
            changed = True
        old_sections = {s["heading"]: s["text"] for s in a.get("sections") or []}
        for section in b.get("sections") or []:
            heading = section["heading"]
            if heading == "Beslutning":
                continue
            if _norm(old_sections.get(heading)) != _norm(section["text"]):
                item.sections.append(
                    (heading, word_diff(old_sections.get(heading), section["text"]))
                )
                changed = True
        if changed:
            diff.changed.append(item)
    return diff


def _norm(text) -> str:
    return " ".join(str(text or "").split())
