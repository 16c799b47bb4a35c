"""Every string the code marks for translation has its English in the catalog.

tests/test_translations.py checks the entries the catalog has; this one extracts what the
code and templates mark (makemessages, as a translator would) and looks each up: a string
added without its English showed Danish on English pages, and nothing noticed.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_translations import CATALOG, _entries

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext is not installed")
def test_every_marked_string_has_its_english(tmp_path):
    for part in ("meetings", "templates", "archive"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    (tmp_path / "locale" / "en" / "LC_MESSAGES").mkdir(parents=True)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-location"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    marked = tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po"
    wanted = {msgid for _flags, msgid, _msgstrs in _entries(marked.read_text(encoding="utf-8"))}
    translated = {
        msgid
        for flags, msgid, msgstrs in _entries(CATALOG.read_text(encoding="utf-8"))
        if all(msgstrs) and "fuzzy" not in flags
    }
    assert sorted(wanted - translated) == []
