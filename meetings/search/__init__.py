"""Full-text search: where a query becomes SQL (query.py), Danish compounds, form, pages, URLs."""
