"""Full-text search of agenda items: where a search query becomes SQL.

`index_items` is called by the ingest store after it wrote a meeting's items, inside the same
transaction, so that what is searchable never lags behind what is stored. It copies onto each
item row what the generated `search_vector` column weighs (A title + sagsnr, B decision,
C body sections, D attachments, committee names and compound parts).

Queries are bounded so that a broad word over a million items stays fast: PostgreSQL finds
matches newest first (or through the GIN index when they are few: the planner chooses from the
tsvector statistics), only the newest CANDIDATES matches are ranked. The count is exact (and
free) when all matches were candidates; above that it is the planner's estimate ("ca.") for
broad queries or a bounded count ("over 5.000"); facets then count the ranked candidates.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from meetings.converters import MeetingDay
from meetings.vocabulary import COMMITTEE_CODES, Outcome, section_kind

from .compounds import compound_terms, split_compound

CONFIG = "danish"
# Broad queries rank only this many of their newest matches.
CANDIDATES = 200
# Above this many matches (as the planner estimates from the tsvector statistics: reliable for
# frequent words) a query is broad: newest-first candidates, and the planner's estimate as
# count ("ca."): counting half a million matches costs what ranking them does.
BROAD = 50_000
# Narrower queries are counted exactly up to this many ("over 5.000" beyond).
EXACT_COUNT_BELOW = 5_000
# Below this many hits a "Mente du …?" is looked for.
SUGGEST_BELOW = 3
# Snippets come from the start of decision + body: ts_headline parses all it is given.
HEADLINE_CHARS = 2000
# Placeholders ts_headline puts around hits; swapped for <mark> after escaping.
START_SEL, STOP_SEL = "\ue000", "\ue001"
SORTS = ("relevance", "date", "amount")
SAGSNR = re.compile(r"^\s*(\d{2})\s*[-/ ]\s*(\d{1,6})([A-Za-z]?)\s*$")
SEARCH_WORD = re.compile(r"[a-zæøåéü]{3,40}")


# --- indexing -----------------------------------------------------------------------------


def sagsnr_forms(number: str) -> str:
    """The ways people write a sagsnr: 25-003798, 25/3798, 25-3798, 253798."""
    match = SAGSNR.match(number or "")
    if not match:
        return number or ""
    year, serial = match.group(1), match.group(2).lstrip("0") or "0"
    serial += match.group(3).upper()
    return " ".join(
        dict.fromkeys(
            [number, f"{year}-{serial.zfill(6 + len(match.group(3)))}", f"{year}/{serial}",
             f"{year}-{serial}", f"{year}{serial}"]
        )
    )  # fmt: skip


def normalise_sagsnr(text: str) -> str | None:
    """The canonical sagsnr (25-003798) when `text` is one, else None."""
    match = SAGSNR.match(text or "")
    if not match:
        return None
    return f"{match.group(1)}-{match.group(2).zfill(6)}{match.group(3).upper()}"


def index_items(items: Iterable) -> None:
    """Fill the search columns of these agenda items and add their words to the vocabulary."""
    from meetings.models import AgendaItem

    ids = [item.pk for item in items]
    if not ids:
        return
    rows = (
        AgendaItem.objects.filter(pk__in=ids)
        .select_related("meeting", "case")
        .prefetch_related("sections", "attachments")
    )
    updated = []
    words: dict[str, int] = {}
    for item in rows:
        body = "\n".join(
            section.text
            for section in item.sections.all()
            if section_kind(section.heading) not in ("decision", "history")
        )
        committees = {item.meeting.committee_name}
        committees.update(COMMITTEE_CODES.get(code, code) for code in item.committee_codes)
        attachments = "\n".join([*(a.name for a in item.attachments.all()), *sorted(committees)])
        item.search_case = sagsnr_forms(item.case.number) if item.case else ""
        item.search_body = body
        item.search_attachments = attachments
        item.search_compounds = " ".join(
            compound_terms(" ".join([item.title, item.decision, body, attachments]))
        )
        item.search_date = item.meeting.date
        item.search_committee_id = item.meeting.committee_id
        item.search_period = item.meeting.period
        item.search_municipality_id = item.meeting.municipality_id
        updated.append(item)
        text = f"{item.title} {item.decision} {body} {item.search_compounds}".lower()
        for word in set(SEARCH_WORD.findall(text)):
            words[word] = words.get(word, 0) + 1
    # One UPDATE from arrays: bulk_update's CASE per column and row cost more to build than
    # the rest of indexing a meeting (42 ms of a Greve meeting's 180).
    columns = {
        "search_case": ("text", [i.search_case for i in updated]),
        "search_body": ("text", [i.search_body for i in updated]),
        "search_attachments": ("text", [i.search_attachments for i in updated]),
        "search_compounds": ("text", [i.search_compounds for i in updated]),
        "search_date": ("date", [i.search_date for i in updated]),
        "search_committee_id": ("bigint", [i.search_committee_id for i in updated]),
        "search_period": ("text", [i.search_period for i in updated]),
        "search_municipality_id": ("bigint", [i.search_municipality_id for i in updated]),
    }
    names = ", ".join(columns)
    arrays = ", ".join(f"%s::{kind}[]" for kind, _values in columns.values())
    sets = ", ".join(f"{name} = v.{name}" for name in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AgendaItem._meta.db_table} AS i SET {sets} "
            f"FROM unnest(%s::bigint[], {arrays}) AS v(id, {names}) WHERE i.id = v.id",
            [[i.pk for i in updated], *(values for _kind, values in columns.values())],
        )
    add_search_words(words)


def add_search_words(words: dict[str, int]) -> None:
    """Add words (with the number of items they occur in) to the suggestion vocabulary."""
    if not words:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO meetings_searchword (word, items) "
            "SELECT * FROM unnest(%s::text[], %s::int[]) "
            "ON CONFLICT (word) DO UPDATE SET items = meetings_searchword.items + excluded.items",
            [list(words), list(words.values())],
        )


# --- querying -----------------------------------------------------------------------------


@dataclass
class Filters:
    """What a search is narrowed to; every field optional."""

    # The committees of one name: one municipality's, or every municipality's of that name.
    committees: list[int] | None = None
    municipality: int | None = None
    period: str = ""
    date_from: date | None = None
    date_to: date | None = None
    outcome: str | None = None
    split: bool = False  # only decisions where someone voted against or took a reservation
    money: bool = False  # only items that state a sum

    def sql(self) -> tuple[str, list]:
        clauses, params = [], []
        if self.split:
            clauses.append("split")
        if self.money:
            clauses.append("largest_amount IS NOT NULL")
        if self.municipality:
            clauses.append("search_municipality_id = %s")
            params.append(self.municipality)
        if self.committees is not None:
            clauses.append("search_committee_id = ANY(%s)")
            params.append(list(self.committees))
        if self.period:
            clauses.append("search_period = %s")
            params.append(self.period)
        if self.date_from:
            clauses.append("search_date >= %s")
            params.append(self.date_from)
        if self.date_to:
            clauses.append("search_date <= %s")
            params.append(self.date_to)
        if self.outcome is not None:
            clauses.append("outcome = %s")
            params.append(self.outcome)
        return "".join(f" AND {c}" for c in clauses), params


@dataclass
class Hit:
    """One agenda item found, with its escaped, highlighted snippet."""

    id: int
    rank: float
    meeting_date: date
    number: int
    title: str
    committee: str
    committee_slug: str
    case_number: str
    decision: str
    outcome: str
    snippet: str  # safe HTML: escaped referat text with our own <mark>
    meeting_day_number: int = 1
    municipality_id: int | None = None
    split: bool = False
    largest_amount: object = None  # Decimal kroner, or None

    def get_absolute_url(self) -> str:
        from meetings.templatetags.archive import item_address

        day = MeetingDay(self.meeting_date, self.meeting_day_number)
        return item_address(self.municipality_id, self.committee_slug, day, self.number)

    @property
    def case_url(self) -> str:
        from meetings.templatetags.archive import case_href

        return case_href(self.municipality_id, self.case_number) if self.case_number else ""

    @property
    def outcome_label(self) -> str:
        return Outcome.LABELS.get(self.outcome, "")


@dataclass
class SearchResult:
    """A page of hits, with a capped count, facets and perhaps a suggestion."""

    query: str
    hits: list[Hit] = field(default_factory=list)
    count: int = 0
    count_capped: bool = False  # True: `count` is not exact (the planner's estimate …
    count_at_least: bool = False  # … or, when this is set, a lower bound)
    facets: dict[str, list[tuple]] = field(default_factory=dict)
    suggestion: str | None = None
    empty_query: bool = False


def build_tsquery(query: str) -> str:
    """The tsquery text of a websearch query, with the extra participle stems (or "").

    `skærpede` stems to 'skærped' but `skærpet` to 'skærp'; index_items indexes the bare stem
    of -ede words, and here each 'xxxed' lexeme also matches 'xxx'.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT websearch_to_tsquery(%s::regconfig, %s)::text", [CONFIG, query])
        text = cursor.fetchone()[0] or ""
    return re.sub(r"'([^'\s]{4,})ed'", r"( '\1ed' | '\1' )", text)


def positive_part(tsquery: str) -> str:
    """The tsquery without its negations: ts_rank scores every document 0 under a NOT."""
    text = re.sub(r"!\s*(\([^()]*\)|'(?:[^']|'')*'(?::\*)?)", "", tsquery)
    text = re.sub(r"(&\s*)+(?=\)|$)", "", text)
    text = re.sub(r"(?<=\()\s*&|^\s*&", "", text)
    text = re.sub(r"&\s*&", "&", text)
    return text.strip() or tsquery


# Words that hold a query word inside them (compounds) are marked in snippets too; at most
# this many of the most frequent such words, so a short stem cannot make the headline slow.
HEADLINE_COMPOUNDS = 40
MIN_HEADLINE_PART = 4


def headline_compounds(positive: str) -> str:
    """The indexed compounds holding one of the words of a tsquery's positive part (see
    positive_part), as to_tsquery text ("" if none).

    Snippets are cut and marked by the query's own words and these (`pension` also marks
    `førtidspension`): a compound-part hit is found through the parts column, but ts_headline
    only sees the text, where the part is inside a longer word.
    """
    parts = {
        lexeme
        for lexeme in re.findall(r"'((?:[^']|'')+)'", positive)
        if len(lexeme) >= MIN_HEADLINE_PART and SEARCH_WORD.fullmatch(lexeme)
    }
    if not parts:
        return ""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word FROM meetings_searchword WHERE word LIKE ANY(%s) AND length(word) > %s "
            "ORDER BY items DESC, word LIMIT %s",
            [
                [f"%{part}%" for part in sorted(parts)],
                MIN_HEADLINE_PART + 2,
                HEADLINE_COMPOUNDS * 5,
            ],
        )
        words = [word for (word,) in cursor.fetchall()]
    # Only words that are compounds of a query word, as the index splits them:
    # `kommune` marks `nabokommunen`, not `kommunikation`.
    compounds = [
        word for word in words if any(p.startswith(tuple(parts)) for p in split_compound(word))
    ]
    return " | ".join(compounds[:HEADLINE_COMPOUNDS])


def search_items(
    query: str,
    *,
    filters: Filters | None = None,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = 20,
    facets: bool = True,
    suggest: bool = True,
) -> SearchResult:
    """Search agenda items: ranked (or newest-first) page, capped count, facets, suggestion."""
    result = SearchResult(query=query)
    tsquery = build_tsquery(query) if query.strip() else ""
    if not tsquery:
        result.empty_query = True
        return result
    filters = filters or Filters()
    where, params = filters.sql()
    match = f"search_vector @@ %s::tsquery{where}"
    match_params = [tsquery, *params]
    sort = sort if sort in SORTS else "relevance"
    offset = max(page - 1, 0) * per_page

    # The newest matches first: an index scan on (search_date, id) that stops early for broad
    # words, or the GIN index and a sort for rare ones.
    count_sql = f"SELECT 1 FROM meetings_agendaitem WHERE {match}"
    with connection.cursor() as cursor:
        estimate = _estimate(cursor, count_sql, match_params)
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'meetings_agendaitem'::regclass")
        # A frequent word's estimate comes from the tsvector statistics and is reliable.
        broad = estimate >= min(BROAD, max(cursor.fetchone()[0], 0) / 20)
    # Newest matches first: the planner walks the (search_date, id) index and stops after
    # CANDIDATES matches when they are dense, or takes them from the GIN index when rare.
    candidates = (
        "SELECT id, search_vector, search_date, search_committee_id, search_period, outcome, "
        "search_municipality_id, largest_amount "
        "FROM meetings_agendaitem "
        f"WHERE {match} ORDER BY search_date DESC, id DESC LIMIT {CANDIDATES}"
    )
    if sort == "date":
        order = "c.search_date DESC, c.id DESC"
    elif sort == "amount":
        # Among the ranked candidates (all matches, for a query that is not broad).
        order = "abs(c.largest_amount) DESC NULLS LAST, c.search_date DESC, c.id DESC"
    else:
        order = "rank DESC, c.search_date DESC, c.id DESC"
    sql = f"""
        WITH c AS MATERIALIZED ({candidates}),
        page AS (
            SELECT c.id, ts_rank(c.search_vector, %s::tsquery) AS rank, c.search_date,
                   c.largest_amount, count(*) OVER () AS candidates
            FROM c ORDER BY {order} LIMIT %s OFFSET %s
        )
        SELECT page.candidates, page.id, page.rank, m.date, i.number, i.title, m.committee_name,
               co.slug,
               coalesce(cs.number, ''), i.decision, i.outcome,
               (SELECT array_agg(concat_ws('|', coalesce(search_committee_id::text, ''),
                                           search_period, outcome,
                                           coalesce(search_municipality_id::text, '')))
                FROM c) AS candidate_facets,
               ts_headline(%s::regconfig,
                   translate(left(i.decision || E'\\n' || i.search_body, {HEADLINE_CHARS}), %s, ''),
                   %s::tsquery || to_tsquery(%s::regconfig, %s),
                   %s),
               m.day_number, m.municipality_id, i.split, i.largest_amount
        FROM page
        JOIN meetings_agendaitem i ON i.id = page.id
        JOIN meetings_meeting m ON m.id = i.meeting_id
        JOIN meetings_committee co ON co.id = m.committee_id
        LEFT JOIN meetings_case cs ON cs.id = i.case_id
        ORDER BY {order.replace("c.", "page.")}
    """
    headline_options = (
        f"StartSel={START_SEL}, StopSel={STOP_SEL}, MaxWords=30, MinWords=12, "
        'MaxFragments=2, FragmentDelimiter=" … "'
    )
    # Ranking and snippets use the words searched for, not the excluded ones.
    positive = positive_part(tsquery)
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                *match_params,
                positive,
                per_page,
                offset,
                CONFIG,
                START_SEL + STOP_SEL,
                positive,
                CONFIG,
                headline_compounds(positive),
                headline_options,
            ],
        )
        rows = cursor.fetchall()
        result.hits = [
            Hit(
                *row[1:11],
                snippet=safe_snippet(row[12]),
                meeting_day_number=row[13],
                municipality_id=row[14],
                split=row[15],
                largest_amount=row[16],
            )
            for row in rows
        ]
        candidates_found = rows[0][0] if rows else 0
        if candidates_found < CANDIDATES and (rows or offset == 0):
            # All matches were candidates: the count is exact and free.
            result.count = candidates_found
        elif broad:
            result.count, result.count_capped = estimate, True
        elif tsquery.count("'") > 2:
            # Several words: the planner multiplies their frequencies as if independent and
            # underestimates; counting them costs what ranking does. Say what is known.
            result.count, result.count_capped, result.count_at_least = CANDIDATES, True, True
        else:
            # One rare word: counted from the GIN index, bounded all the same.
            cursor.execute(
                f"SELECT count(*) FROM ({count_sql} LIMIT {EXACT_COUNT_BELOW + 1}) s",
                match_params,
            )
            result.count = cursor.fetchone()[0]
            if result.count > EXACT_COUNT_BELOW:
                result.count, result.count_capped = EXACT_COUNT_BELOW, True
                result.count_at_least = True
        if facets and (result.count_capped or candidates_found < CANDIDATES):
            # Facets of the candidates: all matches, or the newest when the count is inexact.
            result.facets = _facets_of(rows[0][11] if rows else [])
        elif facets:
            result.facets = _facets(cursor, match, match_params, EXACT_COUNT_BELOW)
    if suggest and result.count < SUGGEST_BELOW:
        result.suggestion = suggest_query(query)
    return result


def _estimate(cursor, sql: str, params: list) -> int:
    """The planner's estimate of the rows `sql` returns (tsvector statistics)."""
    cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
    plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def _facets_of(candidates: list[str]) -> dict[str, list[tuple]]:
    """Counts per committee, period, outcome and municipality of
    "committee|period|outcome|municipality" strings."""
    counts: dict[str, dict[str, int]] = {
        "committee": {},
        "period": {},
        "outcome": {},
        "municipality": {},
    }
    for entry in candidates or []:
        committee, period, outcome, town = (entry.split("|") + ["", "", "", ""])[:4]
        for kind, value in (
            ("committee", committee),
            ("period", period),
            ("outcome", outcome),
            ("municipality", town),
        ):
            if value or kind not in ("committee", "municipality"):
                counts[kind][value] = counts[kind].get(value, 0) + 1
    return {
        kind: sorted(values.items(), key=lambda vc: (-vc[1], vc[0]))
        for kind, values in counts.items()
    }


def _facets(cursor, match: str, params: list, limit: int) -> dict[str, list[tuple]]:
    """Counts per committee, period, outcome and municipality over the (capped) matching
    items."""
    cursor.execute(
        f"""
        WITH s AS (
            SELECT search_committee_id, search_period, outcome, search_municipality_id
            FROM meetings_agendaitem
            WHERE {match} LIMIT {limit}
        )
        SELECT 'committee', search_committee_id::text, count(*) FROM s GROUP BY 2
        UNION ALL SELECT 'period', search_period, count(*) FROM s GROUP BY 2
        UNION ALL SELECT 'outcome', outcome, count(*) FROM s GROUP BY 2
        UNION ALL SELECT 'municipality', search_municipality_id::text, count(*) FROM s GROUP BY 2
        """,
        params,
    )
    facets: dict[str, list[tuple]] = {
        "committee": [],
        "period": [],
        "outcome": [],
        "municipality": [],
    }
    for kind, value, count in cursor.fetchall():
        if value is None:
            continue
        facets[kind].append((value, count))
    for values in facets.values():
        values.sort(key=lambda vc: (-vc[1], vc[0]))
    return facets


def safe_snippet(headline: str | None) -> SafeString:
    """Escape a ts_headline entirely, then turn only our placeholders into <mark>."""
    text = escape(headline or "")
    # Safe by construction: everything was escaped; only our own <mark> is markup.
    return mark_safe(text.replace(START_SEL, "<mark>").replace(STOP_SEL, "</mark>"))


def suggest_query(query: str) -> str | None:
    """ "Mente du …?": the query with each unknown word replaced by its nearest indexed word."""
    words = SEARCH_WORD.findall(query.lower())
    if not words:
        return None
    changed = False
    replacements = {}
    with connection.cursor() as cursor:
        for word in dict.fromkeys(words):
            cursor.execute("SELECT 1 FROM meetings_searchword WHERE word = %s", [word])
            if cursor.fetchone():
                continue
            cursor.execute(
                "SELECT word FROM meetings_searchword WHERE word %% %s "
                "ORDER BY similarity(word, %s) DESC, items DESC LIMIT 1",
                [word, word],
            )
            row = cursor.fetchone()
            if row and row[0] != word:
                replacements[word] = row[0]
                changed = True
    if not changed:
        return None
    return re.sub(
        SEARCH_WORD, lambda m: replacements.get(m.group(0).lower(), m.group(0)), query.lower()
    )
