"""Views that fail the ways a real outage makes pages fail, for tests/ops/test_outage.py."""

import errno

from django.db import OperationalError
from django.urls import include, path


def database_gone(request):
    raise OperationalError('connection failed: No such file or directory (socket "/x/.s.PGSQL")')


def database_starting(request):
    raise OperationalError("FATAL:  the database system is starting up")


def disk_full(request):
    raise OSError(errno.ENOSPC, "No space left on device")


urlpatterns = [
    path("gone/", database_gone),
    path("starting/", database_starting),
    path("full/", disk_full),
    path("", include("archive.urls")),
]
