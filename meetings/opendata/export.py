"""The whole archive as files: one gzip-compressed JSON Lines file per municipality (one
meeting per line, in the schema's shape) and one of everything, with a manifest of their
sizes, sha256 and when they were made.

Each dump is written under a temporary name beside its place and then moved there in one
step (os.replace), so a download never sees half a file. They are rebuilt in the background
after each publishing run and each takedown (tasks.py), never on a request; `manage.py export
DIR` writes the same files to a folder.
"""

from __future__ import annotations

import datetime
import gzip
import hashlib
import json
import os
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from meetings.models import Meeting, Municipality
from meetings.templatetags.archive import meeting_url

from .serialize import meeting_to_referat

MANIFEST = "index.json"
EVERYTHING = "alle"
# Meetings read per database round: memory stays flat however large the archive.
BATCH = 200


def export_dir() -> Path:
    return Path(settings.ARCHIVE_EXPORT_DIR)


def build_exports(directory: Path | None = None) -> list[dict]:
    """Write every municipality's dump and the archive's, then the manifest; returns it."""
    directory = Path(directory or export_dir())
    directory.mkdir(parents=True, exist_ok=True)
    entries = []
    everything = _Dump(directory / f"{EVERYTHING}.jsonl.gz")
    try:
        for town in Municipality.objects.order_by("slug"):
            dump = _Dump(directory / f"{town.slug}.jsonl.gz")
            try:
                for line in _lines(town):
                    dump.write(line)
                    everything.write(line)
                entries.append(dump.finish(municipality=town))
            except BaseException:
                dump.abandon()
                raise
        entries.append(everything.finish(municipality=None))
    except BaseException:
        everything.abandon()
        raise
    manifest = {"made_at": timezone.now().isoformat(), "dumps": entries}
    temporary = directory / f".{MANIFEST}.tmp"
    temporary.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(temporary, directory / MANIFEST)
    for stale in directory.glob("*.jsonl.gz"):
        if stale.name not in {entry["name"] for entry in entries}:
            stale.unlink()  # a municipality no longer in the archive
    return entries


def manifest(directory: Path | None = None) -> dict | None:
    path = Path(directory or export_dir()) / MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _lines(town: Municipality):
    site = settings.ARCHIVE_SITE_URL.rstrip("/")
    meetings = Meeting.objects.public().filter(municipality=town).select_related("committee")
    last = 0
    while True:
        batch = list(meetings.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not batch:
            return
        for meeting in batch:
            data = {
                "id": meeting.pk,
                "url": site + meeting_url(meeting),
                **meeting_to_referat(meeting),
            }
            yield json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
        last = batch[-1].pk


class _Dump:
    """One gzip file being written under a temporary name, with its sha256 as it grows."""

    def __init__(self, path: Path):
        self.path = path
        self.temporary = path.with_name(f".{path.name}.tmp")
        self.raw = open(self.temporary, "wb")  # noqa: SIM115 (closed in finish/abandon)
        self.hashing = _Hashing(self.raw)
        self.gzip = gzip.GzipFile(fileobj=self.hashing, mode="wb", mtime=0)
        self.meetings = 0

    def write(self, line: bytes) -> None:
        self.gzip.write(line)
        self.meetings += 1

    def finish(self, *, municipality: Municipality | None) -> dict:
        self.gzip.close()
        digest = self.hashing.sha256.hexdigest()
        self.raw.flush()
        os.fsync(self.raw.fileno())
        self.raw.close()
        os.replace(self.temporary, self.path)
        return {
            "name": self.path.name,
            "municipality": municipality.name if municipality else None,
            "slug": municipality.slug if municipality else None,
            "meetings": self.meetings,
            "size": self.path.stat().st_size,
            "sha256": digest,
            "made_at": datetime.datetime.now(datetime.UTC).isoformat(),
        }

    def abandon(self) -> None:
        try:
            self.gzip.close()
            self.raw.close()
        finally:
            self.temporary.unlink(missing_ok=True)


class _Hashing:
    """A file object that hashes what is written through it."""

    def __init__(self, raw):
        self.raw = raw
        self.sha256 = hashlib.sha256()

    def write(self, data) -> int:
        self.sha256.update(data)
        return self.raw.write(data)

    def flush(self) -> None:
        self.raw.flush()
