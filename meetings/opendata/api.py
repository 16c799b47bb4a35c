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
    meetings = Meeting.objects.public().select_related("committee").newest_first()
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
    if meeting.withdrawn_at:
        # Taken down by staff: when and why, and nothing of its text.
        return JsonResponse(
            {
                "id": meeting.pk,
                "withdrawn": {
                    "at": meeting.withdrawn_at.isoformat(),
                    "reason": meeting.withdrawn_reason,
                },
            },
            status=410,
            json_dumps_params={"ensure_ascii": False},
        )
    data = {
        "id": meeting.pk,
        "url": request.build_absolute_uri(meeting.get_absolute_url()),
        **meeting_to_referat(meeting),
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def _public_meeting(pk: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    if meeting.withdrawn_at:
        raise Http404("Withdrawn")
    return meeting


@require_safe
def meeting_versions(request, pk: int):
    """`{"id", "versions": [...]}`: every published version of a meeting, oldest first."""
    from meetings.pages.versions import meeting_versions as versions_of
    from meetings.templatetags.archive import meeting_link

    meeting = _public_meeting(pk)
    origin = request.build_absolute_uri("/")[:-1]
    versions = []
    for version in versions_of(meeting):
        document = version.document
        entry = {
            "number": version.number,
            "received_at": document.received_at.isoformat(),
            "kind": version.kind,
            "format": document.format,
            "sha256": document.sha256,
            "url": origin + meeting_link(meeting, "meeting_version", version=version.number),
            "api_url": origin
            + reverse("meetings:api_meeting_version", kwargs={"pk": pk, "number": version.number}),
            "file_url": None
            if meeting.redacted_at
            else origin + meeting_link(meeting, "meeting_version_source", version=version.number),
        }
        versions.append(entry)
    return JsonResponse(
        {"id": meeting.pk, "versions": versions}, json_dumps_params={"ensure_ascii": False}
    )


@require_safe
def meeting_version(request, pk: int, number: int):
    """One version of a meeting as it was published, in the referat schema's shape."""
    from meetings.pages.versions import meeting_versions as versions_of

    meeting = _public_meeting(pk)
    versions = versions_of(meeting)
    if not 1 <= number <= len(versions) or versions[number - 1].referat is None:
        raise Http404("No such version")
    referat = dict(versions[number - 1].referat)
    referat.pop("warnings", None)
    return JsonResponse(
        {"id": meeting.pk, "version": number, **referat}, json_dumps_params={"ensure_ascii": False}
    )
