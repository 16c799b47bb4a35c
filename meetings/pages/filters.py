"""Query parameters of the list pages, parsed and validated by django-filter FilterSets."""

from __future__ import annotations

import html

import django_filters
from django import forms
from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from meetings.models import (
    AgendaItem,
    Case,
    Committee,
    Meeting,
    Municipality,
    Person,
    municipalities,
)
from meetings.vocabulary import Outcome

# The outcome labels live in vocabulary/referat.py as plain Danish; marked here so that
# makemessages picks them up for the English translation.
_OUTCOME_LABELS_FOR_TRANSLATION = [
    gettext_noop("Godkendt"),
    gettext_noop("Taget til efterretning"),
    gettext_noop("Orientering givet"),
    gettext_noop("Indstillingen tiltrådt"),
    gettext_noop("Anbefalet"),
    gettext_noop("Drøftet"),
    gettext_noop("Ikke godkendt"),
    gettext_noop("Udsat"),
    gettext_noop("Intet under punktet"),
    gettext_noop("Beslutning ikke frigivet"),
    gettext_noop("Anden beslutning"),
    gettext_noop("Ingen beslutning"),
]

MONTHS = [
    (1, _("januar")),
    (2, _("februar")),
    (3, _("marts")),
    (4, _("april")),
    (5, _("maj")),
    (6, _("juni")),
    (7, _("juli")),
    (8, _("august")),
    (9, _("september")),
    (10, _("oktober")),
    (11, _("november")),
    (12, _("december")),
]


def _html_attrs(attrs: dict) -> str:
    """Attributes as Django's django/forms/widgets/attrs.html writes them (True: bare name)."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


class Select(forms.Select):
    """A <select> written in Python, the same markup as Django's widget templates.

    Django renders every <option> through two templates (select_option.html, attrs.html): on a
    page with a filter form that was a fifth of the server's time. Values and labels are escaped
    as format_html escapes them; the selected option keeps its `selected`.
    """

    # The language of the options' labels where it is not the page's (lang="da"), for each
    # option but the empty one ("Alle udvalg"), which is the page's own words.
    option_lang = ""

    def render(self, name, value, attrs=None, renderer=None):
        # ChoiceWidget.optgroups without its dict per option: the first option whose value is
        # among the selected values is marked (a single select), groups as Django writes them.
        selected_values = self.format_value(value)
        lang = f' lang="{self.option_lang}"' if self.option_lang else ""
        has_selected = False
        parts = []
        for option_value, option_label in self.choices:
            if option_value is None:
                option_value = ""
            if isinstance(option_label, (list, tuple)):
                group_name, options = option_value, option_label
            else:
                group_name, options = None, [(option_value, option_label)]
            if group_name:
                parts.append(f'\n  <optgroup label="{_escaped(group_name)}">')
            for subvalue, sublabel in options:
                selected = not has_selected and str(subvalue) in selected_values
                has_selected |= selected
                parts.append(
                    f'\n  <option value="{_escaped(subvalue)}"{" selected" if selected else ""}'
                    f"{lang if subvalue != '' else ''}>{_escaped(sublabel)}</option>"
                )
            if group_name:
                parts.append("\n  </optgroup>")
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            name,
            _html_attrs(self.build_attrs(self.attrs, attrs)),
            mark_safe("".join(parts)),  # every value and label escaped by _escaped
        )


class DanishNamesSelect(Select):
    """A <select> of names as the referater print them (committees), Danish on any page."""

    option_lang = "da"


def _escaped(value) -> str:
    """conditional_escape(value) without its lazy-text wrapper, for lists of many options."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


class NumberInput(forms.NumberInput):
    """An <input type="number"> written in Python, as Django's input.html writes it."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        value = widget["value"]
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            widget["type"],
            widget["name"],
            format_html(' value="{}"', value) if value is not None else "",
            _html_attrs(widget["attrs"]),
        )


def outcome_choices():
    return [(value, _(label)) for value, label in Outcome.CHOICES if value]


def period_choices():
    periods = (
        Meeting.objects.exclude(period="").order_by("-period").values_list("period", flat=True)
    )
    return [(period, period) for period in periods.distinct()]


def committee_choices(town: Municipality | None) -> list[tuple[str, str]]:
    """(slug, name) of the committees that have met, the municipality's or the archive's.

    Across municipalities one slug names every municipality's committee of that name:
    `?committee=oekonomiudvalget` on the archive-wide list is every Økonomiudvalg's meetings,
    which is how a journalist compares municipalities.
    """
    committees = Committee.objects.with_meetings()
    if town is not None:
        committees = committees.filter(municipality=town)
    choices: dict[str, str] = {}
    for slug, name in committees.order_by("name").values_list("slug", "name"):
        choices.setdefault(slug, name)
    return sorted(choices.items(), key=lambda choice: choice[1].casefold())


def _committee_filter(field_name: str):
    return django_filters.ChoiceFilter(
        label=_("Udvalg"),
        field_name=field_name,
        choices=[],  # set per request by _Scoped: the municipality's or the archive's
        empty_label=_("Alle udvalg"),
        widget=DanishNamesSelect,
    )


def _municipality_filter(field_name: str):
    return django_filters.ModelChoiceFilter(
        label=_("Kommune"),
        field_name=field_name,
        queryset=Municipality.objects.all(),
        to_field_name="slug",
        empty_label=_("Alle kommuner"),
        widget=Select,
    )


class _Scoped:
    """A FilterSet of one municipality's list (`town`) or of the whole archive's.

    A municipality's list offers its own committees and people and no choice of municipality;
    the archive's offers its committees and, when it holds several, the municipality. The view
    may give the election periods, saving period_choices' query.
    """

    def __init__(self, *args, periods=None, town: Municipality | None = None, **kwargs):
        """`periods`: the election periods of what is listed, newest first."""
        super().__init__(*args, **kwargs)
        self.town = town
        if periods is not None and "period" in self.filters:
            self.filters["period"].extra["choices"] = [(period, period) for period in periods]
        if "committee" in self.filters:
            self.filters["committee"].extra["choices"] = committee_choices(town)
        several = len(municipalities.with_meetings()) > 1
        if "municipality" in self.filters and (town is not None or not several):
            del self.filters["municipality"]


def _period_filter():
    return django_filters.ChoiceFilter(
        label=_("Valgperiode"),
        choices=period_choices,
        empty_label=_("Alle perioder"),
        widget=Select,
    )


def _year_filter(field_name: str, **extra):
    return django_filters.NumberFilter(
        label=_("År"),
        field_name=field_name,
        lookup_expr="year",
        min_value=1900,
        max_value=2200,
        widget=NumberInput,
        **extra,
    )


class MeetingFilter(_Scoped, django_filters.FilterSet):
    """Meetings by municipality, committee, election period, year and month."""

    municipality = _municipality_filter("municipality")
    committee = _committee_filter("committee__slug")
    period = _period_filter()
    year = _year_filter("date")
    month = django_filters.ChoiceFilter(
        label=_("Måned"),
        field_name="date",
        lookup_expr="month",
        choices=MONTHS,
        empty_label=_("Alle måneder"),
        widget=Select,
    )

    class Meta:
        model = Meeting
        fields = ["municipality", "committee", "period", "year", "month"]


class CommitteeMeetingFilter(_Scoped, django_filters.FilterSet):
    """A committee's meetings and cases by election period and year."""

    period = _period_filter()
    year = _year_filter("date")

    class Meta:
        model = Meeting
        fields = ["period", "year"]


class CaseFilter(_Scoped, django_filters.FilterSet):
    """Cases with an item of a committee, in a year, with an outcome, at a meeting a person was
    present at: one and the same item for all that are chosen.

    "Økonomiudvalget, 2025, Godkendt" is a case approved by Økonomiudvalget in 2025, not one
    treated there once and approved somewhere, some year. django-filter would filter each
    field through its own join of the items (and those joins, on a large archive, took 20 ms
    twice per page); the chosen fields narrow one set of items here instead.
    """

    municipality = _municipality_filter("meeting__municipality")
    committee = _committee_filter("meeting__committee__slug")
    year = _year_filter("meeting__date")
    outcome = django_filters.ChoiceFilter(
        label=_("Udfald"),
        field_name="outcome",
        choices=outcome_choices,
        empty_label=_("Alle udfald"),
        widget=Select,
    )

    person = django_filters.ModelChoiceFilter(
        label=_("Deltager"),
        queryset=Person.objects.all(),
        to_field_name="slug",
        empty_label=_("Alle deltagere"),
        method="present_at",
        widget=Select,
    )
    split = django_filters.BooleanFilter(
        label=_("Kun delte beslutninger"),
        method="split_only",
        widget=forms.CheckboxInput,
    )
    money = django_filters.BooleanFilter(
        label=_("Kun sager med beløb"),
        method="money_only",
        widget=forms.CheckboxInput,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sortering"),
        choices=[("amount", _("Største beløb først"))],
        empty_label=_("Senest behandlet først"),
        method="sorted_by",
        widget=Select,
    )

    class Meta:
        model = Case
        fields = ["municipality", "committee", "year", "outcome", "person", "split", "money"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A person is one municipality's: chosen on that municipality's list (or the
        # archive's, while it holds one municipality) only.
        towns = municipalities.with_meetings()
        scope = self.town or (towns[0] if len(towns) == 1 else None)
        if scope is None:
            del self.filters["person"]
        else:
            self.filters["person"].queryset = Person.objects.filter(municipality=scope)

    def split_only(self, items, name, value):
        return items.filter(split=True) if value else items

    def money_only(self, items, name, value):
        return items.filter(largest_amount__isnull=False) if value else items

    def sorted_by(self, items, name, value):
        return items  # the order of the cases, not a filter of their items (filter_queryset)

    def present_at(self, items, name, person):
        """Items of meetings the person was present at: the cases they were in on."""
        return items.filter(
            meeting__attendance__person=person, meeting__attendance__status="present"
        )

    def filter_queryset(self, queryset):
        # Each filter narrows the items (its field_name is an AgendaItem path); a value the
        # form found invalid is left out, as django-filter leaves it out.
        items = AgendaItem.objects.all()
        for name, value in self.form.cleaned_data.items():
            if value not in (None, "", False) and name != "sort":
                items = self.filters[name].filter(items, value)
        self.matching_items = None
        if items.query.where:
            self.matching_items = items.exclude(case=None)
            queryset = queryset.filter(pk__in=self.matching_items.values("case_id"))
        if self.form.cleaned_data.get("sort") == "amount":
            # The largest sum of the items chosen (all the case's items when none are).
            chosen = self.matching_items if self.matching_items is not None else AgendaItem.objects
            largest = (
                chosen.filter(case=models.OuterRef("pk"))
                .order_by()
                .values("case")
                .annotate(top=models.Max("largest_amount"))
                .values("top")
            )
            queryset = queryset.annotate(largest=models.Subquery(largest)).order_by(
                models.F("largest").desc(nulls_last=True), "-last_treated"
            )
        return queryset

    def count(self) -> int | None:
        """How many cases the filters chose, counted from their items; None when unfiltered.

        COUNT(DISTINCT case) over the chosen items, without joining thousands of cases (for a
        member present at a third of the meetings: 7 ms, where counting the filtered cases
        took 12).
        """
        if not self.is_valid():  # the list shows no case then
            return None
        self.qs  # noqa: B018 (applying the filters keeps matching_items)
        if self.matching_items is None:
            return None
        return self.matching_items.values("case_id").distinct().count()
