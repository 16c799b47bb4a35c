"""Asking to follow something: the form's answers, rate limits, tokens instead of addresses,
the subscriber's own page, the language of the mails, and the weekly clean-up."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail as outbox
from django.test import Client
from django.utils import timezone

from meetings.alerts import mail
from meetings.alerts import subscriptions as service
from meetings.models import Case, SubscribeAttempt, Subscriber, Subscription
from tests.factories import make_case, make_committee

from .conftest import follow_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def case() -> Case:
    return make_case(number="25-003798")


def ask(client, case, email="a@example.dk"):
    return client.post("/foelg/", {"kind": "case", "target": case.pk, "email": email})


def test_the_form_is_csrf_protected(case):
    refused = Client(enforce_csrf_checks=True).post(
        "/foelg/", {"kind": "case", "target": case.pk, "email": "a@example.dk"}
    )
    assert refused.status_code == 403
    assert not Subscription.objects.exists()


def test_a_request_stores_an_unconfirmed_subscription_and_queues_its_confirmation(
    client, case, django_capture_on_commit_callbacks
):
    from procrastinate.contrib.django.models import ProcrastinateJob

    with django_capture_on_commit_callbacks(execute=True):
        answer = ask(client, case, email=" A@Example.DK ")
    assert answer.status_code == 200 and "Tjek din mail" in answer.content.decode()
    subscription = Subscription.objects.get()
    assert subscription.subscriber.email == "a@example.dk"
    assert subscription.case == case and subscription.confirmed_at is None
    assert subscription.language == "da"
    [job] = ProcrastinateJob.objects.all()
    assert job.task_name == "alerts_send_confirmation"
    assert job.args == {"subscription_id": subscription.pk}


def test_asking_again_makes_no_second_subscription(client, case):
    ask(client, case)
    ask(client, case)
    assert Subscription.objects.count() == 1
    service.subscription_confirm(subscription=Subscription.objects.get())
    again = ask(client, case)  # says the same as to anyone: whether it is followed is not told
    assert "Tjek din mail" in again.content.decode()
    assert Subscription.objects.count() == 1


def test_a_bad_address_or_target_is_refused_in_danish(client, case):
    bad = ask(client, case, email="ikke en adresse")
    assert bad.status_code == 400 and "Skriv en gyldig mailadresse" in bad.content.decode()
    gone = client.post("/foelg/", {"kind": "case", "target": 10**9, "email": "a@example.dk"})
    assert gone.status_code == 400 and "findes ikke i arkivet" in gone.content.decode()
    empty = client.post("/foelg/", {"kind": "search", "search": "q=", "email": "a@example.dk"})
    assert empty.status_code == 400 and "Skriv et ord" in empty.content.decode()
    assert not Subscription.objects.exists()


def test_the_sixth_request_from_one_client_in_an_hour_is_refused(client, case):
    for n in range(5):
        assert ask(client, case, email=f"person{n}@example.dk").status_code == 200
    refused = ask(client, case, email="person5@example.dk")
    assert refused.status_code == 429
    assert "Prøv igen om en time" in refused.content.decode()
    assert Subscription.objects.count() == 5
    other = client.post(
        "/foelg/",
        {"kind": "case", "target": case.pk, "email": "person6@example.dk"},
        REMOTE_ADDR="10.0.0.2",
    )
    assert other.status_code == 200
    # An hour later the client may ask again.
    SubscribeAttempt.objects.update(at=timezone.now() - datetime.timedelta(minutes=61))
    assert ask(client, case, email="person5@example.dk").status_code == 200


def test_one_address_gets_at_most_three_confirmations_an_hour(client, case):
    committees = [make_committee(name=f"Udvalget for Prøve {n}") for n in range(4)]
    for n, committee in enumerate(committees):
        answer = client.post(
            "/foelg/",
            {"kind": "committee", "target": committee.pk, "email": "victim@example.dk"},
            REMOTE_ADDR=f"10.0.1.{n}",
        )
        assert answer.status_code == (200 if n < 3 else 429)
    assert "bekræftelser til den adresse" in answer.content.decode()
    assert SubscribeAttempt.objects.filter(address_digest__contains="@").count() == 0


def test_unconfirmed_subscriptions_older_than_a_week_are_deleted(case):
    old = service.subscription_request(email="old@example.dk", kind="case", target_id=case.pk)
    young = service.subscription_request(email="young@example.dk", kind="case", target_id=case.pk)
    kept = service.subscription_confirm(
        subscription=service.subscription_request(
            email="kept@example.dk", kind="case", target_id=case.pk
        )
    )
    week_ago = timezone.now() - datetime.timedelta(days=7, minutes=1)
    Subscription.objects.filter(pk__in=[old.pk, kept.pk]).update(created_at=week_ago)
    SubscribeAttempt.objects.update(at=week_ago)

    from meetings.alerts.tasks import alerts_forget_unconfirmed

    alerts_forget_unconfirmed(timestamp=0)  # what the hourly schedule runs
    assert set(Subscription.objects.values_list("pk", flat=True)) == {young.pk, kept.pk}
    assert not Subscriber.objects.filter(email="old@example.dk").exists()
    assert not SubscribeAttempt.objects.exists()


def test_links_carry_signed_tokens_not_addresses(client, case):
    subscription = service.subscription_request(
        email="a@example.dk", kind="case", target_id=case.pk
    )
    message = mail.confirmation_message(subscription)
    assert "a@example.dk" not in message.body and "a%40example" not in message.body
    token = service.confirm_token(subscription)
    assert service.subscription_for_confirm_token(token) == subscription
    assert service.subscription_for_confirm_token(token[:-2] + "xx") is None
    assert client.get(f"/foelg/bekraeft/{token[:-2]}xx/").status_code == 404
    assert client.get("/foelg/afmeld/forged/").status_code == 404
    assert client.get("/foelg/mine/forged/").status_code == 404
    # A confirmation link stops working after the week the subscription waits.
    later = timezone.now() + datetime.timedelta(days=8)
    from unittest import mock

    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        assert service.subscription_for_confirm_token(token) is None


def test_unsubscribe_link_shows_a_button_and_a_post_ends_it(client, case):
    subscription = service.subscription_confirm(
        subscription=service.subscription_request(
            email="a@example.dk", kind="case", target_id=case.pk
        )
    )
    url = f"/foelg/afmeld/{service.unsubscribe_token(subscription)}/"
    shown = client.get(url)
    assert shown.status_code == 200 and "Vil du holde op med at følge" in shown.content.decode()
    assert shown["X-Robots-Tag"] == "noindex"
    assert Subscription.objects.exists()  # a GET changes nothing
    assert "Du følger ikke længere" in client.post(url).content.decode()
    assert not Subscription.objects.exists()
    again = client.post(url)  # a mail program may send it twice
    assert again.status_code == 200 and "afmeldt" in again.content.decode()


def test_the_subscriber_sees_and_ends_their_subscriptions(client, case):
    committee = make_committee(name="Udvalget for Kultur & Fritid")
    one = service.subscription_confirm(
        subscription=service.subscription_request(
            email="a@example.dk", kind="case", target_id=case.pk
        )
    )
    two = service.subscription_request(
        email="a@example.dk", kind="committee", target_id=committee.pk
    )
    service.subscription_request(email="b@example.dk", kind="case", target_id=case.pk)
    url = f"/foelg/mine/{service.manage_token(one.subscriber)}/"
    page = client.get(url).content.decode()
    assert "sag 25-003798" in page.lower() and "Udvalget for Kultur &amp; Fritid" in page
    assert (
        "venter på bekræftelse" in page and "a@example.dk" not in page and "a…@example.dk" in page
    )
    assert client.post(url, {"end": two.pk}).status_code == 302
    assert list(Subscription.objects.filter(subscriber=one.subscriber)) == [one]
    client.post(url, {"end": "all"})
    assert not Subscriber.objects.filter(email="a@example.dk").exists()
    assert Subscriber.objects.filter(email="b@example.dk").exists()
    assert "følger ikke noget" in client.get(url).content.decode()


def test_mails_are_in_the_language_of_the_page_they_were_asked_from(client, case):
    english = client.post(
        "/i18n/setlang/", {"language": "en", "next": case.get_absolute_url()}, follow=True
    )
    action, fields = follow_form(english.content.decode())
    client.post(action, {**fields, "email": "a@example.dk"})
    subscription = Subscription.objects.get()
    assert subscription.language == "en"
    message = mail.confirmation_message(subscription)
    assert message.subject.startswith("Confirm that you want to follow case 25-003798")
    assert "Confirm it here:" in message.body
    html = message.alternatives[0][0]
    assert 'lang="en"' in html and "Confirm that you want to follow it" in html
    outbox.outbox.clear()


def test_describe_mail_setup(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "smtp.example.dk", 587, True
    settings.EMAIL_HOST_USER = "arkiv"
    assert mail.describe_mail_setup() == (
        "Mail (alerts): SMTP smtp.example.dk:587 (TLS) as arkiv, from "
        f"{settings.DEFAULT_FROM_EMAIL}"
    )
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = "/srv/archive/mail"
    assert "written as files to /srv/archive/mail" in mail.describe_mail_setup()


def test_without_email_host_mail_is_written_as_files(tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("EMAIL_")}
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); "
         "from meetings.alerts.mail import describe_mail_setup; print(describe_mail_setup())"],
        env={**env, "DJANGO_SETTINGS_MODULE": "archive.settings",
             "ARCHIVE_DATA_DIR": str(tmp_path)},
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert f"written as files to {tmp_path}/mail" in out


def test_following_a_person_survives_a_merge_of_two_spellings():
    from tests.factories import make_person

    kept, merged = make_person(name="Tina Mandrup"), make_person(name="Tina Mandrupp")
    one = service.subscription_request(email="a@example.dk", kind="person", target_id=merged.pk)
    service.subscription_request(email="b@example.dk", kind="person", target_id=merged.pk)
    service.subscription_request(email="b@example.dk", kind="person", target_id=kept.pk)
    assert service.subscriptions_move_person(merged=[merged], kept=kept) == 1
    merged.delete()
    one.refresh_from_db()
    assert one.person == kept and one.target == f"person:{kept.pk}"
    assert Subscription.objects.filter(subscriber__email="b@example.dk").count() == 1


def test_staff_see_subscriptions_and_deliveries_in_the_admin(admin_client, case):
    subscription = service.subscription_request(
        email="a@example.dk", kind="case", target_id=case.pk
    )
    pages = [
        "/admin/meetings/subscriber/",
        f"/admin/meetings/subscriber/{subscription.subscriber_id}/change/",
        "/admin/meetings/subscription/",
        f"/admin/meetings/subscription/{subscription.pk}/change/",
        "/admin/meetings/delivery/",
    ]
    for page in pages:
        assert admin_client.get(page).status_code == 200, page
    listing = admin_client.get("/admin/meetings/subscriber/").content.decode()
    assert "a…@example.dk" in listing and "a@example.dk" not in listing


def test_the_admin_merge_of_two_spellings_keeps_their_followers():
    from django.contrib.auth import get_user_model

    from meetings.publishing.corrections import person_merge
    from tests.factories import make_person

    staff = get_user_model().objects.create_user("redaktoer", is_staff=True)
    kept, merged = make_person(name="Tina Mandrup"), make_person(name="Tina Mandrupp")
    one = service.subscription_request(email="a@example.dk", kind="person", target_id=merged.pk)
    person_merge(keep=kept, merge=[merged], made_by=staff)
    one.refresh_from_db()
    assert one.person == kept
