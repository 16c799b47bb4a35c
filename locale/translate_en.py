"""Fill the untranslated and fuzzy entries of locale/en/LC_MESSAGES/django.po from the table
below (run after makemessages); an entry translated already is left as it is.

uv run manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=staticfiles
uv run python locale/translate_en.py
uv run manage.py compilemessages -l en
"""

import re
from pathlib import Path

PO = Path(__file__).parent / "en" / "LC_MESSAGES" / "django.po"

EN = {
    "Dansk": "Dansk",
    "English": "English",
    "Møder og referater": "Meetings and minutes",
    "Godkendt": "Approved",
    "Taget til efterretning": "Noted",
    "Orientering givet": "Briefing given",
    "Indstillingen tiltrådt": "Recommendation endorsed",
    "Anbefalet": "Recommended",
    "Drøftet": "Discussed",
    "Ikke godkendt": "Not approved",
    "Udsat": "Postponed",
    "Intet under punktet": "Nothing under the item",
    "Beslutning ikke frigivet": "Decision not released",
    "Anden beslutning": "Other decision",
    "Ingen beslutning": "No decision",
    "januar": "January",
    "februar": "February",
    "marts": "March",
    "april": "April",
    "maj": "May",
    "juni": "June",
    "juli": "July",
    "august": "August",
    "september": "September",
    "oktober": "October",
    "november": "November",
    "december": "December",
    "Udvalg": "Committees",
    "Alle udvalg": "All committees",
    "Valgperiode": "Election period",
    "Alle perioder": "All periods",
    "År": "Year",
    "Måned": "Month",
    "Alle måneder": "All months",
    "Udfald": "Outcome",
    "Alle udfald": "All outcomes",
    "navn": "name",
    "forkortelse": "abbreviation",
    "udvalg": "committee",
    "person": "person",
    "personer": "people",
    "Tekst": "Text",
    "filnavn": "file name",
    "modtaget": "received",
    "modtaget af": "received by",
    "advarsler": "warnings",
    "kildedokument": "source document",
    "kildedokumenter": "source documents",
    "udvalgets navn": "committee name",
    "valgperiode": "election period",
    "mødedato": "meeting date",
    "starttid": "start time",
    "mødested": "place",
    "titel": "title",
    "referat": "minutes",
    "møde": "meeting",
    "møder": "meetings",
    "Til stede": "Present",
    "Fraværende": "Absent",
    "fremmøde": "attendance",
    "sagsnr": "case number",
    "sag": "case",
    "sager": "cases",
    "punkt": "item",
    "beslutning": "decision",
    "udfald": "outcome",
    "dagsordenspunkt": "agenda item",
    "dagsordenspunkter": "agenda items",
    "sagens forløb": "case history",
    "l j. F Y": "l j F Y",
    "j. F Y": "j F Y",
    "Siden findes ikke": "Page not found",
    "Vi kunne ikke finde det, du ledte efter. Måske er adressen skrevet forkert.": (
        "We could not find what you were looking for. Perhaps the address is mistyped."
    ),
    "Til forsiden": "To the front page",
    "Der skete en fejl": "Something went wrong",
    "Referatarkivet": "Minutes archive",
    "Siden kunne ikke vises lige nu. Prøv igen om lidt.": (
        "The page could not be shown just now. Please try again shortly."
    ),
    "Lejre Kommune": "Lejre Municipality",
    "Spring til indhold": "Skip to content",
    "Hovedmenu": "Main menu",
    "Møder": "Meetings",
    "Personer": "People",
    "Sager": "Cases",
    "Søg": "Search",
    "Referater fra Lejre Kommunes udvalg.": "Minutes of the committees of Lejre Municipality.",
    "Åbne data (JSON)": "Open data (JSON)",
    "%(counter)s behandling": ("%(counter)s treatment", "%(counter)s treatments"),
    "senest": "latest",
    "Filtre": "Filters",
    "Vis": "Show",
    "Nulstil": "Reset",
    "Punkt %(number)s": "Item %(number)s",
    "Sagsnr.": "Case no.",
    "Punktets adresse": "Link to this item",
    "Beslutning": "Decision",
    "Ingen beslutning i referatet.": "No decision in the minutes.",
    "Sagens forløb": "Case history",
    "Afbud:": "Apologies:",
    "Bilag": "Attachments",
    "Vis hele teksten (%(words)s ord)": "Show the full text (%(words)s words)",
    "%(counter)s punkt": ("%(counter)s item", "%(counter)s items"),
    "Sider": "Pages",
    "Forrige side": "Previous page",
    "Side %(number)s af %(total)s": "Page %(number)s of %(total)s",
    "Næste side": "Next page",
    "Sag": "Case",
    "Brødkrumme": "Breadcrumb",
    "Seneste beslutning": "Latest decision",
    "punkt %(number)s": "item %(number)s",
    "Intet forløb registreret.": "No history recorded.",
    "Punkter om sagen": "Items about the case",
    "%(counter)s sag": ("%(counter)s case", "%(counter)s cases"),
    "Ingen sager passer til filtrene.": "No cases match the filters.",
    "Blå: til stede. Grå: fraværende. Tallene står også i tabellen.": (
        "Blue: present. Grey: absent. The numbers are also in the table."
    ),
    "%(present)s af %(total)s (%(rate)s %%)": "%(present)s of %(total)s (%(rate)s %%)",
    "Tallene som tabel": "The numbers as a table",
    "Fremmøde": "Attendance",
    "Sagens vej gennem udvalgene": "The case's path through the committees",
    "Hvert punkt er en behandling i et udvalg, fra venstre (ældst) til højre (nyest). "
    "Forløbet står også som liste under billedet.": (
        "Each dot is a treatment in a committee, from left (oldest) to right (newest). "
        "The history is also listed below the picture."
    ),
    "Udfyldt prik: et møde i arkivet. Tom prik: kendt fra Sagens forløb.": (
        "Filled dot: a meeting in the archive. Open dot: known from the case history."
    ),
    "Møder pr. år pr. udvalg": "Meetings per year per committee",
    "I alt %(total)s møder. Tallene står også i tabellen under billedet.": (
        "%(total)s meetings in all. The numbers are also in the table below the picture."
    ),
    "Møder pr. år pr. udvalg. Mørkere felt: flere møder.": (
        "Meetings per year per committee. Darker cell: more meetings."
    ),
    "%(counter)s møde i arkivet": (
        "%(counter)s meeting in the archive",
        "%(counter)s meetings in the archive",
    ),
    "Valgperioder:": "Election periods:",
    "Medlemmer og fremmøde": "Members and attendance",
    "Fremmøde pr. medlem": "Attendance per member",
    "Medlem": "Member",
    "Ingen fremmøde registreret.": "No attendance recorded.",
    "Ingen møder passer til filtrene.": "No meetings match the filters.",
    "Ingen sager.": "No cases.",
    "%(counter)s møde": ("%(counter)s meeting", "%(counter)s meetings"),
    "Ingen udvalg endnu.": "No committees yet.",
    "Møder pr. år": "Meetings per year",
    "Beslutninger, fremmøde og sager fra Lejre Kommunes udvalg.": (
        "Decisions, attendance and cases from the committees of Lejre Municipality."
    ),
    "Søg i beslutninger og referater": "Search decisions and minutes",
    "fx skolereform eller 25-003798": "e.g. skolereform or 25-003798",
    "Arkivet i tal": "The archive in figures",
    "Dagsordenspunkter": "Agenda items",
    "Seneste møder": "Latest meetings",
    "Arkivet har endnu ingen møder.": "The archive has no meetings yet.",
    "Alle møder": "All meetings",
    "Citér dette punkt:": "Cite this item:",
    "Dato": "Date",
    "Tid": "Time",
    "kl.": "at",
    "Sted": "Place",
    "Hent det originale referat": "Download the original minutes",
    "Til stede (%(counter)s)": ("Present (%(counter)s)", "Present (%(counter)s)"),
    "Ikke oplyst": "Not stated",
    "Fraværende (%(counter)s)": ("Absent (%(counter)s)", "Absent (%(counter)s)"),
    "Ingen": "None",
    "Dagsorden": "Agenda",
    "Udvalgets andre møder": "The committee's other meetings",
    "Forrige møde": "Previous meeting",
    "Næste møde": "Next meeting",
    "Måneder i %(year)s": "Months in %(year)s",
    "Til stede ved %(present)s af %(total)s møder (%(rate)s %%).": (
        "Present at %(present)s of %(total)s meetings (%(rate)s %%)."
    ),
    "Intet fremmøde registreret.": "No attendance recorded.",
    "Udvalg og valgperioder": "Committees and election periods",
    "Fremmøde pr. udvalg og valgperiode": "Attendance per committee and election period",
    "Alle møder med fremmøde": "Every meeting with attendance",
    "Sager personen var med til at behandle": "Cases this person took part in",
    "Medlemmer nævnt i referaterne, med fremmøde": "Members named in the minutes, with attendance",
    "Navn": "Name",
    "Seneste møde": "Latest meeting",
    "Ingen personer endnu.": "No people yet.",
    "Alle %(count)s møder": "All %(count)s meetings",
    "Alle %(count)s sager": "All %(count)s cases",
    "De %(shown)s senest behandlede af %(count)s sager.": (
        "The %(shown)s most recently treated of %(count)s cases."
    ),
    "personalet underrettet": "staff told",
    "Referatarkivet: %(count)d høstet møde venter på gennemsyn": (
        "Referatarkivet: %(count)d harvested meeting awaits review",
        "Referatarkivet: %(count)d harvested meetings await review",
    ),
    "Et høstet møde er holdt tilbage, fordi det kan indeholde personoplysninger. Det "
    "offentliggøres ikke, før nogen har set det igennem:": (
        "A harvested meeting was held back because it may contain personal data. It is not "
        "published until someone has reviewed it:",
        "%(counter)s harvested meetings were held back because they may contain personal data. "
        "They are not published until someone has reviewed them:",
    ),
    "Gennemse:": "Review:",
    "På portalen:": "At the portal:",
    "Selve de mulige personoplysninger står ikke i denne mail; de vises på siden til gennemsyn.": (
        "The possible personal data itself is not in this mail; the review page shows it."
    ),
}


def _strings(lines: list[str]) -> str:
    return "".join(re.match(r'^(?:msgid(?:_plural)? )?"(.*)"$', line).group(1) for line in lines)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _unfuzzy(line: str) -> str:
    """A flags line without `fuzzy` (makemessages' guess, replaced by the table's)."""
    if not line.startswith("#,"):
        return line
    return "#," + ",".join(f for f in line[2:].split(",") if f.strip() != "fuzzy")


def fill(po: str) -> tuple[str, list[str]]:
    out, missing = [], []
    for block in po.split("\n\n"):
        lines = block.split("\n")
        ids = [i for i, line in enumerate(lines) if line.startswith("msgid ")]
        if not ids:
            out.append(block)
            continue
        start = ids[0]
        end = next(i for i, line in enumerate(lines) if line.startswith("msgstr"))
        plurals = [i for i in range(start, end) if lines[i].startswith("msgid_plural")]
        plural_at = plurals[0] if plurals else None
        msgid = _strings(lines[start : plural_at or end])
        if msgid == "":  # the header: not fuzzy, so msgfmt reads its charset
            out.append("\n".join(line for line in lines if line != "#, fuzzy"))
            continue
        translated = any(re.match(r'^(?:msgstr(?:\[\d\])? )?"(.+)"$', line) for line in lines[end:])
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        if translated and not fuzzy:
            out.append(block)  # translated already (perhaps by hand, for its context): kept
            continue
        english = EN.get(msgid.replace('\\"', '"').replace("\\\\", "\\"))
        if english is None:
            missing.append(msgid)
            out.append(block)
            continue
        head = [_unfuzzy(line) for line in lines[:end] if not line.startswith("#|")]
        head = [line for line in head if line != "#,"]
        if plural_at is not None:
            one, many = english
            body = [f"msgstr[0] {_quote(one)}", f"msgstr[1] {_quote(many)}"]
        else:
            body = [f"msgstr {_quote(english)}"]
        out.append("\n".join(head + body))
    return "\n\n".join(out), missing


if __name__ == "__main__":
    text, missing = fill(PO.read_text())
    PO.write_text(text)
    for msgid in missing:
        print("untranslated:", msgid)
