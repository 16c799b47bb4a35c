"""The archive's own middleware: Danish first (Danish at plain addresses, English under /en/),
odd input refused, and outages said plainly."""

from __future__ import annotations

import errno
import logging
import time

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import BadRequest, FieldDoesNotExist
from django.db import DataError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils import translation

from archive import health

logger = logging.getLogger("archive.outage")
# How long an outage is told once per process in the log, not once per request.
LOG_EVERY_SECONDS = 10
DISK_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}


class AdminLanguageMiddleware:
    """The admin has no /en/ addresses, so there the language switch's cookie decides.

    Everywhere else the address alone decides (LocaleMiddleware with i18n_patterns and no
    prefix for Danish): a Danish link opens in Danish and an /en/ link in English, for
    everyone, whatever the browser prefers. Lejre's referater are Danish; a visitor whose
    browser prefers English still meets the archive in Danish, with English one click away.
    Runs after LocaleMiddleware, which has just chosen Danish for the unprefixed /admin/."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/admin/"):
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            if chosen in dict(settings.LANGUAGES):
                translation.activate(chosen)
                request.LANGUAGE_CODE = chosen
        return self.get_response(request)


class OddInputMiddleware:
    """400 for what no page can mean: a NUL in the address, a parameter or a cookie.

    PostgreSQL text cannot hold NUL, so a NUL that reached a query was a 500; and a view that
    reads a parameter with `int()` overflows a database integer with a long enough number.
    Both are the client's error, said as 400 before any view (NUL) or when the database
    refuses the value (DataError: out of range, invalid input syntax). So is a parameter that
    names no field (the admin's `?_to_field=` empty raises FieldDoesNotExist).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info or "\x00" in request.META.get("QUERY_STRING", ""):
            raise BadRequest("NUL in the address")
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                raise BadRequest("NUL in a parameter")
        for name in [n for n, v in request.COOKIES.items() if "\x00" in n or "\x00" in v]:
            del request.COOKIES[name]  # a cookie is not the visitor's choice: ignore it
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, FieldDoesNotExist) and request.GET:
            raise BadRequest(str(exception)) from exception
        if isinstance(exception, DataError | OverflowError):
            if request.method in ("GET", "HEAD"):
                logger.warning("400 for %s: %s", request.path, str(exception).splitlines()[0])
            else:  # a form that let such a value through is a bug to fix: keep its traceback
                logger.error("400 for %s %s", request.method, request.path, exc_info=exception)
            raise BadRequest(str(exception).splitlines()[0]) from exception
        return None


class OutageMiddleware:
    """503 with Retry-After and a page of our own while the database is unreachable or the
    disk is full, instead of a 500 per request; the reason is one line in the log.

    It sits before CsrfViewMiddleware, so that it reads an upload's body itself: a full
    temporary folder while an upload is written to it is "the disk is full", not a 500.
    """

    _last_logged: dict[str, float] = {}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        if request.method == "POST":
            try:
                request.POST  # noqa: B018 - parse (and spool) the body here, where it can fail
            except OSError as exc:
                if exc.errno in DISK_FULL_ERRNOS:
                    return self.outage(request, "disk_full", f"upload refused: {exc}")
                # a client that went away (UnreadablePostError): the CSRF check answers it
        return None

    def process_exception(self, request, exception):
        if isinstance(exception, OSError) and exception.errno in DISK_FULL_ERRNOS:
            return self.outage(request, "disk_full", str(exception))
        if isinstance(exception, OperationalError | InterfaceError):
            code, line = health.database_problem(exception)
            return self.outage(request, code, line)
        return None

    @classmethod
    def outage(cls, request, code: str, line: str) -> HttpResponse:
        if code == "disk_full":
            health.saw_disk_full()
        now = time.monotonic()
        if now - cls._last_logged.get(code, -LOG_EVERY_SECONDS) >= LOG_EVERY_SECONDS:
            cls._last_logged[code] = now
            logger.error("503 (%s): %s", code, line)
        return unavailable_response(code)


def unavailable_response(code: str) -> HttpResponse:
    """The standalone 503 page: it reads no database, so it shows when nothing else does."""
    retry = health.RETRY_AFTER_SECONDS["disk_full" if code == "disk_full" else "default"]
    body = loader.get_template("503.html").render({"disk_full": code == "disk_full"})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(retry)
    response["Cache-Control"] = "no-store"
    return response


class DiskWarningMiddleware:
    """Staff on an admin page are told when the archive's disk is full: one line, at the top."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/") and getattr(request, "user", None) is not None:
            try:
                staff = request.user.is_staff
            except (OperationalError, InterfaceError):
                staff = False  # the database is down: OutageMiddleware answers
            if staff:
                problem = health.disk_problem()
                if problem:
                    messages.warning(request, problem)
        return self.get_response(request)


def server_error(request, template_name="500.html"):
    """handler500: the 503 page when what failed is the database, though raised outside a view
    (a session saved after the response); else the plain 500 page."""
    import sys

    exception = sys.exc_info()[1]
    if isinstance(exception, OperationalError | InterfaceError):
        return unavailable_response(health.database_problem(exception)[0])
    if isinstance(exception, OSError) and exception.errno in DISK_FULL_ERRNOS:
        return unavailable_response("disk_full")
    body = loader.get_template(template_name).render({})
    return HttpResponse(body, status=500)
