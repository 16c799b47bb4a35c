"""Personal data a referat must not publish by mistake: CPR numbers, private phones and e-mails.

The detector is deliberately conservative: a flag that cries wolf on every sagsnr teaches the
secretariat to tick the box without reading. It flags
- CPR numbers `ddmmyy-xxxx` and `ddmmyyxxxx` whose first six digits are a real day and month
  (the modulus-11 check is not used: CPR numbers without it have been issued since 2007);
- phone numbers (`+45 12 34 56 78`, `12345678`) only right after "tlf", "telefon" or "mobil";
- e-mail addresses at the free-mail providers private persons use (gmail.com, hotmail.dk …),
  not the municipality's own addresses.

Each flag says where it is (item number and section) and shows a short excerpt with every hit
masked, so the preview itself does not spread what it warns about.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

# Days per month; February allows the 29th since the century is not known from `yy`.
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

# Six digits, an optional hyphen, four digits, not part of a longer number or sagsnr.
_CPR = re.compile(r"(?<![\d-])(\d{2})(\d{2})(\d{2})-?(\d{4})(?![\d-]|,\d|\.\d)")
_PHONE = re.compile(
    r"\b(?:tlf|telefon|mobil|mob|telefonnr|tlf\.nr)\.?(?:\s*nr\.?)?\s*[:.]?\s*"
    r"(?P<number>(?:\+45\s?)?\d{2}\s?\d{2}\s?\d{2}\s?\d{2})(?!\d)",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"\b[\w.+-]+@(?P<domain>[\w-]+(?:\.[\w-]+)+)\b")
PRIVATE_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "hotmail.com",
        "hotmail.dk",
        "live.dk",
        "live.com",
        "outlook.com",
        "outlook.dk",
        "msn.com",
        "yahoo.com",
        "yahoo.dk",
        "icloud.com",
        "me.com",
        "mail.dk",
        "jubii.dk",
        "get2net.dk",
        "stofanet.dk",
        "youmail.dk",
        "protonmail.com",
        "proton.me",
    }
)
EXCERPT_CHARS = 40
MASK = "•"


@dataclass(frozen=True)
class PersonalDataFlag:
    """One thing in a referat that looks like personal data, and where it is."""

    kind: str  # "cpr" | "phone" | "email"
    label: str  # Danish, for the preview
    place: str  # "Punkt 3, Sagsfremstilling", "Mødested" …
    excerpt: str  # plain text with every hit masked; the template escapes it

    def as_dict(self) -> dict:
        return asdict(self)


# Ten-digit numbers that are not CPR numbers when their name stands right before them.
_NOT_CPR_BEFORE = re.compile(r"(?:p-?n(?:umme)?r|ean|konto(?:nr|nummer)?|reg)\.?\s*:?\s*$", re.I)


def _plausible_cpr(match: re.Match, text: str) -> bool:
    day, month = int(match.group(1)), int(match.group(2))
    if not (1 <= month <= 12 and 1 <= day <= _DAYS_IN_MONTH[month - 1]):
        return False
    return not _NOT_CPR_BEFORE.search(text[max(0, match.start() - 20) : match.start()])


def _hits(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, label) of every hit in one text."""
    hits = []
    for match in _CPR.finditer(text):
        if _plausible_cpr(match, text):
            hits.append((match.start(), match.end(), "cpr", "CPR-nummer"))
    for match in _PHONE.finditer(text):
        hits.append((match.start("number"), match.end("number"), "phone", "Telefonnummer"))
    for match in _EMAIL.finditer(text):
        if match.group("domain").lower() in PRIVATE_MAIL_DOMAINS:
            hits.append((match.start(), match.end(), "email", "Privat e-mailadresse"))
    return sorted(hits)


def _mask(value: str, kind: str) -> str:
    if kind == "email":
        local, _, domain = value.partition("@")
        return local[:1] + MASK * (len(local) - 1) + "@" + domain
    # Digits become dots, separators stay, so the excerpt keeps its length and shape.
    return re.sub(r"\d", MASK, value)


def personal_data_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every hit in one text, for marking them in the preview."""
    return [(start, end) for start, end, _kind, _label in _hits(text)]


def find_personal_data_in_text(text: str, *, place: str) -> list[PersonalDataFlag]:
    hits = _hits(text)
    if not hits:
        return []
    masked = text
    for start, end, kind, _label in hits:
        masked = masked[:start] + _mask(masked[start:end], kind) + masked[end:]
    flags = []
    for start, end, kind, label in hits:
        left = max(0, start - EXCERPT_CHARS)
        right = min(len(masked), end + EXCERPT_CHARS)
        excerpt = " ".join(masked[left:right].split())
        excerpt = ("…" if left else "") + excerpt + ("…" if right < len(masked) else "")
        flags.append(PersonalDataFlag(kind=kind, label=label, place=place, excerpt=excerpt))
    return flags


def _texts_of(referat: dict):
    """(place, text) for every text of a parsed referat that is published."""
    yield "Overskrift", referat.get("title") or ""
    yield "Mødested", referat.get("location") or ""
    for item in referat.get("items") or []:
        number = item.get("number")
        yield f"Punkt {number}, titel", item.get("title") or ""
        for section in item.get("sections") or []:
            yield f"Punkt {number}, {section.get('heading', '')}", section.get("text") or ""
        if not any(s.get("heading") == "Beslutning" for s in item.get("sections") or []):
            yield f"Punkt {number}, Beslutning", item.get("decision") or ""
        # The parsed Bilag and Sagens forløb repeat their section's text: read them only
        # where the section itself is missing.
        headings = {section.get("heading") for section in item.get("sections") or []}
        if "Bilag" not in headings:
            for attachment in item.get("attachments") or []:
                yield f"Punkt {number}, Bilag", attachment or ""
        if "Sagens forløb" not in headings:
            for entry in item.get("case_history") or []:
                yield f"Punkt {number}, Sagens forløb", entry.get("text") or ""


def find_personal_data(referat: dict) -> list[PersonalDataFlag]:
    """Every flag in a parsed referat (the schema shape), in document order."""
    flags: list[PersonalDataFlag] = []
    seen: set[tuple[str, str]] = set()
    for place, text in _texts_of(referat):
        # The decision is both `decision` and the Beslutning section: read each text once.
        if (place, text) not in seen:
            seen.add((place, text))
            flags.extend(find_personal_data_in_text(text, place=place))
    return flags
