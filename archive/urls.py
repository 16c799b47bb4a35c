"""Top-level URLs: the public archive (Danish at its plain addresses, English under /en/),
search, open data, the sitemaps, admin and a health check."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from archive import health
from meetings.pages import views
from meetings.pages.sitemaps import SITEMAPS

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("healthz", health.healthz, name="healthz"),
    # Browsers ask for /favicon.ico where a page names no icon (the JSON of the open data).
    path("favicon.ico", views.favicon),
    path("robots.txt", views.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
]
# The pages in Danish at /…, and in English at /en/…: a shared English link opens in English.
urlpatterns += i18n_patterns(
    path("", include("meetings.search.urls")),
    # Feeds, calendars and e-mail alerts: before the municipalities' own addresses.
    path("", include("meetings.alerts.urls")),
    path("", include("meetings.urls")),
    prefix_default_language=False,
)

handler404 = "meetings.pages.views.page_not_found"
# The 503 page when the database failed outside a view; the plain 500 page otherwise.
handler500 = "archive.middleware.server_error"
