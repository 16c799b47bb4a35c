"""Search latency per query class at several archive sizes, PostgreSQL against tantivy.

    uv run python bench/search.py                       # 10k, 100k and 1M items
    uv run python bench/search.py --sizes 10000 100000  # fewer

Each size lives in its own data directory under --data-root (default /work/bench-search-data,
outside the repository): bench/corpus.py builds it once (reused when it holds the right number
of items). Queries go through the search API (/api/search, Django's test client in-process:
the view, the SQL and the JSON), and the same queries go to a tantivy index of the same corpus
built in the same run. Prints p50/p95 per class, index sizes, build times and the ratio.
A benchmark prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RUNS = 30
WARMUP = 3


def query_classes(rare_word: str, sagsnr: str) -> list[tuple[str, str, dict]]:
    """(class, query, filters) measured at every size."""
    return [
        ("rare word", rare_word, {}),
        ("broad word", "kommune", {}),
        ("boilerplate phrase", '"taget til efterretning"', {}),
        ("sagsnr", sagsnr, {}),
        ("compound part", "pulje", {}),
        ("several words", "ledighed ydelse budget", {}),
        ("broad + filter", "kommune", {"committee": "udvalg-5"}),
        ("rare + filter", rare_word, {"period": "2018-2021"}),
    ]


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    index = min(len(values) - 1, max(0, round(p / 100 * len(values) + 0.5) - 1))
    return values[index]


def timed(fn, runs: int) -> tuple[float, float, object]:
    for _ in range(WARMUP):
        out = fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        out = fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), percentile(samples, 95), out


def tantivy_index(data_dir: Path, connection):
    """A tantivy index of the corpus (danish stemmer, same weights by field boosts)."""
    import tantivy

    path = data_dir / "tantivy"
    meta = data_dir / "tantivy.json"
    analyzer = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.stemmer("danish"))
        .build()
    )
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True, indexed=True, fast=True)
    builder.add_integer_field("day", stored=True, fast=True)
    for name in ("title", "decision", "body", "attachments"):
        builder.add_text_field(name, stored=False, tokenizer_name="da")
    schema = builder.build()
    if meta.exists() and path.exists():
        index = tantivy.Index(schema, path=str(path), reuse=True)
        index.register_tokenizer("da", analyzer)
        return index, json.loads(meta.read_text())
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    index = tantivy.Index(schema, path=str(path))
    index.register_tokenizer("da", analyzer)
    start = time.perf_counter()
    writer = index.writer(heap_size=400_000_000, num_threads=2)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, search_date - DATE '2000-01-01', title || ' ' || search_case, decision, "
            "search_body, search_attachments || ' ' || search_compounds FROM meetings_agendaitem"
        )
        while rows := cursor.fetchmany(5000):
            for pk, day, title, decision, body, attachments in rows:
                writer.add_document(
                    tantivy.Document(id=pk, day=day or 0, title=title, decision=decision,
                                     body=body, attachments=attachments)
                )  # fmt: skip
    writer.commit()
    writer.wait_merging_threads()
    build_s = time.perf_counter() - start
    size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    info = {"build_s": round(build_s, 1), "size_mb": round(size / 1e6, 1)}
    meta.write_text(json.dumps(info))
    index.reload()
    return index, info


def measure(n_items: int, runs: int) -> dict:
    """Runs in a child whose ARCHIVE_DATA_DIR is this size's directory."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    from bench.corpus import build

    build(n_items)
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from wordfreq import top_n_list

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.DEBUG = False
    rare_words = [w for w in top_n_list("da", 30000) if w.isalpha() and len(w) > 3]
    rare = rare_words[299]
    with connection.cursor() as cursor:
        cursor.execute("SELECT number FROM meetings_case ORDER BY id LIMIT 1 OFFSET %s",
                       [n_items // 3])  # fmt: skip
        sagsnr = cursor.fetchone()[0]
        cursor.execute(
            "SELECT pg_total_relation_size('meetings_agendaitem'), "
            "pg_relation_size('item_search_vector')"
        )
        table_bytes, gin_bytes = cursor.fetchone()
    corpus_file = Path(settings.ARCHIVE_DATA_DIR) / "bench-corpus.json"
    corpus = json.loads(corpus_file.read_text()) if corpus_file.exists() else {}
    index, tantivy_info = tantivy_index(Path(settings.ARCHIVE_DATA_DIR), connection)
    searcher = index.searcher()
    client = Client()
    rows = []
    for name, query, filters in query_classes(rare, sagsnr):
        params = {"q": query, **filters}
        pg50, pg95, response = timed(lambda p=params: client.get("/api/search", p), runs)
        body = response.json()
        tq = index.parse_query(
            query.replace(sagsnr, f'"{sagsnr}"'),
            ["title", "decision", "body", "attachments"],
            field_boosts={"title": 4.0, "decision": 2.0, "body": 1.0, "attachments": 0.5},
        )
        tv50, tv95, hits = timed(lambda q=tq: searcher.search(q, 20, count=True), runs)
        rows.append(
            {"class": name, "query": query, "filters": filters, "pg_p50": pg50, "pg_p95": pg95,
             "count": body["count"], "capped": body.get("count_estimated", False),
             "tv_p50": tv50, "tv_p95": tv95, "tv_count": hits.count}
        )  # fmt: skip
    return {
        "items": n_items,
        "rows": rows,
        "table_mb": round(table_bytes / 1e6, 1),
        "gin_mb": round(gin_bytes / 1e6, 1),
        "corpus": corpus,
        "tantivy": tantivy_info,
    }


def report(result: dict) -> None:
    n = result["items"]
    corpus = result["corpus"]
    print(f"\n## {n:,} items".replace(",", "."))
    print(
        f"PostgreSQL: table+toast+indexes {result['table_mb']} MB, GIN {result['gin_mb']} MB, "
        f"corpus load {corpus.get('load_s', '?')} s, index build {corpus.get('index_s', '?')} s | "
        f"tantivy: {result['tantivy']['size_mb']} MB, build {result['tantivy']['build_s']} s"
    )
    print(f"{'class':20} {'query':28} {'hits':>8} {'pg p50':>8} {'pg p95':>8} "
          f"{'tv p50':>8} {'tv p95':>8} {'p95 pg/tv':>9}")  # fmt: skip
    for row in result["rows"]:
        hits = f"~{row['count']}" if row["capped"] else str(row["count"])
        query = row["query"] + "".join(f" [{k}={v}]" for k, v in row["filters"].items())
        ratio = row["pg_p95"] / max(row["tv_p95"], 1e-3)
        print(
            f"{row['class']:20} {query[:28]:28} {hits:>8} {row['pg_p50']:8.1f} "
            f"{row['pg_p95']:8.1f} {row['tv_p50']:8.2f} {row['tv_p95']:8.2f} {ratio:9.1f}x"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--data-root", default="/work/bench-search-data")
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print("RESULT " + json.dumps(measure(args.measure, args.runs)))
        return
    print("Search latency in ms (through /api/search; tantivy in-process), "
          f"{args.runs} runs after {WARMUP} warm-up")  # fmt: skip
    for n in args.sizes:
        env = {**os.environ, "ARCHIVE_DATA_DIR": str(Path(args.data_root) / str(n))}
        out = subprocess.run(
            [sys.executable, __file__, "--measure", str(n), "--runs", str(args.runs)],
            env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        lines = [line for line in out.stdout.splitlines() if line.startswith("RESULT ")]
        if not lines:
            print(f"\n## {n} items: failed\n{out.stdout[-2000:]}\n{out.stderr[-3000:]}")
            continue
        report(json.loads(lines[-1][len("RESULT ") :]))


if __name__ == "__main__":
    main()
