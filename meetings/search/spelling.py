"""Typos: the confident correction of a query that found nothing ("Viser resultater for …").

A word is corrected only when it is no word at all: not in the archive's vocabulary
(`meetings_searchword`, the words of every stored item and their compound parts) and not in
Danish (wordfreq's list). Its correction is a word the archive holds, found in this order:

1. `aa`, `oe`, `ae` written for `å`, `ø`, `æ` (`ungeloeftet` is `ungeløftet`);
2. one edit away (a letter missing, extra, wrong, or two swapped: `beskæftigelsesrefomen`);
3. two edits away, for a word of eight letters or more (through the trigram index);
4. a compound of two known words with one edit in one of them (`skolerefom` is `skole` +
   `reform`, never the shorter `skoler`).

A case number, a number, a word excluded with `-`, and the format's own words (`Sagsnr.`,
`Sag`, `j.nr.`, `Punkt`, section headings: meetings.vocabulary) are never changed. A
correction is *confident* when it is the only candidate of its kind or holds at least twice
the items of the next; only a confident correction replaces the results of a query that
found nothing, any other is offered as "Mente du …?".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import product

from django.db import connection

from meetings.vocabulary import (
    BARE_CASE_NUMBER_LABELS,
    CASE_NUMBER_LABELS,
    DOCUMENT_WORDS,
    HEADER_LABELS,
    ITEM_WORDS,
    ITEM_WORDS_ABBREVIATED,
    PAGE_CASE_NUMBER_LABELS,
    STANDARD_SECTIONS,
)

# The Danish letters `aa`, `oe` and `ae` stand for on a keyboard without them.
FOLDS = (("aa", "å"), ("oe", "ø"), ("ae", "æ"))
ALPHABET = "abcdefghijklmnopqrstuvwxyzæøåé"
# Two edits are trusted only in a word this long.
TWO_EDITS_FROM = 8
# A compound's parts are at least this long.
MIN_PART = 4
# A correction is confident when it holds at least this many times the runner-up's items.
CONFIDENT_MARGIN = 2
# Words of a query: letters, as the suggestion vocabulary keeps them.
_WORD = re.compile(r"[a-zæøåéü]{3,40}")
_TOKEN = re.compile(r"\S+")
_LETTERS = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Correction:
    """A query with its unknown words replaced."""

    text: str
    confident: bool


@cache
def format_words() -> frozenset[str]:
    """The words the referat format prints as labels and headings (meetings.vocabulary), in
    lower case: a query word that is one is never corrected."""
    words = set()
    for label in (
        *CASE_NUMBER_LABELS, *BARE_CASE_NUMBER_LABELS, *PAGE_CASE_NUMBER_LABELS,
        *HEADER_LABELS, *ITEM_WORDS, *ITEM_WORDS_ABBREVIATED, *DOCUMENT_WORDS,
        *STANDARD_SECTIONS,
    ):  # fmt: skip
        words.update(part.lower() for part in _LETTERS.findall(label))
    return frozenset(words)


@cache
def _danish() -> frozenset[str]:
    from wordfreq import get_frequency_dict

    return frozenset(get_frequency_dict("da", wordlist="best"))


def is_danish(word: str) -> bool:
    """Whether a word (in lower case) is in wordfreq's Danish list."""
    return word in _danish()


# A word of the vocabulary counts only while an item still holds it: the vocabulary keeps the
# words of a replaced, redacted or withdrawn item (index_items only adds), the lexeme counts
# are exact (migration 0031). A redacted word is never offered as a correction.
_HELD = (
    "EXISTS (SELECT 1 FROM meetings_searchlexeme l WHERE l.items > 0 AND "
    "l.lexeme = ANY(tsvector_to_array(to_tsvector('danish', w.word))))"
)


def _items(words) -> dict[str, int]:
    """The archive's words among `words`, with their numbers of items."""
    words = sorted(set(words))
    if not words:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT word, items FROM meetings_searchword w WHERE word = ANY(%s) AND {_HELD}",
            [words],
        )
        return dict(cursor.fetchall())


def folds(word: str) -> set[str]:
    """The word with each `aa`, `oe`, `ae` read as `å`, `ø`, `æ` or as written (itself out)."""
    pieces = re.split(r"(aa|oe|ae)", word)
    if len(pieces) == 1 or len(pieces) > 9:  # none, or too many to try every reading
        return set()
    options = [(piece, dict(FOLDS)[piece]) if i % 2 else (piece,) for i, piece in enumerate(pieces)]
    return {"".join(choice) for choice in product(*options)} - {word}


def edits(word: str) -> set[str]:
    """Every string one edit from `word`: a letter deleted, two swapped, one replaced or added."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deleted = {a + b[1:] for a, b in splits if b}
    swapped = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaced = {a + c + b[1:] for a, b in splits if b for c in ALPHABET}
    added = {a + c + b for a, b in splits for c in ALPHABET}
    return (deleted | swapped | replaced | added) - {word}


def distance(a: str, b: str) -> int:
    """Edits from a to b (optimal string alignment: deletions, insertions, replacements and
    swaps of neighbours)."""
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb and previous2 is not None:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def _best(candidates: dict[str, int]) -> tuple[str, bool] | None:
    """The candidate with the most items, and whether it is confident."""
    if not candidates:
        return None
    ranked = sorted(candidates.items(), key=lambda wi: (-wi[1], wi[0]))
    best, items = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    return best, items >= CONFIDENT_MARGIN * runner_up


def _near(word: str) -> list[tuple[str, int]]:
    """Words of the archive like `word` by trigrams, with their items."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT word, items FROM meetings_searchword w WHERE word %% %s AND {_HELD} "
            "ORDER BY similarity(word, %s) DESC, items DESC LIMIT 40",
            [word, word],
        )
        return cursor.fetchall()


def _compound(word: str) -> tuple[str, bool] | None:
    """Two known words with one edit in one of them, written together (`skole` + `reform`)."""
    heads = [word[:i] for i in range(MIN_PART, len(word) - MIN_PART + 2)]
    tails = [word[i:] for i in range(MIN_PART, len(word) - MIN_PART + 2)]
    whole = {*heads, *tails}
    fixed = {w: edits(w) for w in whole}
    known = _items(whole | {e for e in fixed.values() for e in e})

    def usable(part: str) -> bool:
        return len(part) >= MIN_PART and (part in known or is_danish(part))

    candidates: dict[str, int] = {}
    for head, tail in zip(heads, tails, strict=True):
        if head in known and tail not in known:
            for repaired in fixed[tail] & known.keys():
                if usable(repaired):
                    candidates[head + repaired] = min(known[head], known[repaired])
        elif tail in known and head not in known:
            for repaired in fixed[head] & known.keys():
                if usable(repaired):
                    candidates[repaired + tail] = min(known[repaired], known[tail])
    return _best(candidates)


def correct_word(word: str) -> tuple[str, bool] | None:
    """The correction of one word in lower case, and whether it is confident; None when the
    word needs none or none is found."""
    if word in format_words() or is_danish(word):
        return None
    if _items([word]):
        return None
    folded = _best(_items(folds(word)))
    if folded:
        return folded
    one = _best(_items(edits(word)))
    if one:
        return one
    if len(word) >= TWO_EDITS_FROM:
        two = {w: n for w, n in _near(word) if w != word and distance(word, w) <= 2}
        found = _best(two)
        if found:
            return found
    return _compound(word)


def correct_query(query: str) -> Correction | None:
    """The query with its unknown words corrected, everything else as typed; None when no word
    needs or finds a correction."""
    replaced: list[tuple[int, int, str]] = []
    confident = True
    for token in _TOKEN.finditer(query):
        text = token.group()
        if text.startswith("-") or any(c.isdigit() for c in text):
            continue  # an exclusion, a case number, a number: as typed
        letters = _LETTERS.findall(text.lower())
        if not letters or all(part in format_words() for part in letters):
            continue
        for match in _WORD.finditer(text.lower()):
            if match.group() == "or" or match.group() in format_words():
                continue
            found = correct_word(match.group())
            if found is None:
                continue
            correction, sure = found
            original = text[match.start() : match.end()]
            if original[:1].isupper():
                correction = correction[:1].upper() + correction[1:]
            replaced.append((token.start() + match.start(), token.start() + match.end(),
                             correction))  # fmt: skip
            confident = confident and sure
    if not replaced:
        return None
    out, position = [], 0
    for start, end, correction in replaced:
        out += [query[position:start], correction]
        position = end
    out.append(query[position:])
    return Correction("".join(out), confident)
