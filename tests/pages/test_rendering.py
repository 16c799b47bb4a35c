"""The fast renderers of the public pages write what Django's own would, escaped the same way."""

import datetime
import re

import pytest
from django import forms
from django.template.defaultfilters import linebreaks_filter
from django.utils import translation

from meetings.pages.filters import MeetingFilter, NumberInput, Select
from meetings.templatetags.archive import longdate, paragraphs, shortdate

pytestmark = pytest.mark.django_db


def _squash(html: str) -> str:
    return re.sub(r">\s+<", "><", html)


@pytest.mark.parametrize("value", ["", "2", "13", None])
def test_select_writes_what_django_templates_write(value):
    choices = [("", "Alle måneder"), (1, "januar"), (2, "<b>februar</b> & co"), (3, '"marts"')]
    fast = Select(choices=choices)
    attrs = {"id": "id_month", "required": False, "data-x": 'a"b'}
    expected = forms.Select.render(fast, "month", value, attrs)  # through Django's templates
    assert _squash(fast.render("month", value, attrs)) == _squash(expected)


def test_select_marks_the_selected_option_and_escapes_labels():
    html = Select(choices=[("", "Alle"), ("a&b", "<script>x</script>")]).render(
        "committee", "a&b", {"id": "id_committee"}
    )
    assert '<select name="committee" id="id_committee">' in html
    assert '<option value="a&amp;b" selected>&lt;script&gt;x&lt;/script&gt;</option>' in html
    assert '<option value="">Alle</option>' in html
    assert "<script>" not in html


def test_select_with_option_groups_writes_what_django_writes():
    choices = [("Nye", [("1", "Et"), ("2", "To")]), ("3", "Tre")]
    fast = Select(choices=choices)
    expected = forms.Select.render(fast, "n", "2", {"id": "id_n"})
    assert _squash(fast.render("n", "2", {"id": "id_n"})) == _squash(expected)


@pytest.mark.parametrize("value", [None, "", "2024", '"><script>'])
def test_number_input_writes_what_django_templates_write(value):
    fast = NumberInput(attrs={"min": 1900, "max": 2200, "step": "any"})
    expected = forms.NumberInput.render(fast, "year", value, {"id": "id_year"})
    assert fast.render("year", value, {"id": "id_year"}) == expected


def test_filter_form_keeps_labels_selected_values_and_committee_names(archive):
    form = MeetingFilter({"committee": "kultur-og-fritid", "month": "3", "year": "2026"}).form
    html = "".join(str(field) for field in form)
    assert '<select name="committee" id="id_committee">' in html
    # A committee's name is Danish on any page (lang="da"); "Alle udvalg" is the page's words.
    kf = (
        '<option value="kultur-og-fritid" selected lang="da">Udvalget for Kultur &amp; Fritid'
        "</option>"
    )
    assert kf in html
    assert '<option value="3" selected>marts</option>' in html
    assert '<option value="">Alle udvalg</option>' in html
    assert 'name="year" value="2026"' in html and 'min="1900"' in html
    labels = [field.label for field in form]
    assert labels == ["Udvalg", "Valgperiode", "År", "Måned"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Godkendt.",
        "Linje 1\nLinje 2\n\n\nAfsnit 2\r\nmed <b>fed</b> & \"citat\" 'x'",
        "\n\nStart med tomme linjer\r\rog CR",
        "<script>alert(1)</script>",
    ],
)
def test_paragraphs_is_linebreaks_and_escapes(text):
    assert paragraphs(text) == linebreaks_filter(text, autoescape=True)
    assert "<script>" not in paragraphs(text)


def test_dates_follow_the_active_language_though_cached():
    day = datetime.date(2026, 3, 3)
    with translation.override("da"):
        assert longdate(day) == "tirsdag 3. marts 2026"
        assert shortdate(day) == "3. marts 2026"
    with translation.override("en"):
        assert longdate(day) == "Tuesday 3 March 2026"
        assert shortdate(day) == "3 March 2026"
    with translation.override("da"):
        assert longdate(day) == "tirsdag 3. marts 2026"
    assert longdate(None) == "" and shortdate("") == ""


def test_meeting_row_is_escaped_and_counts_items_in_the_reader_language(archive):
    from meetings.models import Meeting
    from meetings.templatetags.archive import meeting_row

    meeting = Meeting.objects.with_items_count().get(date=datetime.date(2026, 3, 3))
    meeting.committee_name = "<script>x</script> & co"
    html = meeting_row(meeting)
    assert html == (
        '<li><a href="/lejre/moeder/job-arbejdsmarked-og-integration/2026-03-03/">'
        '<time datetime="2026-03-03">tirsdag 3. marts 2026</time></a>'
        ' · <span lang="da">&lt;script&gt;x&lt;/script&gt; &amp; co</span>'
        ' <span class="muted">(2026-2029)</span> · 2 punkter</li>'
    )
    with translation.override("en"):
        english = meeting_row(meeting)
    assert "Tuesday 3 March 2026" in english and "· 2 items</li>" in english
    meeting.item_count = 1
    assert "· 1 punkt</li>" in meeting_row(meeting)
    plain = Meeting.objects.get(pk=meeting.pk)  # no count: the home page's rows say none
    assert "punkt" not in meeting_row(plain)


def test_case_row_is_escaped_with_its_summary(archive):
    from meetings.models import Case
    from meetings.templatetags.archive import case_row

    case = Case.objects.get(number="25-003798")
    case.latest_title = "<b>Ungeløft</b>"
    html = case_row(case)
    assert html.startswith(
        '<li><a href="/lejre/sager/25-003798/">25-003798</a> · <span lang="da">&lt;b&gt;Ungeløft'
    )
    assert "· 3 behandlinger · senest 3. marts 2026 · Indstillingen tiltrådt</span></li>" in html
    with translation.override("en"):
        assert "3 treatments · latest 3 March 2026" in case_row(case)


@pytest.mark.parametrize("value", [0, 0.05, 12.25, 33.333333, 66.66666, 299.95, 300.0, 1e-9])
def test_svg_numbers_are_floatformat_with_a_point_in_every_language(value):
    from django.template.defaultfilters import floatformat

    from meetings.pages.charts import _svg_number

    for language in ("da", "en"):
        with translation.override(language):
            assert _svg_number(value) == floatformat(value, "1u")


def test_attendance_bars_join_where_present_ends():
    from meetings.pages.charts import attendance_chart

    rows = [("A", "/a/", 2, 1), ("B", "/b/", 1, 2, "2022-2025"), ("C", "/c/", 0, 0)]
    chart = attendance_chart(rows)
    first = chart.bars[0]  # percent of the longest row (3 meetings)
    assert (first.svg_present_width, first.svg_absent_x, first.svg_absent_width) == (
        "66.7",
        "66.7",
        "33.3",
    )
    second = chart.bars[1]
    assert second.svg_absent_x == "33.3" and second.svg_absent_width == "66.7"
    assert (first.detail, second.detail) == ("", "2022-2025")


@pytest.mark.parametrize(
    "number", ["25-003798", "<b>26-1</b>", "a/b", "æøå 5% #1?x=2", "//x", "sag~:@!$&'()*+,;="]
)
@pytest.mark.parametrize("prefix", ["/", "/arkiv/"])
@pytest.mark.django_db
def test_case_and_person_urls_are_what_reverse_writes(number, prefix):
    from django.urls import get_script_prefix, set_script_prefix

    from meetings.models import Case, Person
    from meetings.templatetags.archive import case_url, person_url
    from tests.factories import make_municipality

    town = make_municipality(name="Lyngby-Taarbæk Kommune")
    before = get_script_prefix()
    set_script_prefix(prefix)
    try:
        case = Case(number=number, municipality=town)
        assert case_url(case) == case.get_absolute_url()
        person = Person(slug="lotte-greve", municipality=town)
        assert person_url(person) == person.get_absolute_url()
    finally:
        set_script_prefix(before)


def test_agenda_item_from_either_fetch_shows_sections_history_and_absent_escaped(archive):
    from meetings.models import AgendaItem, CaseHistoryEntry
    from meetings.pages.queries import items_with_parts
    from meetings.templatetags.archive import agenda_item

    item = AgendaItem.objects.get(meeting__date=datetime.date(2026, 3, 3), number=2)
    CaseHistoryEntry.objects.filter(item=item, position=0).update(
        absent=["<i>Ole</i>", "Lotte Greve"], period="2022-2025", text="A\n\n<b>B</b>"
    )
    plain = AgendaItem.objects.prefetch_related("sections", "attachments", "case_history").get(
        pk=item.pk
    )
    fetched = items_with_parts().get(pk=item.pk)
    html = agenda_item(fetched, heading="h3", subheading="h4", anchor=7)
    assert html == agenda_item(plain, heading="h3", subheading="h4", anchor=7)
    assert '<article class="item" id="sag-7-punkt-2" aria-labelledby="sag-7-punkt-2-title">' in html
    assert '<h3 id="sag-7-punkt-2-title" class="item-title">' in html and "</h3>" in html
    assert "<h4>Sagens forløb</h4>" in html and "<h4>Bilag</h4>" in html
    assert '<p class="muted">Afbud: &lt;i&gt;Ole&lt;/i&gt;, Lotte Greve</p>' in html
    assert "<p>A</p>\n\n<p>&lt;b&gt;B&lt;/b&gt;</p>" in html and " (2022-2025)" in html
    assert "<summary>Vis hele teksten (200 ord)</summary>" in html
    assert html.count("<section") == 4  # Resumé, Sagsfremstilling, Sagens forløb, Bilag
    with translation.override("en"):
        english = agenda_item(fetched)
    assert "Show the full text (200 words)" in english and "Item 2" in english
    assert '<article class="item" id="punkt-2"' in english and "<h2 " in english


def test_select_marks_only_the_first_of_equal_values_like_django():
    fast = Select(choices=[("", "Alle"), (None, "Ingen"), ("1", "Et"), (1, "Et igen")])
    for value in ("1", "", None):
        expected = forms.Select.render(fast, "n", value, {"id": "id_n", "required": True})
        assert _squash(fast.render("n", value, {"id": "id_n", "required": True})) == _squash(
            expected
        )


@pytest.mark.parametrize("day_number", [1, 2, 12])
@pytest.mark.parametrize("prefix", ["/", "/arkiv/"])
@pytest.mark.django_db
def test_meeting_urls_are_what_reverse_writes(day_number, prefix):
    from django.urls import get_script_prefix, set_script_prefix

    from meetings.models import AgendaItem, Committee, Meeting
    from meetings.templatetags.archive import item_url, meeting_url
    from tests.factories import make_municipality

    town = make_municipality(name="greve")
    meeting = Meeting(
        municipality=town,
        committee=Committee(slug="job-arbejdsmarked-og-integration", municipality=town),
        date=datetime.date(2026, 3, 3),
        day_number=day_number,
    )
    before = get_script_prefix()
    set_script_prefix(prefix)
    try:
        assert meeting_url(meeting) == meeting.get_absolute_url()
        for number in (1, 9, 10, 123):
            item = AgendaItem(meeting=meeting, number=number)
            assert item_url(item) == item.get_absolute_url()
    finally:
        set_script_prefix(before)


def test_attendance_rows_are_escaped_and_link_each_meeting(archive):
    from meetings.models import Person
    from meetings.pages.queries import person_meetings
    from meetings.templatetags.archive import attendance_rows

    person = Person.objects.get(slug="lotte-greve")
    rows = person_meetings(person)
    rows[0]["meeting__committee_name"] = "<script>x</script> & co"
    html = attendance_rows(rows)
    assert html.count("<tr ") == len(rows) == person.attendance.count()
    assert "&lt;script&gt;x&lt;/script&gt; &amp; co" in html and "<script>" not in html
    for attendance in person.attendance.select_related("meeting__committee"):
        meeting = attendance.meeting
        assert f'<a href="{meeting.get_absolute_url()}"><time datetime="{meeting.date}">' in html
    assert '<tr class="absent">' in html and "<td>Fraværende</td>" in html
    with translation.override("en"):
        assert "<td>Absent</td>" in attendance_rows(rows)


def test_heatmap_rows_are_whole_escaped_names_and_shaded_counts():
    from meetings.pages.charts import meetings_heatmap
    from meetings.templatetags.archive import heatmap_rows

    long_name = "Udvalget for <Job> & Arbejdsmarked" + " meget langt navn" * 3
    rows = [
        {
            "committee_id": len(slug),
            "committee__name": name,
            "committee__slug": slug,
            "date__year": year,
            "count": count,
        }
        for name, slug, year, count in [
            (long_name, "jai", 2019, 11),
            (long_name, "jai", 2026, 1250),
            ("Kultur & Fritid", "kf", 2022, 4),
        ]
    ]
    chart = meetings_heatmap(rows, url_for=lambda row: f"/{row['committee__slug']}/")
    html = heatmap_rows(chart)
    assert chart.years == list(range(2019, 2027))
    # The whole name, escaped (a table cell wraps it; nothing is cut with "…").
    assert '<a href="/jai/" lang="da">Udvalget for &lt;Job&gt; &amp; Arbejdsmarked' in html
    assert "meget langt navn meget langt navn meget langt navn</a>" in html
    assert '<td class="shade-4">1250</td>' in html and '<td class="shade-1">11</td>' in html
    assert html.count("<td") == 2 * 8 and '<td class="shade-0">0</td>' in html
    assert chart.legend[0] == (0, "0") and chart.legend[-1][0] == 4
