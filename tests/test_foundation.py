"""The foundation: real PostgreSQL with the extensions search needs, invariants in the database."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction

from meetings.models import AgendaItem, Case, Committee, Meeting, committee_name_key

pytestmark = pytest.mark.django_db


def test_database_is_postgresql_with_extensions():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension")
        extensions = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT to_tsvector('danish', 'tilsynet')::text")
        stemmed = cursor.fetchone()[0]
    assert {"pg_trgm", "unaccent"} <= extensions
    assert stemmed == "'tilsyn':1"


def test_committee_name_key_treats_og_and_ampersand_alike():
    a = committee_name_key("Udvalget for Job, Arbejdsmarked og Integration")
    b = committee_name_key("Udvalget for Job, Arbejdsmarked & Integration")
    assert a == b


def test_committee_slug_keeps_danish_letters_readable():
    committee = Committee.objects.create(name="Økonomiudvalget", code="ØU")
    assert committee.slug == "oekonomiudvalget"


def test_one_item_number_per_meeting():
    committee = Committee.objects.create(name="Udvalget for Job", code="JAI")
    meeting = Meeting.objects.create(
        committee=committee,
        committee_name=committee.name,
        date=datetime.date(2026, 3, 3),
        title="REFERAT",
    )
    AgendaItem.objects.create(meeting=meeting, number=1, title="Godkendelse af dagsorden")
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(meeting=meeting, number=1, title="Igen")


def test_one_meeting_per_committee_date_and_time_even_without_a_time():
    committee = Committee.objects.create(name="Udvalget for Job", code="JAI")
    day = datetime.date(2026, 3, 3)
    Meeting.objects.create(committee=committee, committee_name="x", date=day, title="A")
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(committee=committee, committee_name="x", date=day, title="B")


def test_one_case_per_sagsnr():
    Case.objects.create(number="25-003798")
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(number="25-003798")


def test_health_check_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_unknown_page_is_a_404_in_the_archive_design(client):
    response = client.get("/lejre/moeder/intet-udvalg/2026-02-31/")
    assert response.status_code == 404
    assert "Siden findes ikke" in response.content.decode()


def test_danish_by_default_whatever_the_browser_prefers(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "da"
    assert '<html lang="da"' in response.content.decode()


def test_english_when_chosen_with_the_language_switch(client):
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get(switched["Location"], HTTP_ACCEPT_LANGUAGE="da")
    assert switched["Location"] == "/en/" and response["Content-Language"] == "en"
    # The plain address stays Danish for everyone, whatever was chosen before.
    assert client.get("/")["Content-Language"] == "da"


def test_an_embedded_server_can_be_stopped_before_its_folder_is_removed(tmp_path):
    from archive.db.server import ensure_running, stop

    server = ensure_running(tmp_path)
    assert (server.pgdata / "postmaster.pid").exists()
    stop(tmp_path)
    assert not (server.pgdata / "postmaster.pid").exists()


def test_the_site_icon_answers_where_browsers_look_for_it(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("img/favicon.svg")
    from django.contrib.staticfiles import finders

    assert finders.find("img/favicon.svg")
    assert 'rel="icon" href="/static/img/favicon.svg"' in client.get("/").content.decode()
