"""How the pages present themselves to search engines and link previews: robots.txt, the
sitemaps, canonical and language addresses, descriptions, OpenGraph and schema.org."""

import datetime
import json
import re

import pytest

from meetings.models import Meeting
from meetings.publishing.takedown import meeting_withdraw
from tests.factories import make_item

from .test_pages import JAI, PAGES

pytestmark = pytest.mark.django_db

SITE = "http://testserver"


def _head(html: str) -> str:
    return html.split("</head>", 1)[0]


def test_robots_names_the_sitemap_and_keeps_crawlers_out_of_the_admin(client, archive):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text and f"Sitemap: {SITE}/sitemap.xml" in text


def test_the_sitemap_lists_every_public_page_and_not_a_withdrawn_meeting(
    client, archive, admin_user
):
    Meeting.objects.update(changed_at=datetime.datetime(2026, 3, 4, 9, tzinfo=datetime.UTC))
    index = client.get("/sitemap.xml").content.decode()
    sections = re.findall(r"<loc>([^<]+)</loc>", index)
    assert f"{SITE}/sitemap-moeder.xml" in sections and f"{SITE}/sitemap-sager.xml" in sections
    meetings = client.get("/sitemap-moeder.xml").content.decode()
    assert f"<loc>{SITE}{JAI}/2026-03-03/</loc>" in meetings
    assert "<lastmod>2026-03-04</lastmod>" in meetings
    items = client.get("/sitemap-punkter.xml").content.decode()
    assert f"<loc>{SITE}{JAI}/2026-03-03/punkt/2/</loc>" in items
    cases = client.get("/sitemap-sager.xml").content.decode()
    assert f"<loc>{SITE}/lejre/sager/25-003798/</loc>" in cases
    meeting = Meeting.objects.get(committee=archive["jai"], date="2026-03-03")
    meeting_withdraw(meeting=meeting, reason="Fejl i referatet", made_by=admin_user)
    assert f"{JAI}/2026-03-03/<" not in client.get("/sitemap-moeder.xml").content.decode()
    assert f"{JAI}/2026-03-03/punkt/" not in client.get("/sitemap-punkter.xml").content.decode()


def test_a_page_names_its_canonical_address_and_both_languages(client, archive):
    head = _head(client.get(f"{JAI}/2026-03-03/?fra=soeg").content.decode())
    # The query string is a view of the same page: the canonical address is without it.
    assert f'<link rel="canonical" href="{SITE}{JAI}/2026-03-03/">' in head
    assert f'hreflang="da" href="{SITE}{JAI}/2026-03-03/"' in head
    assert f'hreflang="en" href="{SITE}/en{JAI}/2026-03-03/"' in head
    # An archive of one municipality: its lists' canonical address is the municipality's.
    head = _head(client.get("/moeder/?year=2026").content.decode())
    assert f'<link rel="canonical" href="{SITE}/lejre/moeder/">' in head


def test_a_meeting_describes_itself_for_link_previews_and_as_a_schema_org_event(client, archive):
    meeting = Meeting.objects.get(committee=archive["jai"], date="2026-04-07")
    make_item(meeting=meeting, number=2, title="</script><b>x</b>", decision="Godkendt <i>")
    head = _head(client.get(f"{JAI}/2026-04-07/").content.decode())
    description = re.search(r'<meta name="description" content="([^"]*)">', head).group(1)
    assert description.startswith(
        "Udvalget for Job, Arbejdsmarked &amp; Integration, 7. april 2026"
    )
    assert f'<meta property="og:url" content="{SITE}{JAI}/2026-04-07/">' in head
    assert '<meta property="og:locale" content="da_DK">' in head
    assert "</script><b>" not in head
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', head, re.S).group(1)
    event = json.loads(block)
    assert event["@type"] == "Event" and event["startDate"].startswith("2026-04-07")
    assert event["url"] == f"{SITE}{JAI}/2026-04-07/"
    assert event["organizer"]["parentOrganization"]["name"] == "Lejre Kommune"


@pytest.mark.parametrize("url", [*PAGES, "/soeg/?q=pulje", "/api/search?q=pulje"])
def test_every_page_answers_head_and_refuses_post(client, archive, url):
    head = client.head(url)
    assert head.status_code == 200 and head.content == b""
    assert client.post(url).status_code == 405


def test_english_pages_say_so_to_link_previews(client, archive):
    head = _head(client.get(f"/en{JAI}/2026-03-03/").content.decode())
    assert '<meta property="og:locale" content="en_GB">' in head
    assert f'<link rel="canonical" href="{SITE}/en{JAI}/2026-03-03/">' in head


def test_tab_titles_name_the_item_committee_municipality_and_date(client, archive):
    def title(url):
        return re.search(r"<title>(.*?)</title>", client.get(url).content.decode()).group(1)

    assert title(f"{JAI}/2026-03-03/punkt/2/") == (
        "Punkt 2: Tilkendelse af yderligere midler til Ungeløftspuljen · "
        "Udvalget for Job, Arbejdsmarked &amp; Integration, 3. marts 2026 · Lejre Kommune"
    )
    assert title(f"{JAI}/2026-03-03/") == (
        "Udvalget for Job, Arbejdsmarked &amp; Integration, 3. marts 2026 · Lejre Kommune"
    )
