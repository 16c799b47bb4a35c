"""The archive says where it is incomplete: the status page, /api/status and a committee's page
name the held meetings whose referat it lacks, and those whose decisions are not released."""

import datetime

import pytest

from meetings.models import Harvest, Meeting, PortalMeeting, municipalities
from tests.factories import make_item

pytestmark = pytest.mark.django_db

KF = "/lejre/udvalg/kultur-og-fritid/"


@pytest.fixture
def gaps(archive):
    lejre = archive["kf"].municipality
    lejre.portal_url = "http://127.0.0.1:9/"
    lejre.save()
    m2 = Meeting.objects.get(committee=archive["kf"])
    # The case history names a KF meeting of 1 May 2024 the archive does not have.
    make_item(
        meeting=m2,
        number=2,
        title="Haller og idrætsanlæg",
        case="24-001234",
        decision="Beslutning ikke frigivet",
        history=[(datetime.date(2024, 5, 1), archive["kf"], "Drøftet.")],
    )
    # The portal lists a held KF meeting it could not serve, a Byråd meeting the archive has
    # no committee for, and a meeting not yet held (not missing).
    PortalMeeting.objects.create(
        municipality=lejre,
        portal_id="a",
        committee_name="Udvalget for Kultur og Fritid",
        date=datetime.date(2026, 1, 10),
        status=PortalMeeting.Status.FAILED,
        reason="HTTP 500",
    )
    PortalMeeting.objects.create(
        municipality=lejre,
        portal_id="b",
        committee_name="Byrådet",
        date=datetime.date(2026, 2, 26),
        status=PortalMeeting.Status.HELD,
    )
    PortalMeeting.objects.create(
        municipality=lejre,
        portal_id="c",
        committee_name="Udvalget for Kultur og Fritid",
        date=datetime.date.today() + datetime.timedelta(days=30),
        status=PortalMeeting.Status.STORED,
    )
    Harvest.objects.create(
        municipality=lejre,
        portal_url=lejre.portal_url,
        trigger=Harvest.Trigger.SCHEDULE,
        status=Harvest.Status.FINISHED,
    )
    municipalities.forget()
    return archive


def test_the_status_page_names_what_is_missing_per_committee(client, gaps):
    html = client.get("/status/").content.decode()
    assert "Lejre Kommune" in html and "Seneste høstning" in html and "Færdig" in html
    # KF: two missing referater (history and portal) and one meeting with an unreleased decision.
    row = html.split(
        f'href="{KF}#status"><span lang="da">Udvalget for Kultur &amp; Fritid</span>', 1
    )[1]
    assert row.split("</tr>", 1)[0].count("<td>") == 3
    assert "<td>2</td><td>1</td>" in row.split("</tr>", 1)[0]
    # The Byråd the archive has no committee for is named with its reason.
    assert "Byrådet" in html and "Holdt tilbage til gennemsyn af personoplysninger" in html
    assert "Job, Arbejdsmarked" not in html.split("<table", 1)[1].split("</table>", 1)[0]


def test_the_committee_page_says_it_is_incomplete(client, gaps):
    html = client.get(KF).content.decode()
    notice = html.split('id="status"', 1)[1].split("</section>", 1)[0]
    assert "Arkivet er ikke komplet for dette udvalg" in notice
    assert "1. maj 2024" in notice and 'href="/lejre/sager/24-001234/"' in notice
    assert "10. januar 2026" in notice and "Kunne ikke hentes: HTTP 500" in notice
    assert "1 afholdt møde har beslutninger, der ikke er frigivet endnu" in notice
    assert 'href="/lejre/moeder/kultur-og-fritid/2026-03-02/"' in notice
    # A committee the archive knows complete says nothing.
    jai = client.get("/lejre/udvalg/job-arbejdsmarked-og-integration/").content.decode()
    assert 'id="status"' not in jai


def test_the_status_as_open_data(client, gaps):
    response = client.get("/api/status")
    assert response["Access-Control-Allow-Origin"] == "*"
    [lejre] = response.json()["municipalities"]
    assert lejre["municipality"] == "lejre" and lejre["last_meeting"] == "2026-04-07"
    assert lejre["last_harvest"]["status"] == "finished"
    assert lejre["missing"] == 3 and lejre["unreleased"] == 1
    kf = next(c for c in lejre["committees"] if c["slug"] == "kultur-og-fritid")
    assert [(m["date"], m["seen_in"], m["case"]) for m in kf["missing"]] == [
        ("2026-01-10", "portal", None),
        ("2024-05-01", "case_history", "24-001234"),
    ]
    assert kf["unreleased"] == [{"date": "2026-03-02", "items": 1, "id": kf["unreleased"][0]["id"]}]
    assert client.get("/api/status?municipality=nowhere").status_code == 404


def test_an_archive_that_lacks_nothing_says_so(client, archive):
    html = client.get("/lejre/status/").content.decode()
    assert "Arkivet kender ikke til manglende referater." in html
    assert 'href="/status/"' in html  # the footer's link
