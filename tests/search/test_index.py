"""What an item is searched by: its own words (never its committee's name), the lexeme counts
the database keeps exact, and a ranking in which a word of every item cannot drown the rest."""

import importlib

import pytest
from django.core.management import call_command
from django.db import connection

from meetings.models import AgendaItem, Meeting
from meetings.search.index import index_items, recount_words
from meetings.search.query import Filters, search_items
from tests.factories import make_committee, make_item, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(db):
    call_command("ingest", "fixtures", verbosity=0)


def lexeme_counts_are_exact() -> bool:
    """The kept counts equal what ts_stat counts over every stored vector."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM meetings_searchlexeme l FULL JOIN "
            "ts_stat('SELECT search_vector FROM meetings_agendaitem') s ON s.word = l.lexeme "
            "WHERE l.lexeme IS DISTINCT FROM '' AND coalesce(l.items, 0) <> coalesce(s.ndoc, 0)"
        )
        differing = cursor.fetchone()[0]
        cursor.execute("SELECT items FROM meetings_searchlexeme WHERE lexeme = ''")
        total = cursor.fetchone()[0]
    return differing == 0 and total == AgendaItem.objects.count()


def test_the_committee_name_is_a_filter_not_a_word_of_every_item(archive):
    items = AgendaItem.objects.count()
    committee = Meeting.objects.first().committee
    # The committee's words match only the items whose own text holds them.
    for word in ("arbejdsmarked", "marked", "integration"):
        found = search_items(word)
        assert 0 < found.count < items, word
        for hit in found.hits:
            item = AgendaItem.objects.get(pk=hit.id)
            own = " ".join([item.title, item.decision, item.search_body, item.search_attachments,
                            item.search_compounds]).lower()  # fmt: skip
            assert word in own
    assert all(committee.name not in i.search_attachments for i in AgendaItem.objects.all())
    # … and the committee is still the filter and the facet of every item.
    narrowed = search_items("kommune", filters=Filters(committees=[committee.pk]))
    assert narrowed.count >= 1
    assert str(committee.pk) in {value for value, _n in search_items("kommune").facets["committee"]}


def test_an_items_committee_codes_are_no_words_either(db):
    meeting = make_meeting(committee=make_committee(name="Udvalget for Kultur & Fritid"))
    item = make_item(meeting=meeting, title="Bibliotekets åbningstider", committee_codes=["TMB"],
                     decision="Godkendt")  # fmt: skip
    index_items([item])
    item.refresh_from_db()
    assert "Trafik" not in item.search_attachments and "Kultur" not in item.search_attachments
    assert search_items("trafik").count == 0 and search_items("fritid").count == 0
    assert search_items("åbningstider").count == 1


def test_the_lexeme_counts_stay_exact_through_every_write(archive):
    assert lexeme_counts_are_exact()
    # A referat stored again (its items replaced), an item edited, a meeting deleted.
    call_command("ingest", "fixtures", verbosity=0)
    assert lexeme_counts_are_exact()
    AgendaItem.objects.filter(pk=AgendaItem.objects.first().pk).update(title="Ny vandforsyning")
    assert lexeme_counts_are_exact()
    Meeting.objects.order_by("pk").first().delete()
    assert lexeme_counts_are_exact()
    with connection.cursor() as cursor:
        cursor.execute("SELECT items FROM meetings_searchlexeme WHERE lexeme = 'vandforsyning'")
        assert cursor.fetchone() in ((1,), (0,))  # gone with its meeting, or still there


def test_reindex_writes_every_item_again_and_the_words_can_be_counted_anew(archive):
    item = AgendaItem.objects.order_by("pk").first()
    # An item indexed the old way: its committee among its attachments' words.
    AgendaItem.objects.filter(pk=item.pk).update(
        search_attachments="Udvalget for Job, Arbejdsmarked & Integration"
    )
    call_command("reindex", verbosity=0)
    item.refresh_from_db()
    assert "Udvalget for Job" not in item.search_attachments
    assert lexeme_counts_are_exact()
    # A stored-again referat's words stay counted in the suggestion vocabulary until counted
    # anew.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE meetings_searchword SET items = items + 1000")
    recount_words()
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(items) FROM meetings_searchword")
        assert cursor.fetchone()[0] <= AgendaItem.objects.count()
    assert lexeme_counts_are_exact()


def test_the_migration_takes_the_committee_words_out_of_stored_items(archive):
    migration = importlib.import_module("meetings.migrations.0032_search_no_committee_words")
    committee = Meeting.objects.first().committee_name
    AgendaItem.objects.update(search_attachments=committee, search_compounds="arbejds marked")
    assert search_items("marked").count == AgendaItem.objects.count()

    class Editor:
        connection = connection

    migration.forward(None, Editor())
    assert search_items("marked").count < AgendaItem.objects.count()
    assert not AgendaItem.objects.filter(search_attachments__contains=committee).exists()
    assert lexeme_counts_are_exact()


def test_a_word_in_nearly_every_item_does_not_drown_the_rare_one(archive):
    meeting = Meeting.objects.order_by("-date").first()
    # Both items hold both words; one repeats the common word, the other the rare one.
    common = make_item(
        meeting=meeting,
        number=90,
        title="Orientering",
        decision="Kommunen, kommunen og kommunens kommuner i kommunen. Vandløb.",
    )
    rare = make_item(meeting=meeting, number=91, title="Orientering",
                     decision="Kommunen. Vandløb og vandløbet, vandløbene og vandløb.")  # fmt: skip
    index_items([common, rare])
    order = [hit.id for hit in search_items("kommune vandløb").hits]
    assert order.index(rare.pk) < order.index(common.pk)
