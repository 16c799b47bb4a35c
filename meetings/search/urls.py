"""URLs of full-text search (/soeg/ and /api/search)."""

from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("soeg/", views.search_page, name="search"),
    path("api/search", views.search_api, name="api"),
]
