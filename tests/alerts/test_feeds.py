"""Atom feeds: each parses as Atom with the elements a reader needs (ids, updated, author),
one entry per agenda item, and a corrected referat shows as an update of the same entry."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest

from meetings.models import AgendaItem, Case, Committee, Meeting, Person

from .conftest import FIXTURES, ingest, ingest_text, referat_text

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def archive():
    ingest(FIXTURES)
    return Committee.objects.get(code="JAI")


def atom(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "da"
    # RFC 4287: a feed has an id, a title, an updated date and an author (or each entry has).
    for name in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{name}").text, name
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    assert feed.find(f"{ATOM}link[@rel='self']") is not None
    for entry in feed.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{name}").text, name
        datetime.datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/")
        assert entry.find(f"{ATOM}author/{ATOM}name").text == "Lejre Kommune"
    return feed


def entries(feed: ET.Element) -> dict[str, ET.Element]:
    return {entry.find(f"{ATOM}id").text: entry for entry in feed.findall(f"{ATOM}entry")}


def test_every_feed_is_atom(client, archive):
    case = Case.objects.get(number="25-003798")
    person = Person.objects.get(name="Tina Mandrup")
    urls = {
        "/feeds/": AgendaItem.objects.count(),
        "/feeds/lejre/": AgendaItem.objects.count(),
        f"/feeds/lejre/udvalg/{archive.slug}/": AgendaItem.objects.count(),
        "/feeds/lejre/sager/25-003798/": case.items.count(),
        f"/feeds/lejre/personer/{person.slug}/": None,
        "/feeds/soeg/?q=pulje": None,
    }
    for url, count in urls.items():
        feed = atom(client, url)
        if count is not None:
            assert len(feed.findall(f"{ATOM}entry")) == min(count, 50), url
    feed = atom(client, "/feeds/lejre/sager/25-003798/")
    assert "25-003798" in feed.find(f"{ATOM}title").text
    assert (
        feed.find(f"{ATOM}link[@rel='alternate']").get("href").endswith("/lejre/sager/25-003798/")
    )
    for missing in ("/feeds/nowhere/", "/feeds/lejre/sager/99-999999/", "/feeds/lejre/udvalg/x/"):
        assert client.get(missing).status_code == 404


def test_an_entry_is_an_item_with_committee_date_decision_and_link(client, archive, tmp_path):
    ingest_text(
        tmp_path,
        "a.txt",
        referat_text(
            date="07-04-2026",
            items=[("Havnebadet <i>igen</i>", "26-000001", "Godkendt & sendt <videre>")],
        ),
    )
    feed = atom(client, "/feeds/lejre/sager/26-000001/")
    [entry] = feed.findall(f"{ATOM}entry")
    url = "http://testserver/lejre/moeder/job-arbejdsmarked-og-integration/2026-04-07/punkt/1/"
    assert entry.find(f"{ATOM}id").text == url
    assert entry.find(f"{ATOM}link").get("href") == url
    assert entry.find(f"{ATOM}title").text.startswith("Havnebadet")
    assert "7. april 2026" in entry.find(f"{ATOM}title").text
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert "Udvalget for Job, Arbejdsmarked &amp; Integration" in summary.text
    assert "Godkendt &amp; sendt &lt;videre&gt;" in summary.text  # referat text escaped as HTML


def test_a_search_feed_lists_the_newest_matches_first(client, archive, tmp_path):
    for date in ("07-04-2026", "05-05-2026"):
        ingest_text(
            tmp_path,
            f"{date}.txt",
            referat_text(date=date, items=[("Havnebadet", "", "Godkendt")]),
        )
    feed = atom(client, "/feeds/soeg/?q=havnebad&municipality=lejre&page=2")
    ids = [entry.find(f"{ATOM}id").text for entry in feed.findall(f"{ATOM}entry")]
    assert len(ids) == 2 and "2026-05-05" in ids[0] and "2026-04-07" in ids[1]
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Lejre Kommune"
    empty = atom(client, "/feeds/soeg/")
    assert empty.findall(f"{ATOM}entry") == []


def test_a_corrected_referat_updates_the_same_entry(client, archive, tmp_path):
    text = referat_text(date="07-04-2026", items=[("Havnebadet", "26-000001", "Udsat")])
    ingest_text(tmp_path, "v1.txt", text)
    [(first_id, first)] = entries(atom(client, "/feeds/lejre/sager/26-000001/")).items()
    meeting = Meeting.objects.get(date="2026-04-07")
    # Its first version came in a day ago.
    meeting.source_document.__class__.objects.filter(pk=meeting.source_document_id).update(
        received_at=meeting.source_document.received_at - datetime.timedelta(days=1)
    )
    ingest_text(tmp_path, "v2.txt", text.replace("Udsat", "Godkendt"))
    [(second_id, second)] = entries(atom(client, "/feeds/lejre/sager/26-000001/")).items()
    assert first_id == second_id
    updated = datetime.datetime.fromisoformat(second.find(f"{ATOM}updated").text)
    published = datetime.datetime.fromisoformat(second.find(f"{ATOM}published").text)
    assert updated > published
    assert "Godkendt" in second.find(f"{ATOM}summary").text


def test_agenda_items_are_upcoming_and_closed_decisions_are_not_made_up(client, archive, tmp_path):
    ingest_text(
        tmp_path,
        "a.txt",
        referat_text(
            date="07-04-2026",
            items=[("Havnebadet", "26-000001", "Godkendt"), ("Personsag", "26-000002", "")],
        ),
    )
    meeting = Meeting.objects.get(date="2026-04-07")
    meeting.items.filter(number=2).update(closed=True)
    closed = entries(atom(client, "/feeds/lejre/sager/26-000002/"))
    [summary] = [entry.find(f"{ATOM}summary").text for entry in closed.values()]
    assert "Lukket punkt" in summary and "Beslutning" not in summary
    Meeting.objects.filter(pk=meeting.pk).update(kind=Meeting.Kind.AGENDA)
    [entry] = entries(atom(client, "/feeds/lejre/sager/26-000001/")).values()
    assert "dagsorden" in entry.find(f"{ATOM}title").text
    summary = entry.find(f"{ATOM}summary").text
    assert "På dagsordenen" in summary and "Godkendt" not in summary


def test_pages_link_their_feeds_and_calendars(client, archive):
    person = Person.objects.get(name="Tina Mandrup")
    pages = {
        "/lejre/": ["/feeds/lejre/", "/kalender/lejre.ics"],
        "/": ["/feeds/lejre/", "/kalender/lejre.ics"],  # one municipality: its home
        "/lejre/moeder/": ["/feeds/lejre/", "/kalender/lejre.ics"],
        f"/lejre/udvalg/{archive.slug}/": [
            f"/feeds/lejre/udvalg/{archive.slug}/",
            f"/kalender/lejre/{archive.slug}.ics",
        ],
        "/lejre/sager/25-003798/": ["/feeds/lejre/sager/25-003798/"],
        f"/lejre/personer/{person.slug}/": [f"/feeds/lejre/personer/{person.slug}/"],
        "/soeg/?q=pulje": ["/feeds/soeg/?q=pulje"],
    }
    for page, links in pages.items():
        html = client.get(page).content.decode()
        for link in links:
            kind = "text/calendar" if link.endswith(".ics") else "application/atom+xml"
            assert f'<link rel="alternate" type="{kind}"' in html, page
            assert f'href="{link}"' in html, (page, link)
            assert html.count(f'href="{link}"') >= 2, (page, link)  # in the head and visibly
        assert ("Abonnér på kalender" in html) == any(link.endswith(".ics") for link in links)
    assert 'name="kind" value="case"' in client.get("/lejre/sager/25-003798/").content.decode()


def test_what_staff_take_down_is_gone_from_the_feeds_and_calendars(client, archive, tmp_path):
    from django.contrib.auth import get_user_model

    from meetings.publishing.takedown import meeting_redact, meeting_withdraw

    staff = get_user_model().objects.create_user("redaktoer", is_staff=True)
    ingest_text(
        tmp_path,
        "a.txt",
        referat_text(
            date="07-04-2026",
            items=[("Havnebadet", "26-000001", "Godkendt. Klager er Hans Hansen, Bygaden 3.")],
        ),
    )
    meeting = Meeting.objects.get(date="2026-04-07")
    meeting_redact(
        meeting=meeting, passage="Hans Hansen, Bygaden 3", reason="Privat person", made_by=staff
    )
    feed = client.get("/feeds/lejre/sager/26-000001/").content.decode()
    assert "Hans Hansen" not in feed and "Havnebadet" in feed
    meeting_withdraw(meeting=meeting, reason="Forkert møde", made_by=staff)
    for url in (
        "/feeds/",
        "/feeds/lejre/",
        "/feeds/lejre/sager/26-000001/",
        "/feeds/soeg/?q=havnebad",
    ):
        assert "Havnebadet" not in client.get(url).content.decode(), url
    calendar = client.get(f"/kalender/lejre/{archive.slug}.ics").content.decode()
    assert "20260407" not in calendar
