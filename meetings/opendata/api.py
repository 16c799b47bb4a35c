"""Open data: every meeting as plain JSON (documented in the README)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_safe

from meetings.models import Meeting, municipalities
from meetings.templatetags.archive import api_meeting_url, meeting_url

from .serialize import meeting_to_referat

PAGE_SIZE = 100


@require_safe
def meeting_list(request):
    """`{"count", "next", "results": [...]}`, newest first, `?page=N`, `?municipality=slug`."""
    meetings = Meeting.objects.select_related("committee").newest_first()
    query = {}
    if request.GET.get("municipality"):
        town = municipalities.by_slug(request.GET["municipality"])
        if town is None:
            raise Http404("No such municipality")
        meetings = meetings.filter(municipality=town)
        query["municipality"] = town.slug
    paginator = Paginator(meetings, PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except InvalidPage as exc:  # a page past the end or not a number is no page
        raise Http404("No such page") from exc
    next_url = None
    if page.has_next():
        next_url = request.build_absolute_uri(
            f"{reverse('meetings:api_meeting_list')}?"
            + urlencode({**query, "page": page.next_page_number()})
        )
    # Addresses built once and filled in per meeting: reverse() and build_absolute_uri() for
    # each of a hundred rows cost more than the rest of the page (p50 15-21 -> 11 ms).
    origin = request.build_absolute_uri("/")[:-1]
    results = [
        {
            "id": meeting.pk,
            "date": meeting.date.isoformat(),
            "municipality": municipalities.by_id(meeting.municipality_id).name,
            "kind": meeting.kind,
            "committee": meeting.committee_name,
            "title": meeting.title,
            "url": origin + meeting_url(meeting),
            "api_url": origin + api_meeting_url(meeting.pk),
        }
        for meeting in page.object_list
    ]
    return JsonResponse(
        {"count": paginator.count, "next": next_url, "results": results},
        json_dumps_params={"ensure_ascii": False},
    )


@require_safe
def meeting_detail(request, pk: int):
    """The meeting in the referat schema's shape, plus its `id` and page `url`."""
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    data = {
        "id": meeting.pk,
        "url": request.build_absolute_uri(meeting.get_absolute_url()),
        **meeting_to_referat(meeting),
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
