"""WSGI entry point for granian (`archive.wsgi:application`, see archive.web)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
application = get_wsgi_application()

# What every request needs is loaded now (the search and its word list), then moved out of the
# garbage collector's sight: a full collection walked these ~80,000 objects again every few
# searches and took 50 ms each time, which was the whole p95 of a 9 ms search
# (bench/search.py). Objects made by requests are collected as before.
from meetings.search import query as _search  # noqa: E402
from meetings.search.compounds import _vocabulary  # noqa: E402

_vocabulary()
del _search
gc.freeze()
