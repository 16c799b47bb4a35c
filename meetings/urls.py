"""Public pages and open-data endpoints of the archive."""

from django.urls import path, register_converter

from . import converters, views

register_converter(converters.IsoDateConverter, "isodate")

app_name = "meetings"

urlpatterns = [
    path("", views.home, name="home"),
    path("moeder/<slug:committee>/<isodate:date>/", views.meeting_detail, name="meeting_detail"),
    path(
        "moeder/<slug:committee>/<isodate:date>/punkt/<int:number>/",
        views.item_detail,
        name="item_detail",
    ),
    path("udvalg/<slug:slug>/", views.committee_detail, name="committee_detail"),
    path("personer/<slug:slug>/", views.person_detail, name="person_detail"),
    path("sager/<str:number>/", views.case_detail, name="case_detail"),
]
