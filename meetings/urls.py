"""Public pages and open-data endpoints of the archive, at Danish addresses."""

from django.urls import path, register_converter

from . import converters
from .opendata import api
from .pages import views

register_converter(converters.MeetingDayConverter, "meetingday")

app_name = "meetings"

urlpatterns = [
    path("", views.home, name="home"),
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
    path("udvalg/", views.committee_list, name="committee_list"),
    path("udvalg/<slug:slug>/", views.committee_detail, name="committee_detail"),
    path("personer/", views.person_list, name="person_list"),
    path("personer/<slug:slug>/", views.person_detail, name="person_detail"),
    path("sager/", views.case_list, name="case_list"),
    # A sagsnr is printed text: even one with a slash must get an address (never a 500).
    path("sager/<path:number>/", views.case_detail, name="case_detail"),
    path("api/meetings/", api.meeting_list, name="api_meeting_list"),
    path("api/meetings/<int:pk>/", api.meeting_detail, name="api_meeting_detail"),
]
