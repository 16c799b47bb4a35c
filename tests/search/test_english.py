"""The search page under /en/ is English throughout; the referat text on it is marked Danish."""

import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(db):
    call_command("ingest", "fixtures", verbosity=0)


def main_of(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def without_danish_content(html: str) -> str:
    """The page's own words: everything but the elements marked lang="da" (referat text)."""
    html = re.sub(r'<(\w+)[^>]*\blang="da"[^>]*>.*?</\1>', " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_facets_filters_and_dates_are_english(archive, client):
    main = main_of(client.get("/en/soeg/", {"q": "pulje"}))
    text = without_danish_content(main)
    for english in ("Only split decisions", "Only items with amounts", "Outcome",
                    "Recommended", "Election period", "amount", "3 February 2026"):  # fmt: skip
        assert english in text, english
    for danish in ("Kun delte", "Kun punkter", "beløb", "Anbefalet", "Indstillingen tiltrådt",
                   "Udfald", "februar", "marts", "Sagsnr."):  # fmt: skip
        assert danish not in text, danish
    # One date format: every date the page writes is "3 February 2026".
    dates = re.findall(r'<time datetime="[\d-]+">([^<]+)</time>', main)
    assert dates and all(re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", d) for d in dates)


def test_the_danish_page_writes_danish_dates(archive, client):
    main = main_of(client.get("/soeg/", {"q": "pulje"}))
    dates = re.findall(r'<time datetime="[\d-]+">([^<]+)</time>', main)
    assert dates and all(re.fullmatch(r"\d{1,2}\. [a-zæøå]+ \d{4}", d) for d in dates)
    assert 'lang="da"' not in main  # the page is Danish already
    assert "Anbefalet" in main


def test_titles_snippets_and_decisions_are_marked_danish_on_english_pages(archive, client):
    main = main_of(client.get("/en/soeg/", {"q": "pulje"}))
    hits = re.findall(r'<li class="search-hit">(.*?)</li>', main, flags=re.S)
    assert hits
    for hit in hits:
        assert re.search(r'<span lang="da">[^<]+</span></a></h2>', hit)  # the title
        assert '<p class="search-snippet" lang="da">' in hit
        assert re.search(r'<p class="search-decision"><strong>Decision:</strong> <span lang="da">',
                         hit)  # fmt: skip


def test_a_corrected_search_says_so_in_english(archive, client):
    main = main_of(client.get("/en/soeg/", {"q": "beskæftigelsesrefomen"}))
    assert "Showing results for" in main and "search instead for" in main
    assert '<strong lang="da">beskæftigelsesreformen</strong>' in main
    assert "Viser resultater" not in main
    assert 'href="?q=besk%C3%A6ftigelsesrefomen&amp;praecis=1"' in main
