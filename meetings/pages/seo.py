"""How the pages describe themselves to search engines and link previews: the canonical
address, the other language's address, a description, OpenGraph, and schema.org for a meeting.

Danish is the archive's language at the plain addresses, English at /en/…; each page names
both (hreflang), and its canonical address is its own language's, without the query string
(a filter or a page of a list is a view of the same page).
"""

from __future__ import annotations

import json

from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, ngettext

from meetings.models import municipalities

# JSON inside <script> must not close it, nor open a comment: the escapes of Django's
# json_script, for a data block of another type.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
DESCRIPTION_WORDS = 40


def page_addresses(request) -> dict:
    """The canonical address of this page and its address in each language."""
    path = request.path
    towns = municipalities.with_meetings()
    # An archive of one municipality lists the same meetings at /moeder/ and /lejre/moeder/:
    # the municipality's address is the canonical one.
    plain = path.removeprefix("/en")
    if len(towns) == 1 and plain in ("/moeder/", "/sager/", "/udvalg/", "/personer/"):
        path = path.replace(plain, f"/{towns[0].slug}{plain}", 1)
    site = request.build_absolute_uri("/")[:-1]
    alternates = []
    for code, _name in settings.LANGUAGES:
        alternates.append((code, site + translate_url(path, code)))
    return {"canonical": site + translate_url(path, get_language()), "alternates": alternates}


def addresses(request) -> dict:
    """A context processor: `canonical` and `alternates` of the page being rendered."""
    if request.path_info.startswith("/admin/"):
        return {}
    return page_addresses(request)


def describe(text: str | None, words: int = DESCRIPTION_WORDS) -> str:
    """A description from referat text: one line, cut at a word."""
    return Truncator(" ".join((text or "").split())).words(words, truncate=" …")


def meeting_description(meeting, items) -> str:
    from meetings.templatetags.archive import shortdate

    decided = next((item for item in items if item.decision), None)
    head = ngettext(
        "%(committee)s, %(date)s: %(count)s punkt.",
        "%(committee)s, %(date)s: %(count)s punkter.",
        len(items),
    ) % {"committee": meeting.committee_name, "date": shortdate(meeting.date), "count": len(items)}
    if decided is None:
        return head
    return describe(f"{head} {decided.title}: {decided.decision}")


def _danish(text):
    with translation.override("da"):
        return text()


def ld_json(data: dict) -> SafeString:
    """`data` as a <script type="application/ld+json"> block, safely escaped."""
    text = json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def meeting_event(request, meeting, items) -> SafeString:
    """schema.org Event of a meeting: what, when, where, by whom, and its address."""
    from meetings.templatetags.archive import shortdate

    start = meeting.date.isoformat()
    if meeting.start_time:
        start = f"{start}T{meeting.start_time:%H:%M}"
    event = {
        "@context": "https://schema.org",
        "@type": "Event",
        # In Danish on every page, as the event is ("inLanguage"), its date as Danish writes it.
        "name": _danish(lambda: f"{meeting.committee_name}: møde {shortdate(meeting.date)}"),
        "startDate": start,
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "eventStatus": "https://schema.org/EventScheduled",
        "url": request.build_absolute_uri(meeting.get_absolute_url()),
        "organizer": {
            "@type": "GovernmentOrganization",
            "name": meeting.committee.name,
            "parentOrganization": {
                "@type": "GovernmentOrganization",
                "name": municipalities.by_id(meeting.municipality_id).name,
            },
        },
        "description": meeting_description(meeting, items),
        "inLanguage": "da",
    }
    if meeting.location:
        event["location"] = {"@type": "Place", "name": meeting.location}
    return ld_json(event)
