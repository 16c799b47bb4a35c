"""English pages are English: every word of ours translated, every date written one way per
language, and what the referater say (Danish) marked lang="da" so that a screen reader and a
translation tool read it as Danish."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.utils import translation

from meetings.models import Meeting, municipalities
from meetings.templatetags.archive import datetime_text, longdate, shortdate
from tests.factories import make_committee, make_item

pytestmark = pytest.mark.django_db

JAI = "/lejre/moeder/job-arbejdsmarked-og-integration"
PAGES = [
    "/",
    "/moeder/",
    "/moeder/?year=2026",
    f"{JAI}/2026-03-03/",
    f"{JAI}/2026-03-03/punkt/2/",
    "/udvalg/",
    "/lejre/udvalg/job-arbejdsmarked-og-integration/",
    "/lejre/udvalg/boern-og-ungdom/",  # known from a case history only
    "/personer/",
    "/lejre/personer/lotte-greve/",
    "/sager/",
    "/lejre/sager/25-003798/",
    "/status/",
    "/findes-ikke/",
]

# Words that give a Danish sentence away, and the letters: in English text of ours, none.
DANISH = re.compile(
    r"[æøåÆØÅ]|\b(og|af|møde|møder|punkt|punkter|udvalg|udvalget|sag|sager|behandling"
    r"|behandlinger|referat|referatet|ingen|fra|den|det|som|ikke|arkivet|seneste|alle|med"
    r"|kl|januar|februar|marts|maj|juni|juli|oktober|mandag|tirsdag|onsdag|torsdag|fredag)\b",
    re.IGNORECASE,
)
VOID = {"br", "hr", "img", "input", "link", "meta", "source", "wbr", "area", "base", "col"}


class Texts(HTMLParser):
    """Each text of a page's body with the language it is marked as (the nearest lang)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.texts: list[tuple[str, str]] = []
        self.skip = 0

    def lang(self) -> str:
        return next((lang for _tag, lang in reversed(self.stack) if lang), "")

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "title", "head"):
            self.skip += 1
        if tag not in VOID:
            self.stack.append((tag, attrs.get("lang")))
        for name in ("aria-label", "placeholder"):
            if attrs.get(name) and not self.skip:
                self.texts.append((attrs[name], attrs.get("lang") or self.lang()))

    def handle_endtag(self, tag):
        if tag in ("script", "style", "title", "head"):
            self.skip -= 1
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if data.strip() and not self.skip:
            self.texts.append((" ".join(data.split()), self.lang()))


def texts_of(html: str) -> list[tuple[str, str]]:
    parser = Texts()
    parser.feed(html)
    return parser.texts


@pytest.fixture
def pages(archive):
    bu = make_committee(name="Udvalget for Børn & Ungdom", code="BU")
    m3 = Meeting.objects.get(date=datetime.date(2026, 3, 3))
    make_item(
        meeting=m3,
        number=3,
        title="Økonomi",
        case="26-000555",
        history=[(datetime.date(2026, 3, 2), bu, "Taget til efterretning.")],
    )
    return archive


@pytest.mark.parametrize("url", PAGES)
def test_english_pages_have_no_danish_of_ours(client, pages, url):
    response = client.get(f"/en{url}")
    assert response.status_code in (200, 404)
    html = response.content.decode()
    assert '<html lang="en">' in html
    ours = [text for text, lang in texts_of(html) if lang == "en"]
    assert ours, url
    # The language switch names Danish in Danish (lang="da"); names of people are names.
    people = {"Thomas Bisgaard", "Tina Mandrup", "Lotte Greve", "Anne Hansen", "Ole Blickfeldt"}
    danish = [t for t in ours if DANISH.search(t) and t not in people and not t.startswith("http")]
    assert danish == [], url


def test_what_the_referater_say_is_marked_danish_on_english_pages(client, pages):
    html = client.get(f"/en{JAI}/2026-03-03/").content.decode()
    marked = {text for text, lang in texts_of(html) if lang == "da"}
    for referat_text in [
        "Udvalget for Job, Arbejdsmarked & Integration",  # the committee
        "Tilkendelse af yderligere midler til Ungeløftspuljen",  # an item's title
        "Indstillingen tiltrådt.",  # its decision
        "Kort resumé.",  # a section's text
        "Resumé",  # its heading
        "Udvalget for Kultur & Fritid",  # a committee in its Sagens forløb
        "Bilag 1 - Ansøgning.pdf",  # an attachment
        "Mødelokale 5, Allerslev",  # the place
    ]:
        assert referat_text in marked, referat_text
    # Our words beside them are English, unmarked.
    english = {text for text, lang in texts_of(html) if lang == "en"}
    assert {"Decision ·", "Case history", "Attachments", "Attendance"} <= english
    case = client.get("/en/lejre/sager/25-003798/").content.decode()
    assert "Ungeløftspuljen" in {text for text, lang in texts_of(case) if lang == "da"}
    listing = client.get("/en/sager/").content.decode()
    assert '<span lang="da">Tilkendelse af yderligere midler til Ungeløftspuljen</span>' in listing
    options = client.get("/en/moeder/").content.decode()
    assert '<option value="kultur-og-fritid" lang="da">Udvalget for Kultur &amp; Fritid' in options
    assert '<option value="" selected>All committees</option>' in options


# One way of writing a date per language: the weekday only where a meeting's day is named.
DATE = {
    "da": re.compile(
        r"^((mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag) )?\d{1,2}\. [a-z]+ \d{4}$"
    ),
    "en": re.compile(
        r"^((Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) )?\d{1,2} [A-Z][a-z]+ \d{4}$"
    ),
}
OTHER_DATES = re.compile(r"\b\d{1,2}[-./]\d{1,2}[-./]\d{4}\b|\b\d{4}-\d{2}-\d{2}\b")


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("url", PAGES)
def test_dates_are_written_one_way_per_language(client, pages, language, url):
    prefix = "/en" if language == "en" else ""
    html = client.get(f"{prefix}{url}").content.decode()
    shown = [text for text, _lang in texts_of(html)]
    dated = [t for t in shown if OTHER_DATES.search(t) and not t.startswith("http")]
    assert dated == [], url
    for time in re.findall(r"<time datetime=\"[^\"]+\">([^<]+)</time>", html):
        assert DATE[language].match(time), (url, time)


def test_the_date_filters_in_both_languages():
    day = datetime.date(2026, 3, 3)
    moment = datetime.datetime(2026, 3, 3, 13, 5, tzinfo=datetime.UTC)  # 14:05 in Copenhagen
    with translation.override("da"):
        assert (shortdate(day), longdate(day)) == ("3. marts 2026", "tirsdag 3. marts 2026")
        assert datetime_text(moment) == "3. marts 2026 kl. 14:05"
    with translation.override("en"):
        assert (shortdate(day), longdate(day)) == ("3 March 2026", "Tuesday 3 March 2026")
        assert datetime_text(moment) == "3 March 2026, 14:05"


def test_english_item_and_plural_words(client, pages):
    html = client.get("/en/moeder/").content.decode()
    assert "1 item" in html and "2 items" in html and "punkt" not in html
    months = client.get("/en/moeder/?year=2026").content.decode()
    assert ">March</a>" in months and ">April</a>" in months and "marts" not in months
    case = client.get("/en/lejre/sager/25-003798/").content.decode()
    assert "item 2" in case and "3 treatments." in case
    assert "Recommendation endorsed" in case  # the outcome, translated


# The crawl: from the front page every page a reader can reach by its links, over the three real
# referater (ingested as the archive ingests them), not only the pages a test thought of.
SKIPPED = re.compile(
    r"^(/en)?/(soeg|search|api|admin|static|media|i18n)(/|$)"  # search is its own; data is data
    r"|/(referat|fil|filer|bilag|kilde|download|data)(/|$)"  # files, not pages
    r"|\.(pdf|txt|md|csv|json|ics|xml|zip)$"
)
CRAWL_LIMIT = 400


class Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def crawl(client, language: str) -> dict[str, str]:
    """The pages in `language` reachable from its front page by links: address → HTML."""
    english = language == "en"
    seen: dict[str, str] = {}
    queue = ["/en/" if english else "/"]
    while queue and len(seen) < CRAWL_LIMIT:
        address = queue.pop(0)
        if address in seen:
            continue
        response = client.get(address)
        ok = response.status_code == 200 and "text/html" in response.get("Content-Type", "")
        seen[address] = response.content.decode() if ok else ""
        if not ok:
            continue
        links = Links()
        links.feed(seen[address])
        for href in links.hrefs:
            href = href.split("#", 1)[0]
            ours = href.startswith("/") and not href.startswith("//")
            if ours and href.startswith("/en/") == english and href not in seen:
                if not SKIPPED.search(href.split("?", 1)[0]):
                    queue.append(href)
    return {address: html for address, html in seen.items() if html}


@pytest.fixture
def ingested(db, referat_paths):
    import io

    from django.core.management import call_command

    call_command("ingest", *[str(path) for path in referat_paths], stdout=io.StringIO())
    municipalities.forget()


def danish_of_ours(html: str, names: set[str]) -> list[str]:
    """The texts of a page not marked Danish that read as Danish. A person's name is a name in
    any language, and an address (a page's own, shown to be copied) is an address."""
    found = []
    for text, lang in texts_of(html):
        if lang != "en" or text.startswith(("http://", "https://")):
            continue
        for name in sorted(names, key=len, reverse=True):
            text = text.replace(name, "")
        if DANISH.search(text):
            found.append(text)
    return found


def test_a_crawl_of_the_english_pages_finds_no_danish_interface_words(client, ingested):
    from meetings.models import Person

    pages = crawl(client, "en")
    # Every kind of page was reached: meetings, items, committees, people, cases, the lists.
    for kind in ("/moeder/", "/punkt/", "/udvalg/", "/personer/", "/sager/", "/status/"):
        assert any(kind in address for address in pages), kind
    assert len(pages) > 40
    names = set(Person.objects.values_list("name", flat=True))
    found = {}
    for address, html in pages.items():
        assert '<html lang="en">' in html, address
        if danish := danish_of_ours(html, names):
            found[address] = danish[:5]
    assert found == {}


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_crawl_finds_every_date_written_one_way(client, ingested, language):
    pages = crawl(client, language)
    assert len(pages) > 40
    wrong = {}
    for address, html in pages.items():
        shown = [t for t, _lang in texts_of(html) if not t.startswith(("http://", "https://"))]
        times = re.findall(r"<time datetime=\"[^\"]+\">([^<]+)</time>", html)
        bad = [t for t in shown if OTHER_DATES.search(t)]
        bad += [t for t in times if not DATE[language].match(t)]
        if bad:
            wrong[address] = bad[:5]
    assert wrong == {}


def test_one_committee_and_the_committees_are_two_words_in_english(client, pages):
    """ "Udvalg" is both: the menu's list is "Committees", a meeting's own is "Committee"."""
    meeting = client.get(f"/en{JAI}/2026-03-03/").content.decode()
    assert "<dt>Committee</dt>" in meeting
    assert ">Committees</a>" in meeting  # the menu
    assert "<h1>Committees</h1>" in client.get("/en/udvalg/").content.decode()
    assert "<dt>Udvalg</dt>" in client.get(f"{JAI}/2026-03-03/").content.decode()
