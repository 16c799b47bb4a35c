"""The words and marks of the FirstAgenda Publication portal (DOMAIN.md, "The FirstAgenda
Publication portal"), where many municipalities publish at https://dagsordener.<kommune>.dk/:
of its meeting JSON, as meetings.ingest.firstagenda reads it.
"""

# The meeting JSON (`GET /api/agenda/dagsorden/<meeting id>`) --------------------------------------

# The source system a referat read from the portal names (its `source.system`).
SYSTEM = "firstagenda"
# A title starting with this marks a closed item (`IsOpen` is false on every Greve item and
# says nothing).
CLOSED_PREFIX = "Lukket:"
# `Moede.Navn` is "Dagsorden" or "Ekstraordinær dagsorden", also for a held meeting.
EXTRAORDINARY = "Ekstraordinær"
# The referat's title, as the portal heads the meeting: "Referat Økonomiudvalget 16-11-2023".
TITLE_WORDS = {"referat": "Referat", "dagsorden": "Dagsorden"}
EXTRAORDINARY_TITLE_WORDS = {
    "referat": "Ekstraordinært referat",
    "dagsorden": "Ekstraordinær dagsorden",
}
# An `ExternalAgendaItemAttendees` entry with one of these reasons (or AttendanceType 2 and no
# reason) was absent for that item.
ITEM_ABSENT_REASONS = ("Fraværende", "Afbud", "Forfald", "Fravær")
ITEM_ABSENT_ATTENDANCE_TYPE = 2
# Headings that hold other sections (Greve's `<h3>Fremstilling</h3>`) or that only label the
# attachment list: no section of their own unless text stands directly under them.
CONTAINER_SECTIONS = ("Fremstilling", "Bilag")
# A heading element "Beslutning i Økonomiudvalget den 12. januar 2021" or "Beslutninger" is the
# decision too (DOMAIN.md, "Other municipalities").
DECISION_HEADING_WORDS = ("Beslutning", "Beslutninger")
# Where the portal serves an attachment, under its root ("https://dagsordener.greve.dk").
ATTACHMENT_PATH = "/Vis/Pdf/bilag/"
# The portal's wall clock, for a date given in UTC.
PORTAL_TIMEZONE = "Europe/Copenhagen"
