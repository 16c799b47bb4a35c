"""Danish compound words split into their parts, so that `pulje` finds `uddannelsespuljen`.

PostgreSQL's danish configuration stems words but does not split compounds, and Danish writes
compounds as one word (beskæftigelses|reform|en, ungeløft|s|puljen). We split at indexing time
against the Danish word list of `wordfreq` (installs from PyPI, works offline), allowing the
linking letters `s` and `e` between parts, and keep the whole word as well: the parts go into
a lower-weighted column so a whole-word hit ranks above a compound-part hit.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

# A part shorter than this is too likely a chance match ("ind", "ere", "ens").
MIN_PART = 4
# Three-letter words may be parts only when they are common nouns of the domain.
SHORT_PARTS = frozenset({"råd", "sag", "lov", "løn", "vej", "tid", "ung", "års", "kur", "hus"})
# A known tail after an unknown head must be at least this long.
MIN_TAIL = 6
# Words shorter than this are not worth splitting.
MIN_COMPOUND = 8
LINKING_LETTERS = ("s", "e")
# Common function words and affixes that are words on their own but no meaningful part.
NOT_PARTS = frozenset(
    {
        "over", "under", "efter", "inden", "imod", "igen", "ikke", "selv", "også", "sammen",
        "ende", "ning", "else", "elser", "hed", "heden", "ering", "eringen", "lige", "ling",
        "skab", "skabet", "mente", "enhed", "isk", "iske", "erne", "ener",
        "ners", "dels", "dele", "ation", "tion",
    }
)  # fmt: skip
# Endings a final part may carry beyond its dictionary form (the stemmer handles them later).
INFLECTIONS = ("", "en", "et", "n", "t", "ne", "er", "erne", "ens", "ets", "s", "es", "e")
WORD = re.compile(r"[a-zæøåéü]+")


@cache
def _vocabulary() -> frozenset[str]:
    """Danish words from wordfreq's list, filtered to plausible compound parts."""
    from wordfreq import get_frequency_dict

    words = get_frequency_dict("da", wordlist="best")
    return frozenset(
        w
        for w in words
        if w.isalpha()
        and (len(w) >= MIN_PART or w in SHORT_PARTS)
        and w not in NOT_PARTS
        and len(w) <= 30
    )


@lru_cache(maxsize=200_000)
def split_compound(word: str) -> tuple[str, ...]:
    """The parts of a Danish compound, or () when the word is not one.

    Fewest parts wins (a long known part beats several short ones); linking letters are
    dropped from the parts: "ungeløftspuljen" -> ("unge", "løft", "puljen").
    """
    word = word.lower()
    if len(word) < MIN_COMPOUND or not word.isalpha():
        return ()
    n = len(word)
    vocabulary = _vocabulary()
    # Every final part ends where the word ends: which inflections it may carry is known once
    # per word (one or two of the thirteen), not tried again for each part.
    endings = [len(ending) for ending in INFLECTIONS if ending and word.endswith(ending)]

    def final_part(part: str) -> bool:
        return part in vocabulary or any(
            len(part) - cut >= MIN_PART and part[:-cut] in vocabulary for cut in endings
        )

    # best[i]: the best split of word[i:] as (parts, linking e's), or None. Fewest parts wins;
    # then fewer linking e's, for an `e` is more often a word's own last letter than a link
    # (skole|reform, not skoler|e|form; folkeskole|reformen, not folkeskoler|e|formen); then
    # the longer first part.
    best: list[tuple[tuple[str, ...], int] | None] = [None] * (n + 1)
    best[n] = ((), 0)
    for i in range(n - 1, -1, -1):
        candidates = []
        for j in range(i + 3, n + 1):
            part = word[i:j]
            if j == n:
                if i > 0 and final_part(part):
                    candidates.append(((part,), 0))
                continue
            if part not in vocabulary:
                continue
            for k in (j, *(j + 1 for letter in LINKING_LETTERS if word[j] == letter)):
                rest = best[k] if k <= n else None
                if rest and rest[0]:
                    links = rest[1] + (k > j and word[j] == "e")
                    candidates.append(((part, *rest[0]), links))
        if candidates:
            best[i] = min(
                candidates, key=lambda split: (len(split[0]), split[1], -len(split[0][0]))
            )
    parts = best[0][0] if best[0] else ()
    if len(parts) >= 2:
        return parts
    # An unknown head before a known tail still names the thing: "førtids|pension".
    for i in range(3, n - MIN_TAIL + 1):
        if final_part(word[i:]) and word[i:] not in NOT_PARTS:
            return (word[i:],)
    return ()


def participle_stem(word: str) -> str:
    """The bare stem of a past form the danish stemmer leaves apart: skærpede -> skærp.

    Snowball turns "skærpet" into "skærp" but "skærpede" into "skærped"; indexing the bare stem
    as well (and querying both) makes the two forms meet.
    """
    word = word.lower()
    if len(word) >= 7 and word.endswith("ede"):
        return word[:-3]
    return ""


def compound_terms(text: str) -> list[str]:
    """Compound parts and extra stems of the words in `text`, each once, in first-seen order.

    A part that is a compound itself gives its parts too (folkeskole|reformen also holds
    `skole`), so that `skolereform` finds `folkeskolereformen` through `skole` and `reform`.
    """
    seen: dict[str, None] = {}
    for word in WORD.findall(text.lower()):
        for part in split_compound(word):
            seen.setdefault(part, None)
            for inner in split_compound(part):
                seen.setdefault(inner, None)
        extra = participle_stem(word)
        if extra:
            seen.setdefault(extra, None)
    return list(seen)
