"""A polite, sturdy HTTP client for one portal: one request at a time, a pause between them,
a User-Agent that names the archive and how to reach it, retries with back-off, conditional
requests, and a one-line reason for every failure.

A municipality's portal is a public service run on a municipal budget: the archive must never
be the reason it is slow. The pause after a response is at least ARCHIVE_HARVEST_PAUSE_SECONDS
and at least as long as that response took, so a portal that is slow gets more room.
"""

from __future__ import annotations

import email.utils
import random
import time
from dataclasses import dataclass

import httpx
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

# Statuses worth another try: the portal is busy, restarting or behind a failing proxy.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class PortalError(Exception):
    """The portal did not give what was asked for; the message says why, in one line."""


@dataclass(frozen=True)
class Response:
    """One answer of the portal: its body (None when not modified) and validators."""

    url: str
    status: int
    content: bytes | None
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def user_agent() -> str:
    return f"Referatarkivet/1.0 (+{settings.ARCHIVE_CONTACT}; harvests public referater)"


class PoliteClient:
    """Requests to one portal, one at a time, paced and retried."""

    def __init__(
        self,
        *,
        pause: float | None = None,
        retries: int | None = None,
        backoff: float | None = None,
        timeout: float | None = None,
        max_bytes: int | None = None,
    ):
        self.pause = settings.ARCHIVE_HARVEST_PAUSE_SECONDS if pause is None else pause
        self.retries = settings.ARCHIVE_HARVEST_RETRIES if retries is None else retries
        self.backoff = settings.ARCHIVE_HARVEST_BACKOFF_SECONDS if backoff is None else backoff
        timeout = settings.ARCHIVE_HARVEST_TIMEOUT_SECONDS if timeout is None else timeout
        self.max_bytes = settings.ARCHIVE_MAX_UPLOAD_BYTES if max_bytes is None else max_bytes
        self.requests = 0
        self._ready_at = 0.0
        self._asked_wait: float | None = None  # the portal's Retry-After, in seconds
        self._http = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            headers={"User-Agent": user_agent(), "Accept": "application/json, text/html"},
            follow_redirects=True,
            max_redirects=5,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def get(self, url: str, *, etag: str = "", last_modified: str = "") -> Response:
        """GET `url`, conditionally when validators of an earlier answer are given.

        Retries timeouts, refused connections and 429/5xx answers with exponential back-off
        (and the portal's Retry-After); raises PortalError with the last reason otherwise.
        """
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        reason = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self._backoff_delay(attempt, reason))
            self._wait_turn()
            started = time.monotonic()
            try:
                response = self._fetch(url, headers)
            except httpx.TimeoutException:
                reason = format_lazy(
                    _("intet svar fra {host} inden for tidsgrænsen"), host=_host(url)
                )
                self._done(started)
                continue
            except httpx.TransportError as exc:
                reason = format_lazy(
                    _("kan ikke nå {host} ({error})"),
                    host=_host(url),
                    error=_first_line(exc) or type(exc).__name__,
                )
                self._done(started)
                continue
            self._done(started)
            if response.status in RETRY_STATUSES:
                reason = format_lazy(
                    _("{where} svarede HTTP {status}"), where=_host(url), status=response.status
                )
                self._asked_wait = _retry_after(response)
                continue
            if response.status >= 400:
                raise PortalError(
                    format_lazy(
                        _("{where} svarede HTTP {status}"), where=url, status=response.status
                    )
                )
            return response
        raise PortalError(
            format_lazy(_("{reason} (efter {tries} forsøg)"), reason=reason, tries=self.retries + 1)
        )

    def _fetch(self, url: str, headers: dict) -> Response:
        self.requests += 1
        self._asked_wait = None
        with self._http.stream("GET", url, headers=headers) as response:
            chunks, size = [], 0
            if response.status_code == 200:
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise PortalError(
                            format_lazy(
                                _("{url} er større end {size} MB: afvist"),
                                url=url,
                                size=self.max_bytes // (1024 * 1024),
                            )
                        )
                    chunks.append(chunk)
            return _Raw(
                url=str(response.url),
                status=response.status_code,
                content=b"".join(chunks) if response.status_code == 200 else None,
                etag=response.headers.get("ETag", ""),
                last_modified=response.headers.get("Last-Modified", ""),
                retry_after=response.headers.get("Retry-After", ""),
            )

    def _wait_turn(self) -> None:
        delay = self._ready_at - time.monotonic()
        if delay > 0:
            time.sleep(delay)

    def _done(self, started: float) -> None:
        took = time.monotonic() - started
        self._ready_at = time.monotonic() + max(self.pause, took)

    def _backoff_delay(self, attempt: int, reason: str) -> float:
        wait = self.backoff * 2 ** (attempt - 1)
        wait *= 1 + random.random() / 4  # spread the retries of several harvesters
        if self._asked_wait:
            wait = max(wait, self._asked_wait)
        return min(wait, settings.ARCHIVE_HARVEST_MAX_BACKOFF_SECONDS)


@dataclass(frozen=True)
class _Raw(Response):
    retry_after: str = ""


def _retry_after(response: _Raw) -> float | None:
    value = (response.retry_after or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _host(url: str) -> str:
    return httpx.URL(url).host or url


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [""])[0][:200]
