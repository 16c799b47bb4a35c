"""Open data: every meeting as plain JSON (documented in the README)."""

from __future__ import annotations

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_GET

from meetings.models import Meeting
from meetings.templatetags.archive import api_meeting_url, meeting_url

from .serialize import meeting_to_referat

PAGE_SIZE = 100


@require_GET
def meeting_list(request):
    """`{"count", "next", "results": [...]}`, newest first, `?page=N`."""
    meetings = Meeting.objects.select_related("committee").newest_first()
    paginator = Paginator(meetings, PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except InvalidPage as exc:  # a page past the end or not a number is no page
        raise Http404("No such page") from exc
    next_url = None
    if page.has_next():
        next_url = request.build_absolute_uri(
            f"{reverse('meetings:api_meeting_list')}?page={page.next_page_number()}"
        )
    # Addresses built once and filled in per meeting: reverse() and build_absolute_uri() for
    # each of a hundred rows cost more than the rest of the page (p50 15-21 -> 11 ms).
    origin = request.build_absolute_uri("/")[:-1]
    results = [
        {
            "id": meeting.pk,
            "date": meeting.date.isoformat(),
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


@require_GET
def meeting_detail(request, pk: int):
    """The meeting in the referat schema's shape, plus its `id` and page `url`."""
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    data = {
        "id": meeting.pk,
        "url": request.build_absolute_uri(meeting.get_absolute_url()),
        **meeting_to_referat(meeting),
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
