"""Bytes to a parsed referat, within the limits an untrusted upload is allowed.

Every way in (`manage.py ingest`, the upload form, a harvest) comes through here, so the size,
page and time limits are enforced in one place. The format is decided from the content, never
from a file name: a PDF, a FirstAgenda portal's meeting JSON or web page, or text. Nothing is
written: that is `store.referat_store`.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import decisions, firstagenda, webpage
from .errors import ReferatError
from .extract import PDF_SIGNATURE, extract_text
from .parse import parse_referat

MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class ReadReferat:
    """One file read and parsed: the referat shape, and the file as it came in."""

    referat: dict
    format: str  # "pdf" | "text" | "json" | "html"
    content: bytes
    sha256: str
    filename: str

    @property
    def warnings(self) -> list[str]:
        return list(self.referat.get("warnings") or [])


def read_referat(data: bytes, *, filename: str, url: str | None = None) -> ReadReferat:
    """Extract and parse one file; raises ReferatError with a one-line reason when it is not a
    usable referat (too large, empty, not a referat in any format we read, no header, no
    items …). `url`: where it was fetched from, when the archive fetched it itself."""
    check_size(len(data))
    if not data.strip():
        raise ReferatError(_("filen er tom"))
    if PDF_SIGNATURE not in data[:1024] and firstagenda.is_meeting_json(data):
        referat, format = firstagenda.read_meeting_bytes(data, url=url), "json"
    elif PDF_SIGNATURE not in data[:1024] and webpage.is_meeting_page(data):
        referat, format = webpage.read_meeting_page(data, url=url), "html"
    else:
        extracted = extract_text(
            data,
            max_pages=settings.ARCHIVE_MAX_PDF_PAGES,
            timeout=settings.ARCHIVE_PDF_TIMEOUT_SECONDS,
        )
        referat, format = parse_referat(extracted.text), extracted.format
    # Whatever the format: votes, positions, absences and amounts read out of each decision.
    referat = decisions.enrich(referat)
    return ReadReferat(
        referat=referat,
        format=format,
        content=data,
        sha256=hashlib.sha256(data).hexdigest(),
        filename=filename,
    )


def read_referat_file(path: Path) -> ReadReferat:
    """`read_referat` for a file on disk, refusing one that is too large before reading it."""
    try:
        size = path.stat().st_size
        check_size(size)
        data = path.read_bytes()
    except OSError as exc:
        raise ReferatError(
            format_lazy(_("filen kan ikke læses ({error})"), error=exc.strerror or exc)
        ) from exc
    return read_referat(data, filename=path.name)


def check_size(size: int) -> None:
    limit = settings.ARCHIVE_MAX_UPLOAD_BYTES
    if size > limit:
        # Rounded up, so that a file just over the limit never reads as equal to it.
        size_mb = math.ceil(size * 10 / MEGABYTE) / 10
        raise ReferatError(
            format_lazy(
                _("filen er {size} MB, mere end de {limit} MB, der er tilladt"),
                size=f"{size_mb:g}",
                limit=f"{limit / MEGABYTE:g}",
            )
        )
