"""Bytes to clean text: a PDF's text layer (page furniture removed, wrapped lines rejoined) or
a text file's contents. The format is decided from the content, never from the file name.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from meetings.ingest.errors import ReferatError
from meetings.ingest.pdf import pdf_text

PDF_SIGNATURE = b"%PDF-"


@dataclass(frozen=True)
class ExtractedText:
    """The text of one uploaded file, ready for `parse.parse_referat`."""

    text: str  # clean text: page furniture removed, wrapped lines rejoined
    format: str  # "pdf" | "text"
    pages: int | None


def extract_text(
    data: bytes, *, max_pages: int | None = None, timeout: float | None = None
) -> ExtractedText:
    """The text in `data` (PDF or text); ReferatError with a one-line reason if there is none."""
    if not data or not data.strip():
        raise ReferatError(_("filen er tom"))
    if PDF_SIGNATURE in data[:1024]:
        text, pages = pdf_text(data, max_pages=max_pages, timeout=timeout)
        return ExtractedText(text=text, format="pdf", pages=pages)
    return ExtractedText(text=_decode_text(data), format="text", pages=None)


def _decode_text(data: bytes) -> str:
    if b"\x00" in data[:65536]:
        raise ReferatError(_("filen er hverken en PDF eller tekst (binært indhold)"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _decode_cp1252(data)
    if not _looks_like_text(text):
        raise ReferatError(_("filen er hverken en PDF eller tekst (kontroltegn)"))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReferatError(_("filen er tom"))
    return text


def _decode_cp1252(data: bytes) -> str:
    """An old export in Windows-1252 is text too, but only if it reads as text."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = ""
    if not text or not _looks_like_text(text) or not _looks_like_prose(text):
        raise ReferatError(_("filen er hverken en PDF eller tekst (ikke UTF-8)"))
    return text


def _looks_like_text(text: str) -> bool:
    sample = text[:65536]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    return controls <= len(sample) // 1000


def _looks_like_prose(text: str) -> bool:
    sample = text[:65536]
    letters = sum(1 for c in sample if c.isalpha() or c.isspace())
    return letters >= 0.7 * len(sample)
