"""`serve` watches its embedded PostgreSQL and starts it again when it dies.

A server killed (kill -9, the OOM killer) or stopped by itself (PostgreSQL shuts down when it
cannot write its WAL, as on a full disk) is started again within seconds, at the same socket:
the web workers' next connection finds it, and pages answered 503 meanwhile. Each change is one
line in the log, with the reason (`why_stopped`): a full disk says so, and the server comes
back once space is freed.
"""

from __future__ import annotations

import logging
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

from . import server

logger = logging.getLogger("archive.db")


class DatabaseSupervisor:
    """A thread that looks at the postmaster every `interval` seconds and restarts it."""

    RETRY_AFTER = (0.5, 1, 2, 3, 5)  # seconds between tries to start, then every 5 s

    def __init__(self, data_dir: Path, *, say: Callable[[str], None], interval: float = 0.5):
        self.data_dir = Path(data_dir)
        self.say = say
        self.interval = interval
        self.restarts = 0
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._watch, name="database-watch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Watch no more (before the server is stopped on purpose)."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=15)

    def _watch(self) -> None:
        while not self._stopping.wait(self.interval):
            if server.is_alive(self.data_dir):
                continue
            # pg_ctl writes postmaster.pid a moment before the server is ready; look twice.
            if self._stopping.wait(self.interval) or server.is_alive(self.data_dir):
                continue
            self._bring_back()

    def _bring_back(self) -> None:
        down_since = time.monotonic()
        reason = server.why_stopped(self.data_dir)
        self.say(f"The database stopped ({reason}); starting it again.")
        tries = 0
        while not self._stopping.is_set():
            try:
                server.restart(self.data_dir)
            except (subprocess.SubprocessError, OSError, AssertionError) as exc:
                now = server.why_stopped(self.data_dir)
                if now != reason or tries == 0:
                    self.say(f"The database does not start ({now}); trying again.")
                    reason = now
                logger.debug("restart failed: %r", exc)
                wait = self.RETRY_AFTER[min(tries, len(self.RETRY_AFTER) - 1)]
                tries += 1
                if self._stopping.wait(wait):
                    return
                continue
            self.restarts += 1
            took = time.monotonic() - down_since
            self.say(f"The database runs again ({took:.1f} s after it was missed).")
            return
