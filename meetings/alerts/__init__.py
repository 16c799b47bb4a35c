"""Following the archive: Atom feeds, meeting calendars and e-mail alerts without an account."""
