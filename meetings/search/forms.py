"""The parameters of a search (/soeg/ and /api/search), parsed and validated in one place."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from meetings.models import Committee, Municipality
from meetings.vocabulary import Outcome

from .query import SORTS, Filters

# The longest query searched: a longer one is refused with a message, never cut silently.
MAX_QUERY_LENGTH = 500


class SearchForm(forms.Form):
    """q plus the filters; invalid filters are dropped, never an error page."""

    q = forms.CharField(label=_("Søg"), required=False, max_length=MAX_QUERY_LENGTH)
    municipality = forms.ModelChoiceField(
        label=_("Kommune"), queryset=Municipality.objects.all(), required=False,
        to_field_name="slug",
    )  # fmt: skip
    # A committee's slug: one municipality's committee, or, searching every municipality,
    # every municipality's committee of that name.
    committee = forms.SlugField(label=_("Udvalg"), required=False, max_length=300)
    period = forms.RegexField(label=_("Valgperiode"), regex=r"^\d{4}-\d{4}$", required=False)
    date_from = forms.DateField(label=_("Fra dato"), required=False)
    date_to = forms.DateField(label=_("Til dato"), required=False)
    outcome = forms.ChoiceField(
        label=_("Udfald"), choices=[("", "")] + [(k, v) for k, v in Outcome.CHOICES if k],
        required=False,
    )  # fmt: skip
    split = forms.BooleanField(label=_("Kun delte beslutninger"), required=False)
    money = forms.BooleanField(label=_("Kun punkter med beløb"), required=False)
    sort = forms.ChoiceField(
        label=_("Sortering"),
        choices=[("relevance", _("Relevans")), ("date", _("Dato")), ("amount", _("Beløb"))],
        required=False,
    )
    # Any whole number: one out of range is told (`page_out_of_range`), not dropped.
    page = forms.IntegerField(required=False)
    # Search what was typed, not its correction ("søg i stedet efter …").
    praecis = forms.BooleanField(required=False)

    def cleaned(self) -> dict:
        """The valid values; a field that failed validation counts as not given."""
        self.is_valid()
        data = {name: self.cleaned_data.get(name) for name in self.fields}
        for name in self.errors:
            data[name] = None
        return data

    def query_too_long(self) -> str:
        """The message for a query over the limit, or "" (then the query is searched)."""
        if len(self.data.get("q") or "") <= MAX_QUERY_LENGTH:
            return ""
        return _("Søgningen er for lang: højst %(limit)s tegn, din har %(length)s.") % {
            "limit": MAX_QUERY_LENGTH,
            "length": len(self.data["q"]),
        }

    def filters(self) -> Filters:
        data = self.cleaned()
        town = data["municipality"]
        committees = None
        if data["committee"]:
            chosen = Committee.objects.filter(slug=data["committee"])
            if town is not None:
                chosen = chosen.filter(municipality=town)
            committees = list(chosen.values_list("pk", flat=True))
        return Filters(
            municipality=town.pk if town else None,
            committees=committees,
            period=data["period"] or "",
            date_from=data["date_from"],
            date_to=data["date_to"],
            outcome=data["outcome"] or None,
            split=bool(data["split"]),
            money=bool(data["money"]),
        )

    def exact(self) -> bool:
        return bool(self.cleaned()["praecis"])

    def sort_order(self) -> str:
        sort = self.cleaned()["sort"]
        return sort if sort in SORTS else "relevance"
