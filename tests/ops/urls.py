"""Views that fail the ways a real outage makes pages fail, for tests/ops/test_outage.py."""

import errno

from django.conf.urls.i18n import i18n_patterns
from django.db import OperationalError
from django.urls import path

from archive.urls import urlpatterns as archive_urlpatterns


def database_gone(request):
    raise OperationalError('connection failed: No such file or directory (socket "/x/.s.PGSQL")')


def database_starting(request):
    raise OperationalError("FATAL:  the database system is starting up")


def disk_full(request):
    raise OSError(errno.ENOSPC, "No space left on device")


# In Danish at /gone/ and in English at /en/gone/, as the archive's own pages; the archive's
# URLconf is added at the top, since its English pages (i18n_patterns) may not be included.
urlpatterns = [
    *i18n_patterns(
        path("gone/", database_gone),
        path("starting/", database_starting),
        path("full/", disk_full),
        prefix_default_language=False,
    ),
    *archive_urlpatterns,
]
