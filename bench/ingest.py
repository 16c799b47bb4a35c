"""How fast referater go in, and what it costs: prints figures, asserts nothing.

    uv run python bench/ingest.py [--rounds N]

- throughput in referater per second, text and PDF, parse alone and parse + store;
- bare pypdfium2 text extraction against our extract + parse (target: at most 2x);
- a ~20-page PDF referat parsed and stored (target: under 1 s);
- peak memory (tracemalloc peak of this process, max RSS of it and of the PDF children).

It runs against a throw-away database: a fresh embedded PostgreSQL in a temporary folder
(removed at the end), or DATABASE_URL when set, which must then be an empty archive (the
benchmark empties its tables between rounds).
"""

from __future__ import annotations

import argparse
import atexit
import os
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

if not os.environ.get("DATABASE_URL"):
    # Before Django reads its settings: the embedded server then lives in this folder.
    _data_dir = tempfile.mkdtemp(prefix="archive-bench-")
    os.environ["ARCHIVE_DATA_DIR"] = _data_dir
    # Registered before the server starts, so it runs after the server's own stop (LIFO).
    atexit.register(shutil.rmtree, _data_dir, ignore_errors=True)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")

import django  # noqa: E402

django.setup()

import pypdfium2 as pdfium  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from meetings.ingest.extract import extract_text  # noqa: E402
from meetings.ingest.parse import parse_referat  # noqa: E402
from meetings.ingest.pipeline import read_referat  # noqa: E402
from meetings.ingest.store import referat_store  # noqa: E402
from meetings.models import Meeting, SourceDocument  # noqa: E402
from tests.ingest.make_pdf import referat_pdf  # noqa: E402

FIXTURES = REPO / "fixtures"
ITEM_HEADING = re.compile(r"(?m)^Punkt \d+:")
TARGET_PAGES = 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="Repetitions of each figure.")
    rounds = parser.parse_args().rounds

    call_command("migrate", interactive=False, verbosity=0)
    if Meeting.objects.exists() or SourceDocument.objects.exists():
        sys.exit("The database is not empty: give the benchmark a throw-away one.")

    texts = {p.name: p.read_bytes() for p in sorted(FIXTURES.iterdir()) if p.suffix != ".pdf"}
    pdfs = {
        f"{name}.pdf": referat_pdf(data.decode("utf-8"), running_header=f"Lejre Kommune - {name}")
        for name, data in texts.items()
    }
    big_name, big_pdf, big_pages, big_items = twenty_page_pdf()

    print(f"Ingest benchmark: {len(texts)} sample referater, {rounds} rounds each")
    print(f"  database: {describe_database()}")
    print()
    print("Throughput (referater per second)")
    for label, files in (("text", texts), ("PDF", pdfs)):
        parse = per_second(len(files), best_time(rounds, lambda f=files: parse_all(f)))
        store = per_second(len(files), best_time(rounds, lambda f=files: store_all(f)))
        print(f"  {label:<5} parse {parse:8.1f}/s   parse+store {store:8.1f}/s")

    print()
    print("PDF: bare pypdfium2 text extraction against our extract + parse (per referat)")
    print("  (each round times bare, then ours, on the same PDF: both meet the same machine)")
    bare_total = ours_total = 0.0
    for name, data in pdfs.items():
        bare, ours = paired_best(
            rounds, lambda d=data: bare_pdfium_text(d), lambda d=data, n=name: parse_all({n: d})
        )
        bare_total, ours_total = bare_total + bare, ours_total + ours
        print(f"  {name:<24} {ratio_line(bare, ours)}")
    print(f"  {'all samples':<24} {ratio_line(bare_total, ours_total)}")
    bare, ours = paired_best(
        rounds, lambda: bare_pdfium_text(big_pdf), lambda: parse_all({big_name: big_pdf})
    )
    print(f"  {big_name:<24} {ratio_line(bare, ours)}")
    extract = best_time(rounds, lambda: [extract_text(data) for data in pdfs.values()])
    extracted = [extract_text(data).text for data in pdfs.values()]
    parse = best_time(rounds, lambda: [parse_referat(text) for text in extracted])
    print(
        f"  of which extract {1000 * extract / len(pdfs):7.1f} ms (PDFium and layout in the "
        f"bounded worker), parse {1000 * parse / len(pdfs):5.1f} ms (per referat)"
    )

    print()
    times = all_times(rounds, lambda: store_all({big_name: big_pdf}))
    print(
        f"{big_pages}-page PDF referat ({big_items} punkter, {len(big_pdf) // 1024} KB): "
        f"parse+store best {min(times):.3f} s, median {statistics.median(times):.3f} s "
        "(target < 1 s)"
    )

    print()
    empty_archive()
    tracemalloc.start()
    store_all(texts)
    empty_archive()
    store_all(pdfs)
    empty_archive()
    store_all({big_name: big_pdf})
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"Peak memory: tracemalloc {peak / 2**20:.1f} MB (parse+store of every sample and the "
        f"{big_pages}-page PDF); max RSS {self_rss:.0f} MB, PDF children {child_rss:.0f} MB"
    )
    empty_archive()


def parse_all(files: dict[str, bytes]) -> None:
    for name, data in files.items():
        read_referat(data, filename=name)


def store_all(files: dict[str, bytes]) -> None:
    for name, data in files.items():
        referat_store(read=read_referat(data, filename=name))


def bare_pdfium_text(data: bytes) -> str:
    """What reading the text layer costs with nothing else: every page's text, in process."""
    pdf = pdfium.PdfDocument(data)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def twenty_page_pdf() -> tuple[str, bytes, int, int]:
    """A long referat: the plain-text sample's header with its items repeated (renumbered)
    until the PDF has TARGET_PAGES pages or more."""
    text = (FIXTURES / "jai-2026-03-03.txt").read_text(encoding="utf-8")
    first = ITEM_HEADING.search(text).start()
    header, body = text[:first], text[first:]
    starts = [m.start() for m in ITEM_HEADING.finditer(body)] + [len(body)]
    items = [body[a:b] for a, b in zip(starts, starts[1:], strict=False)]
    chosen: list[str] = []
    while True:
        chosen += items
        numbered = [
            ITEM_HEADING.sub(f"Punkt {n}:", item, count=1) for n, item in enumerate(chosen, 1)
        ]
        pdf = referat_pdf(header + "".join(numbered))
        pages = len(pdfium.PdfDocument(pdf))
        if pages >= TARGET_PAGES:
            break
    # Trim whole items off the end while it stays at TARGET_PAGES or more.
    while len(chosen) > 1:
        numbered = [
            ITEM_HEADING.sub(f"Punkt {n}:", item, count=1) for n, item in enumerate(chosen[:-1], 1)
        ]
        shorter = referat_pdf(header + "".join(numbered))
        shorter_pages = len(pdfium.PdfDocument(shorter))
        if shorter_pages < TARGET_PAGES:
            break
        chosen, pdf, pages = chosen[:-1], shorter, shorter_pages
    return f"jai-{pages}-sider.pdf", pdf, pages, len(chosen)


def paired_best(rounds: int, bare, ours) -> tuple[float, float]:
    """Best seconds of `bare` and of `ours`, timed one after the other in each round."""
    bare_times, our_times = [], []
    for _ in range(rounds):
        for work, times in ((bare, bare_times), (ours, our_times)):
            started = time.perf_counter()
            work()
            times.append(time.perf_counter() - started)
    return min(bare_times), min(our_times)


def ratio_line(bare: float, ours: float) -> str:
    return (
        f"bare {1000 * bare:7.1f} ms   ours {1000 * ours:7.1f} ms   "
        f"ratio {ours / bare:.2f}x (target <= 2x)"
    )


def best_time(rounds: int, work) -> float:
    return min(all_times(rounds, work))


def all_times(rounds: int, work) -> list[float]:
    """Seconds per round; the archive is emptied (untimed) before each."""
    times = []
    for _ in range(rounds):
        empty_archive()
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return times


def per_second(count: int, seconds: float) -> float:
    return count / seconds


def empty_archive() -> None:
    from django.apps import apps

    tables = [model._meta.db_table for model in apps.get_app_config("meetings").get_models()]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")


def describe_database() -> str:
    settings = connection.settings_dict
    where = "DATABASE_URL" if os.environ.get("DATABASE_URL") else "embedded, throw-away"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    return f"PostgreSQL {version} ({where}, database {settings['NAME']})"


if __name__ == "__main__":
    main()
