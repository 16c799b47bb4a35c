"""The staff side through HTTP: login required, upload form, escaped preview, publish,
throttled logins and the data-care lists."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from meetings.models import Committee, CorrectionLog, Meeting, Person, Upload
from meetings.publishing.uploads import upload_receive

from .conftest import as_file

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def upload(staff, jai_text):
    return upload_receive(file=as_file("jai.txt", jai_text), uploaded_by=staff)


def upload_urls(upload):
    return [
        ("get", reverse("admin:meetings_upload_add")),
        ("post", reverse("admin:meetings_upload_add")),
        ("get", reverse("admin:meetings_upload_changelist")),
        ("get", reverse("admin:meetings_upload_change", args=[upload.pk])),
        ("post", reverse("admin:meetings_upload_publish", args=[upload.pk])),
        ("post", reverse("admin:meetings_upload_discard", args=[upload.pk])),
        ("get", reverse("admin:meetings_upload_download", args=[upload.pk])),
    ]


def test_anonymous_visitor_is_sent_to_login_on_every_upload_url(client, upload):
    for method, url in upload_urls(upload):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url
    upload.refresh_from_db()
    assert upload.status == Upload.Status.AWAITING
    assert not Meeting.objects.exists()


def test_upload_form_takes_many_files_and_leads_to_the_preview(client, staff, jai_text):
    client.force_login(staff)
    page = client.get(reverse("admin:meetings_upload_add"))
    assert b'type="file"' in page.content and b"multiple" in page.content
    response = client.post(
        reverse("admin:meetings_upload_add"),
        {"files": [as_file("jai.txt", jai_text), as_file("billede.pdf", b"\x89PNG\r\n\x1a\n")]},
    )
    assert response.status_code == 302
    assert Upload.objects.count() == 2
    refused = Upload.objects.get(filename="billede.pdf")
    assert refused.status == Upload.Status.REFUSED
    listing = client.get(response["Location"])
    assert refused.refused_reason in listing.content.decode()


def test_one_file_goes_straight_to_its_preview(client, staff, jai_text):
    client.force_login(staff)
    response = client.post(
        reverse("admin:meetings_upload_add"), {"files": as_file("jai.txt", jai_text)}
    )
    upload = Upload.objects.get()
    assert response["Location"] == reverse("admin:meetings_upload_change", args=[upload.pk])
    preview = client.get(response["Location"]).content.decode()
    assert "Mødelokale 5, Allerslev" in preview
    assert "25-009324" in preview
    assert "Orientering givet" in preview
    assert "Nyt møde i arkivet" in preview


def test_preview_escapes_everything_from_the_file(client, staff, jai_text):
    hostile = jai_text.replace("Mødelokale 5, Allerslev", HOSTILE).replace(
        "Orientering givet", f"Orientering givet {HOSTILE}", 1
    )
    hostile = hostile.replace("JAI - Kvartalsbog Q4 2025", f"JAI - Kvartalsbog {HOSTILE}")
    upload = upload_receive(file=as_file(f"{HOSTILE}.txt", hostile), uploaded_by=staff)
    assert upload.status == Upload.Status.AWAITING, upload.refused_reason
    client.force_login(staff)
    page = client.get(reverse("admin:meetings_upload_change", args=[upload.pk])).content.decode()
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_publish_through_the_view_asks_for_the_privacy_confirmation(client, staff, jai_text):
    text = jai_text.replace("Orientering givet", "Orientering givet, tlf. 12 34 56 78", 1)
    upload = upload_receive(file=as_file("jai.txt", text), uploaded_by=staff)
    client.force_login(staff)
    url = reverse("admin:meetings_upload_change", args=[upload.pk])
    page = client.get(url).content.decode()
    assert "Mulige personoplysninger" in page and "tlf. •• •• •• ••" in page
    assert '<mark class="personal-data">12 34 56 78</mark>' in page
    assert 'name="confirm_personal_data"' in page
    publish = reverse("admin:meetings_upload_publish", args=[upload.pk])
    client.post(publish)
    assert not Meeting.objects.exists()
    client.post(publish, {"confirm_personal_data": "on"})
    upload.refresh_from_db()
    assert upload.status == Upload.Status.PUBLISHED
    assert upload.personal_data_confirmed_by == staff
    assert "bekræftet af sekretariat" in client.get(url).content.decode()


def test_download_gives_the_original_bytes(client, staff, upload, jai_text):
    client.force_login(staff)
    response = client.get(reverse("admin:meetings_upload_download", args=[upload.pk]))
    assert response.content == jai_text.encode()
    assert response["Content-Disposition"].startswith("attachment")


def test_csrf_is_required_for_publishing(staff, upload):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    response = client.post(reverse("admin:meetings_upload_publish", args=[upload.pk]))
    assert response.status_code == 403
    upload.refresh_from_db()
    assert upload.status == Upload.Status.AWAITING


def test_login_is_locked_after_repeated_failures(client, staff, settings):
    settings.AXES_FAILURE_LIMIT = 3
    login = reverse("admin:login")
    for _ in range(2):
        response = client.post(login, {"username": "sekretariat", "password": "forkert"})
        assert response.status_code == 200
    # The third failure locks the username out from this address, as the limit says.
    response = client.post(login, {"username": "sekretariat", "password": "forkert"})
    assert response.status_code == 429
    assert AccessAttempt.objects.get(username="sekretariat").failures_since_start == 3
    # Even the right password is refused while locked out, with a plain message.
    response = client.post(login, {"username": "sekretariat", "password": "et-langt-kodeord-42"})
    assert response.status_code == 429
    assert "For mange mislykkede forsøg" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_successful_login_forgets_earlier_failures(client, staff):
    login = reverse("admin:login")
    client.post(login, {"username": "sekretariat", "password": "forkert"})
    response = client.post(login, {"username": "sekretariat", "password": "et-langt-kodeord-42"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()


def test_data_care_lists_render_with_filters_and_search(client, staff, upload):
    from meetings.publishing.uploads import upload_publish

    upload_publish(upload=upload, published_by=staff)
    client.force_login(staff)
    for model in ["meeting", "agendaitem", "case", "person", "committee", "upload"]:
        url = reverse(f"admin:meetings_{model}_changelist")
        assert client.get(url).status_code == 200, url
        assert client.get(url, {"q": "Orientering"}).status_code == 200, url
    items = client.get(
        reverse("admin:meetings_agendaitem_changelist"), {"outcome": "orientering-givet"}
    )
    assert "Orientering marts 2026" in items.content.decode()
    index = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:meetings_upload_add") in index


def test_person_merge_action_in_the_admin(client, staff, upload):
    from meetings.publishing.uploads import upload_publish

    upload_publish(upload=upload, published_by=staff)
    typo = Person.objects.create(name="Tina Mandrupp")
    keep = Person.objects.get(name="Tina Mandrup")
    client.force_login(staff)
    url = reverse("admin:meetings_person_changelist")
    data = {"action": "merge_people", "_selected_action": [keep.pk, typo.pk]}
    choose = client.post(url, data)
    assert "Vælg den stavemåde" in choose.content.decode()
    client.post(url, {**data, "keep": keep.pk, "confirm": "yes"})
    assert not Person.objects.filter(pk=typo.pk).exists()
    log = CorrectionLog.objects.get()
    assert log.made_by == staff and "Tina Mandrupp" in log.summary


def test_committee_correction_in_the_admin_is_logged(client, staff):
    committee = Committee.objects.create(name="Udvalget for Job", code="JIA")
    client.force_login(staff)
    url = reverse("admin:meetings_committee_change", args=[committee.pk])
    response = client.post(url, {"name": "Udvalget for Job", "code": "JAI"})
    assert response.status_code == 302
    committee.refresh_from_db()
    assert committee.code == "JAI"
    log = CorrectionLog.objects.get()
    assert log.before["code"] == "JIA" and log.after["code"] == "JAI"
    listing = client.get(reverse("admin:meetings_correctionlog_changelist")).content.decode()
    assert "JIA → JAI" in listing


def test_locked_username_cannot_authenticate_by_any_path(staff, settings, rf):
    from django.contrib.auth import authenticate

    settings.AXES_FAILURE_LIMIT = 2
    request = rf.post("/admin/login/", REMOTE_ADDR="192.0.2.7")
    for _ in range(2):
        assert authenticate(request, username="sekretariat", password="forkert") is None
    assert authenticate(request, username="sekretariat", password="et-langt-kodeord-42") is None
    # Another address is not locked out by the guesser's failures.
    other = rf.post("/admin/login/", REMOTE_ADDR="192.0.2.8")
    assert authenticate(other, username="sekretariat", password="et-langt-kodeord-42") == staff


def test_file_over_the_limit_is_refused_through_the_form_without_being_kept(
    client, staff, settings, jai_text
):
    settings.ARCHIVE_MAX_UPLOAD_BYTES = 1000
    client.force_login(staff)
    big = "x" * 200_000
    client.post(
        reverse("admin:meetings_upload_add"),
        {"files": [as_file("stor.txt", big), as_file("lille.txt", jai_text[:900])]},
    )
    refused = Upload.objects.get(filename="stor.txt")
    assert refused.status == Upload.Status.REFUSED
    assert refused.size > 1000 and bytes(refused.content) == b""
    assert "mere end de" in refused.refused_reason
    small = Upload.objects.get(filename="lille.txt")
    assert bytes(small.content) == jai_text[:900].encode()  # the other file came through whole


def test_data_care_lists_take_the_same_queries_however_many_rows(client, staff, referat_paths):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from meetings.publishing.uploads import upload_publish

    client.force_login(staff)
    models = ["meeting", "agendaitem", "case", "person", "committee", "upload", "sourcedocument"]

    def queries_per_list():
        counts = {}
        for model in models:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse(f"admin:meetings_{model}_changelist")).status_code == 200
            counts[model] = len(queries)
        return counts

    paths = list(referat_paths)
    first = upload_receive(file=as_file(paths[0].name, paths[0].read_bytes()), uploaded_by=staff)
    upload_publish(upload=first, published_by=staff)
    one_meeting = queries_per_list()
    for path in paths[1:]:
        upload = upload_receive(file=as_file(path.name, path.read_bytes()), uploaded_by=staff)
        upload_publish(upload=upload, published_by=staff)
    assert Meeting.objects.count() == len(paths)
    assert queries_per_list() == one_meeting


def test_upload_pages_are_in_english_for_english_readers(client, staff):
    # Danish first (whatever the browser prefers); English when chosen with the switch.
    client.force_login(staff)
    page = client.get(reverse("admin:meetings_upload_add"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Upload og vis" in page.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/admin/"})
    page = client.get(reverse("admin:meetings_upload_add"))
    assert "Upload and preview" in page.content.decode()
    client.post(reverse("set_language"), {"language": "da", "next": "/admin/"})
    page = client.get(reverse("admin:meetings_upload_add"))
    assert "Upload og vis" in page.content.decode()
