"""The Content-Security-Policy holds in a real Chromium: every page type, and the admin's
upload page and preview, load with no violation (no inline script, style or handler left)."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",
    "/moeder/",
    "/lejre/moeder/job-arbejdsmarked-og-integration/2026-03-03/",
    "/lejre/moeder/job-arbejdsmarked-og-integration/2026-03-03/punkt/2/",
    "/udvalg/",
    "/lejre/udvalg/job-arbejdsmarked-og-integration/",
    "/personer/",
    "/lejre/personer/tina-mandrup/",
    "/sager/",
    "/lejre/sager/25-009324/",
    "/status/",
    "/lejre/moeder/job-arbejdsmarked-og-integration/2026-03-03/versioner/",
    "/en/lejre/sager/25-009324/",
    "/soeg/?q=tilsyn",
    "/soeg/?q=" + "x" * 501,
    "/findes-ikke/",
]
# Recorded by the page itself: Chromium reports a violation as an event as well as on the
# console (Playwright's init script is not subject to the page's policy).
RECORD = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def real_archive(transactional_db, referat_paths):
    call_command("ingest", *[str(path) for path in referat_paths], stdout=io.StringIO())


def referat_paths_text() -> str:
    from tests.conftest import FIXTURES_DIR

    return (FIXTURES_DIR / "jai-2026-03-03.txt").read_text(encoding="utf-8")


def violations(page) -> list[str]:
    recorded = page.evaluate("window.__csp || []")
    console = [m for m in page.console_errors if "Content Security Policy" in m]
    return recorded + console


def test_every_page_type_keeps_the_policy(browser_page, real_archive):
    page = browser_page
    page.context.add_init_script(RECORD)
    for address in PAGES:
        response = page.goto(address)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("load")
        assert violations(page) == [], address


def test_the_admin_upload_page_and_preview_keep_the_policy(browser_page, real_archive, tmp_path):
    get_user_model().objects.create_superuser("staff", "", "a-long-pass-phrase")
    page = browser_page
    page.context.add_init_script(RECORD)
    page.goto("/admin/login/")
    page.fill("#id_username", "staff")
    page.fill("#id_password", "a-long-pass-phrase")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    assert violations(page) == []

    page.goto("/admin/meetings/upload/add/")
    assert violations(page) == [], "upload page"
    referat = tmp_path / "referat.txt"
    referat.write_text(referat_paths_text(), encoding="utf-8")
    page.set_input_files("input[type=file]", str(referat))
    page.click("#upload-form [type=submit]")
    page.wait_for_load_state("load")
    assert "/change/" in page.url, page.url  # the preview
    assert violations(page) == [], f"after the upload: {page.url}"
    for address in (
        "/admin/meetings/upload/",
        "/admin/meetings/meeting/",
        "/admin/meetings/agendaitem/?meeting__date__year=2026",
    ):
        page.goto(address)
        assert violations(page) == [], address
    assert page.console_errors == []
