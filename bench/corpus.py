"""A reproducible synthetic archive of N agenda items, for the search benchmark.

    ARCHIVE_DATA_DIR=/work/bench-search-data/100000 uv run python bench/corpus.py --items 100000

Writes into the configured database (the embedded one under ARCHIVE_DATA_DIR, or DATABASE_URL)
with COPY. Text is recombined from the referater in fixtures/: titles, decisions and body
paragraphs drawn at random (seeded), plus one sentence of Zipf-distributed words from the
Danish word list so that rare words are rare. Committees of 98 municipalities over 15 years,
about ten items a meeting. The search columns are filled as meetings.search.index.index_items
would (compound parts computed once per paragraph), then the indexes are built and the lexemes
counted (meetings.search.index.recount_lexemes).

An archive that already holds exactly N items is reused; any other content is REPLACED, so
point ARCHIVE_DATA_DIR at a directory of its own.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")

MUNICIPALITIES = 98
ITEMS_PER_MEETING = 10
FIRST_DAY = date(2011, 1, 1)
DAYS = 15 * 365


def source_pool():
    """Titles, decisions, body paragraphs and attachment names of the sample referater."""
    from meetings.ingest.pipeline import read_referat
    from meetings.vocabulary import section_kind

    titles, decisions, paragraphs, attachments = [], [], [], []
    for path in sorted((ROOT / "fixtures").iterdir()):
        if path.suffix not in {".md", ".txt", ".pdf"}:
            continue
        referat = read_referat(path.read_bytes(), filename=path.name).referat
        for item in referat["items"]:
            titles.append(item["title"])
            if item["decision"]:
                decisions.append(item["decision"])
            for section in item["sections"]:
                if section_kind(section["heading"]) in ("decision", "history"):
                    continue
                paragraphs.extend(p for p in section["text"].split("\n") if len(p) > 40)
            attachments.extend(item["attachments"])
    return titles, decisions, paragraphs, attachments or ["Bilag"]


def period_of(day: date) -> str:
    start = 2010 + ((day.year - 2010) // 4) * 4 if day.year >= 2010 else 2006
    if day.month == 1 and day.year == start:
        start -= 4
    return f"{start}-{start + 3}"


def build(n_items: int, seed: int = 20261123) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from wordfreq import top_n_list

    from meetings.models import AgendaItem
    from meetings.search.compounds import compound_terms
    from meetings.search.index import SEARCH_WORD, add_search_words, recount_lexemes, sagsnr_forms
    from meetings.vocabulary import COMMITTEE_CODES, decision_outcome

    call_command("migrate", verbosity=0)
    existing = AgendaItem.objects.count()
    if existing == n_items:
        print(f"corpus: reusing {existing} items in {connection.settings_dict['NAME']}")
        with connection.cursor() as cursor:
            cursor.execute("SELECT items FROM meetings_searchlexeme WHERE lexeme = ''")
            counted = cursor.fetchone()
            if counted is None or counted[0] != n_items:  # a corpus built before migration 0031
                recount_lexemes()
                cursor.execute("ANALYZE meetings_searchlexeme")
        return
    rng = random.Random(seed)
    titles, decisions, paragraphs, attachments = source_pool()
    rare_words = [w for w in top_n_list("da", 30000) if w.isalpha() and len(w) > 3]
    para_terms = [" ".join(compound_terms(p)) for p in paragraphs]
    title_terms = [" ".join(compound_terms(t)) for t in titles]
    decision_terms = [" ".join(compound_terms(d)) for d in decisions]
    outcomes = [decision_outcome(d) for d in decisions]
    started = time.perf_counter()

    from meetings.denmark import MUNICIPALITIES as DANISH

    committees = []
    towns = DANISH[:MUNICIPALITIES]
    for m in range(MUNICIPALITIES):
        for code, name in COMMITTEE_CODES.items():
            committees.append((len(committees) + 1, f"{name} ({m + 1:03d})", code, m + 1))
    raw = connection.connection if connection.connection else None
    connection.ensure_connection()
    raw = connection.connection
    with raw.cursor() as cur:
        cur.execute(
            "TRUNCATE meetings_agendaitem, meetings_meeting, meetings_case, meetings_committee, "
            "meetings_searchword, meetings_itemsection, meetings_attachment, "
            "meetings_attendance, meetings_casehistoryentry, meetings_municipality "
            "RESTART IDENTITY CASCADE"
        )
        # Indexes are built after the load (faster); their definitions are kept to recreate.
        cur.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'meetings_agendaitem' "
            "AND indexname LIKE 'item_search%%'"
        )
        search_indexes = cur.fetchall()
        for name, _definition in search_indexes:
            cur.execute(f"DROP INDEX {name}")
        # The lexeme counts' triggers would hold every loaded row in a transition table:
        # they are counted once after the load instead (recount_lexemes).
        cur.execute("ALTER TABLE meetings_agendaitem DISABLE TRIGGER USER")
        # Every column without a database default is written: the stored span and summaries are
        # filled in after the load, as the store keeps them.
        with cur.copy("COPY meetings_municipality (id, name, slug, portal_url) FROM STDIN") as cp:
            for pk, (name, slug) in enumerate(towns, start=1):
                cp.write_row((pk, name, slug, ""))
        with cur.copy(
            "COPY meetings_committee "
            "(id, municipality_id, name, name_key, code, slug, meeting_count, periods) FROM STDIN"
        ) as cp:
            for pk, name, _code, town in committees:
                key = f"{name.lower()} {pk}"
                cp.write_row((pk, town, name, key, "", f"udvalg-{pk}", 0, []))
        n_meetings = -(-n_items // ITEMS_PER_MEETING)
        meetings = []
        seen = set()
        with cur.copy(
            "COPY meetings_meeting (id, municipality_id, committee_id, kind, source_system, "
            "source_id, withdrawn_reason, committee_name, period, date, start_time, day_number, "
            "location, title) FROM STDIN"
        ) as cp:
            while len(meetings) < n_meetings:
                committee = rng.choice(committees)
                day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
                if (committee[0], day) in seen:
                    continue
                seen.add((committee[0], day))
                pk = len(meetings) + 1
                meetings.append((pk, committee, day, period_of(day)))
                cp.write_row(
                    (pk, committee[3], committee[0], "referat", "", "", "", committee[1],
                     period_of(day), day, "16:00", 1, "Rådhuset", f"Referat {committee[1]}")
                )  # fmt: skip
        # Each case has one item (its own pk): its summary is that item's, filled in below.
        with cur.copy(
            "COPY meetings_case (id, municipality_id, number, item_count, treatment_count, "
            "treatments_in_archive, latest_title, latest_outcome) FROM STDIN"
        ) as cp:
            for pk in range(1, n_items + 1):
                town = meetings[(pk - 1) // ITEMS_PER_MEETING][1][3]
                cp.write_row((pk, town, f"{10 + pk % 16:02d}-{pk:06d}", 1, 1, 1, "", ""))
        words: dict[str, int] = {}
        with cur.copy(
            "COPY meetings_agendaitem (id, meeting_id, number, title, committee_codes, case_id, "
            "closed, split, decision, outcome, search_case, search_body, search_attachments, "
            "search_compounds, search_date, search_committee_id, search_period, "
            "search_municipality_id) FROM STDIN"
        ) as cp:
            for pk in range(1, n_items + 1):
                meeting = meetings[(pk - 1) // ITEMS_PER_MEETING]
                number = (pk - 1) % ITEMS_PER_MEETING + 1
                t = rng.randrange(len(titles))
                d = rng.randrange(len(decisions))
                chosen = rng.sample(range(len(paragraphs)), k=min(len(paragraphs),
                                                                   rng.randint(2, 9)))  # fmt: skip
                rare = " ".join(
                    rare_words[min(int(rng.paretovariate(0.7)) - 1, len(rare_words) - 1)]
                    for _ in range(8)
                )
                body = "\n".join([*(paragraphs[i] for i in chosen), rare.capitalize() + "."])
                # Attachment names only: the committee is a filter and a facet, not a word of
                # every item (meetings.search.index.index_items).
                item_attachments = "\n".join(rng.sample(attachments, k=min(2, len(attachments))))
                compounds = " ".join(
                    dict.fromkeys(
                        " ".join(
                            [title_terms[t], decision_terms[d], *(para_terms[i] for i in chosen)]
                        ).split()
                    )
                )
                case = f"{10 + pk % 16:02d}-{pk:06d}"
                cp.write_row(
                    (pk, meeting[0], number, titles[t], "{}", pk, False, False, decisions[d],
                     outcomes[d],
                     sagsnr_forms(case), body, item_attachments, compounds, meeting[2],
                     meeting[1][0], meeting[3], meeting[1][3])
                )  # fmt: skip
                for word in SEARCH_WORD.findall(rare.lower()):
                    words[word] = words.get(word, 0) + 1
        for text in [*titles, *decisions, *paragraphs, *para_terms]:
            for word in SEARCH_WORD.findall(text.lower()):
                words.setdefault(word, 1)
        for seq in ("meetings_municipality", "meetings_committee", "meetings_meeting",
                    "meetings_case", "meetings_agendaitem"):  # fmt: skip
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{seq}', 'id'), "
                        f"(SELECT max(id) FROM {seq}))")  # fmt: skip
        cur.execute(
            "UPDATE meetings_case c SET last_treated = i.search_date, latest_title = i.title, "
            "latest_outcome = i.outcome FROM meetings_agendaitem i WHERE i.case_id = c.id"
        )
        cur.execute("ALTER TABLE meetings_agendaitem ENABLE TRIGGER USER")
        raw.commit()
        loaded = time.perf_counter()
        print(f"corpus: {n_items} items loaded in {loaded - started:.1f} s")
        for _name, definition in search_indexes:
            cur.execute(definition)
        raw.commit()
        indexed = time.perf_counter()
        print(f"corpus: indexes built in {indexed - loaded:.1f} s")
    add_search_words(words)
    recount_lexemes()
    from meetings.models import Committee

    Committee.objects.refresh_span()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE meetings_agendaitem")
        cursor.execute("ANALYZE meetings_searchword")
        cursor.execute("ANALYZE meetings_searchlexeme")
    done = time.perf_counter()
    print(f"corpus: done in {done - started:.1f} s")
    from django.conf import settings

    (settings.ARCHIVE_DATA_DIR / "bench-corpus.json").write_text(
        json.dumps({"items": n_items, "load_s": round(loaded - started, 1),
                    "index_s": round(indexed - loaded, 1), "total_s": round(done - started, 1)})
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, required=True)
    parser.add_argument("--seed", type=int, default=20261123)
    args = parser.parse_args()
    build(args.items, args.seed)


if __name__ == "__main__":
    main()
