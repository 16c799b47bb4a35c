"""Which subscriptions a publishing run matches: by case, member, committee, municipality and
search (with its filters), in one query however many subscriptions there are."""

from __future__ import annotations

import pytest

from meetings.alerts import subscriptions as service
from meetings.alerts.matching import run_deliveries, run_matches
from meetings.models import (
    AgendaItem,
    Case,
    Committee,
    Delivery,
    Municipality,
    Person,
    PublishRun,
    Subscriber,
    Subscription,
)
from meetings.models.alerts import ANY_WORD
from tests.factories import make_committee

from .conftest import FIXTURES, ingest, ingest_text, referat_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    ingest(FIXTURES)
    return Committee.objects.get(code="JAI")


def follow(address: str, **what) -> Subscription:
    return service.subscription_confirm(
        subscription=service.subscription_request(email=address, ip=None, **what)
    )


def publish(tmp_path, items, *, date="07-04-2026", name="new.txt", **kwargs) -> PublishRun:
    ingest_text(tmp_path, name, referat_text(date=date, items=items, **kwargs))
    return PublishRun.objects.order_by("-pk").first()


def titles(run: PublishRun, subscription: Subscription) -> list[str]:
    ids = run_matches(run.pk).get(subscription.pk, [])
    return list(
        AgendaItem.objects.filter(pk__in=ids).order_by("number").values_list("title", flat=True)
    )


def test_each_kind_matches_what_it_follows(archive, tmp_path):
    case = Case.objects.get(number="25-003798")
    kf = make_committee(name="Udvalget for Kultur & Fritid", code="KF")
    present, absent = (
        Person.objects.get(name="Tina Mandrup"),
        Person.objects.get(name="Lotte Greve"),
    )
    by_case = follow("a@example.dk", kind="case", target_id=case.pk)
    by_committee = follow("b@example.dk", kind="committee", target_id=archive.pk)
    by_town = follow("c@example.dk", kind="municipality", target_id=archive.municipality_id)
    by_present = follow("d@example.dk", kind="person", target_id=present.pk)
    by_absent = follow("e@example.dk", kind="person", target_id=absent.pk)
    by_word = follow("f@example.dk", kind="search", search_params="q=skolevej")
    unconfirmed = service.subscription_request(
        email="g@example.dk", kind="case", target_id=case.pk, ip=None
    )
    run = publish(
        tmp_path,
        [
            ("Skolevejen ved Allerslev", "26-004242", "Godkendt"),
            ("Kvartalsbog", "25-003798", "Godkendt"),
        ],
        people=("Thomas Bisgaard", "Tina Mandrup", "Lotte Greve (Fravær)"),
    )
    assert titles(run, by_case) == ["Kvartalsbog"]
    assert titles(run, by_committee) == ["Skolevejen ved Allerslev", "Kvartalsbog"]
    assert titles(run, by_town) == ["Skolevejen ved Allerslev", "Kvartalsbog"]
    assert titles(run, by_present) == ["Skolevejen ved Allerslev", "Kvartalsbog"]
    assert titles(run, by_absent) == []  # a member's meetings are those they attended
    assert titles(run, by_word) == ["Skolevejen ved Allerslev"]
    assert titles(run, unconfirmed) == []
    assert (
        kf is None or titles(run, follow("h@example.dk", kind="committee", target_id=kf.pk)) == []
    )


def test_a_search_keeps_its_filters(archive, tmp_path):
    lejre = archive.municipality
    greve = Municipality.objects.for_name("greve")
    wanted = {
        "plain": follow("a@example.dk", kind="search", search_params="q=havnebad"),
        "here": follow(
            "b@example.dk", kind="search", search_params="q=havnebad&municipality=lejre"
        ),
        "elsewhere": follow(
            "c@example.dk", kind="search", search_params="q=havnebad&municipality=greve"
        ),
        "committee": follow(
            "d@example.dk", kind="search", search_params=f"q=havnebad&committee={archive.slug}"
        ),
        "approved": follow(
            "e@example.dk", kind="search", search_params="q=havnebad&outcome=godkendt"
        ),
        "noted": follow(
            "f@example.dk", kind="search", search_params="q=havnebad&outcome=taget-til-efterretning"
        ),
        "since": follow(
            "g@example.dk", kind="search", search_params="q=havnebad&date_from=2026-04-01"
        ),
        "until": follow(
            "h@example.dk", kind="search", search_params="q=havnebad&date_to=2026-03-31"
        ),
        "period": follow(
            "i@example.dk", kind="search", search_params="q=havnebad&period=2022-2025"
        ),
        "split": follow("j@example.dk", kind="search", search_params="q=havnebad&split=on"),
        "phrase": follow("k@example.dk", kind="search", search_params='q="nyt havnebad"'),
        "either": follow("l@example.dk", kind="search", search_params="q=cykelsti or havnebad"),
        "without": follow("m@example.dk", kind="search", search_params="q=-cykelsti"),
        "both": follow("n@example.dk", kind="search", search_params="q=havnebad cykelsti"),
    }
    assert wanted["here"].municipality == lejre and wanted["elsewhere"].municipality == greve
    run = publish(tmp_path, [("Et nyt havnebad i Kirke Hyllinge", "26-004243", "Godkendt")])
    matched = {name for name, s in wanted.items() if titles(run, s)}
    assert matched == {"plain", "here", "committee", "approved", "since", "phrase", "either",
                       "without"}  # fmt: skip


def test_what_a_search_subscription_keeps(archive):
    search = follow(
        "a@example.dk",
        kind="search",
        search_params="sort=date&page=3&q=  havnebad   cykelsti &committee=nope&outcome=bad",
    )
    assert search.search_params == "q=havnebad+cykelsti&committee=nope"
    assert search.search_committees == []  # no committee of that slug: nothing matches
    assert sorted(search.search_lexemes) == ["cykelsti", "havnebad"]
    assert follow("b@example.dk", kind="search", search_params="q=-cykelsti").search_lexemes == [
        ANY_WORD
    ]
    with pytest.raises(service.SubscribeRefused):
        service.subscription_request(email="c@example.dk", kind="search", search_params="q=og")
    with pytest.raises(service.SubscribeRefused):
        service.subscription_request(email="c@example.dk", kind="case", target_id=10**9)


def test_matching_is_one_query_however_many_subscriptions_do_not_match(
    archive, tmp_path, django_assert_num_queries
):
    case = Case.objects.get(number="25-003798")
    follow("a@example.dk", kind="case", target_id=case.pk)
    follow("b@example.dk", kind="search", search_params="q=kvartalsbog")
    others = [Subscriber(email=f"other{n}@example.dk") for n in range(300)]
    Subscriber.objects.bulk_create(others)
    template = follow("c@example.dk", kind="search", search_params="q=havnebad")
    Subscription.objects.bulk_create(
        Subscription(
            subscriber=subscriber,
            kind="search",
            target=template.target,
            search_params=template.search_params,
            search_query=template.search_query,
            search_tsquery=template.search_tsquery,
            search_lexemes=template.search_lexemes,
            confirmed_at=template.confirmed_at,
        )
        for subscriber in others
    )
    run = publish(tmp_path, [("Kvartalsbog", "25-003798", "Godkendt")])
    with django_assert_num_queries(1):
        matches = run_matches(run.pk)
    assert len(matches) == 2


def test_deliveries_are_made_once_per_subscription_and_run(archive, tmp_path):
    case = Case.objects.get(number="25-003798")
    subscription = follow("a@example.dk", kind="case", target_id=case.pk)
    run = publish(tmp_path, [("Kvartalsbog", "25-003798", "Godkendt")])
    assert run_deliveries(run.pk) == 1
    Delivery.objects.update(sent_at="2026-04-07T18:00:00Z")
    assert run_deliveries(run.pk) == 1  # matched again, as a retried job does
    [delivery] = Delivery.objects.all()
    assert delivery.subscription == subscription and delivery.sent_at is not None
