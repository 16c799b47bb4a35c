"""A local stand-in of a FirstAgenda Publication portal: a real HTTP server on 127.0.0.1.

It answers `GET /api/agenda/udvalgsliste` and `GET /api/agenda/dagsorden/<id>` from a folder
laid out as ../shared/real/greve/ is (udvalgsliste.json, dagsorden/<id>.json), byte for byte,
with an ETag and Last-Modified and 304 for a conditional request that matches. The tests can
tell it to fail, to be slow, to change or add a meeting, or to want an anonymous sign-in
first, and read what was asked of it.

Run it by hand to harvest from it:

    uv run python -m tests.portal.standin ../shared/real/greve --port 8765
    uv run manage.py harvest http://127.0.0.1:8765 --municipality greve
"""

from __future__ import annotations

import argparse
import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

LIST_PATH = "/api/agenda/udvalgsliste"
MEETING_PREFIX = "/api/agenda/dagsorden/"
SIGN_IN_PATH = "/Home/AnonymousAuthentication"
SESSION_COOKIE = "FirstAgendaAnonymous"


@dataclass
class Asked:
    """One request the stand-in answered."""

    path: str
    headers: dict
    status: int
    at: float


@dataclass
class _Failure:
    prefix: str
    status: int  # 0: drop the connection without an answer
    times: int


@dataclass
class PortalStandIn:
    """The portal's state: its files, and what it was told to do."""

    folder: Path
    host: str = "127.0.0.1"
    port: int = 0
    delay: float = 0.0
    want_sign_in: bool = False
    asked: list[Asked] = field(default_factory=list)
    _docs: dict[str, bytes] = field(default_factory=dict)
    _modified: dict[str, float] = field(default_factory=dict)
    _failures: list[_Failure] = field(default_factory=list)
    _busy: int = 0
    most_at_once: int = 0

    def __post_init__(self):
        self.folder = Path(self.folder)
        self._lock = threading.Lock()
        started = time.time() - 86400
        self._docs[LIST_PATH] = (self.folder / "udvalgsliste.json").read_bytes()
        self._modified[LIST_PATH] = started
        for path in sorted((self.folder / "dagsorden").glob("*.json")):
            self._docs[MEETING_PREFIX + path.stem] = path.read_bytes()
            self._modified[MEETING_PREFIX + path.stem] = started

    # --- what a test tells it -----------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def meeting_ids(self) -> list[str]:
        return [p.removeprefix(MEETING_PREFIX) for p in self._docs if p.startswith(MEETING_PREFIX)]

    def meeting(self, meeting_id: str) -> dict:
        return json.loads(self._docs[MEETING_PREFIX + meeting_id])

    def fail(self, prefix: str = "/", *, status: int = 503, times: int = 1) -> None:
        """The next `times` requests whose path starts with `prefix` get `status` (0: the
        connection is dropped unanswered)."""
        with self._lock:
            self._failures.append(_Failure(prefix, status, times))

    def slow(self, seconds: float) -> None:
        """Every answer waits this long first."""
        self.delay = seconds

    def change(self, meeting_id: str, meeting: dict, *, relist: bool = True) -> None:
        """Serve another version of a meeting (as the portal does when a referat is published or
        corrected), and, with `relist`, say so in the committee list as a portal does (the
        entry's ReleasedDate moves)."""
        self._put(MEETING_PREFIX + meeting_id, _json(meeting))
        if relist:
            listing = json.loads(self._docs[LIST_PATH])
            for group in listing["Udvalg"].values():
                for committee in group:
                    for entry in committee["Moeder"]:
                        if entry["Id"] == meeting_id:
                            entry["ReleasedDate"] = formatdate(time.time(), usegmt=True)
            self._put(LIST_PATH, _json(listing))

    def add(self, meeting: dict, *, committee: str | None = None) -> None:
        """List and serve a meeting the portal did not have (an agenda for next week, say)."""
        meeting_id = meeting["Id"]
        committee = committee or meeting["Udvalg"]["Navn"]
        listing = json.loads(self._docs[LIST_PATH])
        group = next(iter(listing["Udvalg"].values()))
        entry = {"Id": meeting_id, "Dato": meeting["Moede"]["Dato"], "Navn": "Dagsorden"}
        for known in group:
            if known["Navn"] == committee:
                known["Moeder"].append(entry)
                break
        else:
            group.append({"Navn": committee, "Id": meeting["Udvalg"]["Id"], "Moeder": [entry]})
        self._put(LIST_PATH, _json(listing))
        self._put(MEETING_PREFIX + meeting_id, _json(meeting))

    def requests_for(self, prefix: str) -> list[Asked]:
        return [asked for asked in self.asked if asked.path.startswith(prefix)]

    # --- serving ------------------------------------------------------------------------

    def _put(self, path: str, content: bytes) -> None:
        with self._lock:
            self._docs[path] = content
            self._modified[path] = time.time()

    def _failure_for(self, path: str) -> _Failure | None:
        with self._lock:
            for failure in self._failures:
                if failure.times > 0 and path.startswith(failure.prefix):
                    failure.times -= 1
                    return failure
        return None

    def start(self) -> PortalStandIn:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 (the http.server name)
                standin._answer(self)

            def log_message(self, format, *args):  # quiet in tests
                pass

        self._server = ThreadingHTTPServer((self.host, self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self._busy += 1
            self.most_at_once = max(self.most_at_once, self._busy)
        try:
            status = self._respond(handler)
        finally:
            with self._lock:
                self._busy -= 1
        headers = {key.lower(): value for key, value in handler.headers.items()}
        self.asked.append(Asked(handler.path, headers, status, time.monotonic()))

    def _respond(self, handler) -> int:
        if self.delay:
            time.sleep(self.delay)
        path = unquote(urlsplit(handler.path).path)
        failure = self._failure_for(path)
        if failure is not None:
            if failure.status == 0:
                handler.close_connection = True
                handler.connection.shutdown(2)
                return 0
            return _send(handler, failure.status, b"Service Unavailable", "text/plain")
        if path == SIGN_IN_PATH:
            handler.send_response(302)
            handler.send_header("Set-Cookie", f"{SESSION_COOKIE}=yes; Path=/")
            handler.send_header("Location", "/")
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return 302
        if self.want_sign_in and SESSION_COOKIE not in (handler.headers.get("Cookie") or ""):
            page = b"<!doctype html><html><body>Log ind</body></html>"
            return _send(handler, 200, page, "text/html; charset=utf-8")
        if path == "/":
            page = b"<!doctype html><html><body>Dagsordener og referater</body></html>"
            return _send(handler, 200, page, "text/html; charset=utf-8")
        content = self._docs.get(path)
        if content is None:
            return _send(handler, 404, b"Not Found", "text/plain")
        etag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
        modified = formatdate(self._modified[path], usegmt=True)
        if handler.headers.get("If-None-Match") == etag:
            handler.send_response(304)
            handler.send_header("ETag", etag)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return 304
        return _send(
            handler, 200, content, "application/json; charset=utf-8", etag=etag, modified=modified
        )


def _send(handler, status: int, content: bytes, content_type: str, **validators) -> int:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(content)))
    if validators.get("etag"):
        handler.send_header("ETag", validators["etag"])
        handler.send_header("Last-Modified", validators["modified"])
    handler.end_headers()
    handler.wfile.write(content)
    return status


def _json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description="A local stand-in of a FirstAgenda portal.")
    parser.add_argument("folder", help="udvalgsliste.json and dagsorden/<id>.json")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    standin = PortalStandIn(Path(args.folder), port=args.port).start()
    print(f"A FirstAgenda stand-in with {len(standin.meeting_ids())} meetings at {standin.url}")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        standin.stop()


if __name__ == "__main__":
    main()
