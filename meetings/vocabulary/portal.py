"""The words and marks of the FirstAgenda Publication portal (DOMAIN.md, "The FirstAgenda
Publication portal"), where many municipalities publish at https://dagsordener.<kommune>.dk/:
of its meeting JSON, as meetings.ingest.firstagenda reads it, and of its meeting page as a
person saves it from the browser, as meetings.ingest.webpage reads it.
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

# The saved meeting page (`/vis?id=<meeting id>`) --------------------------------------------------

# The word heading the page says what the document is.
KIND_WORDS = {
    "referat": ("Referat", "Beslutningsprotokol", "Protokol"),
    "dagsorden": ("Dagsorden", "Tillægsdagsorden"),
}
# Labels of the page's header, as "Label: value", "Label<tab>value" or a label line above its
# value lines. (PAGE_, here and below: referat.py's HEADER_LABELS and CASE_NUMBER_LABELS are
# those of a printed referat.)
PAGE_HEADER_LABELS = {
    "committee": ("Udvalg", "Forum"),
    "date": ("Mødedato", "Dato", "Mødetidspunkt", "Tidspunkt", "Tid"),
    "place": ("Mødested", "Sted", "Mødelokale", "Lokale"),
    "participants": ("Mødedeltagere", "Deltagere", "Medlemmer", "Til stede", "Tilstede"),
    "absent": ("Afbud", "Fraværende", "Fravær", "Deltog ikke", "Ikke til stede"),
}
# Lines that open an item, before its fields: its case number and who was absent for it.
PAGE_CASE_NUMBER_LABELS = (
    "Sagsnr.",
    "Sagsnr",
    "Sagsnummer",
    "Sag nr.",
    "Sags nr.",
    "Sagsid.",
    "Sagsid",
)
ITEM_ABSENT_LABELS = ("Fraværende", "Afbud", "Fravær", "Deltog ikke", "Ikke til stede")
# Words before an item's number: "Punkt 3: …".
ITEM_NUMBER_WORDS = ("Punkt", "Pkt.", "Pkt", "Dagsordenpunkt")
# Class words of the elements that carry an item's title, the header's fields and the case
# number (Aarhus' portal: `h2.overskrift`, `.udvalg`, `.dato`, `.sted`, `.sagsnummer`).
ITEM_TITLE_CLASS_WORDS = ("overskrift", "title", "titel", "heading", "header", "caption")
HEADER_CLASSES = {
    "committee": ("udvalg", "udvalgsnavn", "committee", "committee-name"),
    "date": ("dato", "date", "moededato", "meeting-date", "tidspunkt"),
    "place": ("sted", "moedested", "location", "place"),
}
CASE_NUMBER_CLASS_WORDS = ("sagsnummer", "sagsnr", "casenumber", "case-number")
# Links to an attachment: the portal's `/vis/pdf/bilag/<id>`, or a link classed so.
ATTACHMENT_HREF_MARK = ATTACHMENT_PATH.lower().removeprefix("/vis")  # "/pdf/bilag/"
ATTACHMENT_CLASS_WORDS = ("bilag", "attachment", "enclosure")
# A label before a line of attachment links: "Bilag: <a>Skøde</a>".
ATTACHMENT_LABELS = ("Bilag", "Vedhæftede filer", "Vedhæftninger", "Vedhæftede bilag")
# Page furniture: buttons, dialogs, banners. Whole lines that are one of these phrases (any
# case) never reach an item; nor do elements with these roles, class or id words.
FURNITURE_PHRASES = (
    "Hent som PDF",
    "Hent PDF",
    "Download PDF",
    "Download",
    "Hent hele dagsordenen",
    "Hent hele dagsorden",
    "Hent hele referatet",
    "Hent dagsorden",
    "Hent referat",
    "Hent punkt",
    "Åbn PDF",
    "Vis PDF",
    "PDF",
    "Kopier link",
    "Kopiér link",
    "Kopier link til punkt",
    "Kopier link til punktet",
    "Link kopieret",
    "Linket er kopieret",
    "Linket er kopieret til udklipsholderen",
    "Print",
    "Udskriv",
    "Del",
    "Del punkt",
    "Luk",
    "Åbn",
    "Åbn alle",
    "Luk alle",
    "Fold alle ud",
    "Fold alle sammen",
    "Fold ud",
    "Fold sammen",
    "Vis alle",
    "Skjul alle",
    "Vis mere",
    "Vis mindre",
    "Læs mere",
    "Tilbage",
    "Tilbage til oversigten",
    "Til toppen",
    "Gå til indhold",
    "Spring til indhold",
    "Spring til hovedindhold",
    "Menu",
    "Søg",
    "Handlinger",
    "Lydfil",
    "Afspil",
    "Abonnér",
    "Abonner",
    "Accepter",
    "Accepter alle",
    "Tillad alle",
    "Afvis",
    "Afvis alle",
    "Kun nødvendige",
    "Gem indstillinger",
    "Cookieindstillinger",
    "Cookie-indstillinger",
    "Powered by FirstAgenda Publication",
    "FirstAgenda Publication",
)
# Bare attachment counts and file notes: "3 bilag", "Bilag (3)", "(3)", "(PDF, 120 KB)".
FURNITURE_PATTERNS = (
    r"\d+\s+bilag",
    r"bilag\s*\(\d+\)",
    r"bilag:?\s*\d+",
    r"\(\d+\)",
    r"\d+\s+(?:vedhæftede\s+)?(?:filer|fil|dokumenter|dokument)",
    r"\(?(?:pdf|docx?|xlsx?)?[,\s]*\d+(?:[.,]\d+)?\s*(?:kb|mb)\)?",
    r"\(pdf\)|\[pdf\]",
)
FURNITURE_ROLES = (
    "dialog",
    "alertdialog",
    "navigation",
    "search",
    "tooltip",
    "toolbar",
    "banner",
    "contentinfo",
    "menu",
)
FURNITURE_CLASS_PREFIXES = (
    "cookie",
    "consent",
    "modal",
    "dropdown-menu",
    "sr-only",
    "visually-hidden",
    "screen-reader",
    "toast",
    "navbar",
    "breadcrumb",
    "skip-link",
)
FURNITURE_ID_WORDS = ("cookie", "consent")
# Markers of a FirstAgenda page, for the cheap sniff.
PAGE_MARKERS = (
    b"firstagenda",
    b"dagsordenpunkter",
    b"dagsordendetaljer",
    b"punktrow",
    b"sagsfremstillingcontainer",
    b"redirectdirectlytopdf",
    b"/pdf/bilag/",
    b"/vis?id=",
    b"dagsordener.",
    b"dagsordner.",
)
# Links that point into the portal, whose root they give: "https://dagsordener.greve.dk".
PORTAL_LINK_MARKS = ("/pdf/bilag/", "/vis/pdf/", "/vis?", "dagsordener.", "dagsordner.")
