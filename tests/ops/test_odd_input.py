"""No 500 from input: every URL pattern, public and admin, with odd values in its parts and in
its query parameters answers 2xx, 3xx or 4xx.

The patterns come from walking the resolver, so a new page is fuzzed without being listed here.
Hypothesis draws each part of an address from what a converter accepts and from what it should
refuse (NUL, numbers past any integer column, ids that are no ids), and adds parameters the
archive's pages and the admin's lists read. Bounded: a few hundred requests in all.
"""

from __future__ import annotations

import datetime
import re
import string
from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_committee, make_item, make_meeting, make_person

pytestmark = pytest.mark.django_db

ODD_TEXT = st.sampled_from(
    ["\x00", "a\x00b", "%00", "99999999999", "-1", "0", "1e309", "abc", "", " ", "..", "ø/æ", "'"]
)
HUGE = st.integers(min_value=-(10**30), max_value=10**30).map(str)
VALUES = st.one_of(
    ODD_TEXT,
    HUGE,
    st.text(alphabet=string.printable + "æøåÆØÅ\x00\u2028", max_size=30),
    st.dates(min_value=datetime.date(1, 1, 1)).map(str),
)
# Parameters the archive's pages, the API and the admin's lists read.
PARAMS = [
    "q",
    "page",
    "p",
    "o",
    "e",
    "committee",
    "municipality",
    "period",
    "year",
    "month",
    "outcome",
    "person",
    "sort",
    "date_from",
    "date_to",
    "split",
    "money",
    "status",
    "origin",
    "format",
    "kind",
    "all",
    "_popup",
    "_to_field",
    "_changelist_filters",
    "date__year",
    "date__month",
    "date__day",
    "meeting__date__year",
    "meeting__date__month",
    "uploaded_at__year",
    "started_at__year",
    "made_at__gte",
    "received_at__lt",
    "municipality__id__exact",
    "meeting__committee__id__exact",
    "committee__id__exact",
    "period__exact",
    "next",
    "language",
]
CONVERTER_VALUES = {
    "int": st.one_of(st.integers(min_value=0, max_value=10**25).map(str), st.just("1")),
    "slug": st.one_of(st.from_regex(r"\A[-a-zA-Z0-9_]{1,40}\Z"), st.just("udvalget-for-proeve")),
    "path": st.one_of(VALUES.filter(lambda v: v and "/" not in v[:1]), st.just("26-000001")),
    "str": VALUES.filter(lambda v: v and "/" not in v),
    "meetingday": st.one_of(
        st.dates(min_value=datetime.date(1000, 1, 1), max_value=datetime.date(9999, 12, 31)).map(
            str
        ),
        st.just("2026-03-03"),
        st.just("2026-03-03-2"),
        st.just("2026-02-31"),
    ),
    "municipality": st.one_of(st.just("lejre"), st.from_regex(r"\A[a-z0-9]{1,20}\Z")),
}
PART = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def url_patterns(resolver=None, prefix=()):
    """Every leaf pattern as the tuple of its pieces (RoutePattern or RegexPattern), in order."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        pieces = (*prefix, entry.pattern)
        if isinstance(entry, URLResolver):
            yield from url_patterns(entry, pieces)
        elif isinstance(entry, URLPattern):
            yield pieces


PATTERNS = sorted({tuple(str(p) for p in pieces): pieces for pieces in url_patterns()}.items())
PUBLIC = [pieces for key, pieces in PATTERNS if not key[0].startswith("admin/")]
ADMIN = [pieces for key, pieces in PATTERNS if key[0].startswith("admin/")]


@st.composite
def addresses(draw, patterns):
    pieces = draw(st.sampled_from(patterns))
    path = ""
    for piece in pieces:
        if isinstance(piece, RoutePattern):
            route = str(piece)

            def fill(match):
                strategy = CONVERTER_VALUES.get(match["converter"] or "str", VALUES)
                return quote(draw(strategy), safe="-")

            path += PART.sub(fill, route)
        elif isinstance(piece, LocalePrefixPattern):
            # The pages in Danish (no prefix) or in English (/en/).
            path += draw(st.sampled_from(["", "en/"]))
        else:
            assert isinstance(piece, RegexPattern)
            regex = str(piece).lstrip("^").rstrip("$")
            # The admin's app list names its apps in an alternation: draw a match of it.
            example = draw(st.from_regex(rf"\A{regex}\Z" if regex else r"\A\Z"))
            path += quote(example, safe="/-")
    params = draw(st.lists(st.tuples(st.sampled_from(PARAMS), VALUES), max_size=4))
    query = urlencode(params)
    return "/" + path + ("?" + query if query else "")


@pytest.fixture
def archive_rows(db):
    committee = make_committee(name="Udvalget for Prøve")
    meeting = make_meeting(committee=committee, present=("Anne Andersen",))
    make_item(meeting=meeting, number=1, case="26-000001")
    make_person(name="Bo Bendtsen")
    return meeting


def assert_no_server_error(client, address):
    response = client.get(address)
    assert response.status_code < 500, f"{address!r} answered {response.status_code}"


FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)


@FUZZ
@given(address=addresses(PUBLIC))
def test_no_public_address_or_parameter_is_a_server_error(archive_rows, client, address):
    assert_no_server_error(client, address)


@FUZZ
@given(address=addresses(ADMIN))
def test_no_admin_address_or_parameter_is_a_server_error(archive_rows, admin_client, address):
    assert_no_server_error(admin_client, address)


@pytest.mark.parametrize(
    "address",
    [
        "/sager/%00/",
        "/admin/meetings/upload/abc/change/",
        "/admin/meetings/upload/%00/change/",
        "/admin/meetings/upload/99999999999999999999/change/",
        "/admin/meetings/upload/?status=%00",
        "/admin/meetings/agendaitem/?meeting__date__year=99999999999",
        "/admin/meetings/meeting/?date__year=2026&date__month=99999999999",
        "/api/meetings/99999999999999999999/",
        "/sager/?year=99999999999&person=%00",
    ],
)
def test_the_addresses_found_by_hand_are_client_errors(archive_rows, admin_client, address):
    response = admin_client.get(address)
    assert 400 <= response.status_code < 500, (address, response.status_code)


@pytest.mark.parametrize(
    "address",
    [
        "/admin/meetings/upload/1/publish/",
        "/admin/meetings/upload/abc/download/",
        "/api/meetings/?page=99999999999999999999",
        "/moeder/?year=99999999999",
        "/admin/meetings/portalmeeting/%2500/change/?_to_field=",
    ],
)
def test_odd_values_elsewhere_are_no_server_error(archive_rows, admin_client, address):
    assert_no_server_error(admin_client, address)


def test_admin_client_is_staff(admin_client):
    # The admin fuzz means nothing if it only ever sees the login page.
    assert admin_client.get("/admin/").status_code == 200
    assert get_user_model().objects.filter(is_superuser=True).exists()
