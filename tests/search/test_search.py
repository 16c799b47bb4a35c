"""Judged queries over the shared referater: what ranks first, operators, snippets, facets."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from meetings.models import AgendaItem, Case, Person
from meetings.search.compounds import split_compound
from meetings.search.query import Filters, safe_snippet, search_items

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(db):
    call_command("ingest", "fixtures", verbosity=0)


def titles(query, **kwargs):
    return [hit.title for hit in search_items(query, **kwargs).hits]


def test_compound_splitting_keeps_the_meaningful_parts():
    assert split_compound("uddannelsespuljen")[-1] == "puljen"
    assert split_compound("ungeløftspuljen") == ("unge", "løft", "puljen")
    assert split_compound("beskæftigelsesreformen") == ("beskæftigelse", "reformen")
    assert "pension" in split_compound("førtidspension")
    assert split_compound("kommunen") == ()


def test_inflection_tilsyn_finds_tilsynet(archive):
    found = titles("tilsyn")
    assert found[0].startswith("Jobcentrets handleplan for skærpet tilsyn")


def test_skaerpede_and_skaerpet_meet(archive):
    assert titles("skærpede")[0].startswith("Jobcentrets handleplan for skærpet tilsyn")
    assert titles("skærpet")[0].startswith("Jobcentrets handleplan for skærpet tilsyn")


def test_pulje_finds_compounds(archive):
    found = titles("pulje")
    assert any("uddannelsespulje" in t for t in found)
    assert any("Ungeløft" in t for t in found)


def test_a_compound_part_hit_is_marked_in_its_snippet(archive):
    hits = search_items("reform").hits
    hit = next(h for h in hits if h.title == "Introduktion til beskæftigelsesreformen")
    assert "<mark>beskæftigelsesreform" in hit.snippet.lower()
    snippets = " ".join(h.snippet for h in search_items("pulje").hits).lower()
    assert "<mark>puljemidler</mark>" in snippets and "<mark>uddannelsespulje" in snippets


def test_only_compounds_of_the_query_word_are_marked(archive):
    from meetings.search.index import add_search_words
    from meetings.search.query import build_tsquery, headline_compounds

    add_search_words({"kommunikation": 3, "nabokommunen": 2})
    marked = headline_compounds(build_tsquery("kommune")).split(" | ")
    assert "nabokommunen" in marked and "kommunikation" not in marked


def test_reform_finds_beskaeftigelsesreformen(archive):
    assert "Introduktion til beskæftigelsesreformen" in titles("reform")[:2]


def test_pension_finds_foertidspension(archive):
    hits = search_items("pension").hits
    assert hits
    item = AgendaItem.objects.get(pk=hits[0].id)
    assert "førtidspension" in (item.search_body + item.decision + item.title).lower()


def test_whole_word_ranks_above_compound_part(archive):
    item = AgendaItem.objects.order_by("pk").first()
    other = AgendaItem.objects.order_by("pk")[1]
    AgendaItem.objects.filter(pk=item.pk).update(search_body="Ny pulje til projekter")
    AgendaItem.objects.filter(pk=other.pk).update(
        search_body="", search_compounds="pulje", title="Puljeansøgning"
    )
    found = [h.id for h in search_items("pulje").hits]
    assert found.index(item.pk) < found.index(other.pk)


def test_phrase_or_and_exclusion(archive):
    phrase = search_items('"taget til efterretning"')
    assert phrase.count >= 1
    assert all("efterretning" in h.decision.lower() or "efterretning" in h.snippet.lower()
               for h in phrase.hits)  # fmt: skip
    either = {h.id for h in search_items("pulje or tilsyn").hits}
    assert {h.id for h in search_items("pulje").hits} <= either
    assert {h.id for h in search_items("tilsyn").hits} <= either
    without = {h.id for h in search_items("kommune -pulje").hits}
    assert without and not without & {h.id for h in search_items("pulje").hits}


def test_snippet_is_escaped_and_marked(archive):
    item = AgendaItem.objects.order_by("pk").first()
    item.decision = 'Godkendt <img src=x onerror=alert(1)> <script>alert("x")</script> pulje'
    item.save()
    hit = next(h for h in search_items("pulje").hits if h.id == item.pk)
    assert "<img" not in hit.snippet and "<script" not in hit.snippet
    assert "&lt;img" in hit.snippet
    assert "<mark>pulje</mark>" in hit.snippet
    assert safe_snippet("<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;"


def test_page_escapes_hostile_query_and_text(archive, client):
    response = client.get("/soeg/", {"q": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content


def test_sagsnr_redirects_to_case(archive, client):
    case = Case.objects.filter(number__regex=r"^[0-9]{2}-[0-9]{6}$").order_by("number").first()
    year, serial = case.number.split("-")
    for query in (case.number, f"{year}/{int(serial)}", f"{year}-{int(serial)}"):
        response = client.get(reverse("search:search"), {"q": query})
        assert response.status_code == 302, query
        assert response.url == case.get_absolute_url()


def test_person_name_offers_the_person_first(archive, client):
    person = Person.objects.order_by("name").first()
    response = client.get(reverse("search:search"), {"q": person.name})
    content = response.content.decode()
    assert person.get_absolute_url() in content
    assert content.index(person.get_absolute_url()) < content.index("search-count")


def test_a_typo_that_finds_nothing_shows_its_correction(archive, client):
    result = search_items("beskæftigelsesreformn")
    assert result.corrected and result.typed == "beskæftigelsesreformn"
    assert result.suggestion == result.query == "beskæftigelsesreformen"
    assert result.count >= 1 and result.hits
    data = client.get("/api/search", {"q": "beskæftigelsesreformn"}).json()
    assert data["suggestion"] == "beskæftigelsesreformen" and data["corrected"] is True
    assert data["count"] == result.count
    exact = client.get("/api/search", {"q": "beskæftigelsesreformn", "praecis": "1"}).json()
    assert exact["count"] == 0 and exact["corrected"] is False
    assert exact["suggestion"] == "beskæftigelsesreformen"
    assert search_items("tilsyn").suggestion is None


def test_facet_counts_match_filtered_counts(archive):
    result = search_items("kommune")
    for value, count in result.facets["outcome"]:
        assert search_items("kommune", filters=Filters(outcome=value)).count == count
    for value, count in result.facets["committee"]:
        assert search_items("kommune", filters=Filters(committees=[int(value)])).count == count
    assert sum(c for _, c in result.facets["period"]) == result.count


def test_sort_by_date_is_newest_first(archive):
    dates = [h.meeting_date for h in search_items("kommune", sort="date").hits]
    assert dates == sorted(dates, reverse=True)


def test_empty_and_impossible_queries_are_helpful(archive, client):
    for query in ("", "   ", "og i", '"', "-", "!!!"):
        response = client.get("/soeg/", {"q": query})
        assert response.status_code == 200
        assert client.get("/api/search", {"q": query}).json()["count"] == 0
    assert (
        client.get("/soeg/", {"q": "pulje", "page": "x", "sort": "drop table"}).status_code == 200
    )


def test_api_shape(archive, client):
    data = client.get("/api/search", {"q": "tilsyn"}).json()
    assert data["count"] >= 1
    first = data["results"][0]
    assert set(first) == {"meeting_date", "item_number", "title", "committee", "municipality",
                          "case_number", "case_url", "decision", "snippet", "split",
                          "largest_amount", "url"}  # fmt: skip
    assert first["title"].startswith("Jobcentrets handleplan for skærpet tilsyn")
    assert first["url"].endswith(AgendaItem.objects.get(title=first["title"]).get_absolute_url())


def test_page_keeps_query_and_filters_in_links(archive, client):
    committee = AgendaItem.objects.first().meeting.committee
    response = client.get("/soeg/", {"q": "kommune", "committee": committee.slug})
    content = response.content.decode()
    assert response.status_code == 200
    assert "sort=date" in content and f"committee={committee.slug}" in content
    assert "q=kommune" in content


def test_query_counts(archive, client, django_assert_max_num_queries):
    # One of these looks up the compounds a snippet marks (search.headline_compounds).
    with django_assert_max_num_queries(9):
        client.get("/soeg/", {"q": "pulje"})
    with django_assert_max_num_queries(5):
        client.get("/api/search", {"q": "pulje"})


def test_broad_queries_are_bounded_and_say_so(archive, client, monkeypatch):
    from meetings.search import query as search

    assert not search_items("tilsyn").count_capped
    # A small archive made to look large: a walk of the newest items ranks the first four.
    monkeypatch.setattr(search, "CANDIDATES", 4)
    monkeypatch.setattr(search, "ALL_BOUND", 3)
    result = search_items("kommune", per_page=2)
    assert result.plan == "walk" and result.count_capped and len(result.hits) == 2
    assert sum(n for _, n in result.facets["outcome"]) == 4
    assert client.get("/api/search", {"q": "kommune"}).json()["count_estimated"] is True
