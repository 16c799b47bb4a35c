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
    # The search form of the page itself (the header also holds a language switch form).
    page.fill("main form.search-form input[name=q]", "pulje")
    page.click("main form.search-form button[type=submit]")
    page.wait_for_selector(".search-hit")
    assert "q=pulje" in page.url
    assert page.locator(".search-snippet mark").count() >= 1
    page.locator(".search-facets a", has_text="Anbefalet").first.click()
    page.wait_for_selector(".search-hit")
    assert "q=pulje" in page.url and "outcome=anbefalet" in page.url
    assert page.input_value("main form.search-form input[name=q]") == "pulje"
    page.screenshot(path="/tmp/search-page.png", full_page=True)
    assert missing == []  # every resource the page itself loads is there
    assert page.console_errors == []
