"""A case's page and its row in the case list: one history, its items in meeting and agenda
order, and the same number of treatments (behandlinger) in both."""

import datetime
import io
import re

import pytest
from django.core.management import call_command

from meetings.models import Case, Meeting, case_timeline
from meetings.pages.queries import case_items
from tests.factories import make_committee, make_item

pytestmark = pytest.mark.django_db

CASE = "/lejre/sager/26-000930/"


@pytest.fixture
def economy(archive):
    """26-000930: items 4 and 3 of the JAI meeting of 3 March 2026 (stored in that order), whose
    Sagens forløb both name KF and BU on 2 March, and KF's meeting of that day, which the
    archive has (its own item of the case): 3 treatments, 2 of them meetings in the archive."""
    jai, kf = archive["jai"], archive["kf"]
    bu = make_committee(name="Udvalget for Børn & Ungdom", code="BU")
    m2 = Meeting.objects.get(committee=kf)
    m3 = Meeting.objects.get(committee=jai, date=datetime.date(2026, 3, 3))
    history = [
        (datetime.date(2026, 3, 2), kf, "Taget til efterretning."),
        (datetime.date(2026, 3, 2), bu, "Taget til efterretning. Præsentation vedlagt."),
    ]
    make_item(
        meeting=m3,
        number=4,
        title="Økonomi, anlæg",
        case="26-000930",
        decision="Drøftet.",
        history=history,
        sections=[("Sagens forløb", "02/03/2026 Udvalget for Kultur & Fritid")],
    )
    make_item(
        meeting=m3,
        number=3,
        title="Økonomi, drift",
        case="26-000930",
        decision="Indstillingen tiltrådt.",
        history=history,
        sections=[("Sagens forløb", "02/03/2026 Udvalget for Kultur & Fritid")],
    )
    make_item(meeting=m2, number=2, title="Økonomi", case="26-000930", decision="Godkendt.")
    return Case.objects.get(number="26-000930")


def test_a_treatment_is_a_committee_on_a_day(economy):
    economy.refresh_from_db()
    assert (economy.treatment_count, economy.treatments_in_archive, economy.item_count) == (3, 2, 3)
    timeline = case_timeline(economy, case_items(economy))
    assert [(step.date.day, step.committee_name, bool(step.items)) for step in timeline] == [
        (2, "Udvalget for Børn & Ungdom", False),  # known from the Sagens forløb only
        (2, "Udvalget for Kultur & Fritid", True),
        (3, "Udvalget for Job, Arbejdsmarked & Integration", True),
    ]
    assert [item.number for item in timeline[-1].items] == [3, 4]


def test_the_list_and_the_page_give_the_same_number(client, economy):
    listed = client.get("/sager/").content.decode()
    row = listed.split(f'<a href="{CASE}">', 1)[1].split("</li>", 1)[0]
    assert "3 behandlinger, 2 med referat i arkivet" in row
    page = client.get(CASE).content.decode()
    assert "3 behandlinger, 2 med referat i arkivet" in page
    timeline = page.split('class="timeline case-timeline"', 1)[1].split("</ol>", 1)[0]
    assert timeline.count("<li>") == 3
    english = client.get(f"/en{CASE}").content.decode()
    assert "3 treatments, 2 with minutes in the archive" in english
    english_list = client.get("/en/sager/").content.decode()
    assert "3 treatments, 2 with minutes in the archive" in english_list


def test_a_case_only_the_archive_has_says_just_the_number(client, archive):
    page = client.get("/lejre/sager/25-003798/").content.decode()
    # Its Sagens forløb names only meetings the archive has: 3 treatments, all of them here.
    assert "3 behandlinger." in page and "med referat i arkivet" not in page
    assert "3 behandlinger" in client.get("/sager/").content.decode()


def test_the_case_page_shows_one_history(client, economy):
    page = client.get(CASE).content.decode()
    assert page.count(">Sagens forløb<") == 1
    assert 'class="history"' not in page  # no item repeats its own Sagens forløb
    # The item page still has its own.
    item = client.get("/lejre/moeder/job-arbejdsmarked-og-integration/2026-03-03/punkt/4/")
    assert 'class="history"' in item.content.decode()


def test_items_come_in_meeting_order_then_agenda_order(client, economy):
    page = client.get(CASE).content.decode()
    items = page.split('id="items"', 1)[1]
    ids = re.findall(r'<article class="item" id="sag-\d+-punkt-(\d+)"', items)
    assert ids == ["3", "4", "2"]  # 3 March (punkt 3, punkt 4), then 2 March
    timeline = page.split('class="timeline case-timeline"', 1)[1].split("</ol>", 1)[0]
    first = timeline.index('punkt 3</a>: <span lang="da">Økonomi, drift')
    assert first < timeline.index('punkt 4</a>: <span lang="da">Økonomi')


def test_stored_counts_agree_with_the_pages_for_the_real_referater(referat_paths):
    call_command("ingest", *[str(path) for path in referat_paths], stdout=io.StringIO())
    cases = list(Case.objects.all())
    assert len(cases) > 10
    for case in cases:
        timeline = case_timeline(case, case_items(case))
        met = sum(step.item is not None for step in timeline)
        assert (case.treatment_count, case.treatments_in_archive) == (len(timeline), met), case
    assert any(case.treatment_count > case.treatments_in_archive for case in cases)
