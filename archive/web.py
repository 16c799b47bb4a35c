"""The archive's web server: granian serving archive.wsgi, as `serve` and the Docker image run it.

    python -m archive.web        # in the container: PORT, HOST, WEB_WORKERS, WEB_THREADS, …

Why granian: its HTTP/1 side is Rust (hyper on tokio), so a connection costs no Python thread
until its request is whole. A slow client (one header line every few seconds) waits in tokio,
and is cut off after the header timeout, while the WSGI threads serve everyone else;
gunicorn's sync and gthread workers give each such client a worker or a thread (three slow
connections took the site down for 30 s). `bench/load.py` measures it. Django's views are
synchronous: WSGI threads run them, without the one-thread-per-process of sync views under
ASGI.
"""

from __future__ import annotations

import os
import signal
import threading


def default_workers() -> int:
    """WEB_WORKERS, else 3 processes, but never more than the machine has cores: granian warns
    that more workers than cores lower throughput, and threads carry the waiting anyway."""
    if "WEB_WORKERS" in os.environ:
        return int(os.environ["WEB_WORKERS"])
    return max(1, min(3, os.cpu_count() or 1))


def run_granian(*, host: str, port: int, workers: int, threads: int, header_timeout: float):
    """Serve archive.wsgi with granian until SIGINT or SIGTERM."""
    import granian.server.common
    from granian import Granian
    from granian.constants import Interfaces
    from granian.http import HTTP1Settings

    granian.server.common.set_main_signals = _set_main_signals
    Granian(
        "archive.wsgi:application",
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        workers=workers,
        blocking_threads=threads,
        # Connections a worker takes on at once (granian counts one from its first byte, so
        # this must be well above the slow ones we mean to outlast); the Python work is bounded
        # by the threads, and requests beyond them wait in tokio, not in Python.
        backpressure=2048,
        backlog=4096,
        http1_settings=HTTP1Settings(
            header_read_timeout=int(header_timeout * 1000), keep_alive=True
        ),
        websockets=False,
        log_access=True,
        log_access_format='%(addr)s - "%(method)s %(path)s %(protocol)s" %(status)d %(dt_ms).1fms',
        respawn_failed_workers=True,
        respawn_interval=1.0,
        workers_kill_timeout=10,
    ).serve()


def _set_main_signals(interrupt_handler, reload_handler=None):
    """granian's own handlers, made safe for signals that come in a burst.

    granian sets a threading.Event straight from the signal handler. A second signal (Ctrl-C
    pressed twice, `uv run` passing on the SIGTERM its process group also got) interrupts the
    first handler inside that Event's lock, and the second handler waits for the lock for
    ever: serve hung with the database still running. Here the first signal hands the work
    to a thread, and later ones are ignored.
    """
    fired = threading.Event()

    def on_signal(signum, frame):
        if fired.is_set():
            return
        fired.set()
        threading.Thread(
            target=interrupt_handler, args=(signum, frame), name="shutdown", daemon=True
        ).start()

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, on_signal)
    if reload_handler is not None:
        signal.signal(signal.SIGHUP, reload_handler)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    run_granian(
        host=os.environ.get("HOST", "0.0.0.0"),
        port=int(os.environ.get("PORT", 8000)),
        workers=default_workers(),
        threads=int(os.environ.get("WEB_THREADS", 4)),
        header_timeout=float(os.environ.get("WEB_HEADER_TIMEOUT", 10)),
    )


if __name__ == "__main__":
    main()
