"""Decisions as data on the pages: a vote's table, a member's record and losing side, a
committee's split decisions and money, and the filters and sort that find them."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from meetings.models import AgendaItem, Amount, Position

pytestmark = pytest.mark.django_db

ITEM = "/lejre/moeder/job-arbejdsmarked-og-integration/2026-02-03/punkt/7/"


@pytest.fixture
def archive(db):
    call_command("ingest", "fixtures", "tests/data/greve/dagsorden", stdout=io.StringIO())


def test_a_recorded_vote_is_a_table_by_name_and_party_with_the_counts(client, archive):
    html = client.get(ITEM).content.decode()
    table = html.split('<table class="votes">')[1].split("</table>")[0]
    assert (
        'Afstemning om: <span lang="da">Ændringsforslag fra Lotte Greve (V) og Tina Mandrup (V)'
        in table
    )
    assert '<th scope="col">For (2)</th><th scope="col">Imod (2)</th>' in table
    assert '<a href="/lejre/personer/tina-mandrup/">Tina Mandrup</a> (V)' in table
    assert "Thomas Bisgaard</a> (B)" in table  # abstained
    meeting = client.get(ITEM.split("punkt/")[0]).content.decode()
    assert meeting.count('<table class="votes">') >= 1
    assert "Tina Mandrup</a> (V)" in meeting  # the party beside the name in the attendance


def test_a_party_or_a_majority_is_shown_as_printed_never_as_a_member(client, archive):
    greve = Position.objects.filter(item__meeting__municipality__slug="greve")
    party_only = greve.filter(name="").exclude(party="").first()
    assert party_only is not None and party_only.person is None
    html = client.get(party_only.item.get_absolute_url()).content.decode()
    table = html.split('<table class="votes">')[1].split("</table>")[0]
    assert f"<li>{party_only.party}</li>" in table


def test_a_members_page_answers_how_they_voted_and_where_they_lost(client, archive):
    html = client.get("/lejre/personer/tina-mandrup/").content.decode()
    record = html.split('id="votes"')[1].split("</section>")[0]
    assert "Ændringsforslag fra Lotte Greve (V) og Tina Mandrup (V)" in record
    assert "<td>For</td>" in record
    # For 2, imod 2: the amendment did not carry, so its proposers were on the losing side.
    assert "Ikke vedtaget" in record and "tabende side" in record
    assert "I 1 af 1 afstemninger med et kendt resultat var personen på den tabende side." in html
    assert "Parti, som referaterne skriver det:" in html and "<strong>V</strong>" in html


def test_a_committees_page_shows_its_split_decisions_and_its_money(client, archive):
    html = client.get("/lejre/udvalg/job-arbejdsmarked-og-integration/").content.decode()
    split = html.split('id="split"')[1].split("</section>")[0]
    assert "Forretningsorden" in split or "punkt 7" in split
    greve = client.get("/greve/udvalg/byraad/").content.decode()
    money = greve.split('id="money-heading"')[1].split("</section>")[0]
    assert 'class="chart bars money"' in money and 'class="bar-row"' in money
    assert 'class="legend"' in money  # the kinds, with their colours
    assert "anlægsbevilling" in money and "kr." in money


def test_the_case_list_filters_split_decisions_and_sums_and_sorts_by_amount(client, archive):
    split = client.get("/sager/?split=on").content.decode()
    split_cases = set(
        AgendaItem.objects.filter(split=True)
        .exclude(case=None)
        .values_list("case__number", flat=True)
    )
    assert split_cases and all(number in split for number in split_cases)
    some_unsplit = AgendaItem.objects.filter(split=False, case__isnull=False).exclude(
        case__number__in=split_cases
    )
    assert some_unsplit.first().case.number not in split
    by_amount = client.get("/sager/?money=on&sort=amount").content.decode()
    largest = AgendaItem.objects.exclude(largest_amount=None).order_by("-largest_amount").first()
    first_listed = by_amount.split('<ul class="list">')[1].split("</li>")[0]
    assert largest.case.number in first_listed


def test_search_finds_split_decisions_and_sums_and_says_so(client, archive):
    data = client.get("/api/search", {"q": "forretningsorden", "split": "on"}).json()
    assert data["results"] and all(hit["split"] for hit in data["results"])
    money = client.get("/api/search", {"q": "bevilling", "money": "on", "sort": "amount"}).json()
    amounts = [hit["largest_amount"] for hit in money["results"]]
    assert amounts and None not in amounts
    assert [abs(a) for a in amounts] == sorted((abs(a) for a in amounts), reverse=True)
    page = client.get("/soeg/", {"q": "bevilling", "money": "on"}).content.decode()
    assert 'class="badge"' in page and "kr." in page


def test_amounts_are_kroner_as_the_referat_states_them(archive):
    amounts = Amount.objects.filter(item__meeting__municipality__slug="lejre")
    assert amounts.filter(amount=Decimal("538750")).exists()
