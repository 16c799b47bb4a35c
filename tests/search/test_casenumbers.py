"""Every printed form of a sagsnr leads to its case: from the search box, and as an address."""

import pytest
from django.urls import reverse

from meetings.search.casenumbers import case_for_query, typed_case_number
from tests.factories import make_case, make_municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(db):
    lejre = make_municipality()
    numbers = ["25-003798", "21-3658A", "EMN-2025-003383", "20/33839", "85.02.02-G01-5-17",
               "18.00Ø00 - 2014/06569", "129", "2014/06569", "330-2020-164",
               "20-054820K"]  # fmt: skip
    return {number: make_case(number=number, municipality=lejre) for number in numbers}


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("25-003798", "25-003798"),
        ("25-3798", "25-003798"),
        ("25/3798", "25-003798"),
        ("25 / 003798", "25-003798"),
        ("25 - 3798", "25-003798"),
        ("25 003798", "25-003798"),
        ("Sagsnr. 25-003798", "25-003798"),
        ("sagsnr: 25/3798", "25-003798"),
        ("Sags nr. 25-003798", "25-003798"),
        ("Sagsnummer: 25-3798", "25-003798"),
        ("Sag 25-003798", "25-003798"),
        ("21-3658A", "21-3658A"),
        ("21-3658a", "21-3658A"),
        ("21-003658A", "21-3658A"),
        ("Sagsnr. 21/3658a", "21-3658A"),
        ("EMN-2025-003383", "EMN-2025-003383"),
        ("emn-2025-3383", "EMN-2025-003383"),
        ("20/33839", "20/33839"),
        ("20-33839", "20/33839"),
        ("Sagsid: 20/33839", "20/33839"),
        ("85.02.02-G01-5-17", "85.02.02-G01-5-17"),
        ("j.nr. 85.02.02-G01-5-17", "85.02.02-G01-5-17"),
        ("18.00Ø00 - 2014/06569", "18.00Ø00 - 2014/06569"),
        ("18.00ø00-2014/6569", "18.00Ø00 - 2014/06569"),
        ("Sag nr. 129", "129"),
        ("2014/6569", "2014/06569"),
        ("Journalnr. 2014-06569", "2014/06569"),
        ("330-2020-164", "330-2020-164"),
        ("Sagsnr.: 330 - 2020 - 0164", "330-2020-164"),
        ("20-54820k", "20-054820K"),
        ("Sag 20-054820K", "20-054820K"),
    ],
)
def test_every_printed_form_jumps_to_its_case(cases, client, typed, number):
    response = client.get(reverse("search:search"), {"q": typed})
    assert response.status_code == 302, typed
    assert response.url == cases[number].get_absolute_url()


@pytest.mark.parametrize("query", ["129", "Sag 129", "2025", "25-003799", "budget 25-003798"])
def test_words_and_unknown_numbers_are_searched(cases, client, query):
    # A bare number is no sagsnr without a label, "Sag" is a label only before a scheme, and
    # a number no case has is searched as words.
    assert client.get(reverse("search:search"), {"q": query}).status_code == 200


def test_a_number_two_municipalities_share_is_searched_as_words(cases, client):
    greve = make_municipality(name="Greve Kommune")
    make_case(number="25-3798", municipality=greve)
    assert case_for_query("25/3798") is None
    assert client.get(reverse("search:search"), {"q": "25/3798"}).status_code == 200
    # … unless the search is one municipality's.
    found = case_for_query("25/3798", municipality=greve)
    assert found is not None and found.number == "25-3798"
    response = client.get(reverse("search:search"), {"q": "25/3798", "municipality": "greve"})
    assert response.status_code == 302 and response.url == "/greve/sager/25-3798/"


def test_the_label_never_becomes_the_number():
    assert typed_case_number("Sagsnr.") is None
    assert typed_case_number("Sagsnr. budget") is None
    assert typed_case_number("sagsnr 25-003798") == "25-003798"
    assert typed_case_number("J.nr.: 85.02.02-G01-5-17") == "85.02.02-G01-5-17"


@pytest.mark.parametrize(
    ("address", "canonical"),
    [
        ("/lejre/sager/25-3798/", "/lejre/sager/25-003798/"),
        ("/lejre/sager/25%2F3798/", "/lejre/sager/25-003798/"),
        ("/lejre/sager/25/3798/", "/lejre/sager/25-003798/"),
        ("/lejre/sager/25%20-%20003798/", "/lejre/sager/25-003798/"),
        ("/lejre/sager/21-3658a/", "/lejre/sager/21-3658A/"),
        ("/lejre/sager/21-003658A/", "/lejre/sager/21-3658A/"),
        ("/lejre/sager/emn-2025-3383/", "/lejre/sager/EMN-2025-003383/"),
        ("/lejre/sager/20-33839/", "/lejre/sager/20/33839/"),
        # The addresses from before municipalities, any form.
        ("/sager/25-3798/", "/lejre/sager/25-003798/"),
        ("/sager/21-3658a/", "/lejre/sager/21-3658A/"),
    ],
)
def test_other_forms_of_a_case_address_redirect_for_good(cases, client, address, canonical):
    response = client.get(address)
    assert response.status_code == 301, address
    assert response.url in (canonical, f"/lejre/sager/{canonical.split('/sager/')[1]}")
    final = client.get(address, follow=True)
    assert final.status_code == 200
    assert final.redirect_chain[-1][0].endswith(canonical.split("/sager/")[1])


def test_the_canonical_address_answers_and_an_unknown_one_is_404(cases, client):
    assert client.get("/lejre/sager/25-003798/").status_code == 200
    assert client.get("/lejre/sager/21-3658A/").status_code == 200
    assert client.get("/lejre/sager/25-3799/").status_code == 404
    assert client.get("/sager/25-3799/").status_code == 404


def test_results_link_their_case(client):
    from django.core.management import call_command

    call_command("ingest", "fixtures", verbosity=0)
    data = client.get("/api/search", {"q": "kommune"}).json()
    with_case = [hit for hit in data["results"] if hit["case_number"]]
    assert with_case
    for hit in with_case:
        assert hit["case_url"].endswith("/")
        page = client.get(hit["case_url"])
        assert page.status_code == 200 and hit["case_number"] in page.content.decode()
    html = client.get(reverse("search:search"), {"q": "kommune"}).content.decode()
    path = with_case[0]["case_url"].split("testserver", 1)[1]
    assert f'<a href="{path}">{with_case[0]["case_number"]}</a>' in html
