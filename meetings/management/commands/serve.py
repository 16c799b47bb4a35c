"""`manage.py serve`: the whole archive on this machine with one command.

Starts the embedded PostgreSQL when DATABASE_URL is unset, applies migrations, loads the
referater in fixtures/ into an empty archive, makes sure an admin account exists, collects
static files, starts the background worker (procrastinate: scheduled harvests and the rest)
and serves with gunicorn (whitenoise serves the static files). The worker is restarted if it
dies. Ctrl-C or SIGTERM stops gunicorn and the worker, and the embedded server stops with this
process.
"""

from __future__ import annotations

import atexit
import os
import secrets
import signal
import subprocess
import sys
import threading

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from meetings.models import Meeting

FIXTURES_DIR = settings.BASE_DIR / "fixtures"


# Not an EnglishCommand (meetings.management.english) like the others: gunicorn runs in this
# process and forks its workers from this thread, and they would inherit English as the
# language outside a request. Nothing here is translated: its lines are English as written.
class Command(BaseCommand):
    help = "Start the archive: database, migrations, sample referater, admin account, web server."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", 3)))
        parser.add_argument(
            "--no-fixtures",
            action="store_true",
            help="Do not load fixtures/ into an empty archive.",
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Do not start the background worker (run `manage.py procrastinate worker`).",
        )

    def handle(self, *args, port, host, workers, no_fixtures, no_worker=False, **options):
        # SIGTERM (docker stop, systemd, kill) should end as cleanly as Ctrl-C: raising
        # SystemExit lets atexit stop the embedded database before we go.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

        self.stdout.write("Database …")
        call_command("migrate", interactive=False, verbosity=0)
        if not no_fixtures and not Meeting.objects.exists():
            self.stdout.write(f"Loading the sample referater from {FIXTURES_DIR} …")
            call_command("ingest", str(FIXTURES_DIR))
        self.ensure_admin()
        call_command("collectstatic", interactive=False, verbosity=0)
        # gunicorn forks its workers: none may inherit this process's database connection.
        connections.close_all()
        if not no_worker:
            worker = BackgroundWorker(self.stdout)
            worker.start()
            # Registered after the database's own exit handler, so it runs first: the embedded
            # server stops when its last client is gone, and the worker is one.
            atexit.register(worker.stop)
            self.stdout.write("Background worker started (scheduled harvests, alerts).")

        self.stdout.write(self.style.SUCCESS(f"The archive is at http://{host}:{port}/"))
        run_gunicorn(host=host, port=port, workers=workers)

    def ensure_admin(self) -> None:
        User = get_user_model()
        username = os.environ.get("ARCHIVE_ADMIN_USER", "admin")
        password = os.environ.get("ARCHIVE_ADMIN_PASSWORD")
        user = User.objects.filter(username=username).first()
        if user is None:
            if not password and User.objects.filter(is_superuser=True).exists():
                return  # an admin exists already (made earlier or by createsuperuser)
            generated = not password
            password = password or secrets.token_urlsafe(12)
            User.objects.create_superuser(username=username, email="", password=password)
            if generated:
                self.stdout.write(
                    self.style.WARNING(
                        f"Admin account created: user {username!r}, password {password!r} "
                        "(shown only this once; set ARCHIVE_ADMIN_PASSWORD to choose it)."
                    )
                )
            else:
                self.stdout.write(f"Admin account {username!r} created.")
        elif password and not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
            self.stdout.write(
                f"Admin account {username!r}: password set from ARCHIVE_ADMIN_PASSWORD."
            )


class BackgroundWorker:
    """`manage.py procrastinate worker` beside the web server, started again when it dies."""

    RESTART_AFTER = (1, 2, 5, 10, 30, 60)  # seconds, then every minute

    def __init__(self, out):
        self.out = out
        self.process: subprocess.Popen | None = None
        self._stopping = threading.Event()
        self._restarts = 0

    def start(self) -> None:
        self._spawn()
        threading.Thread(target=self._watch, name="worker-watch", daemon=True).start()

    def _spawn(self) -> None:
        manage = settings.BASE_DIR / "manage.py"
        self.process = subprocess.Popen(
            [sys.executable, str(manage), "procrastinate", "worker"],
            cwd=settings.BASE_DIR,
        )

    def _watch(self) -> None:
        while not self._stopping.is_set():
            code = self.process.wait()
            if self._stopping.is_set():
                return
            wait = self.RESTART_AFTER[min(self._restarts, len(self.RESTART_AFTER) - 1)]
            self.out.write(f"The background worker stopped (exit {code}); restarting in {wait} s.")
            self._restarts += 1
            if self._stopping.wait(wait):
                return
            self._spawn()

    def stop(self) -> None:
        self._stopping.set()
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)  # finishes the job at hand, then stops
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def run_gunicorn(*, host: str, port: int, workers: int) -> None:
    try:
        from gunicorn.app.base import BaseApplication
    except ImportError as exc:  # pragma: no cover - gunicorn is a dependency
        raise CommandError("gunicorn is not installed") from exc

    from archive.wsgi import application

    class ArchiveServer(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("accesslog", "-")
            self.cfg.set("graceful_timeout", 10)
            # gunicorn 27's runtime control socket lives at one path per user: two archives
            # on one machine would fight over it, and serve needs no runtime control.
            self.cfg.set("control_socket_disable", True)

        def load(self):
            return application

    ArchiveServer().run()
