"""`manage.py export [DIR]`: the open-data dumps written to a folder (default: where the
archive serves them from, ARCHIVE_EXPORT_DIR), as the background rebuild writes them."""

from __future__ import annotations

import time
from pathlib import Path

from meetings.management.english import EnglishCommand
from meetings.opendata.export import build_exports, export_dir


class Command(EnglishCommand):
    help = "Write the whole archive as gzip-compressed JSON Lines, one file per municipality."

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", help="Default: ARCHIVE_EXPORT_DIR.")

    def handle(self, *args, directory=None, **options):
        started = time.monotonic()
        target = Path(directory) if directory else export_dir()
        for entry in build_exports(target):
            self.stdout.write(
                f"{entry['name']:<32} {entry['meetings']:>6} meetings  {entry['size']:>10} bytes"
                f"  sha256 {entry['sha256']}"
            )
        self.stdout.write(f"Written to {target} in {time.monotonic() - started:.1f} s")
