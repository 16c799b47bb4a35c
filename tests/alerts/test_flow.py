"""The whole way of an alert through a real SMTP server and a real worker: follow a case from
its page, confirm, a referat is published, one mail with the new items, one-click unsubscribe,
nothing more."""

from __future__ import annotations

import pytest
from django.test import Client

from meetings.models import Case, Delivery, Subscriber, Subscription

from .conftest import (
    FIXTURES,
    follow_form,
    ingest,
    ingest_text,
    page_form,
    referat_text,
    run_worker_until_idle,
)

pytestmark = pytest.mark.django_db(transaction=True)


def follow(client: Client, page: str, email: str):
    action, fields = follow_form(client.get(page).content.decode())
    return client.post(action, {**fields, "email": email})


def test_follow_a_case_confirm_get_one_alert_unsubscribe_with_one_click(smtp, tmp_path):
    ingest(FIXTURES)
    run_worker_until_idle()  # the archive's own first run: nobody follows anything yet
    assert smtp.mails == []
    case = Case.objects.get(number="25-003798")
    browser = Client(enforce_csrf_checks=True)

    answer = follow(browser, case.get_absolute_url(), "Journalist@Example.dk")
    assert answer.status_code == 200
    assert "Tjek din mail" in answer.content.decode()
    assert "journalist@example.dk" in answer.content.decode()
    assert smtp.mails == []  # the confirmation goes through the worker
    run_worker_until_idle()
    [confirmation] = smtp.mails
    assert confirmation.to == ["journalist@example.dk"]
    assert "25-003798" in confirmation.message["Subject"]
    assert "journalist@example.dk" not in confirmation.text  # links carry tokens, not addresses

    # Nothing is sent to a subscription that is not confirmed.
    ingest_text(
        tmp_path,
        "early.txt",
        referat_text(
            date="31-03-2026", items=[("Kvartalsbog, opfølgning", "25-003798", "Godkendt")]
        ),
    )
    run_worker_until_idle()
    assert len(smtp.mails) == 1 and not Delivery.objects.exists()

    # The link shows a button; the button confirms.
    confirm = confirmation.path_of("/foelg/bekraeft/")
    shown = browser.get(confirm)
    assert shown.status_code == 200 and "Ja, følg" in shown.content.decode()
    assert Subscription.objects.get().confirmed_at is None
    done = browser.post(confirm, page_form(shown.content.decode(), ""))
    assert "Du følger nu" in done.content.decode()
    assert Subscription.objects.get().confirmed_at is not None

    ingest_text(
        tmp_path,
        "jai-2026-04-07.txt",
        referat_text(
            date="07-04-2026",
            items=[
                ("Godkendelse af dagsorden", "", "Godkendt"),
                (
                    "Kvartalsbog Q1 2026",
                    "25-003798",
                    "Taget til efterretning. <script>alert(1)</script>",
                ),
                ("Ungeløftspuljen, ny runde", "25-003798", "Indstillingen tiltrådt."),
                ("Samarbejdsaftale", "26-000806", "Godkendt"),
            ],
        ),
    )
    run_worker_until_idle()
    [alert] = smtp.mails[1:]
    assert alert.to == ["journalist@example.dk"]
    text = alert.text
    assert "Kvartalsbog Q1 2026" in text and "Ungeløftspuljen, ny runde" in text
    assert "Samarbejdsaftale" not in text and "Godkendelse af dagsorden" not in text
    assert "Udvalget for Job, Arbejdsmarked & Integration" in text
    assert "tirsdag 7. april 2026" in text
    assert "Taget til efterretning. <script>alert(1)</script>" in text
    assert "/lejre/moeder/job-arbejdsmarked-og-integration/2026-04-07/punkt/2/" in text
    html = alert.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert alert.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = alert.message["List-Unsubscribe"].strip().strip("<>")
    assert unsubscribe.startswith("http") and "/foelg/afmeld/" in unsubscribe
    assert "/foelg/mine/" in text  # the subscriber's own page, from every mail

    # One click: the POST a mail program sends, without a CSRF token or a login.
    path = unsubscribe.split("://", 1)[1].split("/", 1)[1]
    clicked = Client(enforce_csrf_checks=True).post(
        "/" + path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert clicked.status_code == 200
    assert not Subscription.objects.exists() and not Subscriber.objects.exists()

    ingest_text(
        tmp_path,
        "jai-2026-05-05.txt",
        referat_text(date="05-05-2026", items=[("Kvartalsbog Q2", "25-003798", "Godkendt")]),
    )
    run_worker_until_idle()
    assert len(smtp.mails) == 2


def test_one_mail_per_run_for_each_kind_that_matches(smtp, tmp_path):
    from meetings.alerts import subscriptions as service
    from meetings.models import Committee, Person

    ingest(FIXTURES)
    run_worker_until_idle()
    jai = Committee.objects.get(code="JAI")
    thomas = Person.objects.get(name="Thomas Bisgaard")
    wanted = {
        "committee@example.dk": {"kind": "committee", "target_id": jai.pk},
        "person@example.dk": {"kind": "person", "target_id": thomas.pk},
        "town@example.dk": {"kind": "municipality", "target_id": jai.municipality_id},
        "search@example.dk": {"kind": "search", "search_params": "q=skolevej"},
        "other@example.dk": {"kind": "search", "search_params": "q=havnebad"},
    }
    for address, what in wanted.items():
        service.subscription_confirm(
            subscription=service.subscription_request(email=address, **what, ip=None)
        )
    run_worker_until_idle()
    assert smtp.mails == []  # confirmed before their confirmation went: it is not sent
    ingest_text(
        tmp_path,
        "a.txt",
        referat_text(
            date="07-04-2026",
            items=[
                ("Skolevejen ved Allerslev", "26-001111", "Godkendt"),
                ("Eventuelt", "", "Intet."),
            ],
        ),
    )
    run_worker_until_idle()
    alerts = smtp.mails
    assert sorted(mail.to[0] for mail in alerts) == sorted(set(wanted) - {"other@example.dk"})
    by_address = {mail.to[0]: mail.text for mail in alerts}
    assert "Eventuelt" not in by_address["search@example.dk"]
    assert "Eventuelt" in by_address["committee@example.dk"]
    assert Delivery.objects.filter(sent_at__isnull=False).count() == 4
