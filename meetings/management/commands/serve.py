"""`manage.py serve`: the whole archive on this machine with one command.

Starts the embedded PostgreSQL when DATABASE_URL is unset, applies migrations, loads the
referater in fixtures/ into an empty archive, makes sure an admin account exists, collects
static files, starts the background worker (procrastinate: scheduled harvests and the rest)
and serves with granian (whitenoise serves the static files). The worker is restarted if it
dies, and so is the embedded database (`archive.db.supervisor`): pages answer 503 meanwhile
and the site is back by itself. Ctrl-C or SIGTERM stops granian and the worker, and the
embedded server stops with this process.

The web server is granian (`archive.web`, which says why).
"""

from __future__ import annotations

import atexit
import os
import secrets
import signal
import subprocess
import sys
import threading
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, connections

from archive.db import server
from archive.db.supervisor import DatabaseSupervisor
from archive.web import default_workers, run_granian
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
        parser.add_argument("--workers", type=int, default=default_workers())
        parser.add_argument(
            "--threads",
            type=int,
            default=int(os.environ.get("WEB_THREADS", 4)),
            help="WSGI threads per worker process (views run there; I/O does not).",
        )
        parser.add_argument(
            "--header-timeout",
            type=float,
            default=float(os.environ.get("WEB_HEADER_TIMEOUT", 10)),
            help="Seconds a client has to send its request line and headers.",
        )
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
        embedded = not settings.DATABASE_URL
        if embedded:
            try:
                server.check_writable(settings.ARCHIVE_DATA_DIR)
            except server.DataFolderError as exc:
                raise CommandError(exc.strerror) from None

        self.stdout.write("Database …")
        try:
            call_command("migrate", interactive=False, verbosity=0)
        except OperationalError as exc:
            raise CommandError(f"The database does not answer: {_first_line(exc)}") from None
        if not no_fixtures and not Meeting.objects.exists():
            self.stdout.write(f"Loading the sample referater from {FIXTURES_DIR} …")
            call_command("ingest", str(FIXTURES_DIR))
        self.ensure_admin()
        call_command("collectstatic", interactive=False, verbosity=0)
        # The web workers fork from this process: none may inherit its database connection.
        connections.close_all()
        if embedded:
            running = server.ensure_running(settings.ARCHIVE_DATA_DIR)
            # The processes started from here connect to this server and leave its starting,
            # stopping and restarting to this one.
            os.environ.update(server.hand_down_environment(running))
            supervisor = DatabaseSupervisor(settings.ARCHIVE_DATA_DIR, say=self.say)
            supervisor.start()
            # atexit runs the last registered first: the watch ends before the database stops.
            atexit.register(supervisor.stop)
        # The worker builds the links of its mails from ARCHIVE_SITE_URL, which unset is this
        # host on PORT: the port served, when --port says another than PORT.
        os.environ["PORT"] = str(port)
        if not no_worker:
            worker = BackgroundWorker(self.stdout)
            worker.start()
            # Registered after the database's own exit handler, so it runs first: the embedded
            # server stops when its last client is gone, and the worker is one.
            atexit.register(worker.stop)
            self.stdout.write("Background worker started (scheduled harvests, alerts).")
        from meetings.alerts.mail import describe_mail_setup

        self.stdout.write(describe_mail_setup())

        self.stdout.write(self.style.SUCCESS(f"The archive is at http://{host}:{port}/"))
        run_granian(
            host=host,
            port=port,
            workers=workers,
            threads=options.get("threads") or 4,
            header_timeout=options.get("header_timeout") or 10,
        )

    def say(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()

    def ensure_admin(self) -> None:
        User = get_user_model()
        username = os.environ.get("ARCHIVE_ADMIN_USER", "admin")
        password = os.environ.get("ARCHIVE_ADMIN_PASSWORD")
        # Where the mail that a harvest held a meeting back goes (meetings.harvest.staff_mail).
        email = os.environ.get("ARCHIVE_ADMIN_EMAIL", "").strip()
        user = User.objects.filter(username=username).first()
        if user is None:
            if not password and User.objects.filter(is_superuser=True).exists():
                return  # an admin exists already (made earlier or by createsuperuser)
            generated = not password
            password = password or secrets.token_urlsafe(12)
            User.objects.create_superuser(username=username, email=email, password=password)
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
        if user is not None and email and user.email != email:
            user.email = email
            user.save(update_fields=["email"])
            self.stdout.write(f"Admin account {username!r}: address set from ARCHIVE_ADMIN_EMAIL.")


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
            started = time.monotonic()
            code = self.process.wait()
            if self._stopping.is_set():
                return
            if time.monotonic() - started > self.RESTART_AFTER[-1]:
                self._restarts = 0  # it ran a good while: this is a new failure, not a loop
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


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
