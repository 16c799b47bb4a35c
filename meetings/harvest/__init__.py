"""Fetching referater from municipalities' own portals: client (polite HTTP) → portal (its
endpoints and list) → harvester (what to fetch, then the one store `ingest` and upload use) →
tasks (the schedule, on the background worker)."""
