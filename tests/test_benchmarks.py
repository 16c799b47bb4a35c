"""Every benchmark script still runs, at its smallest setting, so none rots unnoticed.

The figures are not judged here (bench/README.md says what they aim at); a run that fails,
or prints no figure for one of its classes, is. Each script runs as a new process against its
own throw-away embedded PostgreSQL, exactly as a person runs it from a fresh clone.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"


def run_bench(script: str, *args: str, tmp_path: Path, timeout: int = 300) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "ARCHIVE_DATA_DIR"}}
    env["ARCHIVE_DATA_DIR"] = str(tmp_path / "var")  # for scripts that use the configured one
    done = subprocess.run(
        [sys.executable, str(BENCH / script), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, f"{script} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def test_a_tiny_corpus_builds_and_answers_every_search_class(tmp_path):
    out = run_bench(
        "search.py",
        "--sizes",
        "300",
        "--runs",
        "1",
        "--data-root",
        str(tmp_path),
        tmp_path=tmp_path,
    )
    sys.path.insert(0, str(BENCH))
    try:
        from search import query_classes
    finally:
        sys.path.remove(str(BENCH))
    assert "## 300 items" in out and "failed" not in out
    rows = {line.split("  ")[0].strip() for line in out.splitlines()}
    for name, _query, _filters in query_classes("vand", "15-000101"):
        assert name in rows, f"no figure for {name!r}:\n{out}"


@pytest.mark.parametrize(
    ("script", "args", "expect"),
    [
        ("ingest.py", ["--rounds", "1"], "20-page PDF referat"),
        ("pages.py", ["--meetings", "20", "--runs", "1"], "api meeting"),
        ("upload_bench.py", [], "created"),
        ("harvest.py", ["--data", "tests/data/greve"], "second harvest (nothing new)"),
        ("harvest.py", ["--data", "tests/data/greve", "--tracemalloc"], "Python memory in use"),
        ("load.py", ["--clients", "5", "--slow", "5", "--duration", "2"], "with slow clients"),
        ("alerts.py", ["--subscriptions", "200"], "matching subscriptions"),
        ("alerts.py", ["--subscriptions", "300"], "mails handed to SMTP"),
    ],
)
def test_each_benchmark_runs_at_its_smallest_setting(script, args, expect, tmp_path):
    out = run_bench(script, *args, tmp_path=tmp_path)
    assert expect in out, out[-2000:]
