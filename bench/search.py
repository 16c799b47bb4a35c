"""Search latency per query class at several archive sizes, PostgreSQL against tantivy.

    uv run python bench/search.py                       # 10k, 100k and 1M items
    uv run python bench/search.py --sizes 1000000 3000000
    uv run python bench/search.py --sizes 10000 100000  # fewer

Each size lives in its own data directory under --data-root (default /work/bench-search-data,
outside the repository): bench/corpus.py builds it once (reused when it holds the right number
of items). Queries go through HTTP to /api/search (a WSGI server on 127.0.0.1 in the measuring
process, one thread and one database connection: the socket, the middleware, the view, the SQL
and the JSON), and the same queries go to a tantivy index of the same corpus built in the same
run. Prints p50/p95 per class, the plan taken, the snippets' share (from the API's
Server-Timing header: milliseconds per page of 20 hits), index sizes, build times and the
ratio. A benchmark prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RUNS = 30
WARMUP = 3


# Mid-frequency words are in 1 of 3,000 to 1 of 150 items: 1,000 to 20,000 hits at
# 3,000,000, where a planner's estimate misleads most. Three are measured, the word nearest
# each of these shares: the low end, the middle and the high end of that range.
MID_SHARES = {"low": 1 / 2500, "middle": 1 / 670, "high": 1 / 180}


def query_classes(
    rare_word: str, sagsnr: str, mid_words: dict[str, str] | None = None
) -> list[tuple[str, str, dict]]:
    """(class, query, filters) measured at every size."""
    mid_words = mid_words or {}
    return [
        ("rare word", rare_word, {}),
        *((f"mid word ({where})", mid_words.get(where) or rare_word, {}) for where in MID_SHARES),
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


def mid_frequency_words(connection, n_items: int, words: list[str]) -> dict[str, str]:
    """For each of MID_SHARES, the word of `words` (wordfreq's Danish list) whose lexeme's
    items (exact counts, meetings_searchlexeme) are nearest that share of the archive."""
    chosen = {}
    with connection.cursor() as cursor:
        for where, share in MID_SHARES.items():
            cursor.execute(
                "SELECT u.w FROM unnest(%s::text[]) WITH ORDINALITY AS u(w, n), "
                "unnest(tsvector_to_array(to_tsvector('danish', u.w))) AS s(lexeme) "
                "JOIN meetings_searchlexeme l ON l.lexeme = s.lexeme "
                "ORDER BY abs(ln(l.items) - ln(%s)), u.n LIMIT 1",
                [words, max(n_items * share, 1)],
            )
            row = cursor.fetchone()
            chosen[where] = row[0] if row else ""
    return chosen


def http_server():
    """The archive's WSGI application (archive.wsgi, as granian serves it) on a free port of
    127.0.0.1, served by one thread (so one database connection, kept as CONN_MAX_AGE keeps
    it). Returns the port."""
    from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer

    from archive.wsgi import application

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):  # no access log in the figures
            pass

    server = WSGIServer(("127.0.0.1", 0), Quiet, allow_reuse_address=True)
    server.set_app(application)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_port


class Api:
    """GET /api/search over HTTP; what the last answer said and how long its parts took."""

    def __init__(self, port: int):
        self.port = port

    def get(self, params: dict) -> dict:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        connection.request("GET", "/api/search?" + urlencode(params))
        response = connection.getresponse()
        body = json.loads(response.read())
        connection.close()
        if response.status != 200:
            raise RuntimeError(f"{params}: HTTP {response.status} {body}")
        timing = response.getheader("Server-Timing") or ""
        body["_timings"] = {
            name: float(ms)
            for name, ms in re.findall(r"(\w+)(?:;desc=\"[^\"]*\")?;dur=([\d.]+)", timing)
        }
        plan = re.search(r'candidates;desc="([^"]*)"', timing)
        body["_plan"] = plan.group(1) if plan else ""
        return body


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
    from wordfreq import top_n_list

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
    settings.DEBUG = False
    danish = [w for w in top_n_list("da", 30000) if w.isalpha() and len(w) > 3]
    rare = danish[299]
    with connection.cursor() as cursor:
        cursor.execute("SELECT number FROM meetings_case ORDER BY id LIMIT 1 OFFSET %s",
                       [n_items // 3])  # fmt: skip
        sagsnr = cursor.fetchone()[0]
        cursor.execute(
            "SELECT pg_total_relation_size('meetings_agendaitem'), "
            "pg_relation_size('item_search_vector')"
        )
        table_bytes, gin_bytes = cursor.fetchone()
    mid = mid_frequency_words(connection, n_items, danish)
    corpus_file = Path(settings.ARCHIVE_DATA_DIR) / "bench-corpus.json"
    corpus = json.loads(corpus_file.read_text()) if corpus_file.exists() else {}
    index, tantivy_info = tantivy_index(Path(settings.ARCHIVE_DATA_DIR), connection)
    searcher = index.searcher()
    api = Api(http_server())
    rows = []
    for name, query, filters in query_classes(rare, sagsnr, mid):
        params = {"q": query, **filters}
        answers = []

        def ask(p=params, answers=answers):
            answers.append(api.get(p))
            return answers[-1]

        pg50, pg95, body = timed(ask, runs)
        snippet_ms = [a["_timings"].get("snippets", 0.0) for a in answers[WARMUP:]]
        tq = index.parse_query(
            query.replace(sagsnr, f'"{sagsnr}"'),
            ["title", "decision", "body", "attachments"],
            field_boosts={"title": 4.0, "decision": 2.0, "body": 1.0, "attachments": 0.5},
        )
        tv50, tv95, hits = timed(lambda q=tq: searcher.search(q, 20, count=True), runs)
        rows.append(
            {"class": name, "query": query, "filters": filters, "pg_p50": pg50, "pg_p95": pg95,
             "count": body["count"], "capped": body.get("count_estimated", False),
             "plan": body["_plan"], "page_hits": len(body["results"]),
             "snippet_p50": statistics.median(snippet_ms),
             "snippet_p95": percentile(snippet_ms, 95),
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
    print(f"{'class':20} {'query':28} {'hits':>8} {'plan':>12} {'pg p50':>8} {'pg p95':>8} "
          f"{'snip p95':>8} {'tv p50':>8} {'tv p95':>8} {'p95 pg/tv':>9}")  # fmt: skip
    for row in result["rows"]:
        hits = f"~{row['count']}" if row["capped"] else str(row["count"])
        query = row["query"] + "".join(f" [{k}={v}]" for k, v in row["filters"].items())
        ratio = row["pg_p95"] / max(row["tv_p95"], 1e-3)
        print(
            f"{row['class']:20} {query[:28]:28} {hits:>8} {row['plan'][:12]:>12} "
            f"{row['pg_p50']:8.1f} {row['pg_p95']:8.1f} {row['snippet_p95']:8.2f} "
            f"{row['tv_p50']:8.2f} {row['tv_p95']:8.2f} {ratio:9.1f}x"
        )
    pages = [row for row in result["rows"] if row["page_hits"]]
    if pages:
        worst = max(row["snippet_p95"] for row in pages)
        typical = statistics.median(row["snippet_p50"] for row in pages)
        print(f"snippets per page of up to 20 hits: median {typical:.2f} ms, worst class p95 "
              f"{worst:.2f} ms")  # fmt: skip


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
    print("Search latency in ms (HTTP to /api/search; tantivy in-process), "
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
