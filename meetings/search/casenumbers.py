"""A sagsnr as people type and paste it, and the case it names.

A case number is printed in many ways: `25-003798` and `25/3798`, `Sagsnr. 25-003798`,
`21-3658A` and `21-3658a`, `EMN-2025-003383`, `85.02.02-G01-5-17`, `25 - 003798`. They all
name one case, stored under the one number its referat printed. The *key* of a number is what
those ways share: upper case, a run of spaces, `-` or `/` between two parts one `-`, and no
leading zeros. The database keeps an index on the key of every stored number
(`meetings_case_key`, migration 0030), so that a typed form finds its case at any size of
archive; the same SQL function makes both keys, so they cannot drift apart.

The schemes and labels are the format's words, from meetings.vocabulary.
"""

from __future__ import annotations

import re
from functools import cache

from django.db.models import F, Func, TextField, Value

from meetings.vocabulary import (
    BARE_CASE_NUMBER_LABELS,
    CASE_NUMBER_LABELS,
    CASE_NUMBER_SCHEMES,
    PAGE_CASE_NUMBER_LABELS,
)

# The case number as the longest thing typed: a query longer than this is words.
LONGEST = 48


def _label_pattern(labels) -> str:
    # "Sags nr." is also typed "Sagsnr" or "sags nr": spaces and the final period optional.
    alternatives = sorted(
        {
            re.escape(label.rstrip(".")).replace(r"\ ", r"\s*").replace(r"\.", r"\.?")
            for label in labels
        },
        key=len,
        reverse=True,
    )
    return "|".join(alternatives)


@cache
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    labels = _label_pattern((*CASE_NUMBER_LABELS, *PAGE_CASE_NUMBER_LABELS))
    bare = _label_pattern(BARE_CASE_NUMBER_LABELS)
    schemes = "|".join(f"(?:{scheme})" for scheme in CASE_NUMBER_SCHEMES)
    label = re.compile(rf"^(?:(?P<label>{labels})|(?P<bare>{bare}))\.?\s*:?\s*(?=\S)", re.I)
    scheme = re.compile(rf"^(?:{schemes})$", re.I)
    return label, scheme, re.compile(r"^[A-ZÆØÅ0-9][\wÆØÅæøå./-]*$", re.I)


# Spaces around a separator ("25 - 003798", "20 / 33839") are no part of the number.
_SPACED_SEPARATOR = re.compile(r"\s*([-/])\s*")
# Two digit groups with only a space between (`25 003798`): the form of a Lejre number.
_SPACED_NUMBER = re.compile(r"^(\d{2})\s+(\d{3,7}[A-ZÆØÅ]{0,2})$", re.I)


def label_length(text: str) -> int:
    """How many characters at the start of `text` are a case-number label ("Sagsnr.: "), or
    0 when it starts with none (a bare "Sag" counts only before a known scheme)."""
    label, scheme, _any = _patterns()
    match = label.match(text.strip())
    if not match:
        return 0
    rest = text.strip()[match.end() :]
    if match["bare"] and not scheme.match(_SPACED_SEPARATOR.sub(r"\1", rest)):
        return 0
    return len(text) - len(text.lstrip()) + match.end()


def typed_case_number(query: str) -> str | None:
    """The case number a query is, as typed (separators tidied), or None when it is words.

    A known scheme is one with or without a label; after a label (`Sagsnr.`, `Sag nr.`,
    `j.nr.` …) any number is, as the parser reads them.
    """
    text = (query or "").strip()
    if not text or len(text) > LONGEST + 20:
        return None
    label, scheme, anything = _patterns()
    labelled = label_length(text)
    rest = text[labelled:].strip()
    if not rest or len(rest) > LONGEST:
        return None
    rest = _SPACED_SEPARATOR.sub(r"\1", rest)
    spaced = _SPACED_NUMBER.match(rest)
    if spaced:
        rest = f"{spaced[1]}-{spaced[2]}"
    if scheme.match(rest):
        return rest.upper()
    if labelled and anything.match(rest) and any(c.isdigit() for c in rest):
        return rest.upper()
    return None


def key_of(expression) -> Func:
    """The key of a case number (a column or a value), as the database computes it."""
    return Func(expression, function="meetings_case_key", output_field=TextField())


def cases_numbered(number: str, *, municipality=None, limit: int = 20) -> list:
    """The cases whose number is a form of `number` (any municipality's, or one's), the one
    printed exactly so first."""
    from meetings.models import Case

    cases = Case.objects.alias(key=key_of(F("number"))).filter(key=key_of(Value(number.upper())))
    if municipality is not None:
        cases = cases.filter(municipality=municipality)
    found = list(cases.order_by("number")[:limit])
    return sorted(found, key=lambda case: case.number != number)


def case_for_query(query: str, *, municipality=None):
    """The one case a query names (a sagsnr, perhaps with a label), or None.

    A number two municipalities share names no one case: it is searched as words.
    """
    number = typed_case_number(query)
    if number is None:
        return None
    found = cases_numbered(number, municipality=municipality)
    owners = {case.municipality_id for case in found}
    if len(owners) != 1:
        return None
    return found[0]
