"""Snippets: the passages of an item where the words searched for were found, marked.

`ts_headline` parses every character it is given, so it cannot be given a whole long
Sagsfremstilling for each hit of a page. Instead the first place of each query word in the
decision and body is found with `regexp_instr` (a scan of the text, no parsing), and
ts_headline is given a window around each of those places, however deep in the item they lie.
A word found only in the title or the attachments shows the start of the item.

ts_headline passes markup such as `<img onerror=…>` through unescaped: it marks hits with
private-use placeholders, the whole snippet is escaped, and only then are the placeholders
turned into `<mark>` (safe_snippet).
"""

from __future__ import annotations

import re

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import tsquery as tsq

CONFIG = "danish"
# Placeholders ts_headline puts around hits; swapped for <mark> after escaping.
START_SEL, STOP_SEL = "\ue000", "\ue001"
# A window starts this many characters before a found word and is this long: about the two
# fragments of 12 to 30 words a snippet shows, and no more, for ts_headline's cost is the
# text it parses (20 items of 2,000 characters each took 4 to 8 ms).
BEFORE, WINDOW = 120, 400
# At most this many query words are looked for.
WORDS = 6
# A word of its own is its lexeme and at most this many letters of ending (`tilsyn-ene`).
ENDING = 5
OPTIONS = (
    f"StartSel={START_SEL}, StopSel={STOP_SEL}, MaxWords=30, MinWords=12, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)


def _patterns(positive: tsq.Node | None, items: dict[str, int]) -> tuple[list[str], list[str]]:
    """For each word of a query, the rarest first, two regular expressions (PostgreSQL's):
    where it stands as a word of its own (its lexeme and at most a Danish ending after it:
    `tilsyn` in `tilsynet`, not in `tilsynsområder`), and where it stands at all (inside a
    compound, `pulj` in `uddannelsespuljen`). The rarest word is the one worth showing."""
    lexemes = sorted(tsq.lexemes(positive), key=lambda lexeme: items.get(lexeme, 0))[:WORDS]
    words, parts = [], []
    for lexeme in lexemes:
        escaped = re.sub(r"(\W)", r"\\\1", lexeme)
        words.append(rf"\m{escaped}\w{{0,{ENDING}}}\M")
        parts.append(escaped)
    return words, parts


def snippets(
    ids: list[int], marked: str, positive: tsq.Node | None, items: dict[str, int] | None = None
) -> dict[int, SafeString]:
    """Escaped, marked snippets of these items, by id. `marked` is the tsquery whose words are
    marked (the positive part of the query, with the compounds holding its words); `items`
    the number of items of each lexeme, so that the rarest word found is shown first."""
    if not ids:
        return {}
    words, parts = _patterns(positive, items or {})
    # Two windows at most: where the two rarest words found stand, one window when they are
    # close. A window that starts inside a word starts after it.
    sql = f"""
        WITH t AS MATERIALIZED (
            SELECT id, translate(decision || E'\\n' || search_body, %s, '') AS text
            FROM meetings_agendaitem WHERE id = ANY(%s)
        ), found AS (
            SELECT t.id, p.n, coalesce(nullif(regexp_instr(t.text, p.word, 1, 1, 0, 'i'), 0),
                                       nullif(regexp_instr(t.text, p.part, 1, 1, 0, 'i'), 0))
                              AS place
            FROM t, unnest(%s::text[], %s::text[]) WITH ORDINALITY AS p(word, part, n)
        ), chosen AS (
            SELECT id, place, row_number() OVER (PARTITION BY id ORDER BY n) AS rarest
            FROM found WHERE place IS NOT NULL
        ), places AS (
            SELECT id, min(place) AS first, max(place) AS last FROM chosen WHERE rarest <= 2
            GROUP BY id
        ), windows AS (
            SELECT t.id, CASE
                WHEN p.id IS NULL THEN ARRAY[1, {WINDOW}]
                WHEN p.last - p.first <= {WINDOW - BEFORE}
                    THEN ARRAY[greatest(p.first - {BEFORE}, 1), {WINDOW} + p.last - p.first]
                ELSE ARRAY[greatest(p.first - {BEFORE}, 1), {WINDOW},
                           greatest(p.last - {BEFORE}, 1), {WINDOW}]
            END AS w
            FROM t LEFT JOIN places p ON p.id = t.id
        )
        SELECT t.id, ts_headline(%s::regconfig, (
            SELECT string_agg(CASE WHEN w.w[i] > 1
                                   THEN regexp_replace(substr(t.text, w.w[i], w.w[i + 1]),
                                                       '^\\S*\\s+', '')
                                   ELSE substr(t.text, 1, w.w[i + 1]) END, ' … ' ORDER BY i)
            FROM generate_series(1, array_length(w.w, 1), 2) AS i
        ), %s::tsquery, %s)
        FROM t JOIN windows w ON w.id = t.id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [START_SEL + STOP_SEL, ids, words, parts, CONFIG, marked, OPTIONS])
        return {pk: safe_snippet(headline) for pk, headline in cursor.fetchall()}


def safe_snippet(headline: str | None) -> SafeString:
    """Escape a ts_headline entirely, then turn only our placeholders into <mark>."""
    text = escape(headline or "")
    # Safe by construction: everything was escaped; only our own <mark> is markup.
    return mark_safe(text.replace(START_SEL, "<mark>").replace(STOP_SEL, "</mark>"))
