"""The plan of a search is chosen from exact counts, and every plan finds the same newest
matches: the GIN index for few, a walk of the newest items for dense words, windows of the
newest items for the rest (meetings.search.query). Speed lives in bench/search.py."""

import pytest
from django.core.management import call_command

from meetings.search import query as search
from meetings.search import tsquery as tsq
from meetings.search.query import Filters, prepare, search_items

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(db):
    call_command("ingest", "fixtures", verbosity=0)
    call_command("ingest", "tests/data/greve/dagsorden", verbosity=0)


QUERIES = ["kommune", "borger", '"taget til efterretning"', "ledighed ydelse", "pulje or tilsyn",
           "kommune -pulje", "udvalget budget", "skole"]  # fmt: skip


def answer(query, **options):
    result = search_items(query, suggest=False, **options)
    return result.plan, [hit.id for hit in result.hits], result.count, result.count_capped


@pytest.fixture
def small(monkeypatch):
    """The archive made to look large: few candidates, and no query small enough to be read
    whole."""
    monkeypatch.setattr(search, "CANDIDATES", 6)
    monkeypatch.setattr(search, "ALL_BOUND", 0)
    monkeypatch.setattr(search, "_span", (0.0, (None, None)))


def test_the_tsquery_tree_reads_what_postgresql_writes():
    for text in ["'pulj' & !'tilsyn'", "'tag' <2> 'efterretning'", "( 'a' | 'b' ) & 'c'",
                 "!( 'a' & 'b' ) | 'c'", "'it''s'"]:  # fmt: skip
        assert str(tsq.parse(text)).replace(" ", "") == text.replace(" ", "")
    tree = tsq.parse("'a' & ( 'b' | 'c' ) & !'d'")
    items = {"a": 10, "b": 3, "c": 4, "d": 50}
    assert tsq.bound(tree, items, 100) == 7
    assert tsq.lexemes(tree, positive_only=True) == ["a", "b", "c"]
    assert str(tsq.positive(tree)) == "'a' & ( 'b' | 'c' )"


def test_the_bound_is_exact_arithmetic_on_exact_counts(archive):
    for query in QUERIES:
        prepared = prepare(query)
        found = search_items(query, suggest=False)
        assert found.count <= prepared.bound, query
    assert prepare("kommune").bound == search_items("kommune", suggest=False).count


def test_few_matches_are_read_whole_and_counted_exactly(archive):
    result = search_items("borger")
    assert result.plan == "all" and not result.count_capped


@pytest.mark.parametrize(
    ("query", "sort"), [(query, "relevance") for query in QUERIES] + [("kommune", "date")]
)
def test_every_plan_finds_the_same_newest_matches(archive, small, monkeypatch, query, sort):
    monkeypatch.setattr(search, "ALL_BOUND", 10**9)
    reference = answer(query, sort=sort)
    assert reference[0] == "all"
    monkeypatch.setattr(search, "ALL_BOUND", 0)
    # A walk for everything (walking costs nothing), then windows for everything.
    monkeypatch.setattr(search, "WALK_ITEM_US", 0.0)
    walked = answer(query, sort=sort)
    monkeypatch.setattr(search, "WALK_ITEM_US", 1e9)
    windowed = answer(query, sort=sort)
    # (A window as wide as the archive is the whole index: "all".)
    assert walked[0].startswith("walk") and windowed[0].split("+")[0] in ("window", "all")
    assert walked[1] == windowed[1] == reference[1], query
    # A walk or window that saw every match counts them exactly; else it says "ca." (never
    # more than the exact bound).
    for plan, _hits, count, capped in (walked, windowed):
        assert count >= len(_hits)
        if not capped:
            assert count == search_items(query, suggest=False).count or plan.endswith("all")


def test_a_window_of_the_newest_items_finds_the_newest_matches(archive, small, monkeypatch):
    monkeypatch.setattr(search, "ALL_BOUND", 10**9)
    reference = answer("kommune")
    monkeypatch.setattr(search, "ALL_BOUND", 0)
    monkeypatch.setattr(search, "WALK_ITEM_US", 1e9)
    plan, hits, count, capped = answer("kommune")
    assert plan == "window" and hits == reference[1]
    # One word and no filter: its count is the lexeme's, exact.
    assert count == reference[2] and not capped


def test_a_walk_that_meets_too_few_looks_further(archive, small, monkeypatch):
    monkeypatch.setattr(search, "ALL_BOUND", 10**9)
    reference = answer("borger")
    monkeypatch.setattr(search, "ALL_BOUND", 0)
    monkeypatch.setattr(search, "WALK_ITEM_US", 0.0)
    monkeypatch.setattr(search, "WALK_ROWS", 3)
    plan, hits, count, capped = answer("borger")
    assert plan.startswith("walk+") and hits == reference[1]


def test_filters_narrow_every_plan_alike(archive, small, monkeypatch):
    from meetings.models import Committee

    committee = Committee.objects.order_by("pk").first()
    filters = Filters(committees=[committee.pk])
    monkeypatch.setattr(search, "ALL_BOUND", 10**9)
    reference = answer("kommune", filters=filters)
    monkeypatch.setattr(search, "ALL_BOUND", 0)
    monkeypatch.setattr(search, "WALK_ITEM_US", 0.0)
    assert answer("kommune", filters=filters)[1] == reference[1]
    monkeypatch.setattr(search, "WALK_ITEM_US", 1e9)
    assert answer("kommune", filters=filters)[1] == reference[1]
