"""A meeting JSON rendered as the FirstAgenda Publication portal's page, as a browser saves it.

We have no saved page, so this builds one the way the portal's single-page app lays a meeting
out, after the DOM that public scrapers of the portal read (dagsordener.aarhus.dk and others):
`h1.green.dato`, `.title .udvalg`/`.sted`, `table.dagsordeninfo .dato`,
`#hentHeledagsorden[data-id]`, `#dagsordenDetaljer tr.punktrow#punktrow_<id>` with the number
in `td.punkt-tabel .label` and the title in `h2.overskrift`, `.details .sagsnummer`, a
`.dropdown-menu` with `a[data-type=kopier_punkt]`, attachments as `span.pdf-label` +
`a.bilag-link` to `/vis/pdf/bilag/<id>?redirectDirectlyToPdf=false`. Around it the furniture
a saved page carries: a cookie dialog, navigation, toolbar buttons, a "link copied" modal, a
footer, attachment counts. Each item's fields are the JSON's `Felter` HTML, as the portal
inserts them.
"""

from __future__ import annotations

import datetime as dt
from html import escape

WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)

COOKIE_DIALOG = """
<div id="CybotCookiebotDialog" role="dialog" aria-modal="true" class="CybotEdge">
  <h2 id="CybotCookiebotDialogBodyContentTitle">Denne hjemmeside bruger cookies</h2>
  <div class="CybotCookiebotDialogBodyText">Vi bruger cookies til at huske dine indstillinger
  og til statistik. 1. Nødvendige cookies er altid slået til.</div>
  <button id="CybotCookiebotDialogBodyButtonDecline">Afvis alle</button>
  <button id="CybotCookiebotDialogBodyButtonAccept">Tillad alle</button>
</div>"""

NAVIGATION = """
<a class="skip-link" href="#indhold">Gå til indhold</a>
<header class="site-header">
  <a href="/" class="logo"><img src="logo.svg" alt="Greve Kommune"></a>
  <span class="site-name">Dagsordener og referater</span>
</header>
<nav class="navbar navbar-default" role="navigation">
  <ul class="nav navbar-nav">
    <li><a href="/">Forside</a></li><li><a href="/soeg">Søg</a></li>
    <li><a href="/udvalg">Udvalg</a></li>
  </ul>
</nav>"""

MODAL = """
<div class="modal fade" id="kopierLinkModal" tabindex="-1" aria-hidden="true">
  <div class="modal-dialog"><div class="modal-content">
    <div class="modal-body"><p>Linket er kopieret til udklipsholderen</p></div>
    <div class="modal-footer"><button type="button" class="btn" data-dismiss="modal">Luk</button>
    </div>
  </div></div>
</div>
<footer class="site-footer"><p>Powered by FirstAgenda Publication</p>
  <p><a href="/tilgaengelighed">Tilgængelighedserklæring</a></p></footer>
<script src="/scripts/app.bundle.js"></script>
<script>window.appConfig = {"culture": "da-DK", "api": "/api/agenda/"};</script>"""


def long_date(moment: dt.datetime) -> str:
    """ "torsdag den 16. november 2023 kl. 16:15", as the portal writes a meeting's time."""
    return (
        f"{WEEKDAYS[moment.weekday()].capitalize()} den {moment.day}. {MONTHS[moment.month - 1]} "
        f"{moment.year} kl. {moment:%H:%M}"
    )


def render_portal_page(meeting: dict, *, root: str = "https://dagsordener.greve.dk") -> bytes:
    moede, udvalg = meeting["Moede"], meeting["Udvalg"]
    meeting_id = meeting["Id"]
    moment = dt.datetime.fromisoformat(moede["Dato"])
    word = "Referat" if moede["Afsluttet"] else "Dagsorden"
    if "Ekstraordinær" in moede["Navn"]:
        word = f"Ekstraordinær {word.lower()}"
    people = []
    for person in moede["Moededeltagere"]:
        marker = " (Afbud)" if person["Absent"] or person["ParticipationCancelled"] else ""
        people.append(f"<li>{escape(person['Name'])}{marker}</li>")
    participants = (
        f'<div class="deltagere"><h3>Deltagere</h3><ul>{"".join(people)}</ul></div>'
        if people
        else ""
    )
    rows = [_item_row(item, root) for item in meeting["Dagsordenpunkter"]]
    url = f"{root}/vis?id={meeting_id}"
    page = f"""<!DOCTYPE html>
<!-- saved from url=({len(url):04d}){url} -->
<html lang="da"><head><meta charset="utf-8">
<title>Dagsordener og referater - {escape(udvalg["Navn"])}</title>
<link rel="stylesheet" href="/content/site.css"><style>.punktrow .details{{display:none}}</style>
</head><body class="modal-open">
{COOKIE_DIALOG}
{NAVIGATION}
<main id="indhold" class="container">
  <div class="row dagsorden-header">
    <h1 class="green dato">{escape(word)}</h1>
    <div class="title"><span class="udvalg">{escape(udvalg["Navn"])}</span>
      <span class="sted">{escape(moede["Sted"] or "")}</span></div>
    <table class="dagsordeninfo"><tbody>
      <tr><td>Udvalg</td><td class="udvalg">{escape(udvalg["Navn"])}</td></tr>
      <tr><td>Dato</td><td class="dato">{escape(long_date(moment))}</td></tr>
      <tr><td>Sted</td><td class="sted">{escape(moede["Sted"] or "")}</td></tr>
    </tbody></table>
    <div class="btn-toolbar" role="toolbar">
      <button id="hentHeledagsorden" class="btn btn-primary" data-id="{meeting_id}">
        <span class="glyphicon glyphicon-download" aria-hidden="true"></span> Hent som PDF</button>
      <button class="btn" onclick="window.print()">Print</button>
      <a class="btn" href="#" data-type="kopier_dagsorden">Kopier link</a>
    </div>
    {participants}
  </div>
  <table id="dagsordenDetaljer" class="table"><tbody>
  {"".join(rows)}
  </tbody></table>
</main>
{MODAL}
</body></html>"""
    return page.encode("utf-8")


def _item_row(item: dict, root: str) -> str:
    item_id = item["Id"]
    bilag = sorted(item["Bilag"] or [], key=lambda b: b["Order"])
    count = f'<span class="badge">{len(bilag)} bilag</span>' if bilag else ""
    case = (
        f'<span class="sagsnummer">Sagsnr.: {escape(item["SagsNummer"])}</span>'
        if item["SagsNummer"]
        else ""
    )
    absent = [a["Name"] for a in item["ExternalAgendaItemAttendees"] or []]
    attendance = (
        f'<div class="fravaerende">Fraværende: {escape(", ".join(absent))}</div>' if absent else ""
    )
    felter = "".join(f["Html"] or "" for f in item["Felter"] or [])
    attachments = ""
    if bilag:
        entries = "".join(
            f'<li><span class="pdf-label" data-id="{b["Id"]}">PDF</span> '
            f'<a class="bilag-link" id="enclosure-{b["Id"]}" '
            f'href="/vis/pdf/bilag/{b["Id"]}?redirectDirectlyToPdf=false" target="_blank">'
            f"{escape(b['Navn'])}</a></li>"
            for b in bilag
        )
        attachments = f'<div class="bilag"><h4>Bilag ({len(bilag)})</h4><ul>{entries}</ul></div>'
    return f"""
  <tr class="punktrow" id="punktrow_{item_id}">
    <td class="punkt-col punkt-tabel text-center">
      <span class="label label-default">{escape(item["Punktnummer"])}</span></td>
    <td>
      <span class="glyphicon glyphicon-plus" aria-hidden="true"></span>
      <h2 class="overskrift">{escape(item["Navn"])}</h2> {count}
      <div class="details collapse" aria-hidden="true">
        {case}
        <div class="dropdown">
          <button class="btn dropdown-toggle" data-toggle="dropdown" aria-expanded="false">
            Handlinger</button>
          <ul class="dropdown-menu">
            <li><a href="#" data-type="kopier_punkt" data-id="{item_id}">Kopier link</a></li>
            <li><a href="{root}/vis/pdf/dagsordenpunkt/{item_id}?redirectDirectlyToPdf=false">
              Hent som PDF</a></li>
          </ul>
        </div>
        {attendance}
        {felter}
        {attachments}
      </div>
    </td>
  </tr>"""
