"""Untrusted work (PDFium on an uploaded PDF) in a forked worker process with a wall-clock
timeout and an address-space limit, so a hostile file can neither hang nor exhaust the archive.

The worker is forked on first use and then serves one call after another: forking per call
costs more than the extraction itself (copy-on-write faults in a fresh child make PDFium run
at half speed). It is killed when a call overruns, replaced after a crash or a memory error,
retired after `RECYCLE_AFTER` calls, and exits by itself when its parent goes away (end of
file on its request pipe). One worker per process; calls from several threads take turns.
"""

from __future__ import annotations

import atexit
import os
import pickle
import resource
import select
import signal
import struct
import threading
import time

from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from meetings.ingest.errors import ReferatError

MEMORY_HEADROOM = 1 << 30  # bytes the worker may map beyond what it inherited
RECYCLE_AFTER = 200  # calls served before a fresh worker takes over
_HEADER = struct.Struct("!Q")


class _Worker:
    """One forked worker and the two pipes to it."""

    def __init__(self) -> None:
        request_read, request_write = os.pipe()
        result_read, result_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker: never returns
            os.close(request_write)
            os.close(result_read)
            _serve(request_read, result_write)
        os.close(request_read)
        os.close(result_write)
        os.set_blocking(request_write, False)
        self.pid, self.requests, self.results = pid, request_write, result_read
        self.owner = os.getpid()
        self.served = 0

    def stop(self, *, kill: bool) -> None:
        for fd in (self.requests, self.results):
            try:
                os.close(fd)
            except OSError:
                pass
        try:
            if kill:
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ChildProcessError, ProcessLookupError):
            pass  # already reaped (the host ignores SIGCHLD)


_lock = threading.Lock()
_worker: _Worker | None = None


def run_bounded(function, *args, timeout: float):
    """`function(*args)` in the worker; its ReferatError, or a ReferatError for an overrun,
    a crash or exhausted memory. `function` and the arguments must pickle."""
    global _worker
    # The worker words its reasons in the caller's language (the worker was forked once, by
    # whoever came first, and serves every later caller, whatever language is theirs).
    language = translation.get_language()
    request = pickle.dumps((function, args, language), protocol=pickle.HIGHEST_PROTOCOL)
    with _lock:
        if _worker is not None and _worker.owner != os.getpid():
            _worker = None  # inherited through a fork of our host: not ours to talk to
        if _worker is None:
            _worker = _Worker()
        worker = _worker
        deadline = time.monotonic() + timeout
        try:
            _send(worker.requests, request, deadline)
            status, payload = pickle.loads(_receive(worker.results, deadline))
        except TimeoutError:
            _worker = None
            worker.stop(kill=True)
            raise ReferatError(
                format_lazy(
                    _("læsningen af PDF'en tog mere end {seconds} s"), seconds=f"{timeout:g}"
                )
            ) from None
        except (EOFError, OSError, pickle.UnpicklingError):
            _worker = None
            worker.stop(kill=True)
            raise ReferatError(_("PDF'en kunne ikke læses (læseren stoppede)")) from None
        worker.served += 1
        if status == "fatal" or worker.served >= RECYCLE_AFTER:
            _worker = None
            worker.stop(kill=status == "fatal")
    if status != "ok":
        raise ReferatError(payload)
    return payload


@atexit.register
def _stop_worker() -> None:
    global _worker
    if _worker is not None and _worker.owner == os.getpid():
        _worker.stop(kill=True)
    _worker = None


# Transport: a length header, then the pickle -------------------------------------------------


def _send(fd: int, message: bytes, deadline: float) -> None:
    view = memoryview(_HEADER.pack(len(message)) + message)
    while view:
        _wait(fd, deadline, write=True)
        try:
            written = os.write(fd, view[: 1 << 20])
        except BlockingIOError:
            continue
        view = view[written:]


def _receive(fd: int, deadline: float) -> bytes:
    header = _read_exactly(fd, _HEADER.size, deadline)
    return _read_exactly(fd, _HEADER.unpack(header)[0], deadline)


def _read_exactly(fd: int, size: int, deadline: float | None) -> bytes:
    """`size` bytes from a pipe; by `deadline` (TimeoutError), or waiting as long as it takes
    when None (the worker, which only ever waits for its parent)."""
    chunks, missing = [], size
    while missing:
        if deadline is not None:
            _wait(fd, deadline, write=False)
        chunk = os.read(fd, min(missing, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def _wait(fd: int, deadline: float, *, write: bool) -> None:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TimeoutError
    watched = ([], [fd], []) if write else ([fd], [], [])
    if not any(select.select(*watched, remaining)):
        raise TimeoutError


# The worker --------------------------------------------------------------------------------


def _serve(requests: int, results: int) -> None:
    """The worker's loop: one call per request until the parent closes the pipe."""
    try:
        # Nothing of the host (database sockets, a listening port) stays open in the worker.
        os.closerange(3, min(requests, results))
        os.closerange(min(requests, results) + 1, max(requests, results))
        os.closerange(max(requests, results) + 1, 1 << 16)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        _limit_memory()
        while True:
            try:
                header = _read_exactly(requests, _HEADER.size, None)
            except EOFError:
                break
            message = _read_exactly(requests, _HEADER.unpack(header)[0], None)
            status, language = "ok", None
            try:
                function, args, language = pickle.loads(message)
                payload = function(*args)
            except ReferatError as error:
                status, payload = "error", error
            except MemoryError:
                status, payload = "fatal", _("PDF'en kræver for meget hukommelse til at blive læst")
            except BaseException as error:  # noqa: BLE001 - whatever PDFium raises: a bad PDF
                status = "error"
                payload = format_lazy(
                    _("PDF'en er beskadiget eller ulæselig ({error})"), error=type(error).__name__
                )
            if status != "ok":
                # Worded here, in the caller's language: only plain text goes back.
                with translation.override(language):
                    payload = str(payload)
            answer = pickle.dumps((status, payload), protocol=pickle.HIGHEST_PROTOCOL)
            _write_blocking(results, _HEADER.pack(len(answer)) + answer)
            if status == "fatal":
                break
    finally:
        os._exit(0)


def _write_blocking(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _limit_memory() -> None:
    try:
        with open("/proc/self/statm") as statm:
            mapped = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return
    limit = mapped + MEMORY_HEADROOM
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
