"""URLs of full-text search (/soeg/ and /api/search)."""

from django.urls import path

from . import search_views

app_name = "search"

urlpatterns = [
    path("soeg/", search_views.search_page, name="search"),
    path("api/search", search_views.search_api, name="api"),
]
