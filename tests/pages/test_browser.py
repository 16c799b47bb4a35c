"""What a person does, in a real Chromium: from the front page to a decision, a case and a
member, in Danish and in English, by mouse and by keyboard."""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("PAGES_SCREENSHOTS")  # a folder to keep screenshots in, when set


@pytest.fixture
def real_archive(transactional_db, referat_paths):
    call_command("ingest", *[str(path) for path in referat_paths], stdout=io.StringIO())


def _shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png")


def test_home_to_meeting_to_case_to_person_and_back(browser_page, real_archive):
    page = browser_page
    page.goto("/")
    _shot(page, "home")
    assert page.locator("h1").inner_text() == "Referater fra Lejre Kommune"
    page.get_by_role("link", name="tirsdag 3. marts 2026").first.click()
    page.wait_for_url("**/lejre/moeder/job-arbejdsmarked-og-integration/2026-03-03/")
    _shot(page, "meeting")
    assert "Mødelokale 5, Allerslev" in page.inner_text(".facts")
    assert page.locator(".decision").first.is_visible()
    page.get_by_role("link", name="25-009324").first.click()
    page.wait_for_url("**/lejre/sager/25-009324/")
    _shot(page, "case")
    assert page.locator("h1").inner_text().startswith("Sag 25-009324")
    page.go_back()
    page.wait_for_url("**/2026-03-03/")
    page.locator(".attendance").get_by_role("link", name="Tina Mandrup").click()
    page.wait_for_url("**/lejre/personer/tina-mandrup/")
    _shot(page, "person")
    assert "Til stede ved" in page.inner_text(".lead")
    page.go_back()
    page.wait_for_url("**/2026-03-03/")
    page.go_back()
    page.wait_for_url(lambda url: url.endswith("/") and "/moeder/" not in url)
    assert page.locator("h1").inner_text() == "Referater fra Lejre Kommune"
    for url in ["/moeder/", "/udvalg/", "/personer/", "/sager/"]:
        page.goto(url)
        _shot(page, url.strip("/"))
    assert page.console_errors == []


def test_language_switch_to_english_and_back(browser_page, real_archive):
    page = browser_page
    page.goto("/lejre/moeder/job-arbejdsmarked-og-integration/2026-03-03/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Tuesday 3 March 2026" in page.inner_text("h1")
    assert page.url.endswith("/en/lejre/moeder/job-arbejdsmarked-og-integration/2026-03-03/")
    page.get_by_role("button", name="Dansk").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "da"
    assert "tirsdag 3. marts 2026" in page.inner_text("h1")
    assert "/en/" not in page.url
    assert page.console_errors == []


def test_keyboard_reaches_content_with_a_visible_focus(browser_page, real_archive):
    page = browser_page
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Spring til indhold"
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    # The jump to #main lands a moment after the key: wait for it rather than read at once
    # (read at once, the address was still "/" in one run of many).
    page.wait_for_url("**/#main")
    # Tab onwards: every focused element draws an outline.
    for _ in range(6):
        page.keyboard.press("Tab")
        width = page.locator(":focus").evaluate("el => getComputedStyle(el).outlineWidth")
        assert width == "3px"
    page.locator("#home-q").focus()
    page.keyboard.type("budget")
    assert page.locator("#home-q").input_value() == "budget"
    assert page.console_errors == []


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/moeder/",
        "/lejre/moeder/job-arbejdsmarked-og-integration/2026-03-03/",
        "/lejre/udvalg/job-arbejdsmarked-og-integration/",
        "/lejre/personer/thomas-bisgaard/",
        "/sager/",
        "/lejre/sager/25-003798/",
        "/soeg/?q=skole",
    ],
)
def test_no_page_is_wider_than_a_phone(browser_page, real_archive, path):
    """On a 390 px phone nothing sticks out sideways, as a committee-wide select once did."""
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(path)
    wider = page.evaluate(
        """() => [...document.querySelectorAll("body *")]
            .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1
                           && !e.closest(".table-wrap, figure"))
            .map((e) => e.tagName + (e.id ? "#" + e.id : ""))"""
    )
    assert wider == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.console_errors == []
