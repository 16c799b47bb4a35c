"""What is wrong, in one line: the health check for load balancers and the Docker HEALTHCHECK,
the 503 page's reason and the admin's warning about a full disk.

`GET /healthz` answers 200 `{"status": "ok"}`, 200 `{"status": "degraded", "reason":
"disk_full", "detail": …}` while the database still answers but its disk is full (pages are
read, nothing new is stored), and 503 `{"status": "error", "reason": …, "detail": …}` with
Retry-After while the database does not answer. Reasons: `database_unreachable`,
`database_starting`, `disk_full`, `data_folder`.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = {"default": 5, "disk_full": 60}
# A disk-full error seen from the database counts for this long (a managed server's disk,
# which the archive cannot measure itself).
DISK_FULL_REMEMBERED_SECONDS = 300
_disk_full_seen_at: float | None = None


def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # any database failure means unhealthy, whatever its type
        code, line = database_problem(exc)
        response = JsonResponse(
            {"status": "error", "reason": code, "detail": line, "error": type(exc).__name__},
            status=503,
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS["default"])
        return response
    detail = disk_detail()
    if detail:
        return JsonResponse({"status": "degraded", "reason": "disk_full", "detail": detail})
    return JsonResponse({"status": "ok"})


def database_problem(exc: BaseException) -> tuple[str, str]:
    """(reason, one line) for a database error."""
    from psycopg import errors

    cause = exc.__cause__ or exc
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if isinstance(cause, errors.DiskFull) or "No space left on device" in str(exc):
        saw_disk_full()
        return "disk_full", text
    if "starting up" in text or "recovery" in text or "shutting down" in text:
        return "database_starting", text
    if not settings.DATABASE_URL:
        from archive.db import server

        if isinstance(getattr(cause, "__cause__", None), server.DataFolderError):
            return "data_folder", text
        if server.disk_full(settings.ARCHIVE_DATA_DIR):
            return "disk_full", server.why_stopped(settings.ARCHIVE_DATA_DIR)
        if not server.is_alive(settings.ARCHIVE_DATA_DIR):
            return "database_unreachable", server.why_stopped(settings.ARCHIVE_DATA_DIR)
    return "database_unreachable", text


def saw_disk_full() -> None:
    global _disk_full_seen_at
    _disk_full_seen_at = time.monotonic()


def disk_detail() -> str:
    """A line on the disk being full, in English for logs and /healthz; "" when it is not."""
    if not settings.DATABASE_URL:
        from archive.db import server

        if server.disk_full(settings.ARCHIVE_DATA_DIR):
            return server.why_stopped(settings.ARCHIVE_DATA_DIR)
    seen = _disk_full_seen_at
    if seen is not None and time.monotonic() - seen < DISK_FULL_REMEMBERED_SECONDS:
        return "the database refused to write: its disk is full"
    return ""


def disk_problem() -> str:
    """The same, for staff in the admin, in the interface's language; "" when all is well."""
    if not settings.DATABASE_URL:
        from archive.db import server

        if server.disk_full(settings.ARCHIVE_DATA_DIR):
            free = server.disk_free_bytes(settings.ARCHIVE_DATA_DIR) or 0
            return _(
                "Disken med arkivets database er fuld (%(free)s MB fri i %(folder)s): nye "
                "referater kan ikke gemmes, før der er gjort plads."
            ) % {"free": f"{free / (1024 * 1024):.0f}", "folder": settings.ARCHIVE_DATA_DIR}
    if disk_detail():
        return _(
            "Databasen har afvist at skrive, fordi dens disk er fuld: nye referater kan ikke "
            "gemmes, før der er gjort plads."
        )
    return ""
