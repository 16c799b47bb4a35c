"""Django's PostgreSQL backend, pointed at the embedded server, started on first connection.

Starting lazily (not at settings import) keeps commands that never touch the database, such as
`collectstatic` in the Docker build, free of a PostgreSQL start. A server that cannot start (a
read-only data folder, a full disk) is a database error like any other: pages answer 503.
"""

import subprocess

import psycopg
from django.conf import settings
from django.db.backends.postgresql import base as postgresql

from .server import DataFolderError, ensure_running, why_stopped


class DatabaseWrapper(postgresql.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        try:
            server = ensure_running(settings.ARCHIVE_DATA_DIR)
        except DataFolderError as exc:
            raise psycopg.OperationalError(exc.strerror) from exc
        except (subprocess.SubprocessError, OSError) as exc:
            said = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            raise psycopg.OperationalError(
                f"the embedded database did not start ({type(exc).__name__}: {said}): "
                f"{why_stopped(settings.ARCHIVE_DATA_DIR)}"
            ) from exc
        params["host"] = server.socket_dir
        params["port"] = server.port
        return params
