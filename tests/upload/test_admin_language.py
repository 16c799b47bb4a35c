"""The Danish admin is Danish: a walk of every list, form and page of ours in it finds no
English words (Django's own words come in Danish from its catalog; ours must too), and counts
agree with their noun ("1 sted", "2 steder")."""

import io
import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from meetings.models import Person, Upload
from meetings.publishing.uploads import upload_receive

from .conftest import FIXTURES_DIR, as_file

pytestmark = pytest.mark.django_db

# English words that give an English label or help text away; none of them is Danish.
ENGLISH = re.compile(
    r"\b(the|of|and|when|empty|size|meeting|meetings|number|title|date|name|first|latest"
    r"|newest|order|only|from|case|cases|committee|item|items|reason|kind|text|with"
    r"|through|as|printed|counted|again|after|or|its|root|not|recognised|created|updated"
    r"|unchanged|file|position|line|schedule|given|harvested|limit)\b",
    re.IGNORECASE,
)
# Words of a page that are data (file names, addresses, a sample's text), not labels.
DATA = re.compile(r"^(https?://|/)|\.(txt|md|pdf|json)$")
# Names in code a help text points to (`manage.py ingest`, meetings.vocabulary).
CODE = re.compile(r"`[^`]*`|\b[a-z_]+\.[a-z_.]+\b")


def english(text: str) -> bool:
    return bool(ENGLISH.search(CODE.sub("", text)))


class Labels(HTMLParser):
    """The texts a user reads as the admin's words: everything but inputs' values and data
    cells of a list (a referat's own text is Danish anyway)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "textarea", "option", "pre"):
            self.skip += 1
        for name, value in attrs:
            if name in ("title", "aria-label", "placeholder") and value:
                self.texts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "textarea", "option", "pre"):
            self.skip -= 1

    def handle_data(self, data):
        if data.strip() and not self.skip:
            self.texts.append(" ".join(data.split()))


def english_in(html: str, names: set[str]) -> list[str]:
    parser = Labels()
    parser.feed(html)
    found = []
    for text in parser.texts:
        if DATA.search(text) or text in names:
            continue
        if english(text):
            found.append(text)
    return found


@pytest.fixture
def filled(staff, jai_text):
    paths = sorted(p for p in FIXTURES_DIR.iterdir() if p.suffix in {".md", ".txt"})
    call_command("ingest", *[str(p) for p in paths], stdout=io.StringIO())
    upload_receive(file=as_file("jai.txt", jai_text), uploaded_by=staff)


def admin_pages() -> list[str]:
    """Every model's list and add form, and the change form of its first row (ours and
    Django's own: users, groups)."""
    pages = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label == "procrastinate":
            # The job queue's admin: procrastinate's field names are not marked for
            # translation ("queue name"), so no catalog of ours can make them Danish.
            continue
        info = f"{model._meta.app_label}_{model._meta.model_name}"
        pages.append(reverse(f"admin:{info}_changelist"))
        if model_admin.has_add_permission(_Request()):
            pages.append(reverse(f"admin:{info}_add"))
        first = model.objects.order_by("pk").first()
        if first is not None:
            try:
                pages.append(reverse(f"admin:{info}_change", args=[first.pk]))
            except NoReverseMatch:
                pass
    return pages


class _Request:
    class user:  # noqa: N801 - a superuser, as has_add_permission asks
        is_active = is_staff = is_superuser = True

        @staticmethod
        def has_perm(*_args, **_kwargs):
            return True


def test_the_danish_admin_has_no_english_words_of_ours(client, staff, filled):
    client.force_login(staff)
    names = set(Person.objects.values_list("name", flat=True))
    found = {}
    with translation.override("da"):
        pages = admin_pages()
    assert len(pages) > 20
    for address in pages:
        response = client.get(address, HTTP_ACCEPT_LANGUAGE="da")
        assert response.status_code == 200, address
        if english := english_in(response.content.decode(), names):
            found[address] = english[:6]
    assert found == {}


def test_every_field_and_model_is_named_in_danish():
    """Where a field has no verbose name Django shows its English attribute name ("SIZE",
    "MEETING" in a list's header): every field of ours has one, and no label or help text
    of ours is English. The archive's own search columns (search_body …) are never shown."""
    from django.apps import apps

    found = []
    with translation.override("da"):
        for model in apps.get_app_config("meetings").get_models():
            opts = model._meta
            for label in (opts.verbose_name, opts.verbose_name_plural):
                if english(str(label)):
                    found.append((model.__name__, str(label)))
            for field in opts.get_fields():
                if not getattr(field, "concrete", False) or field.auto_created:
                    continue
                if field.name.startswith("search_") and model.__name__ == "AgendaItem":
                    continue
                texts = [str(field.verbose_name), str(field.help_text or "")]
                fallback = field.verbose_name == field.name.replace("_", " ")
                if fallback and field.name not in ("status", "format", "referat", "person"):
                    found.append((model.__name__, field.name, "no verbose name"))
                found += [(model.__name__, field.name, t) for t in texts if english(t)]
    assert found == []


def _with_cpr(text: str, count: int) -> str:
    hits = " ".join(f"cpr-nr. 0101{90 + n}-1234" for n in range(count))
    return text.replace("Taget til efterretning.", f"Taget til efterretning. {hits}", 1)


@pytest.mark.parametrize(("count", "words"), [(1, "(1 sted);"), (2, "(2 steder);")])
def test_a_count_of_places_agrees_with_its_noun(staff, jai_text, count, words):
    from meetings.publishing.uploads import PersonalDataNotConfirmed, upload_publish

    upload = upload_receive(file=as_file("jai.txt", _with_cpr(jai_text, count)), uploaded_by=staff)
    with translation.override("da"), pytest.raises(PersonalDataNotConfirmed) as refused:
        upload_publish(upload=upload, published_by=staff, confirm_personal_data=False)
    assert words in str(refused.value)
    assert Upload.objects.get(pk=upload.pk).status == Upload.Status.AWAITING


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [390, 1280], ids=["phone", "desktop"])
def test_the_admin_lists_read_danish_in_a_browser(browser_page, staff, filled, width):
    """The column headers as drawn (the admin writes them in capitals: "SIZE" was the field's
    attribute name), on a phone and a screen."""
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/admin/login/?next=/admin/meetings/sourcedocument/")
    page.fill("#id_username", staff.username)
    page.fill("#id_password", "et-langt-kodeord-42")
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url("**/admin/meetings/sourcedocument/")
    assert page.locator("html").get_attribute("lang") == "da"
    headers = page.locator("#result_list thead th").all_inner_texts()
    assert {"STØRRELSE", "MØDE", "FORMAT"} <= {h.strip() for h in headers}, headers
    assert not {"SIZE", "MEETING"} & {h.strip() for h in headers}
    page.goto("/admin/meetings/upload/")
    text = page.locator("#content").inner_text()
    assert "Tekst" in text and not re.search(r"\btext\b", text)
    page.goto(page.locator("#result_list a").first.get_attribute("href"))
    assert not english_in(page.content(), set())
    assert page.console_errors == []
