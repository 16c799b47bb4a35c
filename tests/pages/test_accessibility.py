"""WCAG 2.1 A and AA, checked by axe-core in a real Chromium on every public page type.

axe finds what a machine can find (contrast, names, labels, landmarks, heading order, ARIA);
keyboard use is walked by hand in test_browser.py.
"""

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

PAGES = [
    "/",
    "/moeder/",
    "/moeder/?year=2026",
    "/lejre/moeder/job-arbejdsmarked-og-integration/2026-03-03/",
    "/lejre/moeder/job-arbejdsmarked-og-integration/2026-03-03/punkt/2/",
    "/udvalg/",
    "/lejre/udvalg/job-arbejdsmarked-og-integration/",
    "/personer/",
    "/lejre/personer/tina-mandrup/",
    "/sager/",
    "/lejre/sager/25-009324/",
    "/status/",
    "/soeg/?q=tilsyn",
    "/soeg/?q=tilsyyn",
    "/findes-ikke/",
]


@pytest.fixture
def real_archive(transactional_db, referat_paths):
    call_command("ingest", *[str(path) for path in referat_paths], stdout=io.StringIO())


def test_every_page_type_passes_axe_wcag_21_aa(browser_page, real_archive):
    axe = Axe()
    found = {}
    for url in PAGES:
        browser_page.goto(url)
        # Folded sections are opened too, so what is inside them is checked as well.
        browser_page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        result = axe.run(browser_page, options=WCAG_AA)
        violations = result.response["violations"]
        if violations:
            found[url] = [
                f"{v['id']} ({v['impact']}): {v['help']} — {n['target']}"
                for v in violations
                for n in v["nodes"][:3]
            ]
    assert found == {}, "\n".join(f"{url}\n  " + "\n  ".join(v) for url, v in found.items())


def test_english_pages_pass_axe_too(browser_page, real_archive):
    browser_page.goto("/")
    browser_page.get_by_role("button", name="English").click()
    browser_page.wait_for_load_state()
    axe = Axe()
    for url in ("/", "/lejre/moeder/job-arbejdsmarked-og-integration/2026-03-03/"):
        browser_page.goto(url)
        violations = axe.run(browser_page, options=WCAG_AA).response["violations"]
        assert [v["id"] for v in violations] == [], url


def test_the_checker_sees_a_violation_when_there_is_one(browser_page, real_archive):
    # Guards the two tests above against passing because axe checked nothing.
    browser_page.goto("/")
    # Styled through the CSSOM: the Content-Security-Policy refuses a style="" attribute.
    browser_page.evaluate(
        "const main = document.querySelector('main');"
        " main.insertAdjacentHTML('beforeend', '<input type=text><p>lys tekst</p>');"
        " Object.assign(main.lastElementChild.style, {color: '#ccc', background: '#fff'});"
    )
    ids = {v["id"] for v in Axe().run(browser_page, options=WCAG_AA).response["violations"]}
    assert {"label", "color-contrast"} <= ids
