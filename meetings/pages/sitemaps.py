"""The sitemaps: an index over sitemaps of at most 50,000 addresses each, so that a national
archive's million items fit (https://www.sitemaps.org/protocol.html).

Addresses are written from plain rows, as the list pages write them, not by a reverse() per
row: a page of 50,000 items would otherwise take seconds.
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap

from meetings.converters import MeetingDay
from meetings.models import AgendaItem, Case, Committee, Meeting, Municipality, Person
from meetings.templatetags.archive import (
    case_href,
    committee_href,
    item_address,
    meeting_address,
    person_href,
)


class _Rows(Sitemap):
    limit = 50_000
    protocol = None  # the request's

    def get_urls(self, page=1, site=None, protocol=None):
        # Django asks for a Site; without django.contrib.sites the request's host is it.
        return super().get_urls(page=page, site=site, protocol=protocol)


class MunicipalitySitemap(_Rows):
    changefreq = "daily"

    def items(self):
        return Municipality.objects.filter(meetings__isnull=False).distinct().order_by("slug")

    def location(self, municipality):
        return municipality.get_absolute_url()


class CommitteeSitemap(_Rows):
    changefreq = "weekly"

    def items(self):
        return (
            Committee.objects.with_meetings().order_by("pk").values_list("municipality_id", "slug")
        )

    def location(self, row):
        return committee_href(*row)


class MeetingSitemap(_Rows):
    def items(self):
        return (
            Meeting.objects.public()
            .order_by("pk")
            .values_list("municipality_id", "committee__slug", "date", "day_number", "changed_at")
        )

    def location(self, row):
        town, committee, date, number, _changed = row
        return meeting_address(town, committee, MeetingDay(date, number))

    def lastmod(self, row):
        return row[4]


class ItemSitemap(_Rows):
    def items(self):
        return (
            AgendaItem.objects.filter(meeting__withdrawn_at=None)
            .order_by("pk")
            .values_list(
                "meeting__municipality_id",
                "meeting__committee__slug",
                "meeting__date",
                "meeting__day_number",
                "number",
            )
        )

    def location(self, row):
        town, committee, date, day, number = row
        return item_address(town, committee, MeetingDay(date, day), number)


class CaseSitemap(_Rows):
    def items(self):
        return (
            Case.objects.exclude(item_count=0)
            .order_by("pk")
            .values_list("municipality_id", "number", "last_treated")
        )

    def location(self, row):
        return case_href(row[0], row[1])

    def lastmod(self, row):
        return row[2]


class PersonSitemap(_Rows):
    def items(self):
        return Person.objects.order_by("pk").values_list("municipality_id", "slug")

    def location(self, row):
        return person_href(*row)


SITEMAPS = {
    "kommuner": MunicipalitySitemap,
    "udvalg": CommitteeSitemap,
    "moeder": MeetingSitemap,
    "punkter": ItemSitemap,
    "sager": CaseSitemap,
    "personer": PersonSitemap,
}
