"""English is a whole second interface: every string of ours has a translation in one catalog."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"


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


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs gettext (.ci/run has it)")
def test_makemessages_finds_no_string_the_catalog_lacks(tmp_path):
    # The catalog alone cannot show a string marked in code but never collected into it: that
    # string stays Danish on the English pages. makemessages on a copy of the sources can.
    for part in ("archive", "meetings", "templates", "locale"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", tmp_path)
    done = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    collected = (tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text("utf-8")
    entries = list(_entries(collected))
    assert [msgid for flags, msgid, _ in entries if "fuzzy" in flags] == []
    assert [msgid for _, msgid, msgstrs in entries if not all(msgstrs)] == []


@pytest.mark.django_db
def test_the_search_page_is_english_when_english_is_chosen(client):
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/soeg/"})
    assert switched["Location"] == "/en/soeg/"  # English has its own addresses
    html = client.get("/en/soeg/").content.decode()
    assert "Search understands Danish inflections" in html
    assert "Søgningen forstår" not in html
