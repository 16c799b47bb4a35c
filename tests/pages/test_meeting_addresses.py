"""A committee that meets twice on one day: each meeting has its own lasting address."""

from __future__ import annotations

import copy
import datetime

import pytest

from meetings.ingest.store import referat_store
from meetings.models import Meeting
from tests.ingest.test_store import a_referat, read_of

pytestmark = pytest.mark.django_db


def two_meetings_one_day():
    """The 17:00 meeting stored first, then an extraordinary one at 15:00 the same day, with
    an agenda of its own."""
    evening = a_referat(date="2026-03-03")
    extra = copy.deepcopy(evening)
    extra["start_time"] = "15:00"
    extra["title"] = "REFERAT (ekstraordinært møde) " + extra["title"].removeprefix("REFERAT ")
    extra["items"] = extra["items"][:2]
    extra["items"][1].update(
        title="Akut boligplacering af flygtninge",
        case_number="26-004411",
        decision="Ekstraordinært godkendt",
        sections=[{"heading": "Beslutning", "text": "Ekstraordinært godkendt"}],
        attachments=[],
        case_history=[],
    )
    first = referat_store(read=read_of(evening)).meeting
    second = referat_store(read=read_of(extra, b"extraordinary referat")).meeting
    return first, second


def test_the_second_meeting_of_a_day_gets_its_own_address_and_the_first_keeps_its(client):
    first, second = two_meetings_one_day()
    slug = first.committee.slug
    assert first.get_absolute_url() == f"/lejre/moeder/{slug}/2026-03-03/"
    assert second.get_absolute_url() == f"/lejre/moeder/{slug}/2026-03-03-2/"

    evening = client.get(first.get_absolute_url()).content.decode()
    extra = client.get(second.get_absolute_url()).content.decode()
    assert "17:00" in evening and "Ekstraordinært godkendt" not in evening
    assert "15:00" in extra and "Ekstraordinært godkendt" in extra

    item = client.get(f"/lejre/moeder/{slug}/2026-03-03-2/punkt/2/").content.decode()
    assert "Ekstraordinært godkendt" in item
    source = client.get(second.get_source_url())
    assert (
        source.status_code == 200
        and b"".join(source.streaming_content if source.streaming else [source.content])
        == b"extraordinary referat"
    )


def test_the_two_meetings_of_a_day_link_to_each_other_in_time_order(client):
    first, second = two_meetings_one_day()
    # 15:00 comes before 17:00, whatever order they were stored in.
    previous, following = Meeting.objects.neighbours(second)
    assert previous is None and following == first
    previous, following = Meeting.objects.neighbours(first)
    assert previous == second and following is None
    page = client.get(first.get_absolute_url()).content.decode()
    assert second.get_absolute_url() in page


def test_a_corrected_second_meeting_keeps_its_address():
    first, second = two_meetings_one_day()
    corrected = copy.deepcopy(second_referat := _referat_of(second))
    corrected["items"][1]["decision"] = "Rettet beslutning"
    assert corrected != second_referat
    again = referat_store(read=read_of(corrected, b"corrected extraordinary")).meeting
    assert again.pk == second.pk and again.day_number == 2
    assert Meeting.objects.count() == 2


def test_a_corrected_start_time_with_the_same_agenda_is_a_new_version_not_a_new_meeting():
    referat_store(read=read_of(a_referat(date="2026-03-03")))
    corrected = a_referat(date="2026-03-03")
    corrected["start_time"] = "16:00"
    result = referat_store(read=read_of(corrected))
    assert result.status == "updated" and Meeting.objects.count() == 1


def _referat_of(meeting):
    from meetings.opendata.serialize import meeting_to_referat

    return meeting_to_referat(Meeting.objects.get(pk=meeting.pk))


def test_search_links_to_the_meeting_the_hit_is_from(client):
    _, second = two_meetings_one_day()
    hits = client.get("/api/search", {"q": "ekstraordinært"}).json()
    urls = [hit["url"] for hit in hits["results"]]
    assert urls and all("/2026-03-03-2/punkt/" in url for url in urls)


@pytest.mark.parametrize("day", ["2026-03-03-1", "2026-03-03-3", "2026-02-31", "2026-03-03-0"])
def test_a_day_without_such_a_meeting_is_a_404(client, day):
    first, _ = two_meetings_one_day()
    assert client.get(f"/lejre/moeder/{first.committee.slug}/{day}/").status_code == 404


def test_previous_and_next_follow_date_then_time_then_number_on_the_day():
    from tests.factories import make_committee, make_meeting

    committee = make_committee(name="Udvalget med mange møder")
    other = make_committee(name="Et andet udvalg")
    day = datetime.date(2026, 4, 1)
    plan = [  # (days after `day`, start time or None), stored in this order
        (0, datetime.time(17)),
        (0, None),
        (0, datetime.time(9)),
        (7, None),
        (14, datetime.time(16)),
        (14, datetime.time(8)),
        (-7, datetime.time(19)),
        (-7, None),
        (21, None),
    ]
    meetings = [
        make_meeting(committee=committee, date=day + datetime.timedelta(days=d), start_time=t)
        for d, t in plan
    ]
    make_meeting(committee=other, date=day + datetime.timedelta(days=3))  # not a neighbour
    # A meeting without a time comes first on its day, as the pages list them.
    in_order = sorted(
        meetings, key=lambda m: (m.date, m.start_time or datetime.time.min, m.day_number)
    )
    for at, meeting in enumerate(in_order):
        previous, following = Meeting.objects.neighbours(meeting)
        assert previous == (in_order[at - 1] if at else None), meeting
        assert following == (in_order[at + 1] if at + 1 < len(in_order) else None), meeting
