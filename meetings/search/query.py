"""Full-text search of agenda items: where a search query becomes SQL.

The plan is chosen from what is known, never from the planner's estimate of a text match
(which was nine times too high for a rare word at 3,000,000 items, and sent it down the date
index through 372,000 rows). What is known is how many items hold each lexeme
(`meetings_searchlexeme`, exact, see meetings.search.index), and from those an upper bound of
the matches (`tsquery.bound`):

- *few* (a bound of at most ALL_BOUND): every match is taken from the GIN index (a
  materialized CTE, so the planner cannot walk the date index instead), counted exactly and
  faceted; the newest CANDIDATES are ranked.
- *many*: the newest items are walked (the date index, or a committee's or municipality's)
  and each is tested, until CANDIDATES matches are found; at most WALK_ROWS items are
  walked, so a query whose words are frequent but rarely together falls back to the GIN
  index. The count is the density the walk measured, times the items walked through ("ca.",
  never above the bound); facets count the candidates.

Ranking weighs each part of a query by how rare it is (log N/n over the items), so a word in
nearly every item cannot drown the others. Snippets come from meetings.search.snippets,
corrections from meetings.search.spelling, case numbers from meetings.search.casenumbers.
"""

from __future__ import annotations

import functools
import json
import math
import re
import time
from dataclasses import dataclass, field
from datetime import date

from django.db import connection

from meetings.converters import MeetingDay
from meetings.vocabulary import Outcome

from . import tsquery as tsq
from .casenumbers import label_length
from .compounds import split_compound
from .index import SEARCH_WORD
from .snippets import CONFIG, safe_snippet, snippets  # noqa: F401
from .spelling import correct_query

# The newest matches ranked (and at most this many pages of results).
CANDIDATES = 200
# A query with at most this many matches (by exact counts) is answered from the GIN index:
# every match read (a heap page each), counted and faceted. Reading them all costs about 4 µs
# a match; at 3,000,000 items words of 2,141 and 2,711 items took 13 ms this way, 46-55 ms
# through windows of the date index, and at 5,652 both ways were even (20 ms).
ALL_BOUND = 5_000
# A walk of the newest items stops after at most this many.
WALK_ROWS = 20_000
# What the two ways of finding the newest matches cost, in microseconds, as measured on a
# 1,000,000-item corpus (bench/search.py): testing one item of a walk (its row and its
# vector), reading one entry of a GIN posting list, one entry of the date index into a
# bitmap, and one matching row. A walk costs CANDIDATES / share items; a window costs the
# posting lists of the words, the date entries of the window and the rows in it that match.
WALK_ITEM_US = 2.5
POSTING_US = 0.04
DATE_ENTRY_US = 0.1
ROW_US = 5.0
# A window of the newest items is sized to hold this many times CANDIDATES matches.
WINDOW_MARGIN = 2
# Below this many hits a correction is looked for.
SUGGEST_BELOW = 3
SORTS = ("relevance", "date", "amount")
# Words that hold a query word inside them (compounds) are marked in snippets too; at most
# this many of the most frequent such words, so a short stem cannot make the headline slow.
HEADLINE_COMPOUNDS = 40
MIN_HEADLINE_PART = 4
# A lexeme the danish stemmer leaves as `…ed` (skærpede) also matches its bare stem (skærpet).
_PARTICIPLE = re.compile(r"^(\S{4,})ed$")


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

    def __bool__(self) -> bool:
        return bool(self.sql()[0])


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
    """A page of hits, with a count, facets and perhaps a correction or a suggestion."""

    query: str  # what was searched: the corrected query when `corrected`
    hits: list[Hit] = field(default_factory=list)
    count: int = 0
    count_capped: bool = False  # True: `count` is not exact (an estimate …
    count_at_least: bool = False  # … or, when this is set, a lower bound)
    facets: dict[str, list[tuple]] = field(default_factory=dict)
    suggestion: str | None = None
    # The results are for `suggestion`, not for `typed`, which found nothing.
    corrected: bool = False
    typed: str = ""
    empty_query: bool = False
    plan: str = ""  # "few", "many", or "many+few" (a walk that fell back): for bench/search.py
    # Milliseconds per part ("prepare", "candidates", "compounds", "snippets", "correction").
    timings: dict[str, float] = field(default_factory=dict)


@dataclass
class Prepared:
    """A query's tsquery and what is known of its words."""

    tree: tsq.Node
    items: dict[str, int]  # items per lexeme (0: none)
    total: int  # items in the archive

    @property
    def text(self) -> str:
        return str(self.tree)

    @property
    def positive(self) -> tsq.Node | None:
        return tsq.positive(self.tree)

    @property
    def bound(self) -> int:
        return tsq.bound(self.tree, self.items, self.total)

    def weighted_units(self) -> list[tuple[str, float]]:
        """Each rankable part of the query with its weight: log(N / items) (at least a
        little, so that a part in every item still counts)."""
        parts = tsq.units(self.tree)
        total = max(self.total, 1)
        weighted = []
        for part in parts:
            n = max(tsq.bound(part, self.items, total), 1)
            weighted.append((str(part), max(math.log(total / n), 0.05)))
        return weighted


def _with_participles(node: tsq.Node) -> tsq.Node:
    def replace(lexeme: tsq.Lexeme):
        match = _PARTICIPLE.match(lexeme.text)
        if not match or lexeme.suffix:
            return lexeme
        return tsq.Operation("|", (lexeme, tsq.Lexeme(match[1])))

    return tsq.rewrite(node, replace)


def prepare(query: str) -> Prepared | None:
    """The tsquery of a websearch query with what is known of its lexemes (None if it has
    no word that can be searched).

    `skærpede` stems to 'skærped' but `skærpet` to 'skærp': index_items indexes the bare stem
    of -ede words, and here each 'xxxed' lexeme also matches 'xxx'. A word the index does not
    hold that is a compound of words it does (`skolereform`) also matches its parts.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH q AS (
                SELECT websearch_to_tsquery(%s::regconfig, %s) AS q,
                       tsvector_to_array(to_tsvector(%s::regconfig, %s)) AS words
            )
            SELECT q::text, (
                SELECT coalesce(json_object_agg(lexeme, items), '{}')
                FROM meetings_searchlexeme
                WHERE lexeme = ANY(words || array(
                    SELECT left(w, -2) FROM unnest(words) w WHERE w ~ '^\\S{4,}ed$') || ''::text)
            ) FROM q
            """,
            [CONFIG, query, CONFIG, query],
        )
        text, items = cursor.fetchone()
    tree = tsq.parse(text or "")
    if tree is None:
        return None
    items = json.loads(items) if isinstance(items, str) else items
    total = items.pop("", 0)
    tree = _with_participles(tree)
    missing = [lexeme for lexeme in tsq.lexemes(tree) if lexeme not in items]
    if missing:
        items.update(_items_of(missing))
    prepared = Prepared(tree, items, total)
    unknown = [lexeme for lexeme in tsq.lexemes(tree) if not items.get(lexeme)]
    if unknown:
        prepared.tree = _decompounded(prepared, query, set(unknown))
    return prepared


def _items_of(lexemes: list[str]) -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT lexeme, items FROM meetings_searchlexeme WHERE lexeme = ANY(%s)", [lexemes]
        )
        found = dict(cursor.fetchall())
    return {lexeme: found.get(lexeme, 0) for lexeme in lexemes}


def _decompounded(prepared: Prepared, query: str, unknown: set[str]) -> tsq.Node:
    """The query with each lexeme the index lacks that is a compound of lexemes it holds
    also matching those parts together: `skolereform` finds `folkeskolereformen`."""
    parts = {word: split_compound(word) for word in set(SEARCH_WORD.findall(query.lower()))}
    parts = {word: split for word, split in parts.items() if split and len(split) > 1}
    if not parts:
        return prepared.tree
    words = sorted({*parts, *(p for split in parts.values() for p in split)})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w, s, coalesce(l.items, 0) FROM unnest(%s::text[]) w, "
            "unnest(tsvector_to_array(to_tsvector(%s::regconfig, w))) s "
            "LEFT JOIN meetings_searchlexeme l ON l.lexeme = s",
            [words, CONFIG],
        )
        stems: dict[str, str] = {}
        for word, stem, items in cursor.fetchall():
            stems[word] = stem
            prepared.items[stem] = items
    alternatives: dict[str, tsq.Node] = {}
    for word, split in parts.items():
        stem = stems.get(word)
        part_stems = [stems.get(part) for part in split]
        if stem in unknown and all(s and prepared.items.get(s) for s in part_stems):
            alternatives[stem] = tsq.Operation("&", tuple(tsq.Lexeme(s) for s in part_stems))

    def replace(lexeme: tsq.Lexeme):
        if lexeme.text in alternatives and not lexeme.suffix:
            return tsq.Operation("|", (lexeme, alternatives[lexeme.text]))
        return lexeme

    return tsq.rewrite(prepared.tree, replace)


def headline_compounds(positive: str) -> str:
    """The indexed compounds holding one of the words of a tsquery's positive part, as
    to_tsquery text ("" if none).

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


def build_tsquery(query: str) -> str:
    """The tsquery text a query is searched with ("" when it has no searchable word)."""
    prepared = prepare(query)
    return prepared.text if prepared else ""


def search_items(
    query: str,
    *,
    filters: Filters | None = None,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = 20,
    facets: bool = True,
    suggest: bool = True,
    exact: bool = False,
) -> SearchResult:
    """Search agenda items: a ranked (or newest-first) page, a count, facets, and for a query
    that found (almost) nothing a correction: its results instead when it is confident and
    the query found nothing, unless `exact` (the visitor asked for what they typed)."""
    result = _search(query, filters or Filters(), sort, page, per_page, facets)
    if not suggest or result.empty_query or result.count >= SUGGEST_BELOW:
        return result
    started = time.perf_counter()
    correction = correct_query(query)
    if correction is not None and correction.text != query:
        other = _search(correction.text, filters or Filters(), sort, page, per_page, facets)
        if other.count > result.count:
            if result.count == 0 and correction.confident and not exact:
                other.corrected, other.typed = True, query
                other.suggestion = correction.text
                # Both searches' parts; "correction" is the look-ups and the second search.
                for name, ms in result.timings.items():
                    other.timings[name] = other.timings.get(name, 0.0) + ms
                other.timings["correction"] = _ms(started)
                return other
            result.suggestion = correction.text
    result.timings["correction"] = _ms(started)
    return result


def _ms(since: float) -> float:
    return (time.perf_counter() - since) * 1000


def _search(query, filters, sort, page, per_page, facets) -> SearchResult:
    result = SearchResult(query=query)
    started = time.perf_counter()
    # "Sagsnr. 25-003798" that leads to no one case is searched as the number.
    labelled = label_length(query)
    text = query[labelled:] if labelled else query
    prepared = prepare(text) if text.strip() else None
    result.timings["prepare"] = _ms(started)
    if prepared is None:
        result.empty_query = True
        return result
    sort = sort if sort in SORTS else "relevance"
    offset = max(page - 1, 0) * per_page
    started = time.perf_counter()
    rows, found, result.plan = _candidates(prepared, filters, sort, offset, per_page)
    result.timings["candidates"] = _ms(started)
    result.count, result.count_capped = found["count"], not found["exact"]
    if facets:
        result.facets = _facets(found["facets"])
    started = time.perf_counter()
    positive = prepared.positive
    marked = str(positive) if positive is not None else prepared.text
    compounds = headline_compounds(marked)
    result.timings["compounds"] = _ms(started)
    started = time.perf_counter()
    if compounds:
        with connection.cursor() as cursor:
            cursor.execute("SELECT (%s::tsquery || to_tsquery(%s::regconfig, %s))::text",
                           [marked, CONFIG, compounds])  # fmt: skip
            marked = cursor.fetchone()[0]
    texts = snippets([row[0] for row in rows], marked, positive, prepared.items)
    result.timings["snippets"] = _ms(started)
    result.hits = [
        Hit(*row[:10], snippet=texts.get(row[0], ""), meeting_day_number=row[10],
            municipality_id=row[11], split=row[12], largest_amount=row[13])
        for row in rows
    ]  # fmt: skip
    return result


def _candidates(prepared: Prepared, filters: Filters, sort, offset, per_page):
    """The page's rows, what was found (see _run) with the count and whether it is exact, and
    the plan taken: the bound and the density of the query's words decide, both from exact
    counts of items per lexeme."""
    bound, total = prepared.bound, max(prepared.total, 1)
    run = functools.partial(_run, prepared, filters, sort, offset, per_page)
    if bound <= ALL_BOUND:
        rows, found = run("all")
        return rows, {**found, "exact": True}, "all"
    # The share of items that would match if the words fell independently: it only sizes the
    # walk or the window, which look further when it was too hopeful, and prices them.
    share = min(max(tsq.density(prepared.tree, prepared.items, total), 1 / total), bound / total)
    plan = []
    if _walk_cost(share) <= _window_cost(prepared, share):
        walk = min(WALK_ROWS, math.ceil(4 * CANDIDATES / share))
        rows, found = run("walk", walk=walk)
        plan.append("walk")
        if found["candidates"] >= CANDIDATES or not found["cut"]:
            exact = not found["cut"] and found["candidates"] < CANDIDATES
            count = found["count"] if exact else _walk_estimate(prepared, filters, found)
            return rows, {**found, "count": count, "exact": exact}, "walk"
        share = max(found["candidates"], 1) / walk  # measured among the newest items
    # Windows of the newest items: GIN ∧ a date range (a BitmapAnd), widened until they hold
    # CANDIDATES matches, and at last the whole archive.
    low, high = _date_span()
    top = min(filter(None, [high, filters.date_to])) if high else None
    bottom = max(filter(None, [low, filters.date_from])) if low else None
    fraction = WINDOW_MARGIN * CANDIDATES / (share * total)
    while top and bottom and top > bottom and fraction < 1:
        since = top - (top - bottom) * fraction
        rows, found = run("window", since=since)
        plan.append("window")
        if found["count"] >= CANDIDATES:
            single = isinstance(prepared.tree, tsq.Lexeme) and not filters
            count = bound if single else min(bound, round(found["count"] / fraction))
            return (
                rows,
                {**found, "count": max(count, found["count"]), "exact": single},
                ("+".join(plan)),
            )
        fraction *= max(4, WINDOW_MARGIN * CANDIDATES / max(found["count"], 1))
    rows, found = run("all")
    plan.append("all")
    return rows, {**found, "exact": True}, "+".join(plan)


def _walk_cost(share: float) -> float:
    """Microseconds to walk the newest items until CANDIDATES of them match."""
    return CANDIDATES / share * WALK_ITEM_US


def _window_cost(prepared: Prepared, share: float) -> float:
    """Microseconds to AND the GIN index's posting lists of the query's words with a window
    of the date index holding WINDOW_MARGIN * CANDIDATES matches, and read those."""
    postings = sum(prepared.items.get(lexeme, 0) for lexeme in tsq.lexemes(prepared.positive))
    window = WINDOW_MARGIN * CANDIDATES / share
    return postings * POSTING_US + window * DATE_ENTRY_US + WINDOW_MARGIN * CANDIDATES * ROW_US


_span: tuple[float, tuple] = (0.0, (None, None))


def _date_span() -> tuple[date | None, date | None]:
    """The first and last meeting date of the archive (from the date index's two ends),
    remembered for a minute: it only sizes windows, never bounds what is found."""
    global _span
    now = time.monotonic()
    if now - _span[0] > 60 or _span[1][0] is None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT (SELECT search_date FROM meetings_agendaitem WHERE search_date IS NOT NULL"
                " ORDER BY search_date LIMIT 1), (SELECT search_date FROM meetings_agendaitem"
                " WHERE search_date IS NOT NULL ORDER BY search_date DESC LIMIT 1)"
            )
            _span = (now, cursor.fetchone())
    return _span[1]


def _walk_estimate(prepared: Prepared, filters: Filters, found: dict) -> int:
    """How many items match, from the share of matches among the newest items walked: the
    items the filters leave times that share, never above the exact bound."""
    share = found["candidates"] / max(found["walked"], 1)
    if not filters:
        through = prepared.total
    else:
        where, params = filters.sql()
        with connection.cursor() as cursor:
            cursor.execute(
                f"EXPLAIN (FORMAT JSON) SELECT 1 FROM meetings_agendaitem WHERE true{where}",
                params,
            )
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            through = int(plan[0]["Plan"]["Plan Rows"])
    return max(min(round(share * through), prepared.bound), found["candidates"])


def _run(
    prepared: Prepared,
    filters: Filters,
    sort,
    offset,
    per_page,
    kind: str,
    *,
    walk: int = 0,
    since: date | None = None,
):
    """The page's rows and what the candidates were: how many, how far the walk went and
    whether it reached its bound, whether they were all the matches, the count of all
    matches, and facet counts."""
    where, filter_params = filters.sql()
    if kind == "walk":
        # The newest items the filters leave, tested one by one. The walk is bounded: the
        # WALK_ROWS-th item comes along as a marker that the bound was reached. The
        # subquery's LIMIT keeps the planner from taking the text condition into the scan.
        matches = f"""
            walk AS MATERIALIZED (
                SELECT *, search_vector @@ %s::tsquery AS hit FROM (
                    SELECT id, search_vector, search_date, search_committee_id, search_period,
                           outcome, search_municipality_id, largest_amount,
                           row_number() OVER (ORDER BY search_date DESC, id DESC) AS walked
                    FROM meetings_agendaitem WHERE true{where}
                    ORDER BY search_date DESC, id DESC LIMIT {walk}
                ) newest
                WHERE search_vector @@ %s::tsquery OR walked = {walk}
                LIMIT {CANDIDATES + 1}
            ),
            c AS MATERIALIZED (SELECT * FROM walk WHERE hit ORDER BY walked LIMIT {CANDIDATES}),
            m AS (SELECT * FROM c)
        """
        match_params = [prepared.text, *filter_params, prepared.text]
        walked = (
            "(SELECT coalesce(max(walked), 0) FROM c) AS walked_to, "
            f"(SELECT coalesce(max(walked), 0) >= {walk} FROM walk) AS cut"
        )
    else:
        # Every match from the GIN index (in a window: those on or after a date, the GIN
        # bitmap and the date index's ANDed): materialized, so that the planner can neither
        # walk a date index for it nor stop early; vectors are read for the newest only.
        window = " AND search_date >= %s" if kind == "window" else ""
        matches = f"""
            m AS MATERIALIZED (
                SELECT id, search_date, search_committee_id, search_period, outcome,
                       search_municipality_id, largest_amount
                FROM meetings_agendaitem WHERE search_vector @@ %s::tsquery{window}{where}
            ),
            c AS MATERIALIZED (
                SELECT n.*, i.search_vector
                FROM (SELECT * FROM m ORDER BY search_date DESC, id DESC LIMIT {CANDIDATES}) n
                JOIN meetings_agendaitem i ON i.id = n.id
            )
        """
        match_params = [prepared.text, *([since] if window else []), *filter_params]
        walked = "0 AS walked_to, false AS cut"
    units = prepared.weighted_units() or [(prepared.text, 1.0)]
    rank = " + ".join("%s * ts_rank(c.search_vector, %s::tsquery)" for _ in units)
    rank_params = [value for text, weight in units for value in (weight, text)]
    if sort == "date":
        order = "{p}search_date DESC, {p}id DESC"
    elif sort == "amount":
        # Among the ranked candidates (all matches, for a query that is not broad).
        order = "abs({p}largest_amount) DESC NULLS LAST, {p}search_date DESC, {p}id DESC"
    else:
        order = "{p}rank DESC, {p}search_date DESC, {p}id DESC"
    # One statement: the summary (one row) joined to the page, which may be empty.
    sql = f"""
        WITH {matches},
        page AS (
            SELECT * FROM (
                SELECT c.id, {rank} AS rank, c.search_date, c.largest_amount FROM c
            ) ranked ORDER BY {order.format(p="")} LIMIT %s OFFSET %s
        ),
        summary AS (
            SELECT (SELECT count(*) FROM c) AS candidates, {walked},
                   (SELECT count(*) FROM m) AS matches,
                   (SELECT json_agg(json_build_array(kind, value, n)) FROM (
                        SELECT 'committee' AS kind, search_committee_id::text AS value,
                               count(*) AS n FROM m GROUP BY 2
                        UNION ALL SELECT 'period', search_period, count(*) FROM m GROUP BY 2
                        UNION ALL SELECT 'outcome', outcome, count(*) FROM m GROUP BY 2
                        UNION ALL SELECT 'municipality', search_municipality_id::text,
                                         count(*) FROM m GROUP BY 2) f) AS facets
        )
        SELECT summary.*, hit.* FROM summary LEFT JOIN (
            SELECT page.id, page.rank, m.date, i.number, i.title, m.committee_name, co.slug,
                   coalesce(cs.number, ''), i.decision, i.outcome,
                   m.day_number, m.municipality_id, i.split, i.largest_amount,
                   page.search_date AS page_date, page.largest_amount AS page_amount
            FROM page
            JOIN meetings_agendaitem i ON i.id = page.id
            JOIN meetings_meeting m ON m.id = i.meeting_id
            JOIN meetings_committee co ON co.id = m.committee_id
            LEFT JOIN meetings_case cs ON cs.id = i.case_id
        ) hit ON true
        ORDER BY {
        order.format(p="hit.")
        .replace("hit.search_date", "hit.page_date")
        .replace("hit.largest_amount", "hit.page_amount")
    }
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*match_params, *rank_params, per_page, offset])
        found = cursor.fetchall()
    candidates, walked_to, cut, count, facet_rows = found[0][:5]
    rows = [row[5:19] for row in found if row[5] is not None]
    if isinstance(facet_rows, str):
        facet_rows = json.loads(facet_rows)
    return rows, {
        "candidates": candidates,  # the newest matches ranked
        "walked": walked_to,  # a walk: how many of the newest items it took to find them
        "cut": cut,  # a walk: it reached its bound
        "count": count,  # matches seen (all of them, for "all")
        "facets": facet_rows or [],
    }


def _facets(rows) -> dict[str, list[tuple]]:
    """Counts per committee, period, outcome and municipality, the most frequent first."""
    facets: dict[str, list[tuple]] = {
        "committee": [],
        "period": [],
        "outcome": [],
        "municipality": [],
    }
    for kind, value, count in rows:
        if value is None or (kind in ("committee", "municipality") and not value):
            continue
        facets[kind].append((value, count))
    for values in facets.values():
        values.sort(key=lambda vc: (-vc[1], vc[0]))
    return facets
