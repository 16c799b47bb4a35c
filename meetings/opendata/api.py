"""Open data: every meeting as plain JSON, the whole archive as files, and what changed
(documented in the README). Every answer is public: any site may read it (CORS), and a client
that has it already is told so (ETag, If-None-Match)."""

from __future__ import annotations

import datetime
import functools
import hashlib
from urllib.parse import urlencode

from django.core.paginator import InvalidPage, Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpResponseBadRequest,
    HttpResponseNotModified,
    JsonResponse,
)
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_safe

from meetings.models import Meeting, municipalities
from meetings.pages import status as completeness
from meetings.templatetags.archive import api_meeting_url, meeting_url

from .serialize import meeting_to_referat

PAGE_SIZE = 100


def public_json(view):
    """A public JSON view: `Access-Control-Allow-Origin: *`, and an ETag of the body, with
    304 Not Modified for a client whose If-None-Match matches it."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        if response.status_code == 200 and not response.streaming:
            etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
            response["ETag"] = etag
            asked = request.headers.get("If-None-Match", "")
            if etag in {tag.strip() for tag in asked.split(",")} or asked.strip() == "*":
                not_modified = HttpResponseNotModified()
                not_modified["ETag"] = etag
                not_modified["Access-Control-Allow-Origin"] = "*"
                return not_modified
        return response

    return wrapped


@require_safe
@public_json
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
    if request.GET.get("modified_since"):
        since = _moment(request.GET["modified_since"])
        if since is None:
            return HttpResponseBadRequest(
                "modified_since is not a date or time (ISO 8601, e.g. 2026-03-03T12:00:00Z)"
            )
        meetings = meetings.filter(changed_at__gt=since)
        query["modified_since"] = request.GET["modified_since"]
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
@public_json
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
@public_json
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
@public_json
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


def _moment(text: str) -> datetime.datetime | None:
    """An ISO 8601 date or time; a date is its midnight, a time without zone is Danish."""
    moment = parse_datetime(text)
    if moment is None:
        try:
            moment = datetime.datetime.fromisoformat(datetime.date.fromisoformat(text).isoformat())
        except ValueError:
            return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


@require_safe
@public_json
def changes(request):
    """`{"changes": [...], "next": cursor, "more": bool}`: the meetings created, updated,
    withdrawn, redacted or restored after `?since=<cursor>`, oldest first (see changes.py)."""
    from .changes import PAGE, Cursor, changes_after

    try:
        cursor = Cursor.parse(request.GET.get("since"))
    except ValueError:
        return HttpResponseBadRequest("since is not a cursor this API gave")
    town = None
    if request.GET.get("municipality"):
        town = municipalities.by_slug(request.GET["municipality"])
        if town is None:
            raise Http404("No such municipality")
    found, last = changes_after(cursor, municipality=town, limit=PAGE)
    origin = request.build_absolute_uri("/")[:-1]
    return JsonResponse(
        {
            "changes": [
                {
                    "meeting_id": change.meeting_id,
                    "municipality": municipalities.by_id(change.municipality_id).name,
                    "kind": change.kind,
                    "at": change.at.isoformat(),
                    "api_url": origin + api_meeting_url(change.meeting_id),
                }
                for change in found
            ],
            "next": str(last),
            "more": len(found) == PAGE,
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_safe
@public_json
def export_list(request):
    """`{"made_at", "dumps": [...]}`: the archive's dumps, each with its size and sha256."""
    from .export import manifest

    made = manifest()
    if made is None:
        return JsonResponse({"made_at": None, "dumps": []})
    origin = request.build_absolute_uri("/")[:-1]
    dumps = [
        {**entry, "url": origin + reverse("meetings:api_export_file", args=[entry["name"]])}
        for entry in made["dumps"]
    ]
    return JsonResponse({"made_at": made["made_at"], "dumps": dumps})


@require_safe
def export_file(request, name: str):
    """One dump, as it was written (gzip-compressed JSON Lines)."""
    from .export import export_dir, manifest

    made = manifest() or {"dumps": []}
    entry = next((e for e in made["dumps"] if e["name"] == name), None)
    if entry is None:
        raise Http404("No such dump")
    etag = f'"{entry["sha256"][:32]}"'
    if request.headers.get("If-None-Match") == etag:
        return HttpResponseNotModified()
    response = FileResponse(
        open(export_dir() / name, "rb"),  # noqa: SIM115 (FileResponse closes it)
        content_type="application/gzip",
        as_attachment=True,
        filename=name,
    )
    response["ETag"] = etag
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
@public_json
def status(request):
    """Per municipality and committee: the last meeting, harvest and upload, the held meetings
    whose referat the archive knows it lacks, and those whose decisions are not released.
    `?municipality=slug` for one."""
    towns = completeness.reported_towns()
    if request.GET.get("municipality"):
        town = municipalities.by_slug(request.GET["municipality"])
        if town is None:
            raise Http404("No such municipality")
        towns = [town]
    return JsonResponse(
        {"municipalities": [completeness.as_data(completeness.town_status(t)) for t in towns]},
        json_dumps_params={"ensure_ascii": False},
    )
