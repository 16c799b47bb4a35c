"""Template filters of the public pages: dates in the reader's language, outcome labels."""

from __future__ import annotations

import datetime

from django import template
from django.utils import dateformat
from django.utils.translation import gettext

from meetings.vocabulary import Outcome

register = template.Library()


@register.filter
def longdate(value: datetime.date | None) -> str:
    """ "tirsdag 3. marts 2026" (English: "Tuesday 3 March 2026")."""
    if not value:
        return ""
    # Translators: a PHP-style date format with weekday, as Django's date filter reads it.
    return dateformat.format(value, gettext("l j. F Y"))


@register.filter
def shortdate(value: datetime.date | None) -> str:
    """ "3. marts 2026" (English: "3 March 2026")."""
    if not value:
        return ""
    # Translators: a PHP-style date format without weekday.
    return dateformat.format(value, gettext("j. F Y"))


@register.filter
def outcome_label(value: str) -> str:
    """The reader's label of a decision outcome from meetings.vocabulary."""
    return gettext(Outcome.LABELS.get(value or "", Outcome.LABELS[Outcome.OTHER]))


@register.filter
def is_long(text: str) -> bool:
    """Long sections are folded (<details>) so the decisions stay in view."""
    return len(text or "") > 600
