"""Public pages. Views stay thin: queries live on the models' QuerySets and in queries.py,
pictures in charts.

Every list takes an optional `municipality` (the slug leading its address): with it, the list
is that municipality's; without, it covers the whole archive.
"""

from __future__ import annotations

from collections import defaultdict

from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, Window
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import i18n
from django.views.decorators.http import require_safe
from django_filters.views import FilterView

from meetings.models import (
    AgendaItem,
    Case,
    Committee,
    Meeting,
    Municipality,
    Person,
    PersonAlias,
    SourceDocument,
    case_timeline,
    municipalities,
)
from meetings.templatetags.archive import committee_href, person_href, shortdate

from . import charts, records, seo, status
from .filters import MONTHS, CaseFilter, CommitteeMeetingFilter, MeetingFilter
from .queries import (
    case_items,
    committee_members,
    committee_mentions,
    committee_page_queryset,
    items_with_parts,
    latest_cases,
    meeting_counts,
    meeting_page_parts,
    meeting_record,
    meeting_with_record,
    memberships,
    person_meetings,
)

# Long lists on an entity's page show the latest few and link to the filtered full list.
LATEST = 25


@require_safe
def favicon(request):
    """The site's icon, for browsers that ask for /favicon.ico (on the open data's JSON)."""
    return redirect(static("img/favicon.svg"), permanent=True)


def _town(municipality: str | None) -> Municipality | None:
    """The municipality a page's address names (404 for a slug no municipality has)."""
    if municipality is None:
        return None
    town = municipalities.by_slug(municipality)
    if town is None:
        raise Http404("No such municipality")
    return town


def _in(queryset, town: Municipality | None, field: str = "municipality"):
    return queryset if town is None else queryset.filter(**{field: town})


def set_language(request):
    """Django's language switch, which finds the other language's address of `next` also when
    `next` is an English (/en/) address: it reads an address in the language the address is in,
    where Django's reads it in the switch's own (Danish) and keeps /en/ in it."""
    target = request.POST.get("next", request.GET.get("next", ""))
    with translation.override(translation.get_language_from_path(target) or "da"):
        return i18n.set_language(request)


@require_safe
def robots_txt(request):
    """Everything public may be indexed; the admin and the raw files not; the sitemap's place."""
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /i18n/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def status_page(request, municipality=None):
    """Where the archive knows it is incomplete, per municipality and committee."""
    town = _town(municipality)
    towns = [town] if town else status.reported_towns()
    return render(
        request,
        "meetings/status.html",
        {"town": town, "statuses": [status.town_status(t) for t in towns]},
    )


@require_safe
def home(request):
    """The front page: the whole archive, or the one municipality's when it holds only one."""
    towns = municipalities.with_meetings()
    if len(towns) == 1:
        return _home(request, towns[0])
    return _home(request, None)


@require_safe
def municipality_home(request, municipality):
    return _home(request, _town(municipality))


def _home(request, town: Municipality | None):
    meetings = _in(Meeting.objects.public(), town)
    figures = meetings.aggregate(meetings=Count("id"), first=Min("date"), last=Max("date"))
    figures["items"] = _in(AgendaItem.objects, town, "meeting__municipality").count()
    figures["cases"] = _in(Case.objects, town).count()
    today = timezone.localdate()
    held = meetings.filter(date__lte=today).exclude(kind=Meeting.Kind.AGENDA)
    upcoming = meetings.filter(date__gte=today, kind=Meeting.Kind.AGENDA)
    context = {
        "town": town,
        "meetings": held.select_related("committee").newest_first()[:10],
        "upcoming": upcoming.select_related("committee").order_by("date", "start_time")[:10],
        "figures": figures,
    }
    if town is not None:
        context["committees"] = Committee.objects.with_meetings().filter(municipality=town)
    else:
        context["municipalities"] = Municipality.objects.annotate(
            meeting_count=Count("meetings"), last_date=Max("meetings__date")
        ).filter(meeting_count__gt=0)
    return render(request, "meetings/home.html", context)


class MeetingListView(FilterView):
    """Every meeting, newest first, filterable, with year and month navigation."""

    filterset_class = MeetingFilter
    paginate_by = 50
    template_name = "meetings/meeting_list.html"
    queryset = (
        Meeting.objects.public().select_related("committee").with_items_count().newest_first()
    )

    def get_queryset(self):
        self.town = _town(self.kwargs.get("municipality"))
        return _in(super().get_queryset(), self.town)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)  # get_queryset finds the town
        # One GROUP BY gives the year and month navigation and the filter's periods.
        self.counts = meeting_counts(self.town)
        periods = sorted({period for _year, _month, period, _count in self.counts if period})
        return {**kwargs, "periods": periods[::-1], "town": self.town}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filterset.form
        year = form.cleaned_data.get("year") if form.is_valid() else None
        years: dict[int, int] = defaultdict(int)
        months: dict[int, int] = defaultdict(int)
        for meeting_year, month, _period, count in self.counts:
            years[meeting_year] += count
            if meeting_year == year:
                months[month] += count
        ordered = sorted(years.items(), reverse=True)
        links = _query_links(
            self.request.GET, "year", [y for y, _count in ordered], drop=("month", "page")
        )
        context["years"] = [
            (y, count, link) for (y, count), link in zip(ordered, links, strict=True)
        ]
        context["selected_year"] = year
        if year:
            chosen = self.request.GET.get("month")
            links = _query_links(
                self.request.GET, "month", [n for n, _label in MONTHS], drop=("page",)
            )
            context["months"] = [
                (number, name, months.get(number, 0), link, chosen == str(number))
                for (number, name), link in zip(MONTHS, links, strict=True)
            ]
        return context


def _query_links(query, key: str, values, *, drop=()) -> list[str]:
    """What {% querystring key=value dropped=None %} writes for each value, copying query once.

    The year and month navigation has some twenty such links; the tag copies the request's
    query for every one of them.
    """
    params = query.copy()
    for name in drop:
        params.pop(name, None)
    links = []
    for value in values:
        params[key] = value
        links.append(f"?{params.urlencode()}")
    return links


meeting_list = MeetingListView.as_view()


def _meeting_or_404(municipality: str, committee: str, date) -> Meeting:
    town = _town(municipality)
    meetings = meeting_with_record(Meeting.objects.select_related("committee"))
    meeting = meetings.at(town, committee, date)
    if meeting is None:
        raise Http404("No such meeting")
    return meeting


def _withdrawn(request, meeting, withdrawal=None):
    """The page of something staff took down: when and why, and nothing of its text (410)."""
    context = {
        "meeting": meeting,
        "at": withdrawal.made_at if withdrawal else meeting.withdrawn_at,
        "reason": withdrawal.reason if withdrawal else meeting.withdrawn_reason,
        "number": withdrawal.item_number if withdrawal else None,
    }
    return render(request, "meetings/withdrawn.html", context, status=410)


@require_safe
def meeting_detail(request, municipality, committee, date):
    meeting = _meeting_or_404(municipality, committee, date)
    if meeting.withdrawn_at:
        return _withdrawn(request, meeting)
    items, attendance = meeting_page_parts(meeting)
    previous, following = Meeting.objects.neighbours(meeting)
    record = meeting_record(meeting)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "items": items,
            "present": [row for row in attendance if row["status"] == "present"],
            "absent": [row for row in attendance if row["status"] == "absent"],
            "previous": previous,
            "following": following,
            "record": record,
            "page_title": f"{meeting.committee_name}, {shortdate(meeting.date)}",
            "description": seo.meeting_description(meeting, items),
            "event": seo.meeting_event(request, meeting, items),
            "withdrawn_items": sorted(
                record["withdrawn_items"].values(), key=lambda w: w.item_number
            ),
        },
    )


# What an original file is served as: the bytes as they came in, never as a page of ours.
_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "json": "application/json",
    "html": "text/plain; charset=utf-8",  # an untrusted page: shown as its source
}


@require_safe
def meeting_source(request, municipality, committee, date):
    """The original referat file, byte for byte, as a download."""
    meeting = _meeting_or_404(municipality, committee, date)
    if meeting.source_document_id is None or meeting.withdrawn_at or meeting.redacted_at:
        # A withdrawn or redacted referat's file holds what was taken down: staff only.
        raise Http404("No source document")
    return _file_response(SourceDocument.objects.get(pk=meeting.source_document_id))


def _file_response(document: SourceDocument) -> HttpResponse:
    content_type = _CONTENT_TYPES.get(document.format, "text/plain; charset=utf-8")
    response = HttpResponse(bytes(document.content), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, document.filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def item_detail(request, municipality, committee, date, number):
    meeting = _meeting_or_404(municipality, committee, date)
    if meeting.withdrawn_at:
        return _withdrawn(request, meeting)
    withdrawal = (
        meeting.has_withdrawals
        and meeting.withdrawals.filter(item_number=number, lifted_at=None).first()
    )
    if withdrawal:
        return _withdrawn(request, meeting, withdrawal)
    item = get_object_or_404(items_with_parts(), meeting=meeting, number=number)
    item.meeting = meeting
    description = seo.describe(
        _("%(committee)s, %(date)s, punkt %(number)s: %(title)s. %(decision)s")
        % {
            "committee": meeting.committee_name,
            "date": shortdate(meeting.date),
            "number": item.number,
            "title": item.title,
            "decision": item.decision,
        }
    )
    return render(
        request,
        "meetings/item_detail.html",
        {"item": item, "meeting": meeting, "description": description},
    )


@require_safe
def committee_list(request, municipality=None):
    town = _town(municipality)
    committees = _in(Committee.objects.with_meetings(), town).order_by("name", "municipality__name")
    several = town is None and len(municipalities.with_meetings()) > 1

    def label(row) -> str:
        if not several:
            return row["committee__name"]
        town_name = municipalities.by_id(row["committee__municipality_id"]).short_name
        return f"{row['committee__name']} ({town_name})"

    heatmap = charts.meetings_heatmap(
        _in(Meeting.objects.public(), town).per_year_and_committee(),
        url_for=lambda row: committee_href(
            row["committee__municipality_id"], row["committee__slug"]
        ),
        label_for=label,
    )
    return render(
        request,
        "meetings/committee_list.html",
        {"town": town, "committees": committees, "heatmap": heatmap, "several": several},
    )


@require_safe
def committee_detail(request, municipality, slug):
    town = _town(municipality)
    committee = get_object_or_404(committee_page_queryset(), municipality=town, slug=slug)
    if not committee.meeting_count:
        return _committee_without_meetings(request, town, committee)
    filterset = CommitteeMeetingFilter(
        request.GET,
        queryset=Meeting.objects.for_committee(committee),
        periods=committee.all_periods,
        town=town,
    )
    chosen = filterset.qs.order_by().values("pk")
    # All are this committee's: newest first needs no join, each gets the committee we have.
    latest = filterset.qs.with_items_count().order_by("-date", "-start_time")
    narrowed = filterset.form.cleaned_data
    filtered = any(narrowed.values())
    if filtered:
        # The number of chosen meetings comes with the latest of them (a window, before the
        # LIMIT); unfiltered it is the committee's, known already (the window cost 2 ms).
        latest = latest.annotate(total=Window(Count("*")))
    meetings = list(latest[:LATEST])
    for meeting in meetings:
        meeting.committee = committee
    if filtered:
        meeting_count = meetings[0].total if meetings else 0
    else:
        meeting_count = committee.meeting_count
    # As the filter narrows the meetings; a value it found invalid it leaves out, so here too.
    members = committee_members(committee, period=narrowed.get("period"), year=narrowed.get("year"))
    attendance = charts.attendance_chart(
        (
            m["person__name"],
            person_href(town, m["person__slug"]),
            m["present"],
            m["absent"],
        )
        for m in members
    )
    chosen_items = AgendaItem.objects.filter(meeting__in=chosen)
    cases, more_cases = latest_cases(chosen_items, LATEST)
    split = (
        chosen_items.filter(split=True)
        .select_related("meeting__committee", "case")
        .order_by("-meeting__date", "number")
    )
    money = charts.money_chart(records.money_by_year_and_kind(chosen_items))
    today = timezone.localdate()
    upcoming = Meeting.objects.for_committee(committee).filter(
        date__gte=today, kind=Meeting.Kind.AGENDA
    )
    return render(
        request,
        "meetings/committee_detail.html",
        {
            "town": town,
            "upcoming": list(upcoming.order_by("date", "start_time")[:5]),
            "split": list(split[:LATEST]),
            "money": money,
            "committee": committee,
            "description": seo.describe(
                ngettext(
                    "%(committee)s, %(town)s: %(count)s møde i arkivet, medlemmer, fremmøde, "
                    "sager og beslutninger.",
                    "%(committee)s, %(town)s: %(count)s møder i arkivet, medlemmer, fremmøde, "
                    "sager og beslutninger.",
                    committee.meeting_count,
                )
                % {"committee": committee.name, "town": town.name, "count": committee.meeting_count}
            ),
            "filter": filterset,
            "meetings": meetings,
            "meeting_count": meeting_count,
            "more_cases": more_cases,
            "periods": committee.periods,
            "completeness": status.committee_status(committee),
            "attendance": attendance,
            "cases": cases,
        },
    )


def _committee_without_meetings(request, town, committee):
    """A committee the archive knows only from other committees' case histories: what they say
    of it, and what the archive lacks of it. Its page answers, as the cases link to it."""
    mentions, more = committee_mentions(committee, LATEST)
    return render(
        request,
        "meetings/committee_unmet.html",
        {
            "town": town,
            "committee": committee,
            "mentions": mentions,
            "more_mentions": more,
            "completeness": status.committee_status(committee),
            "description": seo.describe(
                _("%(committee)s, %(town)s: ingen møder i arkivet, kendt fra sagernes forløb.")
                % {"committee": committee.name, "town": town.name}
            ),
        },
    )


@require_safe
def person_list(request, municipality=None):
    town = _town(municipality)
    people = _in(Person.objects, town).with_attendance_counts().order_by("name")
    several = town is None and len(municipalities.with_meetings()) > 1
    if several:
        people = people.order_by("name", "municipality__name")
    return render(
        request, "meetings/person_list.html", {"town": town, "people": people, "several": several}
    )


@require_safe
def person_detail(request, municipality, slug):
    town = _town(municipality)
    person = Person.objects.with_attendance_counts().filter(municipality=town, slug=slug).first()
    if person is None:  # the address of a spelling merged into another person
        alias = get_object_or_404(
            PersonAlias.objects.select_related("person"), municipality=town, slug=slug
        )
        return redirect(alias.person, permanent=True)
    attendance = person_meetings(person)
    chart = charts.attendance_chart(
        # The period beside the name: a committee's two periods are two rows, told apart.
        (name, committee_href(town, at), counts["present"], counts["absent"], period)
        for name, at, period, counts in memberships(attendance)
    )
    votes = records.voting_record(person)
    total = person.present_count + person.absent_count
    present_items = AgendaItem.objects.filter(
        meeting__attendance__person=person, meeting__attendance__status="present"
    )
    cases, more_cases = latest_cases(present_items, LATEST)
    return render(
        request,
        "meetings/person_detail.html",
        {
            "town": town,
            "person": person,
            "description": seo.describe(
                _("%(name)s, %(town)s: møder, fremmøde, stemmer og sager.")
                % {"name": person.name, "town": town.name}
            ),
            "votes": votes,
            "lost": sum(row.lost for row in votes),
            "counted": sum(row.result != records.UNKNOWN for row in votes),
            "parties": records.party_periods(person),
            "item_absences": list(records.item_absences(person)[:LATEST]),
            "attendance": attendance,
            "chart": chart,
            "rate": round(100 * person.present_count / total) if total else None,
            "cases": cases,
            "more_cases": more_cases,
        },
    )


class CaseListView(FilterView):
    """Every case, the most recently treated first, by committee, year, outcome and participant."""

    filterset_class = CaseFilter
    paginate_by = 50
    template_name = "meetings/case_list.html"
    # Each case with its stored summary (of every item of the case, not only the filtered
    # ones), in the order an index serves.
    queryset = Case.objects.latest_treated_first()

    def get_queryset(self):
        self.town = _town(self.kwargs.get("municipality"))
        return _in(super().get_queryset(), self.town)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)  # get_queryset finds the town
        return {**kwargs, "town": self.town}

    def get_paginator(self, queryset, per_page, **kwargs):
        return CountedPaginator(queryset, per_page, count=self.filterset.count, **kwargs)


class CountedPaginator(Paginator):
    """A Paginator that takes its number of objects from `count()` where that gives one."""

    def __init__(self, object_list, per_page, *, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._count = count

    @cached_property
    def count(self) -> int:
        counted = self._count()
        return super().count if counted is None else counted


case_list = CaseListView.as_view()


@require_safe
def case_detail(request, municipality, number):
    town = _town(municipality)
    case = Case.objects.filter(municipality=town, number=number).first()
    if case is None:
        # Another printed form of a stored number (25-3798, 25/3798, 21-3658a): its one address.
        from meetings.search.casenumbers import cases_numbered

        found = cases_numbered(number, municipality=town, limit=1)
        if not found:
            raise Http404("No such case")
        return redirect(found[0].get_absolute_url(), permanent=True)
    items = case_items(case)
    timeline = case_timeline(case, items)
    latest_decision = next((item for item in items if item.decision), None)
    return render(
        request,
        "meetings/case_detail.html",
        {
            "town": town,
            "case": case,
            "items": items,
            "timeline": timeline,
            "path": charts.case_path_chart(timeline),
            "latest": latest_decision,
            "description": seo.describe(
                f"Sag {case.number}: {items[0].title if items else ''}. "
                f"{latest_decision.decision if latest_decision else ''}"
            ),
            "committees": sorted({step.committee_name for step in timeline}),
        },
    )


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


@require_safe
def meeting_versions_page(request, municipality, committee, date):
    """Every published version of a meeting, and what changed from each to the next."""
    from .versions import difference, meeting_versions

    meeting = _meeting_or_404(municipality, committee, date)
    if meeting.withdrawn_at:
        return _withdrawn(request, meeting)
    versions = meeting_versions(meeting)
    steps = []
    for before, after in zip(versions, versions[1:], strict=False):
        diff = None
        if before.referat is not None and after.referat is not None:
            diff = difference(before.referat, after.referat)
        steps.append((before, after, diff))
    return render(
        request,
        "meetings/versions.html",
        {"meeting": meeting, "versions": versions, "steps": steps[::-1]},
    )


@require_safe
def meeting_version(request, municipality, committee, date, version):
    """One published version of a meeting, its text as it was (with today's redactions)."""
    from .versions import meeting_versions

    meeting = _meeting_or_404(municipality, committee, date)
    if meeting.withdrawn_at:
        return _withdrawn(request, meeting)
    versions = meeting_versions(meeting)
    if not 1 <= version <= len(versions) or versions[version - 1].referat is None:
        raise Http404("No such version")
    return render(
        request,
        "meetings/version.html",
        {"meeting": meeting, "version": versions[version - 1], "count": len(versions)},
    )


@require_safe
def meeting_version_source(request, municipality, committee, date, version):
    """The original file of one version, byte for byte (not of a withdrawn or redacted one)."""
    from .versions import meeting_versions

    meeting = _meeting_or_404(municipality, committee, date)
    if meeting.withdrawn_at or meeting.redacted_at:
        raise Http404("No source document")
    versions = meeting_versions(meeting)
    if not 1 <= version <= len(versions):
        raise Http404("No such version")
    return _file_response(versions[version - 1].document)
