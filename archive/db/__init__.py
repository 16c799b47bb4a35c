"""The archive's own PostgreSQL: an embedded server used whenever DATABASE_URL is unset."""
