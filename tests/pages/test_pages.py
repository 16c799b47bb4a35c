"""The public pages: every URL answers, each page shows what it promises, safely and fast."""

import datetime

import pytest
from django.urls import reverse

from meetings.models import Case, Meeting
from tests.factories import make_committee, make_item, make_meeting

pytestmark = pytest.mark.django_db

JAI = "/lejre/moeder/job-arbejdsmarked-og-integration"

PAGES = [
    "/",
    "/moeder/",
    "/moeder/?year=2026",
    "/moeder/?year=2026&month=3",
    "/moeder/?committee=kultur-og-fritid&period=2026-2029",
    f"{JAI}/2026-03-03/",
    f"{JAI}/2026-03-03/punkt/2/",
    f"{JAI}/2026-03-03/referat/",
    "/udvalg/",
    "/lejre/udvalg/job-arbejdsmarked-og-integration/",
    "/lejre/udvalg/job-arbejdsmarked-og-integration/?period=2022-2025",
    "/personer/",
    "/lejre/personer/thomas-bisgaard/",
    "/lejre/personer/ole-blickfeldt/",
    "/sager/",
    "/sager/?outcome=godkendt&year=2026",
    "/lejre/sager/25-003798/",
    "/status/",
    "/lejre/status/",
    "/api/status",
    "/api/meetings/",
]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_answers(client, archive, url):
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        f"{JAI}/2026-03-04/",  # no meeting that day
        f"{JAI}/2026-02-31/",  # no such date
        f"{JAI}/2026-13-01/",
        "/lejre/moeder/no-such-committee/2026-03-03/",
        f"{JAI}/2026-03-03/punkt/99/",
        f"{JAI}/2026-04-07/referat/",  # a meeting without a kept file
        "/lejre/udvalg/no-such-committee/",
        "/lejre/personer/nobody/",
        "/lejre/sager/99-999999/",
        "/api/meetings/999999/",
        "/api/meetings/?page=99",
        "/api/meetings/?page=x",
    ],
)
def test_unknown_things_are_404_in_the_site_design(client, archive, url):
    response = client.get(url)
    assert response.status_code == 404
    if not url.startswith("/api/"):
        assert "Siden findes ikke" in response.content.decode()
        assert 'class="site-header"' in response.content.decode()


def test_home_has_search_box_latest_meetings_committees_and_figures(client, archive):
    html = client.get("/").content.decode()
    assert 'action="/soeg/"' in html and 'name="q"' in html and '<label for="home-q"' in html
    assert "tirsdag 7. april 2026" in html  # newest meeting, in Danish
    assert "Udvalget for Kultur &amp; Fritid" in html
    assert "<dd>4</dd>" in html  # meetings
    assert "<dd>6</dd>" in html  # items
    assert "<dd>2</dd>" in html  # cases
    assert "2025–2026" in html


def test_meeting_page_shows_header_attendance_items_decision_and_neighbours(client, archive):
    html = client.get(f"{JAI}/2026-03-03/").content.decode()
    assert "tirsdag 3. marts 2026" in html
    assert "kl. 17:00" in html and "Mødelokale 5, Allerslev" in html and "2026-2029" in html
    present, absent = html.split("Fraværende (2)")
    assert "Thomas Bisgaard" in present and "Ole Blickfeldt" in absent and "Lotte Greve" in absent
    assert html.index("Punkt 1") < html.index("Punkt 2")
    assert 'href="/lejre/sager/25-003798/"' in html
    assert '<div class="decision">' in html
    assert "<p>Indstillingen tiltrådt.</p>\n\n<p>Udvalget ønsker en status i juni.</p>" in html
    assert "<details>" in html  # the long Sagsfremstilling is folded
    assert "Bilag 1 - Ansøgning.pdf" in html
    assert "Udvalget for Kultur &amp; Fritid" in html  # Sagens forløb entry
    assert f'href="{JAI}/2025-11-04/"' in html  # previous meeting of the committee
    assert f'href="{JAI}/2026-04-07/"' in html  # next meeting
    assert "/lejre/moeder/kultur-og-fritid/" not in html.split('class="neighbours"')[1]
    assert f'href="{JAI}/2026-03-03/referat/"' in html


def test_item_page_shows_the_item_alone_with_its_address(client, archive):
    html = client.get(f"{JAI}/2026-03-03/punkt/2/").content.decode()
    assert "<h1" in html and "Tilkendelse af yderligere midler til Ungeløftspuljen" in html
    assert "Godkendelse af dagsorden" not in html
    assert f"http://testserver{JAI}/2026-03-03/punkt/2/" in html


def test_original_referat_downloads_byte_for_byte(client, archive):
    response = client.get(f"{JAI}/2025-11-04/referat/")
    assert response.content.startswith(b"%PDF-1.4 x")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="jai-2025.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    text = client.get(f"{JAI}/2026-03-03/referat/")
    assert text["Content-Type"] == "text/plain; charset=utf-8"


def test_meeting_list_filters_and_navigates_by_year_and_month(client, archive):
    html = client.get("/moeder/?year=2026&month=3").content.decode()
    assert "2 møder" in html
    assert f'href="{JAI}/2026-03-03/"' in html and f'href="{JAI}/2026-04-07/"' not in html
    assert "Måneder i 2026" in html and "marts" in html
    kf = client.get("/moeder/?committee=kultur-og-fritid").content.decode()
    assert "1 møde" in kf and "/lejre/moeder/kultur-og-fritid/2026-03-02/" in kf
    period = client.get("/moeder/?period=2022-2025").content.decode()
    assert f"{JAI}/2025-11-04/" in period and f"{JAI}/2026-03-03/" not in period


def test_meeting_list_is_newest_first_and_pagination_keeps_filters(client, archive):
    committee = make_committee(name="Økonomiudvalget", code="ØU")
    for day in range(1, 61):
        make_meeting(committee=committee, date=datetime.date(2024, 1, 1) + datetime.timedelta(day))
    html = client.get("/moeder/?committee=oekonomiudvalget").content.decode()
    assert "60 møder" in html
    assert html.index("1. marts 2024") < html.index("29. februar 2024")
    assert 'href="?committee=oekonomiudvalget&amp;page=2"' in html
    page2 = client.get("/moeder/?committee=oekonomiudvalget&page=2").content.decode()
    assert "Side 2 af 2" in page2 and "2. januar 2024" in page2


def test_bad_filter_values_are_a_page_not_an_error(client, archive):
    response = client.get("/moeder/?year=abc&committee=nope&month=13")
    assert response.status_code == 200
    response = client.get("/sager/?outcome=nonsense")
    assert response.status_code == 200


def test_committee_page_shows_periods_members_meetings_and_cases(client, archive):
    html = client.get("/lejre/udvalg/job-arbejdsmarked-og-integration/").content.decode()
    assert "2026-2029, 2022-2025" in html
    # The attendance picture: a row per member, linked, with a legend of its colours.
    assert 'id="members-chart"' in html and '<span class="swatch present"' in html
    assert '<a href="/lejre/personer/lotte-greve/">Lotte Greve</a>' in html
    assert "Lotte Greve" in html and "2 af 3 (67 %)" in html
    assert "/lejre/sager/25-003798/" in html and "/lejre/sager/26-000920/" in html
    filtered = client.get("/lejre/udvalg/job-arbejdsmarked-og-integration/?period=2022-2025")
    filtered = filtered.content.decode()
    assert "/lejre/sager/26-000920/" not in filtered and f"{JAI}/2026-03-03/" not in filtered


def test_committee_list_draws_meetings_per_year_with_a_table(client, archive):
    html = client.get("/udvalg/").content.decode()
    assert 'class="heatmap-table"' in html and "Møder pr. år pr. udvalg" in html
    assert '<th scope="col">2025</th>' in html and '<th scope="col">2026</th>' in html


def test_person_page_shows_every_meeting_with_present_or_absent_and_rate(client, archive):
    html = client.get("/lejre/personer/ole-blickfeldt/").content.decode()
    assert "Til stede ved 0 af 2 møder (0 %)" in html
    assert html.count("Fraværende</td>") == 2
    lotte = client.get("/lejre/personer/lotte-greve/").content.decode()
    assert "Til stede ved 2 af 3 møder (67 %)" in lotte
    assert "/lejre/sager/25-003798/" in lotte  # present at the meeting of 2025-11-04
    assert 'id="person-chart"' in lotte


def test_case_list_filters_by_committee_year_and_outcome(client, archive):
    html = client.get("/sager/").content.decode()
    assert "2 sager" in html
    assert html.index("26-000920") < html.index("25-003798")  # most recently treated first
    kf = client.get("/sager/?committee=kultur-og-fritid").content.decode()
    assert "1 sag" in kf and "26-000920" not in kf
    recommended = client.get("/sager/?outcome=anbefalet").content.decode()
    assert "25-003798" in recommended and "26-000920" not in recommended
    assert "3 behandlinger" in recommended  # the summary counts every item of the case
    assert "26-000920" not in client.get("/sager/?year=2025").content.decode()


def test_case_list_filters_ask_for_one_item_that_has_it_all(client):
    """Committee, year and outcome together: one item of the case fits all three."""
    first, second = make_committee(name="Første udvalg"), make_committee(name="Andet udvalg")
    early = make_meeting(committee=first, date=datetime.date(2025, 5, 6))
    late = make_meeting(committee=second, date=datetime.date(2026, 5, 5))
    make_item(meeting=early, case="25-777777", decision="Godkendt")
    make_item(meeting=late, case="25-777777", decision="Udsat")

    def listed(query: str) -> bool:
        return "25-777777" in client.get(f"/sager/?{query}").content.decode()

    assert listed(f"committee={first.slug}&outcome=godkendt&year=2025")
    assert listed(f"committee={second.slug}&outcome=udsat")
    assert not listed(f"committee={second.slug}&outcome=godkendt")
    assert not listed("outcome=godkendt&year=2026")
    assert not listed(f"committee={first.slug}&year=2026")


def test_a_persons_cases_are_all_on_the_case_list(client):
    """The person page shows the latest cases and links to every case they were present for."""
    committee = make_committee(name="Udvalget for Deltagelse")
    for n in range(30):
        meeting = make_meeting(
            committee=committee,
            date=datetime.date(2025, 1, 1) + datetime.timedelta(days=n),
            present=("Karen Deltager",) if n % 2 == 0 else (),
            absent=("Karen Deltager",) if n % 2 else (),
        )
        make_item(meeting=meeting, case=f"25-5000{n:02d}")
    page = client.get("/lejre/personer/karen-deltager/").content.decode()
    assert "De 15 senest behandlede sager." not in page  # 15 cases: all of them shown
    assert page.count('<li><a href="/lejre/sager/25-5000') == 15
    assert "?person=karen-deltager" not in page

    for n in range(30, 52, 2):  # 11 more meetings she was present at: 26 cases
        meeting = make_meeting(
            committee=committee,
            date=datetime.date(2025, 1, 1) + datetime.timedelta(days=n),
            present=("Karen Deltager",),
        )
        make_item(meeting=meeting, case=f"25-5000{n:02d}")
    page = client.get("/lejre/personer/karen-deltager/").content.decode()
    assert "De 25 senest behandlede sager." in page
    assert page.count('<li><a href="/lejre/sager/25-5000') == 25
    assert 'href="/lejre/sager/?person=karen-deltager"' in page

    listed = client.get("/sager/?person=karen-deltager").content.decode()
    assert "26 sager" in listed
    assert "25-500001" not in listed and "25-500050" in listed  # absent, present
    both = client.get("/sager/?person=karen-deltager&year=2025&outcome=godkendt")
    assert "26 sager" in both.content.decode()


def test_case_page_merges_history_into_one_timeline_oldest_first(client, archive):
    html = client.get("/lejre/sager/25-003798/").content.decode()
    latest = html.split('class="decision latest"')[1].split("</section>")[0]
    assert "Indstillingen tiltrådt." in latest and "tirsdag 3. marts 2026" in latest
    timeline = html.split('class="timeline case-timeline"')[1].split("</ol>")[0]
    # 2025-11-04 JAI and 2026-03-02 KF appear both as meetings and in Sagens forløb: once each.
    assert timeline.count("4. november 2025") == 1
    assert timeline.count("2. marts 2026") == 1
    assert (
        timeline.index("4. november 2025")
        < timeline.index("2. marts 2026")
        < timeline.index("3. marts 2026")
    )
    assert 'aria-labelledby="path-title path-desc"' in html
    assert html.count('class="item"') == 3


def test_referat_text_is_escaped_everywhere(client, archive):
    meeting = Meeting.objects.get(date=datetime.date(2026, 4, 7))
    make_item(
        meeting=meeting,
        number=2,
        title="<script>alert('titel')</script>",
        decision="<img src=x onerror=alert(1)> Godkendt",
        case="<b>26-1</b>",
        sections=[("Resumé", "<script>alert('resume')</script>")],
        attachments=["<svg onload=alert(2)>"],
    )
    pages = [f"{JAI}/2026-04-07/", f"{JAI}/2026-04-07/punkt/2/", "/sager/", "/"]
    pages.append(Case.objects.get(number="<b>26-1</b>").get_absolute_url())
    for url in pages:
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html, url
        assert "<svg onload" not in html and "<b>26-1</b>" not in html, url
    html = client.get(f"{JAI}/2026-04-07/").content.decode()
    assert "&lt;script&gt;alert(&#x27;titel&#x27;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt; Godkendt" in html


def test_english_interface_through_the_language_switch(client, archive):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": f"{JAI}/2026-03-03/"}
    )
    assert response.status_code == 302 and response["Location"] == f"/en{JAI}/2026-03-03/"
    html = client.get(f"/en{JAI}/2026-03-03/").content.decode()
    assert '<html lang="en">' in html
    assert "Tuesday 3 March 2026" in html and "Attendance" in html and "Decision" in html
    assert f'hreflang="da" href="http://testserver{JAI}/2026-03-03/"' in html
    assert f'<link rel="canonical" href="http://testserver/en{JAI}/2026-03-03/">' in html
    # A Danish link is Danish for everyone, an English one English: each has its address.
    assert "tirsdag 3. marts 2026" in client.get(f"{JAI}/2026-03-03/").content.decode()
    back = client.post(reverse("set_language"), {"language": "da", "next": f"/en{JAI}/2026-03-03/"})
    assert back["Location"] == f"{JAI}/2026-03-03/"


def test_api_lists_meetings_newest_first_with_absolute_urls(client, archive):
    data = client.get("/api/meetings/").json()
    assert data["count"] == 4 and data["next"] is None
    assert [r["date"] for r in data["results"]] == [
        "2026-04-07",
        "2026-03-03",
        "2026-03-02",
        "2025-11-04",
    ]
    first = data["results"][0]
    assert set(first) == {
        "id", "date", "municipality", "kind", "committee", "title", "url", "api_url"
    }  # fmt: skip
    assert first["url"] == f"http://testserver{JAI}/2026-04-07/"
    assert first["api_url"] == f"http://testserver/api/meetings/{first['id']}/"
    for row in data["results"]:  # each as the meeting's own address
        meeting = Meeting.objects.get(pk=row["id"])
        assert row["url"] == f"http://testserver{meeting.get_absolute_url()}"
        assert client.get(row["api_url"]).json()["url"] == row["url"]


def test_api_paginates_with_a_next_link(client, archive):
    committee = make_committee(name="Økonomiudvalget", code="ØU")
    for day in range(100):
        make_meeting(committee=committee, date=datetime.date(2020, 1, 1) + datetime.timedelta(day))
    data = client.get("/api/meetings/").json()
    assert data["count"] == 104 and len(data["results"]) == 100
    assert data["next"] == "http://testserver/api/meetings/?page=2"
    page2 = client.get(data["next"]).json()
    assert len(page2["results"]) == 4 and page2["next"] is None


def test_api_meeting_is_the_referat_shape_and_matches_the_page(client, archive):
    meeting = Meeting.objects.get(date=datetime.date(2026, 3, 3))
    data = client.get(f"/api/meetings/{meeting.pk}/").json()
    assert data["id"] == meeting.pk and data["url"].endswith(f"{JAI}/2026-03-03/")
    assert data["committee"] == {
        "name": "Udvalget for Job, Arbejdsmarked & Integration",
        "period": "2026-2029",
    }
    assert data["date"] == "2026-03-03" and data["start_time"] == "17:00"
    assert {"name": "Ole Blickfeldt", "status": "absent", "party": None} in data["participants"]
    item = data["items"][1]
    assert item["case_number"] == "25-003798" and item["committee_codes"] == ["JAI"]
    assert item["decision"].startswith("Indstillingen tiltrådt.")
    assert item["attachments"] == ["Bilag 1 - Ansøgning.pdf"]
    assert item["case_history"][1] == {
        "date": "2026-03-02",
        "committee": {"name": "Udvalget for Kultur & Fritid", "period": "2026-2029"},
        "text": "Indstillingerne anbefales.",
        "absent": [],
    }
    page = client.get(data["url"]).content.decode()
    for item in data["items"]:
        assert item["title"] in page
        assert item["decision"].split("\n")[0] in page


def _grow(archive, meetings: int):
    """More meetings with items, cases, history and attendance: the query count must not grow."""
    jai = archive["jai"]
    for n in range(meetings):
        meeting = make_meeting(
            committee=jai,
            date=datetime.date(2023, 1, 1) + datetime.timedelta(days=7 * n),
            present=("Thomas Bisgaard", f"Ny Person {n}"),
            absent=("Ole Blickfeldt",),
        )
        for number in range(1, 4):
            make_item(
                meeting=meeting,
                number=number,
                title=f"Punkt {number}",
                case="25-003798" if number == 1 else None,
                sections=[("Resumé", "x")],
                attachments=["a.pdf"],
                history=[(datetime.date(2022, 1, 1), jai, "Godkendt")],
            )


# Each page's number of queries, with the sample archive and after it grew: a page that
# starts asking more (or asking per row) fails here.
QUERY_PAGES = {
    "/": 6,  # with the upcoming meetings (agendas)
    "/moeder/": 4,
    "/moeder/?year=2023": 4,
    f"{JAI}/2026-03-03/": 4,
    f"{JAI}/2026-03-03/punkt/2/": 2,
    "/udvalg/": 2,
    # With its upcoming meetings, split decisions, money per year, and what the archive lacks
    # of it (its case histories' days, the portal's meetings by its names, unreleased ones).
    "/lejre/udvalg/job-arbejdsmarked-og-integration/": 12,
    "/personer/": 1,
    # With the voting record (the member's positions, then those of their votes), the parties
    # over time and the absences per item.
    "/lejre/personer/thomas-bisgaard/": 8,
    "/sager/": 4,
    "/lejre/sager/25-003798/": 3,
    "/api/meetings/": 2,
}


@pytest.mark.parametrize("url", QUERY_PAGES)
def test_query_count_is_small_and_does_not_grow(
    client, archive, url, django_assert_max_num_queries
):
    with django_assert_max_num_queries(QUERY_PAGES[url]):
        assert client.get(url).status_code == 200
    _grow(archive, 8)
    with django_assert_max_num_queries(QUERY_PAGES[url]):
        assert client.get(url).status_code == 200


def test_api_meeting_query_count_is_constant(client, archive, django_assert_max_num_queries):
    _grow(archive, 3)
    meeting = Meeting.objects.get(date=datetime.date(2023, 1, 1))
    with django_assert_max_num_queries(3):
        assert client.get(f"/api/meetings/{meeting.pk}/").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/lejre/udvalg/job-arbejdsmarked-og-integration/",
        "/lejre/personer/lotte-greve/",
        "/lejre/sager/25-003798/",
    ],
)
def test_pictures_keep_svg_numbers_unlocalised_in_danish(client, archive, url):
    """Danish formats 12.5 as "12,5": inside SVG geometry that is an error in the browser."""
    import re

    html = client.get(url).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert not re.search(r' (?:x|y|width|height|cx|cy)="[^"]*[0-9],[0-9]', svg)


def test_long_lists_on_a_committee_page_link_to_the_filtered_full_list(client, archive):
    _grow(archive, 30)
    html = client.get("/lejre/udvalg/job-arbejdsmarked-og-integration/").content.decode()
    assert "Alle 33 møder" in html
    assert 'href="/lejre/moeder/?committee=job-arbejdsmarked-og-integration"' in html
    full = client.get("/moeder/?committee=job-arbejdsmarked-og-integration").content.decode()
    assert "33 møder" in full
    # Filtered, the count is of the chosen meetings.
    year = client.get("/lejre/udvalg/job-arbejdsmarked-og-integration/?year=2023").content.decode()
    assert "Alle 30 møder" in year  # the 30 grown ones, not the archive's three later ones
    none = client.get("/lejre/udvalg/job-arbejdsmarked-og-integration/?year=1999").content.decode()
    assert "Ingen møder passer til filtrene." in none and "møder</a>" not in none


def test_server_error_page_renders_without_a_request_context(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Der skete en fejl" in response.content.decode()


def test_heatmap_shades_keep_text_contrast_of_at_least_4_5():
    from meetings.pages.charts import _SHADES

    def luminance(colour):
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for fill, ink in _SHADES:
        light, dark = sorted([luminance(fill), luminance(ink)], reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, (fill, ink)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "committee=job-arbejdsmarked-og-integration",
        "year=2026&outcome=godkendt",
        "person=thomas-bisgaard",
        "year=nonsense",
    ],
)
def test_case_list_counts_what_it_lists(client, archive, query):
    """The number above the list is the number of cases in it, on every page of it."""
    for n in range(60):  # more than a page of cases (50), several items for some
        meeting = make_meeting(
            committee=archive["jai"],
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=n),
            present=("Thomas Bisgaard",) if n % 3 else (),
        )
        make_item(meeting=meeting, number=1, case=f"26-4000{n:02d}", decision="Godkendt")
        make_item(meeting=meeting, number=2, case=f"26-4000{n // 2:02d}", decision="Udsat")
    first = client.get(f"/sager/?{query}")
    paginator = first.context["paginator"]
    listed = []
    for number in paginator.page_range:
        page = client.get(f"/sager/?{query}&page={number}").context["page_obj"]
        listed += [case.number for case in page.object_list]
    assert paginator.count == len(listed) == len(set(listed))
    assert paginator.num_pages > 1 or query == "year=nonsense"  # an invalid filter lists none
