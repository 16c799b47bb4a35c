"""Snippets come from where the words were found, however deep in the item, escaped."""

import pytest
from django.core.management import call_command

from meetings.models import Meeting
from meetings.search.index import index_items
from meetings.search.query import search_items
from tests.factories import make_item

pytestmark = pytest.mark.django_db

FILLER = "Administrationen har gennemgået området og beskriver de økonomiske forhold. " * 120


@pytest.fixture
def long_item(db):
    call_command("ingest", "fixtures", verbosity=0)
    meeting = Meeting.objects.order_by("-date").first()
    body = FILLER + "Til sidst nævnes det nye vandværk ved Kirke Hvalsø. " + FILLER
    item = make_item(
        meeting=meeting,
        number=50,
        title="Orientering om forsyningen",
        decision="Taget til efterretning",
        sections=[("Sagsfremstilling", body)],
    )
    index_items([item])
    assert body.index("vandværk") > 9000
    return item


def hit_of(query, item):
    return next(hit for hit in search_items(query).hits if hit.id == item.pk)


def test_a_word_deep_in_a_long_sagsfremstilling_is_in_its_snippet(long_item):
    hit = hit_of("vandværk", long_item)
    assert "<mark>vandværk</mark>" in hit.snippet
    assert "Kirke Hvalsø" in hit.snippet


def test_the_rarest_word_found_is_shown(long_item):
    # `økonomiske` stands at the start, `vandværk` deep inside: the rare one is shown.
    hit = hit_of("økonomiske vandværk", long_item)
    assert "<mark>vandværk</mark>" in hit.snippet


def test_a_word_only_in_the_title_shows_the_start(long_item):
    hit = hit_of("forsyningen", long_item)
    assert hit.snippet.startswith("Taget til efterretning")


def test_a_compound_deep_inside_is_marked(long_item):
    hit = hit_of("værk", long_item)
    assert "<mark>vandværk</mark>" in hit.snippet


def test_deep_snippets_are_escaped(long_item):
    from meetings.models import ItemSection

    section = ItemSection.objects.get(item=long_item, heading="Sagsfremstilling")
    section.text = FILLER + '<img src=x onerror=alert(1)> <script>alert("x")</script> vandværk'
    section.save()
    index_items([long_item])
    snippet = hit_of("vandværk", long_item).snippet
    assert "<img" not in snippet and "<script" not in snippet and "&lt;img" in snippet
    assert "<mark>vandværk</mark>" in snippet
