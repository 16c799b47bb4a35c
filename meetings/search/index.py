"""What an agenda item is searched by: the search columns of its row, and the vocabulary.

The ingest store fills the search columns of each item as it writes it (`item_columns`,
`meeting_columns`) and adds the items' words to the vocabulary (`add_item_words`), inside the
same transaction, so that what is searchable never lags behind what is stored and each row's
search vector is built once. `index_items` fills them again from what is stored, for the items
whose text changed in place (a redaction) and for `reindex`. The columns are what the generated
`search_vector` column weighs: A title and sagsnr, B decision, C body sections, D attachment
names and compound parts. The committee is not among them: it is the item's filter and facet
(`search_committee`), and as words it made every item match `arbejdsmarked` or `marked`.

Two tables hold what the search knows of the words: `meetings_searchlexeme` (each lexeme of
the index and how many items hold it, kept exact by triggers, migration 0031) plans and
weighs a query; `meetings_searchword` (surface words as written, with the number of items,
and a trigram index) is the vocabulary of suggestions and of the compounds a snippet marks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import connection

from meetings.vocabulary import section_kind

from .compounds import compound_terms

# A word of the suggestion vocabulary, as written in lower case.
SEARCH_WORD = re.compile(r"[a-zæøåéü]{3,40}")
# A Lejre/Greve sagsnr: two digits, a serial and perhaps a letter (25-003798, 21-3658A).
SAGSNR = re.compile(r"^\s*(\d{2})\s*[-/ ]\s*(\d{1,7})([A-Za-zÆØÅæøå]{0,2})\s*$")


def sagsnr_forms(number: str) -> str:
    """The ways people write a sagsnr, as words of the index: 25-003798, 25/3798, 25-3798,
    253798 (a sagsnr found as words, where it does not lead straight to its case)."""
    match = SAGSNR.match(number or "")
    if not match:
        return number or ""
    year, serial = match.group(1), match.group(2).lstrip("0") or "0"
    suffix = match.group(3).upper()
    return " ".join(
        dict.fromkeys(
            [number, f"{year}-{serial.zfill(6)}{suffix}", f"{year}/{serial}{suffix}",
             f"{year}-{serial}{suffix}", f"{year}{serial}{suffix}"]
        )
    )  # fmt: skip


def item_columns(*, case_number: str, sections, attachments, title: str, decision: str) -> dict:
    """The text search columns of one item from what is stored of it."""
    body = "\n".join(
        text for heading, text in sections if section_kind(heading) not in ("decision", "history")
    )
    names = "\n".join(attachments)
    return {
        "search_case": sagsnr_forms(case_number) if case_number else "",
        "search_body": body,
        "search_attachments": names,
        "search_compounds": " ".join(compound_terms(" ".join([title, decision, body, names]))),
    }


def meeting_columns(meeting) -> dict:
    """The search columns an item copies from its meeting: its filters and its order."""
    return {
        "search_date": meeting.date,
        "search_committee_id": meeting.committee_id,
        "search_period": meeting.period,
        "search_municipality_id": meeting.municipality_id,
    }


def words_of(title: str, decision: str, body: str, compounds: str) -> set[str]:
    """The suggestion vocabulary's words of one item."""
    return set(SEARCH_WORD.findall(f"{title} {decision} {body} {compounds}".lower()))


def add_item_words(items: Iterable) -> None:
    """Add the words of these items, their search columns filled, to the vocabulary."""
    words: dict[str, int] = {}
    for item in items:
        for word in words_of(item.title, item.decision, item.search_body, item.search_compounds):
            words[word] = words.get(word, 0) + 1
    add_search_words(words)


def index_items(items: Iterable) -> None:
    """Fill the search columns of these stored items again and add their words."""
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
    for item in rows:
        columns = item_columns(
            case_number=item.case.number if item.case else "",
            sections=[(s.heading, s.text) for s in item.sections.all()],
            attachments=[a.name for a in item.attachments.all()],
            title=item.title,
            decision=item.decision,
        )
        for name, value in {**columns, **meeting_columns(item.meeting)}.items():
            setattr(item, name, value)
        updated.append(item)
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
    add_item_words(updated)


def add_search_words(words: dict[str, int]) -> None:
    """Add words (with the number of items they occur in) to the suggestion vocabulary."""
    if not words:
        return
    ordered = sorted(words)  # one order in every transaction: no deadlock between two stores
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO meetings_searchword (word, items) "
            "SELECT * FROM unnest(%s::text[], %s::int[]) "
            "ON CONFLICT (word) DO UPDATE SET items = meetings_searchword.items + excluded.items",
            [ordered, [words[word] for word in ordered]],
        )


def recount_words() -> None:
    """Count the suggestion vocabulary and the lexemes again from every stored item.

    Both are kept as items come and go (the lexemes exactly, by the database; a replaced
    item's words stay counted in the vocabulary), and this puts them right: `reindex` ends
    with it.
    """
    from meetings.models import AgendaItem

    words: dict[str, int] = {}
    rows = AgendaItem.objects.values_list("title", "decision", "search_body", "search_compounds")
    for row in rows.iterator(chunk_size=2000):
        for word in words_of(*row):
            words[word] = words.get(word, 0) + 1
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM meetings_searchword")
    add_search_words(words)
    recount_lexemes()


def recount_lexemes() -> None:
    """Count the items of every lexeme of the index again (and the items, under ''), as the
    triggers of migration 0031 keep them: after a bulk load that went without them."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM meetings_searchlexeme")
        cursor.execute(
            "INSERT INTO meetings_searchlexeme (lexeme, items) "
            "SELECT word, ndoc FROM ts_stat('SELECT search_vector FROM meetings_agendaitem') "
            "UNION ALL SELECT '', count(*) FROM meetings_agendaitem"
        )
