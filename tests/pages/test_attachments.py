"""An item's attachments (Bilag) are shown, linked to their file where the source gives its
address: a portal's meeting JSON or web page does; a PDF or text referat names them only."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from meetings.models import AgendaItem, Attachment, Meeting
from tests.factories import make_item

pytestmark = pytest.mark.django_db

GREVE = Path(__file__).resolve().parents[1] / "data" / "greve" / "dagsorden"
POOL = GREVE / "72ddf1fa-ac50-4bb9-96ef-18b04df077b5.json"  # Kultur- og Fritidsudvalget
ADDRESS = "https://dagsordener.greve.dk/Vis/Pdf/bilag/b7c67f92-6b21-4244-b24c-7dba0d7b2315"


@pytest.fixture
def portal_meeting(db):
    call_command("ingest", str(POOL), stdout=io.StringIO())
    return Meeting.objects.get()


def test_a_portal_meetings_attachments_link_to_their_files(client, portal_meeting):
    item = AgendaItem.objects.get(meeting=portal_meeting, number=2)
    assert [(a.name, a.url) for a in item.attachments.all()] == [
        ("Besparelser på energiforbrug i Greve Svømmehal", ADDRESS)
    ]
    link = f'<a href="{ADDRESS}" rel="noopener">Besparelser på energiforbrug i Greve Svømmehal</a>'
    # The portal's item has no Bilag section in its text: its attachments are shown all the
    # same, on the meeting's page, the item's page and the case's page.
    for url in [portal_meeting.get_absolute_url(), item.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert link in html, url
        assert html.count('<section class="attachments">') == 1, url
    if item.case:
        assert link in client.get(item.case.get_absolute_url()).content.decode()


def test_attachments_without_an_address_are_named_only(client, archive):
    html = client.get("/lejre/moeder/job-arbejdsmarked-og-integration/2026-03-03/").content
    assert "<li>Bilag 1 - Ansøgning.pdf</li>" in html.decode()


def test_only_a_web_address_becomes_a_link(client, archive):
    meeting = archive["meetings"][3]
    item = make_item(meeting=meeting, number=2, title="Bilag", attachments=["a", "b", "c"])
    urls = ["javascript:alert(1)", "data:text/html,<script>alert(2)</script>", "http://x.dk/b"]
    for attachment, url in zip(item.attachments.order_by("position"), urls, strict=True):
        attachment.url = url  # as no store would keep them: the page checks again
        attachment.save()
    html = client.get(item.get_absolute_url()).content.decode()
    assert "javascript:" not in html and "data:text" not in html
    assert "<li>a</li>" in html and "<li>b</li>" in html
    assert '<a href="http://x.dk/b" rel="noopener">c</a>' in html
    assert Attachment.objects.filter(item=item).count() == 3
