"""The search page in a real Chromium: type, submit, follow a facet, keep the query."""

import pytest
from django.core.management import call_command


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_search_page_in_chromium(browser_page):
    call_command("ingest", "fixtures", verbosity=0)
    page = browser_page
    missing = []
    page.on("response", lambda r: r.status >= 400 and missing.append(r.url))
    page.goto("/soeg/")
    page.fill("input[name=q]", "pulje")
    page.click("button[type=submit]")
    page.wait_for_selector(".search-hit")
    assert "q=pulje" in page.url
    assert page.locator(".search-snippet mark").count() >= 1
    page.locator(".search-facets a", has_text="Anbefalet").first.click()
    page.wait_for_selector(".search-hit")
    assert "q=pulje" in page.url and "outcome=anbefalet" in page.url
    assert page.input_value("input[name=q]") == "pulje"
    page.screenshot(path="/tmp/search-page.png", full_page=True)
    assert missing == []  # every resource the page itself loads is there
    # The browser's own /favicon.ico request is the base template's affair, not search's.
    assert [e for e in page.console_errors if not e.startswith("Failed to load resource")] == []
