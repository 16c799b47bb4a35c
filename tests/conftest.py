"""Shared pytest fixtures. The database is the real embedded PostgreSQL (or DATABASE_URL)."""

from pathlib import Path

import pytest

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The manifest storage needs `collectstatic` first; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def referat_paths() -> list[Path]:
    """The three real sample referater (as three converters produced them)."""
    return sorted(p for p in FIXTURES_DIR.iterdir() if p.suffix in {".md", ".txt", ".pdf"})


@pytest.fixture
def browser_page(live_server):
    """A Playwright page in Debian's Chromium, against the live test server.

    Collects console errors in `page.console_errors`; tests assert it stays empty.
    """
    import os

    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        # A fresh machine with only uv still passes `uv run pytest`; CI installs Chromium
        # (.ci/run) and must not skip silently.
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: CI must install Debian's chromium package")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls
    # are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        context = browser.new_context(base_url=live_server.url, locale="da-DK")
        page = context.new_page()
        page.console_errors = []
        page.on(
            "console",
            lambda message: message.type == "error" and page.console_errors.append(message.text),
        )
        page.on("pageerror", lambda error: page.console_errors.append(str(error)))
        yield page
        context.close()
        browser.close()


@pytest.fixture(scope="session", autouse=True)
def _end_stray_database_sessions(django_db_setup, django_db_blocker):
    """End sessions the live server's request threads left open, so the test database drops.

    Chromium keeps HTTP connections alive; a request thread of the live server can still hold
    its database session when the run ends, and PostgreSQL refuses to drop a database in use.
    """
    yield
    from django.db import connection

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(autouse=True)
def _fresh_municipality_directory():
    """Each test's municipalities are its own: the process-wide directory of them (ids and
    slugs) must not remember an earlier test's, whose rows were rolled back."""
    from meetings.models import municipalities

    municipalities.forget()
    yield
    municipalities.forget()
