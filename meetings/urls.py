"""Public pages and open-data endpoints of the archive, at Danish addresses.

A municipality's things live under its slug (`/lejre/moeder/…`, `/greve/sager/21-014477/`);
the lists at the top (`/moeder/`, `/sager/`, `/udvalg/`, `/personer/`) cover every
municipality. A list and its municipality's list share a name: reverse() picks the address by
whether a municipality is given.
"""

from django.urls import include, path, register_converter

from . import converters
from .opendata import api
from .pages import redirects, views

register_converter(converters.MeetingDayConverter, "meetingday")
register_converter(converters.MunicipalityConverter, "municipality")

app_name = "meetings"

# The pages of one municipality, under its slug.
town_patterns = [
    path("", views.municipality_home, name="municipality_home"),
    path("moeder/", views.meeting_list, name="meeting_list"),
    path("moeder/<slug:committee>/<meetingday:date>/", views.meeting_detail, name="meeting_detail"),
    path(
        "moeder/<slug:committee>/<meetingday:date>/referat/",
        views.meeting_source,
        name="meeting_source",
    ),
    path(
        "moeder/<slug:committee>/<meetingday:date>/punkt/<int:number>/",
        views.item_detail,
        name="item_detail",
    ),
    path(
        "moeder/<slug:committee>/<meetingday:date>/versioner/",
        views.meeting_versions_page,
        name="meeting_versions",
    ),
    path(
        "moeder/<slug:committee>/<meetingday:date>/versioner/<int:version>/",
        views.meeting_version,
        name="meeting_version",
    ),
    path(
        "moeder/<slug:committee>/<meetingday:date>/versioner/<int:version>/referat/",
        views.meeting_version_source,
        name="meeting_version_source",
    ),
    path("udvalg/", views.committee_list, name="committee_list"),
    path("udvalg/<slug:slug>/", views.committee_detail, name="committee_detail"),
    path("personer/", views.person_list, name="person_list"),
    path("personer/<slug:slug>/", views.person_detail, name="person_detail"),
    path("sager/", views.case_list, name="case_list"),
    path("status/", views.status_page, name="status"),
    # A sagsnr is printed text: even one with a slash must get an address (never a 500).
    path("sager/<path:number>/", views.case_detail, name="case_detail"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("moeder/", views.meeting_list, name="meeting_list"),
    path("udvalg/", views.committee_list, name="committee_list"),
    path("personer/", views.person_list, name="person_list"),
    path("sager/", views.case_list, name="case_list"),
    path("status/", views.status_page, name="status"),
    path("api/status", api.status, name="api_status"),
    path("api/meetings/", api.meeting_list, name="api_meeting_list"),
    path("api/meetings/<int:pk>/", api.meeting_detail, name="api_meeting_detail"),
    path("api/meetings/<int:pk>/versions/", api.meeting_versions, name="api_meeting_versions"),
    path("api/changes", api.changes, name="api_changes"),
    path("api/export/", api.export_list, name="api_export"),
    path("api/export/<str:name>", api.export_file, name="api_export_file"),
    path(
        "api/meetings/<int:pk>/versions/<int:number>/",
        api.meeting_version,
        name="api_meeting_version",
    ),
    # The addresses from before municipalities: each leads for good to its new place.
    path("moeder/<slug:committee>/<meetingday:date>/", redirects.meeting),
    path("moeder/<slug:committee>/<meetingday:date>/referat/", redirects.meeting_source),
    path("moeder/<slug:committee>/<meetingday:date>/punkt/<int:number>/", redirects.item),
    path("udvalg/<slug:slug>/", redirects.committee),
    path("personer/<slug:slug>/", redirects.person),
    path("sager/<path:number>/", redirects.case),
    path("<municipality:municipality>/", include(town_patterns)),
]
