"""Many clients and slow ones against `manage.py serve`: requests/s, p50/p95/p99 and errors.

    uv run python bench/load.py [--clients 50 500] [--duration 20] [--slow 100]
                                [--slow-interval 5] [--workers 3] [--threads 4]

Starts `serve` itself (granian, as in production) on a free port of 127.0.0.1 with a
throw-away data folder (the sample referater, removed at the end), then for each number of
clients runs two phases of `--duration` seconds: the clients alone, and the clients while
`--slow` connections each send one header line every `--slow-interval` seconds (slowloris;
one that the server cuts off is opened again, so that that many stay open). Each client is a
raw asyncio HTTP/1.1 connection with keep-alive that requests a page mix (front page, lists,
a meeting, an item, a case, search, the search API, the meetings API, a static file) one after
the other. Beside them one prober asks /healthz every 50 ms on its own connection: its p99 is
what a load balancer sees. Only 127.0.0.1; every loop is bounded by `--duration` and
`--max-requests`.

Errors are failed connections, timeouts (10 s) and answers of 5xx. Aim: no errors, and
/healthz p99 under 1 s while the slow connections are open.

Last, unless `--no-kill`, the embedded PostgreSQL is killed (SIGKILL) under the load of the
smallest number of clients, and the time until the front page answers 200 again is printed
with what the clients were answered meanwhile (503 expected, never 500).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
REQUEST_TIMEOUT = 10.0


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


class Connection:
    """One keep-alive HTTP/1.1 connection; reconnects after the server closes it."""

    def __init__(self, port: int):
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(HOST, self.port)
        request = f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nUser-Agent: bench-load\r\n\r\n"
        self.writer.write(request.encode())
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionResetError("closed before the answer")
        status = int(status_line.split()[1])
        length, chunked, close = None, False, False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value:
                chunked = True
            elif name == "connection" and value == "close":
                close = True
        if chunked:
            while True:
                size = int((await self.reader.readline()).split(b";")[0], 16)
                await self.reader.readexactly(size + 2)
                if size == 0:
                    break
        elif length is not None:
            await self.reader.readexactly(length)
        else:
            await self.reader.read()
            close = True
        if close:
            self.close()
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def timed_get(conn: Connection, path: str, tally: Tally) -> None:
    started = time.perf_counter()
    try:
        status = await asyncio.wait_for(conn.get(path), REQUEST_TIMEOUT)
    except TimeoutError:
        conn.close()
        tally.error("timeout")
        return
    except (OSError, ValueError, IndexError, asyncio.IncompleteReadError) as exc:
        conn.close()
        tally.error(type(exc).__name__)
        return
    tally.latencies.append(time.perf_counter() - started)
    if status >= 500:
        tally.error(f"HTTP {status}")


async def client(port, paths, deadline, max_requests, tally, seed) -> None:
    rng = random.Random(seed)
    conn = Connection(port)
    for _ in range(max_requests):
        if time.monotonic() >= deadline:
            break
        await timed_get(conn, rng.choice(paths), tally)
    conn.close()


async def prober(port, deadline, tally) -> None:
    conn = Connection(port)
    while time.monotonic() < deadline:
        await timed_get(conn, "/healthz", tally)
        await asyncio.sleep(0.05)
    conn.close()


async def slow_connection(port, deadline, interval, opened: list[int], cut: list[int]) -> None:
    """Slowloris: a request line, then one header line every `interval` s, never the end."""
    while time.monotonic() < deadline:
        try:
            reader, writer = await asyncio.open_connection(HOST, port)
        except OSError:
            await asyncio.sleep(0.5)
            continue
        opened[0] += 1
        try:
            writer.write(f"GET / HTTP/1.1\r\nHost: {HOST}\r\n".encode())
            await writer.drain()
            n = 0
            while time.monotonic() < deadline:
                try:
                    # EOF or an answer (408) while we wait: the server ended this one.
                    await asyncio.wait_for(reader.read(1024), interval)
                    cut[0] += 1
                    break
                except TimeoutError:
                    pass
                n += 1
                writer.write(f"X-Slow-{n}: {'a' * 20}\r\n".encode())
                await writer.drain()
        except OSError:
            cut[0] += 1
        finally:
            writer.close()


async def phase(port, paths, *, clients, slow, slow_interval, duration, max_requests):
    tally, health = Tally(), Tally()
    opened, cut = [0], [0]
    slow_tasks = []
    if slow:
        slow_deadline = time.monotonic() + duration + 2 + slow_interval
        slow_tasks = [
            asyncio.create_task(slow_connection(port, slow_deadline, slow_interval, opened, cut))
            for _ in range(slow)
        ]
        await asyncio.sleep(min(2.0, slow_interval))  # they are open before the load starts
    started = time.monotonic()
    deadline = started + duration
    tasks = [
        asyncio.create_task(client(port, paths, deadline, max_requests, tally, seed))
        for seed in range(clients)
    ]
    tasks.append(asyncio.create_task(prober(port, deadline, health)))
    await asyncio.gather(*tasks)
    elapsed = time.monotonic() - started
    for task in slow_tasks:
        task.cancel()
    await asyncio.gather(*slow_tasks, return_exceptions=True)
    return tally, health, elapsed, opened[0], cut[0]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def fetch_json(port: int, path: str):
    with urllib.request.urlopen(f"http://{HOST}:{port}{path}", timeout=10) as response:
        return json.loads(response.read())


def start_serve(data_dir: Path, port: int, workers: int, threads: int, header_timeout: float):
    skip = {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    env = {k: v for k, v in os.environ.items() if k not in skip}
    env.update(ARCHIVE_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1", LOG_LEVEL="CRITICAL")
    log = open(data_dir.parent / "serve.log", "w")  # closed with the process
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--port", str(port), "--no-worker",
         "--workers", str(workers), "--threads", str(threads),
         "--header-timeout", str(header_timeout)],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"serve exited:\n{(data_dir.parent / 'serve.log').read_text()}")
        try:
            if fetch_json(port, "/healthz")["status"] == "ok":
                return proc, log
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("serve did not answer in 120 s")


def page_mix(port: int) -> list[str]:
    meetings = fetch_json(port, "/api/meetings/")["results"]
    meeting_url = meetings[0]["url"].split(f"{HOST}:{port}", 1)[-1]
    hits = fetch_json(port, "/api/search?q=tilsyn")["results"]
    item_url = hits[0]["url"].split(f"{HOST}:{port}", 1)[-1] if hits else meeting_url
    paths = [
        "/",
        "/moeder/",
        "/udvalg/",
        "/personer/",
        "/sager/",
        meeting_url,
        item_url,
        "/soeg/?q=tilsyn",
        "/soeg/?q=pulje",
        "/api/search?q=integration",
        "/api/meetings/",
        "/static/css/archive.css",
    ]
    case = next((h["case_number"] for h in hits if h.get("case_number")), None)
    if case:
        paths.append(f"/sager/{case}/")
    return paths


async def kill_and_recover(port, paths, data_dir: Path, clients: int) -> str:
    """SIGKILL the postmaster under load; seconds until / is 200 again, and the answers seen."""
    pid = int((data_dir / "postgres" / "postmaster.pid").read_text().split()[0])
    deadline = time.monotonic() + 60
    tally = Tally()
    statuses: dict[int, int] = {}
    load = [
        asyncio.create_task(client(port, paths, deadline, 100_000, tally, seed))
        for seed in range(clients)
    ]
    await asyncio.sleep(1)
    os.kill(pid, signal.SIGKILL)
    killed = time.monotonic()
    conn = Connection(port)
    back = None
    while time.monotonic() < deadline:
        try:
            status = await asyncio.wait_for(conn.get("/"), REQUEST_TIMEOUT)
        except (OSError, TimeoutError, ValueError, asyncio.IncompleteReadError):
            conn.close()
            status = 0
        statuses[status] = statuses.get(status, 0) + 1
        try:
            now_pid = int((data_dir / "postgres" / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            now_pid = None
        if status == 200 and now_pid not in (None, pid):
            back = time.monotonic() - killed
            break
        await asyncio.sleep(0.1)
    conn.close()
    for task in load:
        task.cancel()
    await asyncio.gather(*load, return_exceptions=True)
    seen = ", ".join(f"{k or 'no answer'}: {v}" for k, v in sorted(statuses.items()))
    if back is None:
        return f"database killed under {clients} clients: NOT back within 60 s ({seen})"
    return (
        f"database killed (SIGKILL) under {clients} clients: the front page answered 200 again "
        f"after {back:.1f} s; the prober's answers meanwhile: {seen}"
    )


def row(label, clients, slow, tally, health, elapsed, opened, cut) -> str:
    n = len(tally.latencies)
    errors = sum(tally.errors.values()) + sum(health.errors.values())
    ms = [v * 1000 for v in tally.latencies]
    hms = [v * 1000 for v in health.latencies]
    detail = ", ".join(f"{k} {v}" for k, v in {**tally.errors, **health.errors}.items())
    return (
        f"| {label} | {clients} | {slow} ({opened} opened, {cut} cut) | {n} | {n / elapsed:.0f} "
        f"| {percentile(ms, 50):.0f} | {percentile(ms, 95):.0f} | {percentile(ms, 99):.0f} "
        f"| {errors}{' (' + detail + ')' if detail else ''} | {percentile(hms, 99):.0f} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[50, 500])
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--slow", type=int, default=100)
    parser.add_argument("--slow-interval", type=float, default=5)
    parser.add_argument("--max-requests", type=int, default=100_000, help="per client and phase")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--header-timeout", type=float, default=10)
    parser.add_argument("--no-kill", action="store_true", help="do not kill the database")
    args = parser.parse_args()

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    root = Path(tempfile.mkdtemp(prefix="load-bench-"))
    port = free_port()
    proc, log = start_serve(root / "var", port, args.workers, args.threads, args.header_timeout)
    failed = broken = False
    try:
        paths = page_mix(port)
        print(
            f"serve (granian WSGI) with {args.workers} workers x {args.threads} threads, header "
            f"timeout {args.header_timeout:g} s; {os.cpu_count()} cores shared with the clients;"
            f" {args.duration:g} s per phase; pages: {len(paths)} kinds\n"
        )
        print(
            "| phase | clients | slow connections | requests | req/s | p50 ms | p95 ms | p99 ms "
            "| errors | /healthz p99 ms |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|")
        for clients in args.clients:
            for slow in (0, args.slow) if args.slow else (0,):
                result = asyncio.run(
                    phase(port, paths, clients=clients, slow=slow,
                          slow_interval=args.slow_interval, duration=args.duration,
                          max_requests=args.max_requests)
                )  # fmt: skip
                label = "with slow clients" if slow else "clients alone"
                print(row(label, clients, slow, *result), flush=True)
                tally, health = result[0], result[1]
                failed |= bool(tally.errors or health.errors)
        if not args.no_kill:
            recovery = asyncio.run(kill_and_recover(port, paths, root / "var", min(args.clients)))
            print("\n" + recovery)
            broken = "NOT back" in recovery or "500:" in recovery
        print(
            "\nerrors: failed connections, timeouts (10 s) and 5xx answers; "
            "slow connections send one header line every "
            f"{args.slow_interval:g} s; /healthz is probed every 50 ms beside the clients"
        )
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        shutil.rmtree(root, ignore_errors=True)
    if failed:
        print("errors were seen under load (see the errors column)")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
