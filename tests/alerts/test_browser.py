"""Following a case in a real Chromium: from the case's page, the address typed, the
confirmation message shown; the page's feed is linked."""

import threading

import pytest
from playwright.sync_api import expect

from meetings.models import Subscription

from .conftest import FIXTURES, ingest, run_worker_until_idle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_journalist_follows_a_case_from_its_page(browser_page):
    ingest(FIXTURES)
    page = browser_page
    page.goto("/lejre/sager/25-003798/")
    follow = page.get_by_role("region", name="Følg sagen")
    expect(follow.get_by_role("link", name="Nyhedsfeed (Atom)")).to_have_attribute(
        "href", "/feeds/lejre/sager/25-003798/"
    )
    follow.get_by_label("Få en mail, når der kommer nyt:").fill("journalist@example.dk")
    follow.get_by_role("button", name="Følg").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tjek din mail")
    expect(page.get_by_role("status")).to_contain_text("journalist@example.dk")
    page.get_by_role("link", name="Tilbage til siden").click()
    expect(page).to_have_url(f"{page.url.split('/lejre/')[0]}/lejre/sager/25-003798/")
    subscription = Subscription.objects.get()
    assert subscription.case.number == "25-003798" and subscription.confirmed_at is None
    assert page.console_errors == []
    # Its confirmation (to the test mailbox), so that no job is left behind; in a thread of
    # its own, since Playwright runs an event loop in this one.
    worker = threading.Thread(target=run_worker_until_idle)
    worker.start()
    worker.join(timeout=60)
