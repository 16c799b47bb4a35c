"""What the store keeps up to date beyond the meeting itself: each case's latest treatment."""

from __future__ import annotations

import copy
import datetime

import pytest

from meetings.ingest.store import referat_store
from meetings.models import Case

from .test_store import a_referat, read_of

pytestmark = pytest.mark.django_db


def test_a_case_knows_the_date_of_its_latest_meeting():
    referat_store(read=read_of(a_referat(date="2026-03-03")))
    referat_store(read=read_of(a_referat(date="2026-01-13")))  # an older referat, stored later
    assert Case.objects.get(number="25-003798").last_treated == datetime.date(2026, 3, 3)

    referat_store(read=read_of(a_referat(date="2026-04-14")))
    assert Case.objects.get(number="25-003798").last_treated == datetime.date(2026, 4, 14)


def test_a_corrected_referat_that_moves_an_item_to_another_case_updates_both_cases():
    referat_store(read=read_of(a_referat(date="2026-01-13")))
    referat = a_referat(date="2026-03-03")
    referat_store(read=read_of(referat))

    corrected = copy.deepcopy(referat)
    corrected["items"][1]["case_number"] = "26-000001"
    referat_store(read=read_of(corrected))

    assert Case.objects.get(number="25-003798").last_treated == datetime.date(2026, 1, 13)
    assert Case.objects.get(number="26-000001").last_treated == datetime.date(2026, 3, 3)


def test_the_case_list_is_ordered_by_the_stored_date(client):
    referat_store(read=read_of(a_referat(date="2026-01-13")))
    newer = a_referat(date="2026-03-03")
    newer["items"][1]["case_number"] = "24-000009"  # a lower sagsnr, treated later
    referat_store(read=read_of(newer))

    page = client.get("/sager/").content.decode()
    assert page.index("24-000009") < page.index("25-003798")
