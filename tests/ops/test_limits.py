"""Limits are told, not silent: a query over the length limit and a page past the results
are said on /soeg/ (in Danish, and in English when chosen) and are 400 and 404 on the API."""

import io

import pytest
from django.core.management import call_command

from meetings.search.forms import MAX_QUERY_LENGTH

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(referat_paths):
    call_command("ingest", *[str(p) for p in referat_paths], stdout=io.StringIO())


def test_a_query_over_the_limit_is_said_not_cut(archive, client):
    query = "tilsyn " * 80  # 560 characters
    page = client.get("/soeg/", {"q": query})
    assert page.status_code == 400
    html = page.content.decode()
    assert f"Søgningen er for lang: højst {MAX_QUERY_LENGTH} tegn, din har {len(query)}." in html
    assert 'role="alert"' in html and 'name="q"' in html  # said above the search form
    api = client.get("/api/search", {"q": query})
    assert api.status_code == 400
    assert api.json() == {"error": f"Søgningen er for lang: højst 500 tegn, din har {len(query)}."}
    # At the limit it is searched.
    assert client.get("/api/search", {"q": "tilsyn" + " " * 494}).status_code == 200


def test_a_page_past_the_results_is_said(archive, client):
    assert client.get("/soeg/", {"q": "tilsyn", "page": "1"}).status_code == 200
    page = client.get("/soeg/", {"q": "tilsyn", "page": "40"})
    assert page.status_code == 404
    assert "Side 40 findes ikke: der er kun 1 side." in page.content.decode()
    api = client.get("/api/search", {"q": "tilsyn", "page": "40"})
    assert api.status_code == 404
    assert api.json() == {"error": "Side 40 findes ikke: der er kun 1 side."}
    for odd in ("0", "-3", "99999999999999999999"):
        assert client.get("/soeg/", {"q": "tilsyn", "page": odd}).status_code == 404
        assert client.get("/api/search", {"q": "tilsyn", "page": odd}).status_code == 404
    nothing = client.get("/api/search", {"q": "", "page": "2"})
    assert nothing.status_code == 404
    assert nothing.json()["error"] == "Side 2 findes ikke: søgningen gav ingen resultater."
    # A page that is no number is dropped like any invalid filter.
    assert client.get("/soeg/", {"q": "tilsyn", "page": "x"}).status_code == 200


def test_the_limits_in_english(archive, client):
    # English has its own addresses.
    html = client.get("/en/soeg/", {"q": "x" * 501}).content.decode()
    assert "The search is too long: at most 500 characters, yours has 501." in html
    api = client.get("/en/api/search", {"q": "tilsyn", "page": "9"}).json()
    assert api == {"error": "There is no page 9: there is only 1 page."}
