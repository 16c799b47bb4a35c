"""English is a whole second interface: every string of ours has a translation in one catalog."""

import re
from pathlib import Path

import pytest

CATALOG = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _entries(text: str):
    """(flags, msgid, msgstrs) of each entry of a .po file, without its header."""
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        flags = " ".join(line for line in lines if line.startswith("#,"))
        fields: dict[str, str] = {}
        key = None
        for line in lines:
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                key = match.group(1)
                fields[key] = match.group(2)
            elif line.startswith('"') and key:
                fields[key] += line[1:-1]
        if fields.get("msgid"):
            yield flags, fields["msgid"], [v for k, v in fields.items() if k.startswith("msgstr")]


def test_the_english_catalog_has_no_untranslated_or_fuzzy_entry():
    entries = list(_entries(CATALOG.read_text(encoding="utf-8")))
    assert len(entries) > 200
    assert [msgid for flags, msgid, _ in entries if "fuzzy" in flags] == []
    assert [msgid for _, msgid, msgstrs in entries if not all(msgstrs)] == []


@pytest.mark.django_db
def test_the_search_page_is_english_when_english_is_chosen(client):
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/soeg/"})
    assert switched["Location"] == "/en/soeg/"  # English has its own addresses
    html = client.get("/en/soeg/").content.decode()
    assert "Search understands Danish inflections" in html
    assert "Søgningen forstår" not in html
