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


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize(
    ("prefix", "showing", "instead"),
    [("", "Viser resultater for", "søg i stedet efter"),
     ("/en", "Showing results for", "search instead for")],
)  # fmt: skip
def test_corrected_results_in_chromium(browser_page, width, prefix, showing, instead):
    call_command("ingest", "fixtures", verbosity=0)
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{prefix}/soeg/")
    page.fill("main form.search-form input[name=q]", "beskæftigelsesrefomen")
    page.click("main form.search-form button[type=submit]")
    banner = page.locator(".search-corrected")
    banner.wait_for()
    assert showing in banner.inner_text() and instead in banner.inner_text()
    assert "beskæftigelsesreformen" in banner.inner_text()
    assert page.locator(".search-hit").count() >= 1
    # The whole page fits the width: nothing to scroll sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    box = banner.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width
    page.screenshot(path=f"/tmp/search-corrected-{prefix.strip('/') or 'da'}-{width}.png",
                    full_page=True)  # fmt: skip
    # What was typed, exactly: no results, the correction offered.
    banner.locator("a").click()
    page.wait_for_selector(".search-suggestion")
    assert "praecis=1" in page.url and page.locator(".search-hit").count() == 0
    assert page.input_value("main form.search-form input[name=q]") == "beskæftigelsesrefomen"
    assert page.console_errors == []
