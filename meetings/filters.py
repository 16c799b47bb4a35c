"""Query parameters of the list pages, parsed and validated by django-filter FilterSets."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from .models import Case, Committee, Meeting
from .vocabulary import Outcome

# The outcome labels live in vocabulary.py as plain Danish; marked here so that
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


def outcome_choices():
    return [(value, _(label)) for value, label in Outcome.CHOICES if value]


def period_choices():
    periods = (
        Meeting.objects.exclude(period="").order_by("-period").values_list("period", flat=True)
    )
    return [(period, period) for period in periods.distinct()]


class MeetingFilter(django_filters.FilterSet):
    """Meetings by committee, election period, year and month."""

    committee = django_filters.ModelChoiceFilter(
        label=_("Udvalg"),
        queryset=Committee.objects.all(),
        to_field_name="slug",
        empty_label=_("Alle udvalg"),
    )
    period = django_filters.ChoiceFilter(
        label=_("Valgperiode"), choices=period_choices, empty_label=_("Alle perioder")
    )
    year = django_filters.NumberFilter(
        label=_("År"), field_name="date", lookup_expr="year", min_value=1900, max_value=2200
    )
    month = django_filters.ChoiceFilter(
        label=_("Måned"),
        field_name="date",
        lookup_expr="month",
        choices=MONTHS,
        empty_label=_("Alle måneder"),
    )

    class Meta:
        model = Meeting
        fields = ["committee", "period", "year", "month"]


class CommitteeMeetingFilter(django_filters.FilterSet):
    """A committee's meetings and cases by election period and year."""

    period = django_filters.ChoiceFilter(
        label=_("Valgperiode"), choices=period_choices, empty_label=_("Alle perioder")
    )
    year = django_filters.NumberFilter(
        label=_("År"), field_name="date", lookup_expr="year", min_value=1900, max_value=2200
    )

    class Meta:
        model = Meeting
        fields = ["period", "year"]


class CaseFilter(django_filters.FilterSet):
    """Cases by a committee that treated them, the year of a meeting, and a decision's outcome."""

    committee = django_filters.ModelChoiceFilter(
        label=_("Udvalg"),
        queryset=Committee.objects.all(),
        to_field_name="slug",
        field_name="items__meeting__committee",
        empty_label=_("Alle udvalg"),
        distinct=True,
    )
    year = django_filters.NumberFilter(
        label=_("År"),
        field_name="items__meeting__date",
        lookup_expr="year",
        min_value=1900,
        max_value=2200,
        distinct=True,
    )
    outcome = django_filters.ChoiceFilter(
        label=_("Udfald"),
        field_name="items__outcome",
        choices=outcome_choices,
        empty_label=_("Alle udfald"),
        distinct=True,
    )

    class Meta:
        model = Case
        fields = ["committee", "year", "outcome"]
