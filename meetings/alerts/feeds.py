"""Atom feeds of agenda items (django.contrib.syndication): everything new in the archive, one
municipality, one committee, one case, one member, and any search.

Each entry is one agenda item: its title with committee and date, the decision (an agenda's
items as upcoming, without one; a closed item's withheld decision is not made up), the link to
the item, which is also its id (an item's address never changes, while its row is replaced by
each new version of its meeting). `updated` is when the meeting's current version came in, so
a corrected referat shows as an update; `published` when its first version did.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import F, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from meetings.models import (
    AgendaItem,
    Case,
    Committee,
    Person,
    PersonAlias,
    SourceDocument,
    municipalities,
)
from meetings.templatetags.archive import shortdate

# Entries per feed: the newest.
ENTRIES = 50


def feed_items(queryset) -> list[AgendaItem]:
    """The newest items of `queryset` (by their meeting's date), with what an entry shows.

    Ordered by the item's own copy of its meeting's date (what search filters on): an
    archive-wide, a municipality's or a committee's newest fifty are then read from an index
    (item_search_newest, …_town_newest, …_committee_newest) rather than sorted from all.
    """
    first = (
        SourceDocument.objects.filter(meeting=OuterRef("meeting_id"))
        .order_by("received_at")
        .values("received_at")[:1]
    )
    return list(
        queryset.select_related("meeting__committee", "case")
        .annotate(
            received_at=F("meeting__source_document__received_at"),
            first_received_at=Subquery(first),
        )
        .order_by("-search_date", "-id")[:ENTRIES]
    )


@dataclass
class Source:
    """What one feed is of: its title, the page it follows, whose it is, and its items."""

    title: str
    subtitle: str
    page: str
    author: str
    items: list[AgendaItem]
    feed_id: str = ""


def _town(slug: str):
    town = municipalities.by_slug(slug)
    if town is None:
        raise Http404
    return town


class ItemFeed(Feed):
    """An Atom feed of agenda items; subclasses say which (get_source)."""

    feed_type = Atom1Feed
    description_template = "alerts/feed_entry.html"

    def get_object(self, request, **kwargs) -> Source:
        source = self.get_source(request, **kwargs)
        source.feed_id = request.build_absolute_uri()
        return source

    def get_source(self, request, **kwargs) -> Source:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        return {"item": kwargs["item"]}

    def title(self, source: Source) -> str:
        return source.title

    def subtitle(self, source: Source) -> str:
        return source.subtitle

    def link(self, source: Source) -> str:
        return source.page

    def feed_guid(self, source: Source) -> str:
        return source.feed_id

    def author_name(self, source: Source) -> str:
        return source.author

    def items(self, source: Source) -> list[AgendaItem]:
        return source.items

    def item_title(self, item: AgendaItem) -> str:
        meeting = item.meeting
        when = shortdate(meeting.date)
        if meeting.is_agenda:
            when = _("dagsorden %(date)s") % {"date": when}
        return f"{item.title} ({meeting.committee_name}, {when})"

    def item_link(self, item: AgendaItem) -> str:
        return item.get_absolute_url()

    def item_updateddate(self, item: AgendaItem):
        return item.received_at or self.item_pubdate(item)

    def item_pubdate(self, item: AgendaItem):
        if item.first_received_at:
            return item.first_received_at
        return timezone.make_aware(datetime.datetime.combine(item.meeting.date, datetime.time.min))

    def item_author_name(self, item: AgendaItem) -> str:
        return municipalities.by_id(item.meeting.municipality_id).name

    def item_categories(self, item: AgendaItem) -> list[str]:
        return [item.meeting.committee_name]


class ArchiveFeed(ItemFeed):
    def get_source(self, request) -> Source:
        towns = municipalities.with_meetings()
        author = towns[0].name if len(towns) == 1 else _("Referatarkivet")
        return Source(
            title=_("Referatarkivet: nye punkter"),
            subtitle=_("De nyeste dagsordenspunkter og beslutninger i arkivet."),
            page=reverse("meetings:home"),
            author=author,
            items=feed_items(AgendaItem.objects.all()),
        )


class MunicipalityFeed(ItemFeed):
    def get_source(self, request, municipality: str) -> Source:
        town = _town(municipality)
        return Source(
            title=_("%(name)s: nye punkter") % {"name": town.name},
            subtitle=_("De nyeste dagsordenspunkter og beslutninger fra udvalgene i %(name)s.")
            % {"name": town.name},
            page=town.get_absolute_url(),
            author=town.name,
            items=feed_items(AgendaItem.objects.filter(search_municipality=town)),
        )


class CommitteeFeed(ItemFeed):
    def get_source(self, request, municipality: str, slug: str) -> Source:
        town = _town(municipality)
        committee = get_object_or_404(Committee, municipality=town, slug=slug)
        return Source(
            title=f"{committee.name}, {town.name}",
            subtitle=_("Udvalgets nyeste dagsordenspunkter og beslutninger."),
            page=committee.get_absolute_url(),
            author=town.name,
            items=feed_items(AgendaItem.objects.filter(search_committee=committee)),
        )


class CaseFeed(ItemFeed):
    def get_source(self, request, municipality: str, number: str) -> Source:
        town = _town(municipality)
        case = get_object_or_404(Case, municipality=town, number=number)
        title = _("Sag %(number)s") % {"number": case.number}
        if case.latest_title:
            title += f": {case.latest_title}"
        return Source(
            title=title,
            subtitle=_("Hver behandling af sagen i et udvalg, den nyeste først."),
            page=case.get_absolute_url(),
            author=town.name,
            items=feed_items(AgendaItem.objects.filter(case=case)),
        )


class PersonFeed(ItemFeed):
    def get_source(self, request, municipality: str, slug: str) -> Source:
        town = _town(municipality)
        person = Person.objects.filter(municipality=town, slug=slug).first()
        if person is None:  # a spelling merged into another: that person's feed
            person = get_object_or_404(
                PersonAlias.objects.select_related("person"), municipality=town, slug=slug
            ).person
        return Source(
            title=f"{person.name}, {town.name}",
            subtitle=_("Punkter fra møder, personen var til stede ved."),
            page=person.get_absolute_url(),
            author=town.name,
            items=feed_items(
                AgendaItem.objects.filter(
                    meeting__attendance__person=person, meeting__attendance__status="present"
                )
            ),
        )


class SearchFeed(ItemFeed):
    """A search with the parameters /soeg/ takes, its newest matches first."""

    def get_source(self, request) -> Source:
        from meetings.search.forms import SearchForm
        from meetings.search.query import search_items

        form = SearchForm(request.GET)
        query = (form.cleaned()["q"] or "").strip()
        result = search_items(
            query,
            filters=form.filters(),
            sort="date",
            per_page=ENTRIES,
            facets=False,
            suggest=False,
        )
        ids = [hit.id for hit in result.hits]
        found = {item.pk: item for item in feed_items(AgendaItem.objects.filter(pk__in=ids))}
        town = form.cleaned()["municipality"]
        params = request.GET.copy()
        params.pop("page", None)
        return Source(
            title=_("Søgning: %(query)s") % {"query": query or "–"},
            subtitle=_("De nyeste punkter, søgningen finder i Referatarkivet."),
            page=f"{reverse('search:search')}?{params.urlencode()}",
            author=town.name if town else _("Referatarkivet"),
            items=[found[pk] for pk in ids if pk in found],
        )
