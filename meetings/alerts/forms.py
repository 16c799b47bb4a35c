"""The "Følg" form: an e-mail address and what to follow (hidden fields of the page)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from meetings.models import Subscription


class FollowForm(forms.Form):
    email = forms.EmailField(
        label=_("Din mailadresse"),
        max_length=254,
        error_messages={
            "required": _("Skriv din mailadresse."),
            "invalid": _("Skriv en gyldig mailadresse, fx navn@example.dk."),
        },
    )
    kind = forms.ChoiceField(choices=Subscription.Kind.choices)
    # The followed row's id: a case's, a person's, a committee's or a municipality's.
    target = forms.IntegerField(required=False, min_value=1)
    # A search: its parameters as /soeg/ takes them (the query string of the search page).
    search = forms.CharField(required=False, max_length=2000)
    # The page the form was on, to go back to.
    next = forms.CharField(required=False, max_length=2000)
