"""A committee the archive knows only from other committees' case histories ("Sagens forløb")
has no meetings: lists and filters leave it out, its page still answers from the cases."""

import datetime

import pytest

from meetings.models import Committee, Meeting
from meetings.pages.filters import committee_choices
from tests.factories import make_committee, make_item

pytestmark = pytest.mark.django_db

BU = "/lejre/udvalg/boern-og-ungdom/"


@pytest.fixture
def named_only(archive):
    """Børn & Ungdom has no meeting in the archive; a JAI item's history names it twice (the
    same day reprinted by two referater) and once more on another day."""
    bu = make_committee(name="Udvalget for Børn & Ungdom", code="BU")
    jai = archive["jai"]
    m3, m4 = Meeting.objects.get(date=datetime.date(2026, 3, 3)), archive["meetings"][3]
    make_item(
        meeting=m3,
        number=3,
        title="Præsentation af økonomi",
        case="26-000555",
        history=[
            (datetime.date(2026, 2, 2), bu, "Drøftet."),
            (datetime.date(2026, 3, 2), bu, "Taget til efterretning."),
        ],
    )
    make_item(
        meeting=m4,
        number=2,
        title="Præsentation af økonomi",
        case="26-000555",
        history=[(datetime.date(2026, 3, 2), bu, "Taget til efterretning. Præsentation vedlagt.")],
    )
    assert bu.meeting_count == 0 and jai.meeting_count == 3
    return bu


def test_lists_leave_out_committees_without_meetings(client, named_only):
    committees = client.get("/udvalg/").content.decode()
    assert "Børn &amp; Ungdom" not in committees
    assert "Job, Arbejdsmarked &amp; Integration" in committees
    assert "Kultur &amp; Fritid" in committees
    assert "Børn &amp; Ungdom" not in client.get("/").content.decode()


@pytest.mark.parametrize("url", ["/moeder/", "/sager/", "/lejre/moeder/", "/lejre/sager/"])
def test_committee_filters_offer_only_committees_that_met(client, named_only, url):
    html = client.get(url).content.decode()
    select = html.split('name="committee"', 1)[1].split("</select>", 1)[0]
    assert 'value="job-arbejdsmarked-og-integration"' in select
    assert 'value="kultur-og-fritid"' in select
    assert 'value="boern-og-ungdom"' not in select


def test_the_shared_committee_choices_leave_them_out(named_only):
    assert "boern-og-ungdom" not in dict(committee_choices(None))
    assert "boern-og-ungdom" not in dict(committee_choices(named_only.municipality))
    assert list(Committee.objects.with_meetings().filter(slug="boern-og-ungdom")) == []


def test_the_case_page_still_links_to_it(client, named_only):
    html = client.get("/lejre/sager/26-000555/").content.decode()
    assert f'href="{BU}"' in html


def test_its_page_says_it_has_no_meetings_and_lists_the_entries_naming_it(client, named_only):
    response = client.get(BU)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Arkivet har ingen møder fra dette udvalg." in html
    mentions = html.split('class="timeline mentions"', 1)[1].split("</ol>", 1)[0]
    # Each day and case once, newest first; the reprint of the newest referat is shown.
    assert mentions.count("<li>") == 2
    assert mentions.index("2. marts 2026") < mentions.index("2. februar 2026")
    assert "Præsentation vedlagt." in mentions
    assert 'href="/lejre/sager/26-000555/"' in mentions
    assert 'href="/lejre/moeder/job-arbejdsmarked-og-integration/2026-04-07/punkt/2/"' in mentions
    # What a committee with meetings has, it has not: no filters, members or meeting list.
    assert 'class="filters"' not in html and 'id="members"' not in html


def test_its_page_in_english(client, named_only):
    html = client.get(f"/en{BU}").content.decode()
    assert "The archive has no meetings of this committee." in html
    assert "Case 26-000555" in html and "2 March 2026" in html


def test_its_page_takes_few_queries(client, named_only, django_assert_max_num_queries):
    # The committee, its mentions, and what the archive lacks of it (committee_status).
    with django_assert_max_num_queries(6):
        assert client.get(BU).status_code == 200
