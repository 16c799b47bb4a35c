"""Django's PostgreSQL backend, pointed at the embedded server, started on first connection.

Starting lazily (not at settings import) keeps commands that never touch the database, such as
`collectstatic` in the Docker build, free of a PostgreSQL start.
"""

from django.conf import settings
from django.db.backends.postgresql import base as postgresql

from .server import ensure_running


class DatabaseWrapper(postgresql.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        server = ensure_running(settings.ARCHIVE_DATA_DIR)
        params["host"] = server.socket_dir
        params["port"] = server.port
        return params
