"""The secretariat's way through the admin in a real Chromium: log in, upload a PDF, read the
preview and its warnings, publish, see the decision on the meeting page, upload a corrected
version and see the change; the published decisions are found through search."""

import re

import pytest
from playwright.sync_api import expect

from meetings.models import Meeting, Upload
from tests.ingest.make_pdf import referat_pdf

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PASSWORD = "et-langt-kodeord-42"


def upload_file(page, name: str, data: bytes, mime: str) -> None:
    page.goto("/admin/meetings/upload/add/")
    page.set_input_files("input[type=file]", {"name": name, "mimeType": mime, "buffer": data})
    expect(page.locator("#upload-chosen")).to_contain_text(name)  # the script lists it
    page.get_by_role("button", name="Upload og vis").click()


def test_secretariat_uploads_previews_publishes_and_corrects(browser_page, staff, jai_text, caplog):
    page = browser_page
    # An anonymous visitor is refused: sent to the login page.
    page.goto("/admin/meetings/upload/add/")
    expect(page).to_have_url(re.compile(r"/admin/login/\?next="))
    page.fill("#id_username", staff.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name=re.compile("Log ind|Log in")).click()
    expect(page).to_have_url(re.compile(r"/admin/meetings/upload/add/$"))

    # A table of contents without Punkt 8 gives the parser something to warn about.
    text = re.sub(r"JAI - Eventuelt\.+\t?\s*15\n", "", jai_text, count=1)
    upload_file(page, "jai-2026-03-03.pdf", referat_pdf(text), "application/pdf")

    expect(page.locator("#upload-status")).to_contain_text("Afventer gennemsyn")
    expect(page.locator("#preview-header")).to_contain_text("Mødelokale 5, Allerslev")
    expect(page.locator("#preview-header")).to_contain_text("Thomas Bisgaard")
    expect(page.locator("#new-cases")).to_contain_text("25-009324")
    expect(page.locator("#parser-warnings")).to_contain_text("Punkt 8")
    expect(page.locator("#preview-items")).to_contain_text("Orientering givet")
    expect(page.locator("#preview-changes")).to_contain_text("Nyt møde i arkivet")
    assert not Meeting.objects.exists()

    page.get_by_role("button", name="Offentliggør").click()
    expect(page.locator("#upload-status")).to_contain_text("Offentliggjort")
    assert Upload.objects.get().format == "pdf"
    page.locator("#published-meeting").click()
    expect(page.locator("main")).to_contain_text("Orientering givet")

    # A citizen finds the published decision through search, from the front page.
    page.goto("/")
    page.fill("#home-q", "uddannelsespulje")
    page.keyboard.press("Enter")
    first_hit = page.locator(".search-hit").first
    expect(first_hit).to_contain_text("Tilkendelse af regional uddannelsespulje 2026")
    expect(first_hit).to_contain_text("Indstillingerne tiltrådt")

    # A corrected version: the preview names the changed decision, publishing updates it.
    corrected = jai_text.replace("Orientering givet", "Orientering givet med rettelser", 1)
    upload_file(page, "jai-2026-03-03-rettet.txt", corrected.encode(), "text/plain")
    changes = page.locator("#preview-changes")
    expect(changes).to_contain_text("Ny udgave af et møde i arkivet")
    expect(changes.locator("ins")).to_contain_text("Orientering givet med rettelser")
    page.get_by_role("button", name="Offentliggør").click()
    expect(page.locator("#upload-status")).to_contain_text("Offentliggjort")
    page.locator("#published-meeting").click()
    expect(page.locator("main")).to_contain_text("Orientering givet med rettelser")
    assert Meeting.objects.count() == 1
    page.goto("/soeg/?q=rettelser")
    expect(page.locator(".search-hit").first).to_contain_text("Orientering givet med rettelser")
    assert page.console_errors == []

    # Logged out, the upload pages refuse again.
    page.context.clear_cookies()
    page.goto("/admin/meetings/upload/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))


def test_files_dropped_on_the_upload_page_are_uploaded(browser_page, staff, jai_text):
    page = browser_page
    page.goto("/admin/login/?next=/admin/meetings/upload/add/")
    page.fill("#id_username", staff.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name=re.compile("Log ind|Log in")).click()
    expect(page).to_have_url(re.compile(r"/admin/meetings/upload/add/$"))
    # The URL changes before the page's deferred script has run; a person cannot drop a file
    # sooner than the page has loaded, and neither does this test.
    page.wait_for_load_state("domcontentloaded")
    # What the browser does when a file is dragged from the desktop onto the drop zone.
    page.evaluate(
        """text => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([text], "droppet.txt", {type: "text/plain"}));
            const zone = document.getElementById("upload-drop");
            zone.dispatchEvent(new DragEvent("dragover", {dataTransfer: transfer, bubbles: true}));
            zone.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true}));
        }""",
        jai_text,
    )
    expect(page.locator("#upload-chosen")).to_contain_text("droppet.txt")
    page.get_by_role("button", name="Upload og vis").click()
    expect(page.locator("#upload-status")).to_contain_text("Afventer gennemsyn")
    assert Upload.objects.get().filename == "droppet.txt"
    assert page.console_errors == []
