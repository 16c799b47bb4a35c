"""URLs of full-text search (/soeg/ and /api/search)."""

urlpatterns: list = []
