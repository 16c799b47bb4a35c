"""What issue #18 found on the pages, tried in a real Chromium on a 390 px phone and a 1280 px
screen, in Danish and in English: committees without meetings out of lists and filters but
reachable from a case, a case's count alike on the list and its page, one history with items
in meeting then agenda order, attachments linked where the source gives an address, and the
English pages English (the referater's Danish marked lang="da"). The charts' own browser
tests are in test_charts.py."""

import datetime
import io
import re

import pytest
from django.core.management import call_command

from meetings.models import Meeting
from tests.factories import make_committee, make_item

from .test_attachments import ADDRESS, POOL
from .test_language import DANISH

CASE = "26-000930"
BU = "/lejre/udvalg/boern-og-ungdom/"
NO_MEETINGS = {
    "da": "Arkivet har ingen møder fra dette udvalg.",
    "en": "The archive has no meetings of this committee.",
}
COUNT = {"da": "3 behandlinger, 2 med referat i arkivet", "en": "3 treatments, 2 with minutes"}
HISTORY = {"da": "Sagens forløb", "en": "Case history"}

# The texts a reader sees with the language they are marked as (the nearest lang="…").
VISIBLE_TEXTS = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const element = node.parentElement;
    if (!text || element.closest("script, style, [hidden], .visually-hidden")) continue;
    if (!element.getClientRects().length) continue;
    out.push([text, element.closest("[lang]").getAttribute("lang")]);
  }
  return out;
}"""


@pytest.fixture
def seen(transactional_db, archive):
    """The factories' archive (Lejre), with Børn & Ungdom known only from case histories, a
    case treated by three committees, and a Greve portal meeting whose attachments have
    addresses."""
    jai, kf = archive["jai"], archive["kf"]
    bu = make_committee(name="Udvalget for Børn & Ungdom", code="BU")
    m2 = Meeting.objects.get(committee=kf)
    m3 = Meeting.objects.get(committee=jai, date=datetime.date(2026, 3, 3))
    history = [
        (datetime.date(2026, 3, 2), kf, "Taget til efterretning."),
        (datetime.date(2026, 3, 2), bu, "Taget til efterretning. Præsentation vedlagt."),
    ]
    # Stored 4 before 3, as a referat may list them; the page shows 3 first.
    for number, title in ((4, "Økonomi, anlæg"), (3, "Økonomi, drift")):
        make_item(
            meeting=m3,
            number=number,
            title=title,
            case=CASE,
            decision="Drøftet.",
            history=history,
            sections=[("Sagens forløb", "02/03/2026 Udvalget for Kultur & Fritid")],
        )
    make_item(meeting=m2, number=2, title="Økonomi", case=CASE, decision="Godkendt.")
    call_command("ingest", str(POOL), stdout=io.StringIO())


def _open(page, language, path):
    prefix = "/en" if language == "en" else ""
    response = page.goto(prefix + path)
    assert response.status == 200, path
    assert page.locator("html").get_attribute("lang") == language
    # Nothing sticks out sideways, on the phone as on the screen.
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, path
    return response


def _visible(locator):
    box = locator.bounding_box()
    return box is not None and box["width"] > 0 and box["height"] > 0


@pytest.fixture(params=[390, 1280], ids=["phone", "desktop"])
def screen(request, browser_page):
    browser_page.set_viewport_size({"width": request.param, "height": 900})
    return browser_page


LANGUAGES = pytest.mark.parametrize("language", ["da", "en"])


@LANGUAGES
def test_a_committee_without_meetings_is_out_of_lists_but_reached_from_its_case(
    screen, seen, language
):
    page = screen
    _open(page, language, "/udvalg/")
    assert page.locator(f'a[href$="{BU}"]').count() == 0
    assert page.get_by_text("Børn & Ungdom").count() == 0
    _open(page, language, "/moeder/")
    assert page.locator('select[name="committee"] option[value="boern-og-ungdom"]').count() == 0
    _open(page, language, f"/lejre/sager/{CASE}/")
    link = page.locator(f'.case-timeline a[href$="{BU}"]').first
    assert _visible(link)
    link.click()
    page.wait_for_url(f"**{BU}")
    assert page.get_by_text(NO_MEETINGS[language]).is_visible()
    assert page.locator(".mentions").first.is_visible()
    assert page.console_errors == []


@LANGUAGES
def test_a_case_counts_alike_shows_one_history_and_its_items_in_order(screen, seen, language):
    page = screen
    _open(page, language, "/sager/")
    row = page.locator("li", has=page.locator(f'a[href$="/sager/{CASE}/"]')).first
    assert COUNT[language] in row.inner_text()
    row.locator(f'a[href$="/sager/{CASE}/"]').click()
    page.wait_for_url(f"**/sager/{CASE}/")
    assert COUNT[language] in page.locator("main").inner_text()
    headings = page.locator("h2", has_text=re.compile(f"^{HISTORY[language]}$"))
    assert headings.count() == 1 and headings.first.is_visible()
    assert page.locator("main .history").count() == 0  # no item repeats its own history
    ids = page.locator("#items ~ article.item, section:has(#items) article.item").evaluate_all(
        "items => items.map(item => item.id.split('-').pop())"
    )
    assert ids == ["3", "4", "2"]
    assert page.console_errors == []


@LANGUAGES
def test_attachments_link_to_their_file_where_the_source_gives_an_address(screen, seen, language):
    page = screen
    greve = Meeting.objects.get(municipality__slug="greve")
    _open(page, language, greve.get_absolute_url().removeprefix("/en"))
    link = page.locator(f'section.attachments a[href="{ADDRESS}"]')
    assert link.count() == 1 and _visible(link)
    _open(page, language, "/lejre/moeder/job-arbejdsmarked-og-integration/2026-03-03/")
    named = page.locator("section.attachments li", has_text="Bilag 1 - Ansøgning.pdf").first
    assert _visible(named) and named.locator("a").count() == 0
    assert page.console_errors == []


PAGES = [
    "/",
    "/moeder/",
    "/lejre/moeder/job-arbejdsmarked-og-integration/2026-03-03/",
    "/udvalg/",
    "/lejre/udvalg/job-arbejdsmarked-og-integration/",
    BU,
    "/lejre/personer/lotte-greve/",
    "/sager/",
    f"/lejre/sager/{CASE}/",
    "/status/",
]
DATE = {
    "da": re.compile(r"^(\w+dag )?\d{1,2}\. [a-zæøå]+ \d{4}$"),
    "en": re.compile(r"^(\w+day )?\d{1,2} [A-Z][a-z]+ \d{4}$"),
}


@LANGUAGES
def test_the_pages_speak_one_language_and_write_dates_one_way(screen, seen, language):
    page = screen
    names = {"Thomas Bisgaard", "Tina Mandrup", "Lotte Greve", "Anne Hansen", "Ole Blickfeldt"}
    for path in PAGES:
        _open(page, language, path)
        if language == "en":
            ours = [text for text, lang in page.evaluate(VISIBLE_TEXTS) if lang == "en"]
            danish = [t for t in ours if DANISH.search(t) and t not in names]
            assert danish == [], path
        for shown in page.locator("main time").all_inner_texts():
            assert DATE[language].match(shown.strip()), (path, shown)
    assert page.console_errors == []
