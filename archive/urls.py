"""Top-level URLs: the public archive, search, open data, admin and a health check."""

from django.contrib import admin
from django.urls import include, path

from archive import health
from meetings.pages import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", health.healthz, name="healthz"),
    # Browsers ask for /favicon.ico where a page names no icon (the JSON of the open data).
    path("favicon.ico", views.favicon),
    path("", include("meetings.search.urls")),
    # Feeds, calendars and e-mail alerts: before the municipalities' own addresses.
    path("", include("meetings.alerts.urls")),
    path("", include("meetings.urls")),
]

handler404 = "meetings.pages.views.page_not_found"
