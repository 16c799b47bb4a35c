"""Converter markup to plain paragraphs: what the three PDF converters add is taken off here.

The output is a list of paragraphs, each a list of plain lines: headings, bold, tags, links and
table pipes removed, entities unescaped, runs of spaces made single.
"""

from __future__ import annotations

import html
import re

# Only tags converters emit: a "<" in running text ("< 5 %") is left alone.
_TAG = re.compile(
    r"</?(?:a|b|i|u|p|em|strong|span|div|br|sup|sub|font|small|h[1-6]|t[dhr]|table|tbody|thead)"
    r"(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
_HEADING_HASHES = re.compile(r"^\s{0,3}#{1,6}(?:\s+|$)")
_CLOSING_HASHES = re.compile(r"\s+#+\s*$")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<])")
_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_ITALIC = re.compile(r"(?<![\w*\\])\*(?=[^\s*])([^*\n]*?)(?<=[^\s*])\*(?![\w*])")
_MD_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
# An image a converter lifted out of the PDF: its alt text (a figure's caption) is the text.
_MD_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")
# A markdown autolink: the address is the text ("<mailto:x@y.dk>" shows as "x@y.dk").
_AUTOLINK = re.compile(
    r"<(?:mailto:)?(https?://[^<>\s]+|[^<>\s@]+@[^<>\s@]+\.[a-z]{2,})>", re.IGNORECASE
)
_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
# The underline of a setext heading ("Beslutning" / "=========="), as older pandoc writes
# levels 1 and 2 (level 2's "-----" is a rule above): the line above is the heading's text.
_SETEXT_UNDERLINE = re.compile(r"^\s*={3,}\s*$")
# Pandoc's markdown from a word processor: a blockquote marker before an indented paragraph
# (not "> 50 %", a comparison), a span's attributes ("[tekst]{.underline}") and a hard line
# break's trailing backslash.
_BLOCKQUOTE = re.compile(r"^\s*(?:>\s?)+(?=[^\d\s<>=])")
_SPAN = re.compile(r"\[([^\]\n]*)\]\{[^{}\n]*\}")
_HARD_BREAK = re.compile(r"\\\s*$")
_JOINED_HYPHEN_BEFORE_CONJUNCTION = re.compile(r"\ufffe(?=(?:og|eller|samt|som|til)\b)")
_PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


def clean_line(line: str) -> str | None:
    """One source line as plain text; None when the line is pure markup (a rule, a separator)."""
    cells = clean_cells(line)
    return None if cells is None else " ".join(cells)


def clean_cells(line: str) -> list[str] | None:
    """One source line's non-empty cells as plain text (a table row's cells, tab or pipe
    separated; a prose line is one cell, a blank line none); None for pure markup."""
    # Each rule runs only when its marker character is on the line: most lines are plain
    # prose, and this is where parsing spends its time.
    head = line.lstrip()[:1]
    if head in ("-", "*", "_", "|", ":") and (_RULE.match(line) or _PIPE_SEPARATOR.match(line)):
        return None
    if head == "=" and _SETEXT_UNDERLINE.match(line):
        return None
    if head == ">":
        line = _BLOCKQUOTE.sub("", line)
    if head == "#" and _HEADING_HASHES.match(line):
        line = _CLOSING_HASHES.sub("", _HEADING_HASHES.sub("", line))
    if "](" in line:
        line = _MD_LINK.sub(r"\1", _MD_IMAGE.sub(r"\1", line))
    if "<" in line:
        line = _TAG.sub(" ", _AUTOLINK.sub(r"\1", line))
    if "*" in line or "__" in line:
        line = _BOLD.sub(r"\2", line)
        line = _BOLD.sub(r"\2", line)  # bold nested in bold-italic
        line = _ITALIC.sub(r"\1", line)
    if "]{" in line:
        line = _SPAN.sub(r"\1", line)
    if "\\" in line:
        line = _ESCAPED.sub(r"\1", _HARD_BREAK.sub("", line))  # "1\. at" is "1. at"
    if "&" in line:
        line = html.unescape(line)
    if "\u200b" in line:
        line = line.replace("\u200b", " ")
    if "\ufffe" in line:
        # PDFium's page text marks a word it joined across a line's end hyphen with U+FFFE
        # (pdf.py reads it the same way): the hyphen, kept; before a conjunction with its
        # space ("ressourceforløb- eller").
        line = _JOINED_HYPHEN_BEFORE_CONJUNCTION.sub("- ", line).replace("\ufffe", "-")
    if "\u00ad" in line:
        # A soft hyphen is invisible unless a line breaks there: kept, it would split a word
        # for search and show as a stray hyphen in some browsers (pdf.py drops it too).
        line = line.replace("\u00ad", "")
    stripped = line.strip()
    if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
        cells = stripped[1:-1].split("|")
    elif "\t" in line:
        cells = line.split("\t")
    else:
        plain = " ".join(line.split())
        return [plain] if plain else []
    # Empty cells (padding of a table row) vanish; `clean_line` joins the rest by one space.
    return [" ".join(cell.split()) for cell in cells if cell.strip()]


def paragraphs(text: str, *, cells: bool = False) -> list[list]:
    """The text as paragraphs of plain lines: blank lines separate paragraphs. With `cells`,
    each line is the list of its cells (`clean_cells`) instead of one string."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    result: list[list[str]] = []
    current: list[str] = []
    for raw in text.split("\n"):
        line = clean_cells(raw) if cells else clean_line(raw)
        if line is None:
            continue
        if line:
            current.append(line)
        elif current:
            result.append(current)
            current = []
    if current:
        result.append(current)
    return result


def plain_text(text: str) -> str:
    """The text with markup removed, paragraphs separated by one blank line."""
    return "\n\n".join("\n".join(p) for p in paragraphs(text))
