"""Typos: a query that found nothing shows its confident correction's results, says so, and
offers what was typed; a suggestion is a real word the archive holds, never a label's."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from meetings.models import Meeting
from meetings.search.index import index_items
from meetings.search.query import search_items
from meetings.search.spelling import correct_query, correct_word, folds
from tests.factories import make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(db):
    call_command("ingest", "fixtures", verbosity=0)


def add_item(title: str, decision: str = "Godkendt", body: str = ""):
    meeting = Meeting.objects.order_by("-date").first()
    item = make_item(
        meeting=meeting,
        number=meeting.items.count() + 1,
        title=title,
        decision=decision,
        sections=[("Sagsfremstilling", body)] if body else [],
    )
    index_items([item])
    return item


def test_a_typo_shows_the_corrected_results_and_offers_what_was_typed(archive, client):
    response = client.get(reverse("search:search"), {"q": "beskæftigelsesrefomen"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Viser resultater for" in content and "beskæftigelsesreformen" in content
    assert "søg i stedet efter" in content
    assert "q=besk%C3%A6ftigelsesrefomen" in content and "praecis=1" in content
    assert content.count('class="search-hit"') >= 1
    # What was typed, exactly: nothing found, the correction offered.
    exact = client.get(reverse("search:search"), {"q": "beskæftigelsesrefomen", "praecis": "1"})
    exact_content = exact.content.decode()
    assert 'class="search-hit"' not in exact_content and "Viser resultater for" not in exact_content
    assert "Mente du" in exact_content and "beskæftigelsesreformen" in exact_content


def test_the_api_says_what_it_corrected(archive, client):
    data = client.get("/api/search", {"q": "beskæftigelsesrefomen"}).json()
    assert data["corrected"] is True and data["suggestion"] == "beskæftigelsesreformen"
    assert data["count"] >= 1 and all("reform" in r["snippet"].lower() or "reform" in
                                      r["title"].lower() for r in data["results"])  # fmt: skip
    found = client.get("/api/search", {"q": "beskæftigelsesreformen"}).json()
    assert found["corrected"] is False and found["suggestion"] is None
    assert [r["url"] for r in found["results"]] == [r["url"] for r in data["results"]]


def test_aa_oe_ae_written_for_the_danish_letters_find_the_word(archive):
    assert folds("ungeloeftet") == {"ungeløftet"}
    result = search_items("ungeloeftet")
    assert result.corrected and result.query == "ungeløftet"
    assert result.count == search_items("ungeløftet").count >= 1
    # Capitals as typed.
    assert correct_query("Ungeloeftet").text == "Ungeløftet"


def test_a_word_that_is_a_word_is_not_folded(archive):
    add_item("Samarbejde med Ålborg og Århus")
    # `aarhus` and `aalborg` are Danish words as written: searched as typed, not as `århus`.
    assert correct_word("aarhus") is None and correct_word("aalborg") is None
    result = search_items("aarhus")
    assert not result.corrected and result.count == 0
    add_item("Aarhus Kommunes erfaringer")
    assert search_items("aarhus").count == 1


def test_a_compound_with_a_typo_is_corrected_to_the_compound_not_a_shorter_word(archive):
    add_item("Evaluering af folkeskolereformen", body="Folkeskolereformen blev indført i 2014.")
    correction = correct_query("skolerefom")
    assert correction.text == "skolereform" and correction.confident
    result = search_items("skolerefom")
    assert result.corrected and result.query == "skolereform"
    assert "Evaluering af folkeskolereformen" in [hit.title for hit in result.hits]
    # A word the index lacks that is a compound of words it holds finds them together.
    assert search_items("skolereform").count >= 1


@pytest.mark.parametrize(
    "query",
    ["Sagsnr. 25-009999", "sagsnr 99-123456", "Sag nr. 12345", "j.nr. 85.02.02-G01-5-17",
     "Sagsid: 20/99999", "Punkt 3", "Beslutning"],
)  # fmt: skip
def test_a_case_number_or_a_label_is_never_corrected(archive, client, query):
    assert correct_query(query) is None
    result = search_items(query)
    assert result.suggestion is None and not result.corrected
    data = client.get("/api/search", {"q": query}).json()
    assert data["suggestion"] is None and data["corrected"] is False


def test_only_the_unknown_word_changes(archive):
    correction = correct_query('Beskæftigelsesrefomen 2025 "Sagsnr. 25-003798" -pulje')
    assert correction.text == 'Beskæftigelsesreformen 2025 "Sagsnr. 25-003798" -pulje'


def test_an_uncertain_correction_is_only_offered(archive):
    add_item("Ny kanal ved havnen")
    add_item("Kanel og sukker")
    # `kanxl` is one letter from both, each in one item: no correction is confident.
    assert correct_word("kanxl") == ("kanal", False)
    result = search_items("kanxl")
    assert not result.corrected and result.count == 0 and result.suggestion == "kanal"


def test_words_found_get_no_correction(archive):
    for query in ("tilsyn", "kommune", "pulje or tilsyn", "ungeløftet"):
        result = search_items(query)
        assert result.suggestion is None and not result.corrected, query
