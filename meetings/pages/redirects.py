"""The addresses of the archive from before it held several municipalities, each answered
with a permanent redirect to its new place under the municipality's slug.

They were all one municipality's (Lejre's): a name they give is looked up in the default
municipality first, then in any other that is the only one to have it.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_safe

from meetings.models import Case, Committee, Municipality, Person, PersonAlias
from meetings.search.casenumbers import cases_numbered


def _owner(queryset, **lookup):
    """The municipality id of the one row the old address named."""
    found = list(queryset.filter(**lookup).values_list("municipality_id", flat=True)[:20])
    if not found:
        raise Http404("No such page")
    default = Municipality.objects.filter(name=_default_name()).values_list("pk", flat=True)
    default_id = next(iter(default), None)
    if default_id in found:
        return default_id
    if len(set(found)) == 1:
        return found[0]
    raise Http404("The old address names more than one municipality's page")


def _default_name() -> str:
    from django.conf import settings

    from meetings import denmark

    known = denmark.known(settings.ARCHIVE_DEFAULT_MUNICIPALITY)
    return known[0] if known else settings.ARCHIVE_DEFAULT_MUNICIPALITY


def _to(viewname: str, municipality_id: int, **kwargs):
    slug = Municipality.objects.values_list("slug", flat=True).get(pk=municipality_id)
    return redirect(
        reverse(f"meetings:{viewname}", kwargs={"municipality": slug, **kwargs}), permanent=True
    )


@require_safe
def meeting(request, committee, date):
    owner = _owner(Committee.objects, slug=committee)
    return _to("meeting_detail", owner, committee=committee, date=date)


@require_safe
def meeting_source(request, committee, date):
    owner = _owner(Committee.objects, slug=committee)
    return _to("meeting_source", owner, committee=committee, date=date)


@require_safe
def item(request, committee, date, number):
    owner = _owner(Committee.objects, slug=committee)
    return _to("item_detail", owner, committee=committee, date=date, number=number)


@require_safe
def committee(request, slug):
    return _to("committee_detail", _owner(Committee.objects, slug=slug), slug=slug)


@require_safe
def person(request, slug):
    try:
        owner = _owner(Person.objects, slug=slug)
    except Http404:
        owner = _owner(PersonAlias.objects, slug=slug)  # a merged spelling's old address
    return _to("person_detail", owner, slug=slug)


@require_safe
def case(request, number):
    try:
        return _to("case_detail", _owner(Case.objects, number=number), number=number)
    except Http404:
        pass
    # Another printed form of a stored number (`/sager/25-3798/` for 25-003798): the case's
    # own address, found as the old address would have found it.
    found = {c.municipality_id: c for c in reversed(cases_numbered(number))}
    if not found:
        raise Http404("No such case")
    default = Municipality.objects.filter(name=_default_name()).values_list("pk", flat=True)
    owner = next((pk for pk in default if pk in found), None)
    if owner is None and len(found) == 1:
        owner = next(iter(found))
    if owner is None:
        raise Http404("The old address names more than one municipality's case")
    return redirect(found[owner].get_absolute_url(), permanent=True)
