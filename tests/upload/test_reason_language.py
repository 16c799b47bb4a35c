"""A refused upload says why in the admin's language: Danish, or English for a staff member who
chose English (the language switch's cookie, which the admin follows)."""

import pytest
from django.urls import reverse

from meetings.models import Upload

from .conftest import as_file

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40
# Blank lines only: the form takes it (it has bytes), the pipeline finds nothing in it.
BLANK = b"  \n\n\t\n"


def upload_page(client, name: str, data: bytes) -> str:
    """The page the admin shows after uploading one file, with its message (which the admin
    prints with a capital first letter: "Tom.txt blev afvist: …")."""
    response = client.post(
        reverse("admin:meetings_upload_add"), {"files": as_file(name, data)}, follow=True
    )
    assert response.status_code == 200
    return response.content.decode()


def choose_english(client) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/admin/"})


def test_a_refused_upload_says_why_in_danish(client, staff):
    client.force_login(staff)

    page = upload_page(client, "tom.txt", BLANK)

    assert "Tom.txt blev afvist: filen er tom" in page
    upload = Upload.objects.get()
    assert upload.status == Upload.Status.REFUSED
    assert upload.refused_reason == "filen er tom"


def test_a_refused_upload_says_why_in_english_for_staff_who_chose_english(client, staff):
    client.force_login(staff)
    choose_english(client)

    page = upload_page(client, "tom.txt", BLANK)

    assert "Tom.txt was refused: the file is empty" in page
    assert "filen er tom" not in page
    # Kept as the text it was shown in, whoever reads it later.
    assert Upload.objects.get().refused_reason == "the file is empty"


def test_an_uploaded_png_is_refused_as_a_png_in_danish(client, staff):
    client.force_login(staff)

    page = upload_page(client, "referat.pdf", PNG)

    assert (
        "Referat.pdf blev afvist: Filen er et PNG-billede, ikke en PDF eller en tekstfil." in page
    )
    assert "hverken en PDF eller tekst" not in page
    upload = Upload.objects.get()
    assert (upload.format, upload.refused_reason) == (
        "png",
        "Filen er et PNG-billede, ikke en PDF eller en tekstfil.",
    )


def test_an_uploaded_png_is_refused_as_a_png_in_english(client, staff):
    client.force_login(staff)
    choose_english(client)

    page = upload_page(client, "referat.pdf", PNG)

    assert "Referat.pdf was refused: The file is a PNG image, not a PDF or a text file." in page
    assert "neither a PDF nor text" not in page
    assert Upload.objects.get().refused_reason == (
        "The file is a PNG image, not a PDF or a text file."
    )


def test_the_preview_of_a_refused_upload_shows_the_reason_it_was_kept_with(client, staff):
    client.force_login(staff)
    upload_page(client, "tom.txt", BLANK)
    upload = Upload.objects.get()

    preview = client.get(reverse("admin:meetings_upload_change", args=[upload.pk]))

    assert '<span id="refused-reason">filen er tom</span>' in preview.content.decode()
