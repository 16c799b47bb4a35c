"""A FirstAgenda Publication portal (https://dagsordener.<kommune>.dk): its list of committees
with their meetings, and each meeting's JSON, which meetings.ingest.firstagenda reads.

Some portals hand out an anonymous session cookie before they answer the API; when an API call
answers with the portal's login page instead of JSON, the anonymous sign-in is done once and the
call made again.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass
from urllib.parse import quote

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .client import PoliteClient, PortalError, Response

LIST_PATH = "/api/agenda/udvalgsliste"
MEETING_PATH = "/api/agenda/dagsorden/{id}"
PAGE_PATH = "/vis?id={id}"
ANONYMOUS_SIGN_IN = "/Home/AnonymousAuthentication?callback={callback}"


def page_of(meeting_url: str) -> str:
    """The portal's web page of a meeting, for people, from the address of its JSON ('' when
    the address is not a meeting's JSON)."""
    root, found, portal_id = meeting_url.partition(MEETING_PATH.removesuffix("{id}"))
    if not found or not portal_id or "/" in portal_id:
        return ""
    return root + PAGE_PATH.format(id=portal_id)


@dataclass(frozen=True)
class ListedMeeting:
    """One meeting as the portal's list names it."""

    portal_id: str
    committee: str
    date: datetime.date | None
    # A hash of everything the list says of the meeting: when it changes (a new date, the
    # agenda become a referat …), the meeting is fetched again.
    listing: str


class FirstAgendaPortal:
    """The endpoints of one portal, fetched through one polite client."""

    def __init__(self, root: str, client: PoliteClient):
        self.root = root.rstrip("/")
        self.client = client
        self._signed_in = False

    def meeting_url(self, portal_id: str) -> str:
        return self.root + MEETING_PATH.format(id=quote(portal_id, safe=""))

    def page_url(self, portal_id: str) -> str:
        return self.root + PAGE_PATH.format(id=quote(portal_id, safe=""))

    def meetings(self) -> list[ListedMeeting]:
        """Every meeting the portal lists, newest first; PortalError when there is no list."""
        response = self._api(self.root + LIST_PATH)
        try:
            data = json.loads(response.content)
            groups = data["Udvalg"]
            committees = [c for group in groups.values() for c in group]
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise PortalError(
                format_lazy(
                    _("{url} er ikke en FirstAgenda-udvalgsliste ({error})"),
                    url=self.root + LIST_PATH,
                    error=type(exc).__name__,
                )
            ) from None
        listed: dict[str, ListedMeeting] = {}
        for committee in committees:
            if not isinstance(committee, dict):
                continue
            name = str(committee.get("Navn") or "")
            for meeting in committee.get("Moeder") or []:
                if not isinstance(meeting, dict) or not meeting.get("Id"):
                    continue
                portal_id = str(meeting["Id"])
                canonical = json.dumps([name, meeting], sort_keys=True, ensure_ascii=False)
                listed[portal_id] = ListedMeeting(
                    portal_id=portal_id,
                    committee=name,
                    date=_date(meeting.get("Dato")),
                    listing=hashlib.sha256(canonical.encode()).hexdigest(),
                )
        return sorted(
            listed.values(),
            key=lambda m: (m.date or datetime.date.min, m.portal_id),
            reverse=True,
        )

    def meeting(self, portal_id: str, *, etag: str = "", last_modified: str = "") -> Response:
        """One meeting's JSON (None as content when not modified since the validators)."""
        return self._api(self.meeting_url(portal_id), etag=etag, last_modified=last_modified)

    def _api(self, url: str, **validators) -> Response:
        response = self.client.get(url, **validators)
        if response.content is not None and not _looks_like_json(response.content):
            if self._signed_in:
                raise PortalError(_not_json(url))
            self._sign_in()
            response = self.client.get(url, **validators)
            if response.content is not None and not _looks_like_json(response.content):
                raise PortalError(_not_json(url))
        return response

    def _sign_in(self) -> None:
        self._signed_in = True
        callback = quote(self.root + "/", safe="")
        try:
            self.client.get(self.root + ANONYMOUS_SIGN_IN.format(callback=callback))
        except PortalError:
            pass  # a portal without it: the API call that follows says what is wrong


def _not_json(url: str):
    return format_lazy(_("{url} svarede med en webside, ikke JSON"), url=url)


def _looks_like_json(content: bytes) -> bool:
    return content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")


def _date(value) -> datetime.date | None:
    try:
        return datetime.datetime.fromisoformat(str(value)).date()
    except (TypeError, ValueError):
        return None
