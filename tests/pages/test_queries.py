"""The pages' own reads (meetings.pages.queries) give what the relations give, in fewer queries."""

import datetime

import pytest

from meetings.models import AgendaItem, Meeting
from meetings.pages.queries import item_parts, items_with_parts, latest_cases
from tests.factories import make_item, make_meeting
from tests.ingest.test_store_upkeep import assert_case_summaries_are_their_items

pytestmark = pytest.mark.django_db


def test_items_with_parts_are_the_relations_in_order(archive, django_assert_num_queries):
    meeting = Meeting.objects.get(date=datetime.date(2026, 3, 3))
    with django_assert_num_queries(1):
        items = list(items_with_parts().filter(meeting=meeting).order_by("number"))
        fast = [item_parts(item) for item in items]
    for item, (sections, attachments, history) in zip(items, fast, strict=True):
        plain = AgendaItem.objects.get(pk=item.pk)
        assert [(s["heading"], s["text"]) for s in sections] == [
            (s.heading, s.text) for s in plain.sections.order_by("position")
        ]
        assert attachments == [
            {"name": a.name, "url": a.url} for a in plain.attachments.order_by("position")
        ]
        expected = [
            {
                "date": e.date,
                "committee_name": e.committee_name,
                "period": e.period,
                "text": e.text,
                "absent": e.absent,
            }
            for e in plain.case_history.order_by("position")
        ]
        assert history == expected
    second = fast[1]
    assert [s["heading"] for s in second[0]] == [
        "Beslutning",
        "Resumé",
        "Sagsfremstilling",
        "Sagens forløb",
        "Bilag",
    ]
    assert second[1] == [{"name": "Bilag 1 - Ansøgning.pdf", "url": ""}]
    assert [entry["date"] for entry in second[2]] == [
        datetime.date(2025, 11, 4),
        datetime.date(2026, 3, 2),
    ]


def test_item_parts_reads_the_relations_of_a_plain_item(archive):
    item = AgendaItem.objects.get(meeting__date=datetime.date(2026, 3, 3), number=2)
    sections, attachments, history = item_parts(item)
    assert [s.heading for s in sections][:2] == ["Beslutning", "Resumé"]
    assert attachments == [{"name": "Bilag 1 - Ansøgning.pdf", "url": ""}]
    assert history[0].date == datetime.date(2025, 11, 4)


def test_latest_cases_are_most_recent_and_tell_whether_there_are_more(
    archive, django_assert_num_queries
):
    items = AgendaItem.objects.filter(meeting__committee=archive["jai"])
    with django_assert_num_queries(2):
        cases, more = latest_cases(items, 25)
    assert [case.number for case in cases] == ["26-000920", "25-003798"] and not more
    assert cases[1].item_count == 3  # every item of the case, not only this committee's
    assert latest_cases(items, 2)[1] is False
    one, more = latest_cases(items, 1)
    assert [case.number for case in one] == ["26-000920"] and more
    newest = items.exclude(case=None).order_by("-meeting__date", "-case_id")
    assert [c.pk for c in one] == list(newest.values_list("case_id", flat=True)[:1])
    with django_assert_num_queries(1):
        assert latest_cases(items.filter(number=99), 25) == ([], False)


def test_committee_page_queryset_has_the_periods_of_the_committee_and_the_archive(archive):
    from meetings.pages.queries import committee_page_queryset
    from tests.factories import make_committee

    empty = make_committee(name="Udvalget uden møder", code="UM")
    committees = {c.pk: c for c in committee_page_queryset()}
    jai, kf = committees[archive["jai"].pk], committees[archive["kf"].pk]
    assert jai.periods == ["2026-2029", "2022-2025"] and jai.meeting_count == 3
    assert kf.periods == ["2026-2029"]
    assert committees[empty.pk].periods == [] and committees[empty.pk].meeting_count == 0
    assert jai.all_periods == ["2026-2029", "2022-2025"] == committees[empty.pk].all_periods


def test_committee_page_of_a_committee_without_meetings(client, archive):
    from tests.factories import make_committee

    empty = make_committee(name="Udvalget uden møder", code="UM")
    html = client.get(empty.get_absolute_url()).content.decode()
    # No filter of meetings it has none of (tests/pages/test_committees_without_meetings.py).
    assert "Arkivet har ingen møder fra dette udvalg." in html and "Valgperioder" not in html
    assert 'name="period"' not in html and "Ingen sager nævner udvalget." in html


def test_the_stored_case_summary_is_that_of_the_latest_item(archive):
    jai = archive["jai"]
    later = make_meeting(committee=jai, date=datetime.date(2026, 5, 5), start_time=None)
    make_item(meeting=later, number=1, title="Uden starttid", case="25-003798", decision="Udsat")
    # The same day as the JAI meeting of 2026-04-07 at 17:00, without a time: NULLs first.
    day = datetime.date(2026, 4, 7)
    same_day = make_meeting(committee=archive["kf"], date=day, start_time=None)
    make_item(meeting=same_day, number=1, title="Samme dag", case="26-000920", decision="Godkendt")
    cases, _ = latest_cases(AgendaItem.objects.filter(meeting__committee=jai), 25)
    summaries = [
        (c.number, c.item_count, c.last_treated, c.latest_title, c.latest_outcome) for c in cases
    ]
    assert summaries == [
        ("25-003798", 4, datetime.date(2026, 5, 5), "Uden starttid", "udsat"),
        ("26-000920", 2, datetime.date(2026, 4, 7), "Samme dag", "godkendt"),
    ]
    assert_case_summaries_are_their_items()


def test_latest_cases_walks_on_when_the_newest_items_repeat_a_few_cases(archive):
    from django.db.models import Max

    from tests.factories import make_committee

    committee = make_committee(name="Udvalget med gentagne sager", code="UGS")
    # 30 meetings that each treat the same two cases, then older meetings with one new case
    # each: the first cases beyond those two lie far down in newest-first order.
    for n in range(30):
        meeting = make_meeting(
            committee=committee, date=datetime.date(2026, 1, 1) + datetime.timedelta(days=n)
        )
        make_item(meeting=meeting, number=1, case="26-100001")
        make_item(meeting=meeting, number=2, case="26-100002")
    for n in range(6):
        meeting = make_meeting(
            committee=committee, date=datetime.date(2025, 1, 1) + datetime.timedelta(days=n)
        )
        make_item(meeting=meeting, number=1, case=f"25-2000{n:02d}")
    items = AgendaItem.objects.filter(meeting__committee=committee)
    grouped = list(
        items.exclude(case=None)
        .values("case_id")
        .annotate(last=Max("meeting__date"))
        .order_by("-last", "-case_id")
        .values_list("case_id", flat=True)
    )
    for limit in (1, 2, 3, 5, 8, 25):
        cases, more = latest_cases(items, limit)
        assert {case.pk for case in cases} == set(grouped[:limit]), limit
        assert more == (limit < len(grouped) == 8)


def test_a_committee_page_with_more_cases_than_it_shows_links_to_them_all(client, archive):
    from meetings.pages.views import LATEST
    from tests.factories import make_committee

    committee = make_committee(name="Udvalget med mange sager", code="UMS")
    meeting = make_meeting(committee=committee, date=datetime.date(2026, 6, 2))
    link = f'href="/lejre/sager/?committee={committee.slug}">Alle udvalgets sager</a>'
    for n in range(LATEST):
        make_item(meeting=meeting, number=n + 1, case=f"26-3000{n:02d}")
    assert link not in client.get(committee.get_absolute_url()).content.decode()
    make_item(meeting=meeting, number=LATEST + 1, case="26-300099")
    html = client.get(committee.get_absolute_url()).content.decode()
    assert link in html and html.count('<li><a href="/lejre/sager/26-') == LATEST
