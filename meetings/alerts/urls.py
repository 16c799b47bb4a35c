"""Addresses of following the archive, under words no municipality's slug can be
(meetings.models.archive.RESERVED_SLUGS: `feeds`, `kalender`; `foelg` for the mails' pages,
not a Danish municipality either). archive/urls.py includes these before a municipality's own
addresses, so a slug here is `<slug:…>`: the view answers 404 for one no municipality has.

- /feeds/ everything; /feeds/soeg/?q=… a search (the parameters /soeg/ takes);
  /feeds/<kommune>/ and its /udvalg/<slug>/, /sager/<sagsnr>/, /personer/<slug>/: Atom.
- /kalender/<kommune>.ics and /kalender/<kommune>/<udvalg>.ics: iCalendar.
- /foelg/ (the form's POST), /foelg/bekraeft/<token>/, /foelg/afmeld/<token>/,
  /foelg/mine/<token>/ (a subscriber's own list).
"""

from django.urls import path

from . import calendars, feeds, views

app_name = "alerts"

urlpatterns = [
    path("feeds/", feeds.ArchiveFeed(), name="feed"),
    path("feeds/soeg/", feeds.SearchFeed(), name="search_feed"),
    path("feeds/<slug:municipality>/", feeds.MunicipalityFeed(), name="town_feed"),
    path(
        "feeds/<slug:municipality>/udvalg/<slug:slug>/",
        feeds.CommitteeFeed(),
        name="committee_feed",
    ),
    path(
        "feeds/<slug:municipality>/personer/<slug:slug>/",
        feeds.PersonFeed(),
        name="person_feed",
    ),
    # A sagsnr is printed text and may hold a slash.
    path(
        "feeds/<slug:municipality>/sager/<path:number>/",
        feeds.CaseFeed(),
        name="case_feed",
    ),
    path(
        "kalender/<slug:municipality>.ics",
        calendars.municipality_calendar,
        name="town_calendar",
    ),
    path(
        "kalender/<slug:municipality>/<slug:slug>.ics",
        calendars.committee_calendar,
        name="committee_calendar",
    ),
    path("foelg/", views.subscribe, name="subscribe"),
    path("foelg/bekraeft/<str:token>/", views.confirm, name="confirm"),
    path("foelg/afmeld/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("foelg/mine/<str:token>/", views.manage, name="manage"),
]
