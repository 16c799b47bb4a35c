"""How long the secretariat waits: receive (sniff + parse), preview, publish, per referat.

    uv run python bench/upload_bench.py

Runs against the archive's own database inside a transaction that is rolled back: nothing is
kept. Prints milliseconds per step for each sample referat, as text and as a made PDF.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from meetings.publishing.uploads import upload_preview, upload_publish, upload_receive  # noqa: E402
from tests.ingest.make_pdf import referat_pdf  # noqa: E402


def timed(function, **kwargs):
    start = time.perf_counter()
    result = function(**kwargs)
    return result, (time.perf_counter() - start) * 1000


def main() -> None:
    call_command("migrate", interactive=False, verbosity=0)
    files = []
    for path in sorted((ROOT / "fixtures").iterdir()):
        text = path.read_text(encoding="utf-8")
        files.append((path.name, text.encode()))
        files.append((path.with_suffix(".pdf").name, referat_pdf(text)))
    print(f"{'file':28} {'kB':>6} {'receive':>9} {'preview':>9} {'publish':>9}  status")
    with transaction.atomic():
        user = get_user_model().objects.create_user(username="bench-upload", is_staff=True)
        for name, data in files:
            upload, receive_ms = timed(
                upload_receive, file=SimpleUploadedFile(name, data), uploaded_by=user
            )
            if upload.status != "awaiting":
                print(f"{name:28} refused: {upload.refused_reason}")
                continue
            _, preview_ms = timed(upload_preview, upload=upload)
            result, publish_ms = timed(
                upload_publish, upload=upload, published_by=user, confirm_personal_data=True
            )
            print(
                f"{name:28} {len(data) / 1024:6.0f} {receive_ms:7.0f}ms {preview_ms:7.0f}ms "
                f"{publish_ms:7.0f}ms  {result.status}"
            )
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
