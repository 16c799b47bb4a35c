"""Many municipalities in one archive: each one's things apart, its pages under its slug, the
addresses from before still leading to their place, and an archive of one municipality that
feels like that town's."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command

from meetings.models import Case, Committee, Meeting, Municipality, Person
from tests.factories import make_committee, make_item, make_meeting, make_municipality

pytestmark = pytest.mark.django_db
FIXTURES = "fixtures"


@pytest.fixture
def two_towns(db):
    """Lejre and Greve, each with an Økonomiudvalget, a case 21-014477 and a Tina Hansen."""
    lejre, greve = make_municipality(name="lejre"), make_municipality(name="greve")
    towns = {}
    for town, day in ((lejre, datetime.date(2025, 3, 4)), (greve, datetime.date(2025, 3, 5))):
        committee = make_committee(name="Økonomiudvalget", municipality=town)
        meeting = make_meeting(committee=committee, date=day, present=("Tina Hansen",))
        make_item(meeting=meeting, title=f"Budget i {town.short_name}", case="21-014477")
        towns[town.slug] = {"town": town, "committee": committee, "meeting": meeting}
    return towns


def test_the_same_names_are_different_things_in_two_municipalities(two_towns):
    assert Committee.objects.filter(name="Økonomiudvalget").count() == 2
    assert Case.objects.filter(number="21-014477").count() == 2
    assert Person.objects.filter(name="Tina Hansen").count() == 2
    lejre, greve = (two_towns[s]["committee"] for s in ("lejre", "greve"))
    assert lejre.slug == greve.slug == "oekonomiudvalget"
    assert lejre.get_absolute_url() == "/lejre/udvalg/oekonomiudvalget/"
    assert greve.get_absolute_url() == "/greve/udvalg/oekonomiudvalget/"


def test_each_municipalitys_pages_show_its_own(client, two_towns):
    greve_case = client.get("/greve/sager/21-014477/").content.decode()
    assert "Budget i Greve" in greve_case and "Budget i Lejre" not in greve_case
    committee = client.get("/greve/udvalg/oekonomiudvalget/").content.decode()
    assert "/greve/moeder/oekonomiudvalget/2025-03-05/" in committee
    assert "/lejre/moeder/" not in committee
    person = client.get("/lejre/personer/tina-hansen/").content.decode()
    assert "/lejre/moeder/oekonomiudvalget/2025-03-04/" in person and "2025-03-05" not in person
    home = client.get("/greve/").content.decode()
    assert "Referater fra Greve Kommune" in home and "Budget" not in home  # its meetings
    assert "<title>Greve Kommune · Greve Kommune</title>" in home
    assert client.get("/aarhus/").status_code == 404  # no such municipality in the archive
    assert client.get("/greve/sager/99-999999/").status_code == 404


def test_the_archive_wide_lists_cover_every_municipality_with_a_choice(client, two_towns):
    meetings = client.get("/moeder/").content.decode()
    assert "/lejre/moeder/oekonomiudvalget/2025-03-04/" in meetings
    assert "/greve/moeder/oekonomiudvalget/2025-03-05/" in meetings
    assert 'name="municipality"' in meetings and "Alle kommuner" in meetings
    only_greve = client.get("/moeder/?municipality=greve").content.decode()
    assert "2025-03-05" in only_greve and "2025-03-04" not in only_greve
    # One committee slug across municipalities is every municipality's committee of that name.
    both = client.get("/moeder/?committee=oekonomiudvalget").content.decode()
    assert "2 møder" in both
    cases = client.get("/sager/").content.decode()
    assert "/greve/sager/21-014477/" in cases and "/lejre/sager/21-014477/" in cases
    assert "(Greve)" in cases
    home = client.get("/").content.decode()
    assert "Referatarkivet" in home and "/greve/" in home and "/lejre/" in home
    assert 'name="municipality"' not in client.get("/greve/moeder/").content.decode()


def test_an_archive_of_one_municipality_has_nothing_national(client):
    call_command("ingest", FIXTURES, stdout=io.StringIO())
    for url in ("/", "/moeder/", "/sager/", "/soeg/?q=tilsyn"):
        html = client.get(url).content.decode()
        assert 'name="municipality"' not in html, url
        assert "Alle kommuner" not in html, url
        assert "Lejre Kommune" in html, url
    assert 'href="/lejre/moeder/"' in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "/moeder/job-arbejdsmarked-og-integration/2026-03-03/",
            "/lejre/moeder/job-arbejdsmarked-og-integration/2026-03-03/",
        ),
        (
            "/moeder/job-arbejdsmarked-og-integration/2026-03-03/punkt/3/",
            "/lejre/moeder/job-arbejdsmarked-og-integration/2026-03-03/punkt/3/",
        ),
        (
            "/moeder/job-arbejdsmarked-og-integration/2026-03-03/referat/",
            "/lejre/moeder/job-arbejdsmarked-og-integration/2026-03-03/referat/",
        ),
        (
            "/udvalg/job-arbejdsmarked-og-integration/",
            "/lejre/udvalg/job-arbejdsmarked-og-integration/",
        ),
        ("/personer/tina-mandrup/", "/lejre/personer/tina-mandrup/"),
        ("/sager/25-009324/", "/lejre/sager/25-009324/"),
    ],
)
def test_every_address_from_before_redirects_for_good(client, old, new):
    call_command("ingest", FIXTURES, stdout=io.StringIO())
    make_municipality(name="greve")  # another municipality does not make them ambiguous
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == new
    assert client.get(new).status_code == 200
    assert client.head(old).status_code == 301


def test_an_old_address_two_municipalities_could_mean_is_the_default_ones(client, two_towns):
    response = client.get("/sager/21-014477/")
    assert response.status_code == 301 and response["Location"] == "/lejre/sager/21-014477/"
    # A case only one municipality has is that one's, whichever it is.
    make_item(meeting=two_towns["greve"]["meeting"], case="22-000001")
    assert client.get("/sager/22-000001/")["Location"] == "/greve/sager/22-000001/"


def test_ingest_files_under_another_municipality(capsys):
    call_command("ingest", "--municipality", "greve", FIXTURES, stdout=io.StringIO())
    greve = Municipality.objects.get(slug="greve")
    assert greve.name == "Greve Kommune"
    assert Meeting.objects.filter(municipality=greve).count() == 3
    assert not Meeting.objects.exclude(municipality=greve).exists()
    # The same files for Lejre are Lejre's meetings: a file belongs where it was put first.
    call_command("ingest", FIXTURES, stdout=io.StringIO())
    assert Meeting.objects.count() == 3


def test_a_municipalitys_slug_cannot_be_one_of_the_archives_own_words():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Municipality.objects.create(name="Sager Kommune", slug="sager")
