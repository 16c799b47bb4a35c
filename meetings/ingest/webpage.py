"""The FirstAgenda Publication portal's web page of one meeting (`/vis?id=<meeting id>`, as a
person saves it from the browser) to the referat shape (plus "warnings").

The portal is a single-page app: the saved page is the rendered DOM, and its markup differs
between portal versions and municipalities (items as table rows with an `h2.overskrift`, as
accordion buttons, as plain headings, the number in its own element or before the title). So
nothing here relies on one template:

1. A page that embeds the meeting JSON (a script naming "Dagsordenpunkter") is read from that
   JSON with `firstagenda.read_meeting`.
2. Otherwise the item headings are found: heading-like elements (h1-h6, buttons, summaries,
   title classes) whose text, or the element just before them, gives a number and a title;
   of those the family that shares tag and depth and numbers most items in ascending order
   wins (numbered lines inside an item's own text belong to no such family).
3. Page furniture goes (buttons, dialogs, cookie banners, navigation, "Kopier link", bare
   attachment counts), and the page is laid out with `firstagenda.HtmlText`, so an item's
   fields read exactly as the JSON's do. Attachment links (`…/pdf/bilag/<id>`) on a line of
   their own are the item's attachments; the case number and the item's absences are the
   labelled lines that open the item, before its fields.
4. The page's header (before the first item) gives the committee, date, time, place and
   participants, from the portal's classes (`.udvalg`, `.dato`, `.sted`) or from labels
   ("Dato:", "Mødested:", "Deltagere" …).
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urljoin, urlsplit

from django.utils.translation import gettext, gettext_lazy
from selectolax.lexbor import LexborHTMLParser, LexborNode

from meetings.ingest.errors import ReferatError
from meetings.ingest.firstagenda import (
    HtmlText,
    Para,
    attachment_url,
    committee_of,
    has_decision_heading,
    item_fields,
    meeting_kind,
    meeting_title,
    portal_root,
    read_meeting,
    split_closed,
    split_sections,
)

# The words and marks of the page: meetings/vocabulary (the portal's own in its portal.py).
from meetings.vocabulary import (
    ABSENT_MARKERS,
    ATTACHMENT_CLASS_WORDS,
    ATTACHMENT_HREF_MARK,
    ATTACHMENT_LABELS,
    CASE_NUMBER_CLASS_WORDS,
    CLOSED_PREFIX,
    DANISH_MONTHS,
    EXTRAORDINARY,
    FURNITURE_CLASS_PREFIXES,
    FURNITURE_ID_WORDS,
    FURNITURE_PATTERNS,
    FURNITURE_PHRASES,
    FURNITURE_ROLES,
    HEADER_CLASSES,
    ITEM_ABSENT_LABELS,
    ITEM_NUMBER_WORDS,
    ITEM_TITLE_CLASS_WORDS,
    KIND_WORDS,
    PAGE_CASE_NUMBER_LABELS,
    PAGE_HEADER_LABELS,
    PAGE_MARKERS,
    PORTAL_LINK_MARKS,
    SYSTEM,
)

_LISTS = {"ul", "ol", "li", "dl", "dt", "dd", "menu"}
_ATTACHMENT_LABELS = frozenset(w.casefold() for w in ATTACHMENT_LABELS)
_FURNITURE_LINES = frozenset(" ".join(p.split()).casefold() for p in FURNITURE_PHRASES)
_FURNITURE_MAX = 60  # no phrase or count is longer: a longer line is text
_FURNITURE_LINE = re.compile(r"^(?:" + "|".join(FURNITURE_PATTERNS) + r")$", re.IGNORECASE)
_NUMBER_WORDS = "|".join(re.escape(w) for w in ITEM_NUMBER_WORDS)
_BARE_NUMBER = re.compile(rf"^(?:(?:{_NUMBER_WORDS})\s*)?(\d{{1,3}})\s*[.:)]?$", re.IGNORECASE)
_NUMBERED_TITLE = re.compile(
    rf"^(?:(?:{_NUMBER_WORDS})\s*(\d{{1,3}})\s*[.:)\-–]?|(\d{{1,3}})\s*(?:[.:)]|\s[-–]))\s*(\S.*)$",
    re.IGNORECASE,
)
_TITLE_COUNT = re.compile(r"\s*\(?\b\d+\s+bilag\)?$", re.IGNORECASE)
_CASE_LABEL = re.compile(
    r"^(?:"
    + "|".join(re.escape(w) for w in PAGE_CASE_NUMBER_LABELS)
    + r")(?:\s*:\s*|\s+)(\S.{0,60})$",
    re.IGNORECASE,
)
_BARE_CASE_NUMBER = re.compile(
    r"^(?:\d{2}-\d{3,7}[A-ZÆØÅ]{0,2}|[A-ZÆØÅ]{2,5}-\d{4}-\d{3,7}|\d{2}/\d{3,7}"
    r"|\d{2}\.\d{2}\.\d{2}-[A-ZÆØÅ]\d{2}-\d+-\d{2})$"
)
_ITEM_ABSENT = re.compile(
    r"^(?:" + "|".join(re.escape(w) for w in ITEM_ABSENT_LABELS) + r")\s*:\s*(\S.*)$",
    re.IGNORECASE,
)
_NAME_SPLIT = re.compile(r"\s*[,;]\s*|\s+og\s+")
_MARKER = re.compile(r"\s*[(\[]([^()\[\]]*)[)\]]\s*$")
_DASH_MARKER = re.compile(r"\s+[-–]\s+(\S.*)$")
_PARTY = re.compile(r"^(?:[A-ZÆØÅ]{1,2}|-)$")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[-./](\d{1,2})[-./](\d{4})\b")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_WORD_DATE = re.compile(r"\b(\d{1,2})\.?\s+([a-zæøå]+)\.?\s+(\d{4})\b", re.IGNORECASE)
_TIME = re.compile(r"(?:\bkl\.?\s*|\b)(\d{1,2})[:.](\d{2})\b", re.IGNORECASE)
_SAVED_FROM = re.compile(r"saved from url=\(\d+\)(\S+)", re.IGNORECASE)
_GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
_LINK_TOKEN = re.compile("\ue000(\\d+)\ue001")
_CANDIDATES = ",".join(
    ["h1", "h2", "h3", "h4", "h5", "h6", "summary", "button", "[role=heading]", "[role=button]"]
    + ["[aria-expanded]", "[data-toggle]", "[data-bs-toggle]"]
    + [f'[class*="{w}"]' for w in ITEM_TITLE_CLASS_WORDS]
)
_FURNITURE_CSS = ",".join(
    ["script", "style", "noscript", "template", "svg", "img", "iframe", "nav", "dialog"]
    + ["input", "select", "textarea", "body > header", "body > footer", "button"]
    + [f"[role={r}]" for r in FURNITURE_ROLES]
    + [f'[class*="{w}"]' for w in FURNITURE_CLASS_PREFIXES]
    + [f'[id*="{w}" i]' for w in FURNITURE_ID_WORDS]
)
_HEADER_CLASS_CSS = {
    key: ",".join(f'[class~="{w}"]' for w in words) for key, words in HEADER_CLASSES.items()
}
_INLINE_GLUE = re.compile(r"^[a-zæøå]")


def is_meeting_page(data: bytes) -> bool:
    """A cheap sniff: an HTML document that names the FirstAgenda portal's marks."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not (head.startswith((b"<!doctype html", b"<html", b"<!--")) or b"<body" in head):
        return False
    low = data.lower()
    return any(marker in low for marker in PAGE_MARKERS)


def read_meeting_page(data: bytes, *, url: str | None = None) -> dict:
    """The saved page's bytes in the referat shape; ReferatError with a one-line reason when
    they are no meeting page (not HTML, no numbered items, no date)."""
    if not data or not data.strip():
        raise ReferatError(gettext_lazy("filen er tom"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if "<" not in text:
        raise ReferatError(gettext_lazy("filen er ikke en HTML-side"))
    tree = LexborHTMLParser(text)
    if tree.body is None:
        raise ReferatError(gettext_lazy("filen er ikke en HTML-side"))
    url = url or _saved_from(tree)
    embedded = _embedded_meeting(tree)
    if embedded is not None:
        referat = read_meeting(embedded, url=url)
        referat["warnings"].insert(0, gettext("læst fra mødets JSON, som siden indeholder"))
        return referat
    try:
        return _PageReader(tree, url).read()
    except RecursionError:
        raise ReferatError(
            gettext_lazy("sidens HTML er for dybt indlejret til at kunne læses")
        ) from None


# Embedded JSON and the page's own address --------------------------------------------------


def _saved_from(tree: LexborHTMLParser) -> str | None:
    """The address a browser notes when it saves a page ("<!-- saved from url=(0045)… -->"),
    or the page's canonical link."""
    node = tree.root
    while node is not None and node.prev is not None:
        node = node.prev
    while node is not None:
        if node.tag == "-comment":
            match = _SAVED_FROM.search(node.html or "")
            if match:
                return match[1]
        node = node.next
    for selector, attribute in (
        ('link[rel="canonical"]', "href"),
        ('meta[property="og:url"]', "content"),
    ):
        found = tree.css_first(selector)
        value = found.attributes.get(attribute) if found is not None else None
        if value and portal_root(value):
            return value
    return None


def _embedded_meeting(tree: LexborHTMLParser) -> dict | None:
    for script in tree.css("script"):
        text = script.text(deep=True)
        if "Dagsordenpunkter" in text:
            found = _json_object_around(text, '"Dagsordenpunkter"')
            if found is not None:
                return found
    return None


def _json_object_around(text: str, key: str) -> dict | None:
    """The meeting object a script's text holds around `key`, whether the script is JSON or
    assigns it (`window.__STATE__ = {…};`)."""
    decoder = json.JSONDecoder()
    tries = 0
    at = text.find(key)
    while at != -1 and tries < 64:
        start = text.rfind("{", 0, at)
        while start != -1 and tries < 64:
            tries += 1
            try:
                value, _end = decoder.raw_decode(text, start)
            except (ValueError, RecursionError):
                start = text.rfind("{", 0, start)
                continue
            found = _find_meeting(value)
            if found is not None:
                return found
            start = text.rfind("{", 0, start)
        at = text.find(key, at + 1)
    return None


def _find_meeting(value, depth: int = 0) -> dict | None:
    if depth > 6:
        return None
    if isinstance(value, dict):
        if isinstance(value.get("Dagsordenpunkter"), list) and (
            "Moede" in value or "Udvalg" in value
        ):
            return value
        children = value.values()
    elif isinstance(value, list):
        children = value
    else:
        return None
    for child in children:
        found = _find_meeting(child, depth + 1)
        if found is not None:
            return found
    return None


# The rendered page -------------------------------------------------------------------------


@dataclass
class _Heading:
    """An item heading found on the page."""

    node: LexborNode
    number: int
    title: str
    beside: list[LexborNode] = field(default_factory=list)  # the number's element and badges
    case_number: str | None = None
    depth: int = 0
    position: int = 0


@dataclass
class _Link:
    text: str
    href: str


@dataclass
class _Region:
    heading: _Heading | None
    paras: list[Para] = field(default_factory=list)


class _PageText(HtmlText):
    """The page laid out as the JSON's fields are, with each item heading a marker, the
    number beside it left out, layout tables taken as blocks and every link a token (an
    attachment when it stands alone on its line)."""

    def __init__(self, headings: dict[int, int], skip: set[int], layout: set[int]) -> None:
        super().__init__()
        self.headings = headings
        self.skip = skip
        self.layout = layout
        self.marks: list[tuple[int, int]] = []  # (paragraph index, heading index)
        self.links: list[_Link] = []

    def visit(self, node: LexborNode) -> bool:
        key = node.mem_id
        index = self.headings.get(key)
        if index is not None:
            self.end_paragraph()
            self.marks.append((len(self.paras), index))
            return True
        if key in self.skip:
            return True
        tag = node.tag
        if tag == "a":
            return self._link(node)
        if key in self.layout:
            self.block(node)
            return True
        return False

    def _link(self, node: LexborNode) -> bool:
        href = (node.attributes.get("href") or "").strip()
        classes = (node.attributes.get("class") or "").casefold()
        attachment = ATTACHMENT_HREF_MARK in href.casefold() or any(
            w in classes for w in ATTACHMENT_CLASS_WORDS
        )
        if not attachment:
            return False  # an ordinary link: its text is text
        text = " ".join(node.text(deep=True).split())
        if text:
            self.links.append(_Link(text=text, href=href))
            self._buf.append(f" \ue000{len(self.links) - 1}\ue001 ")
        return True


class _PageReader:
    def __init__(self, tree: LexborHTMLParser, url: str | None) -> None:
        self.tree = tree
        self.url = url
        self.root = portal_root(url) or self._root_from_links()
        self.warnings: list[str] = []

    def read(self) -> dict:
        headings = self._item_headings()
        if not headings:
            raise ReferatError(gettext_lazy("ingen nummererede dagsordenpunkter fundet på siden"))
        meeting_id = self._meeting_id()  # before the furniture goes: the PDF button has it
        protected = self._ancestors(h.node for h in headings)
        header_fields = self._header_classes(protected)
        self._drop_furniture(protected, {h.node.mem_id for h in headings})
        # Tables and lists that hold the items are the page's layout, not a table or list in
        # an item's text: their rows and entries are blocks.
        layout = {
            key for h in headings for key, tag in self._ancestor_tags(h.node) if tag in _LAYOUT_TAGS
        }
        skip = {node.mem_id for h in headings for node in h.beside}
        page = _PageText({h.node.mem_id: i for i, h in enumerate(headings)}, skip, layout)
        page.feed(self.tree.body)
        paras = page.close()
        regions = self._regions(paras, page.marks, headings)
        header = _Header.read(regions[0].paras, header_fields)
        items_raw = []
        for region in regions[1:]:
            items_raw.append(self._item(region, page.links))
        held = header.kind == "referat" or any(
            has_decision_heading(raw["sections"]) for raw in items_raw
        )
        items = [self._finish(raw, held=held) for raw in items_raw]
        kind = meeting_kind(items, held=held, warnings=self.warnings)
        if not header.committee:
            raise ReferatError(gettext_lazy("intet udvalg fundet i sidens hoved"))
        if not header.date:
            raise ReferatError(gettext_lazy("ingen mødedato fundet i sidens hoved"))
        return {
            "committee": committee_of(header.committee),
            "title": meeting_title(
                kind, header.committee, header.date, extraordinary=header.extraordinary
            ),
            "date": header.date,
            "start_time": header.start_time,
            "location": header.place,
            "participants": header.participants,
            "items": items,
            "warnings": header.warnings + self.warnings,
            "kind": kind,
            "municipality": None,
            "source": {
                "system": SYSTEM,
                "meeting_id": meeting_id,
                "url": self.url or None,
                "portal": self.root,
            },
        }

    # Where the page lives ---------------------------------------------------------------

    def _root_from_links(self) -> str | None:
        for node in self.tree.css("a[href], base[href]"):
            href = node.attributes.get("href") or ""
            low = href.casefold()
            if any(mark in low for mark in PORTAL_LINK_MARKS):
                root = portal_root(href)
                if root:
                    return root
        return None

    def _meeting_id(self) -> str | None:
        if self.url:
            query = parse_qs(urlsplit(self.url).query)
            for value in query.get("id", []):
                if value.strip():
                    return value.strip()
        button = self.tree.css_first("#hentHeledagsorden[data-id]")
        if button is not None and _GUID.fullmatch(button.attributes.get("data-id") or ""):
            return button.attributes["data-id"]
        for node in self.tree.css("a[href]"):
            href = node.attributes.get("href") or ""
            low = href.casefold()
            if "/pdf/dagsorden/" in low or "/vis?id=" in low or "/vis?" in low and "id=" in low:
                match = _GUID.search(href)
                if match:
                    return match[0]
        return None

    # Item headings ----------------------------------------------------------------------

    def _item_headings(self) -> list[_Heading]:
        found: list[_Heading] = []
        for node in self.tree.css(_CANDIDATES):
            heading = _read_heading(node)
            if heading is not None:
                found.append(heading)
        if not found:
            return []
        by_key = {h.node.mem_id: h for h in found}
        # A heading inside another with the same number (a button in an h3, a title span in
        # a button): the innermost is the heading.
        dropped: set[int] = set()
        for heading in found:
            depth = 0
            parent = heading.node.parent
            while parent is not None:
                depth += 1
                outer = by_key.get(parent.mem_id)
                if outer is not None and outer.number == heading.number:
                    dropped.add(parent.mem_id)
                parent = parent.parent
            heading.depth = depth
        found = [h for h in found if h.node.mem_id not in dropped]
        for position, heading in enumerate(found):
            heading.position = position
        families: dict[tuple[str, int], list[_Heading]] = {}
        for heading in found:
            families.setdefault((heading.node.tag, heading.depth), []).append(heading)
        ranked = sorted(
            (_ascending(members) for members in families.values()),
            key=lambda members: (-len(members), members[0].depth, members[0].position),
        )
        # A family that lies within one item of another (the numbered lines of a
        # recommendation, as headings) is that item's text, however many it numbers.
        for members in ranked:
            if not any(
                _within_one_item(members, other) for other in ranked if other is not members
            ):
                return members
        return ranked[0]

    def _ancestors(self, nodes) -> set[int]:
        keys: set[int] = set()
        for node in nodes:
            parent = node.parent
            while parent is not None:
                keys.add(parent.mem_id)
                parent = parent.parent
        return keys

    @staticmethod
    def _ancestor_tags(node: LexborNode):
        parent = node.parent
        while parent is not None:
            yield parent.mem_id, parent.tag
            parent = parent.parent

    # Furniture --------------------------------------------------------------------------

    def _drop_furniture(self, protected: set[int], headings: set[int]) -> None:
        doomed = []
        for node in self.tree.css(_FURNITURE_CSS):
            key = node.mem_id
            if key in protected or key in headings:
                continue  # an element holding the items (a modal the meeting opens in)
            attributes = node.attributes
            classes = (attributes.get("class") or "").casefold().split()
            if (
                node.tag in _FURNITURE_TAGS
                or (attributes.get("role") or "").casefold() in FURNITURE_ROLES
                # A class that starts with the word ("modal-dialog"), not any that holds it.
                or any(c.startswith(FURNITURE_CLASS_PREFIXES) for c in classes)
                or any(w in (attributes.get("id") or "").casefold() for w in FURNITURE_ID_WORDS)
            ):
                doomed.append(node)
        for node in doomed:
            node.decompose()

    # The header's classes ---------------------------------------------------------------

    def _header_classes(self, protected: set[int]) -> dict[str, list[str]]:
        values: dict[str, list[str]] = {}
        for key, selector in _HEADER_CLASS_CSS.items():
            for node in self.tree.css(selector):
                if node.mem_id in protected:
                    continue  # a container of the items is no header field
                text = " ".join(node.text(deep=True, separator=" ").split())
                if text:
                    values.setdefault(key, []).append(text)
        return values

    # Regions and items ------------------------------------------------------------------

    def _regions(self, paras, marks, headings) -> list[_Region]:
        regions = [_Region(heading=None)]
        bounds = [(at, headings[index]) for at, index in marks]
        starts = [at for at, _ in bounds] + [len(paras)]
        regions[0].paras = paras[: starts[0]]
        for (at, heading), end in zip(bounds, starts[1:], strict=True):
            regions.append(_Region(heading=heading, paras=paras[at:end]))
        return regions

    def _item(self, region: _Region, links: list[_Link]) -> dict:
        heading = region.heading
        attachments: list[tuple[str, str | None]] = []
        paras = _without_furniture(_place_links(region.paras, links, attachments))
        case_number = heading.case_number
        absent: list[str] = []
        # The lines that open the item before its fields: its case number and absences.
        while paras and paras[0].lines:
            line = paras[0].lines[0]
            match = _CASE_LABEL.match(line)
            if match and _looks_like_case_number(match[1]) and case_number is None:
                case_number = match[1].strip()
            elif _BARE_CASE_NUMBER.match(line) and case_number is None:
                case_number = line
            elif absent_match := _ITEM_ABSENT.match(line):
                absent.extend(_names(absent_match[1]))
            else:
                break
            rest = paras[0].lines[1:]
            paras = ([Para(rest, paras[0].heading)] if rest else []) + paras[1:]
        title, closed = split_closed(heading.title)
        lead, sections = split_sections(paras)
        seen: set[tuple[str, str | None]] = set()
        names, urls = [], []
        for name, url in attachments:
            if (name, url) in seen:
                continue
            seen.add((name, url))
            names.append(name)
            urls.append(url)
        return {
            "number": heading.number,
            "title": title,
            "closed": closed,
            "case_number": case_number,
            "absent": absent,
            "lead": lead,
            "sections": sections,
            "attachments": names,
            "attachment_urls": [self._attachment_url(u) for u in urls],
        }

    def _attachment_url(self, href: str | None) -> str | None:
        if not href:
            return None
        low = href.casefold()
        at = low.find(ATTACHMENT_HREF_MARK)
        if at != -1:
            document = href[at + len(ATTACHMENT_HREF_MARK) :].split("?")[0].split("#")[0]
            document = document.strip("/")
            if document:
                return attachment_url(self.root or portal_root(href), document)
        if portal_root(href):
            return href
        return urljoin(self.root + "/", href) if self.root else None

    def _finish(self, raw: dict, *, held: bool) -> dict:
        text = item_fields(
            raw["lead"],
            raw["sections"],
            number=raw["number"],
            title=raw["title"],
            held=held,
            closed=raw["closed"],
            warnings=self.warnings,
        )
        return {
            "number": raw["number"],
            "title": raw["title"],
            "committee_codes": [],
            "case_number": raw["case_number"],
            "decision": text.decision,
            "sections": text.sections,
            "attachments": raw["attachments"],
            "attachment_urls": raw["attachment_urls"],
            "case_history": text.case_history,
            "closed": raw["closed"],
            "absent": raw["absent"],
        }


_LAYOUT_TAGS = frozenset({"table", "tbody", "thead", "tfoot", "tr", "td", "th"} | _LISTS)
_FURNITURE_TAGS = frozenset(
    {"script", "style", "noscript", "template", "svg", "img", "iframe", "nav", "dialog"}
    | {"input", "select", "textarea", "header", "footer", "button"}
)


def _ascending(members: list[_Heading]) -> list[_Heading]:
    """The members whose numbers go up in document order (a heading numbered lower than the
    one before it is a numbered line inside that item)."""
    result: list[_Heading] = []
    for heading in members:
        if not result or heading.number > result[-1].number:
            result.append(heading)
    return result


def _within_one_item(members: list[_Heading], other: list[_Heading]) -> bool:
    starts = [h.position for h in other]
    items = {bisect.bisect_right(starts, h.position) - 1 for h in members}
    return len(items) == 1 and -1 not in items


def _read_heading(node: LexborNode) -> _Heading | None:
    """The number and title of an item heading, or None when `node` is none."""
    pieces: list[tuple[str, LexborNode]] = []
    case_number = None
    for text_node in node.traverse(include_text=True):
        if text_node.tag != "-text":
            continue
        text = " ".join((text_node.text_content or "").split())
        if not text:
            continue
        parent = text_node.parent
        classes = (parent.attributes.get("class") or "").casefold() if parent is not None else ""
        if any(w in classes for w in CASE_NUMBER_CLASS_WORDS):
            case_number = _case_value(text)
            continue
        if _is_furniture(text):
            continue
        pieces.append((text, parent))
        if len(pieces) > 40:
            return None  # a container of text, not a heading
    if not pieces:
        return None
    number_nodes: list[LexborNode] = []
    first = _BARE_NUMBER.match(pieces[0][0])
    if first and len(pieces) > 1:
        number = int(first[1])
        title = _join_pieces(p for p, _ in pieces[1:])
    else:
        title = _join_pieces(p for p, _ in pieces)
        number, number_nodes, closed = _number_before(node)
        if closed:
            title = f"{CLOSED_PREFIX} {title}"
        if number is None:
            match = _NUMBERED_TITLE.match(title)
            if not match:
                return None
            number = int(match[1] or match[2])
            title = match[3]
    title = _TITLE_COUNT.sub("", title).strip()
    label = _CASE_LABEL_IN_TITLE.search(title)
    if label:
        case_number = case_number or label[1]
        title = title[: label.start()].strip(" -–,")
    if not title or len(title) > 400 or number < 1:
        return None
    return _Heading(
        node=node, number=number, title=title, beside=number_nodes, case_number=case_number
    )


_CASE_LABEL_IN_TITLE = re.compile(
    r"\s*[(\[]?\b(?:Sagsnr\.?|Sagsnummer|Sags?id\.?)\s*[:.]?\s*([\w./-]*\d[\w./-]*)[)\]]?$",
    re.IGNORECASE,
)


def _join_pieces(pieces) -> str:
    """Text pieces of a heading: a piece going on in lower case continues the word before it
    (`<b>I</b>ndstilling`); otherwise it is a new word (`<span>Lukket</span><span>Salg`)."""
    result = ""
    for piece in pieces:
        if result and not (_INLINE_GLUE.match(piece) and result[-1:].isalpha()):
            result += " "
        result += piece
    return " ".join(result.split())


def _number_before(node: LexborNode) -> tuple[int | None, list[LexborNode], bool]:
    """The item number printed in the element just before the heading (a table cell, a
    span), up to three levels up while the heading is the first thing in its parent; an
    icon, a count or a "Lukket:" badge between them is passed (the last says the item is
    closed)."""
    current = node
    closed = False
    passed: list[LexborNode] = []
    for _ in range(4):
        sibling = current.prev
        while sibling is not None:
            if sibling.tag == "-comment":
                sibling = sibling.prev
                continue
            raw = sibling.text_content if sibling.tag == "-text" else sibling.text(deep=True)
            if raw and len(raw) > 200:
                return None, [], False  # text, not a number or a badge
            text = " ".join((raw or "").split())
            if not text or _is_furniture(text) or split_closed(text) == ("", True):
                closed = closed or bool(text) and not _is_furniture(text)
                if sibling.tag != "-text":
                    passed.append(sibling)
                sibling = sibling.prev
                continue
            if sibling.tag != "-text":
                match = _BARE_NUMBER.match(text)
                if match:
                    return int(match[1]), [sibling, *passed], closed
            return None, [], False
        current = current.parent
        if current is None or current.tag in ("body", "html"):
            break
    return None, [], False


def _case_value(text: str) -> str | None:
    match = _CASE_LABEL.match(text)
    value = match[1] if match else text
    return value.strip() if _looks_like_case_number(value) else None


def _looks_like_case_number(value: str) -> bool:
    value = value.strip()
    return bool(value) and any(c.isdigit() for c in value) and len(value.split()) <= 4


def _is_furniture(line: str) -> bool:
    if len(line) > _FURNITURE_MAX:
        return False
    key = " ".join(line.split()).casefold()
    return key in _FURNITURE_LINES or bool(_FURNITURE_LINE.match(key))


def _place_links(
    paras: list[Para], links: list[_Link], attachments: list[tuple[str, str | None]]
) -> list[Para]:
    """Attachment links alone on their line (a list of attachments) become the item's
    attachments; one inside a sentence is its text again."""
    result = []
    for para in paras:
        lines = []
        for line in para.lines:
            if "\ue000" not in line:
                lines.append(line)
                continue
            found = [links[int(m[1])] for m in _LINK_TOKEN.finditer(line)]
            rest = _LINK_TOKEN.sub(" ", line).strip(" |·•,;:–-")
            if not rest or _is_furniture(rest) or rest.casefold() in _ATTACHMENT_LABELS:
                attachments.extend((link.text, link.href) for link in found)
                continue
            lines.append(" ".join(_LINK_TOKEN.sub(lambda m: links[int(m[1])].text, line).split()))
        if lines:
            result.append(Para(lines, para.heading and len(lines) == 1))
    return result


def _without_furniture(paras: list[Para]) -> list[Para]:
    result = []
    for para in paras:
        lines = [line for line in para.lines if not _is_furniture(line)]
        if lines:
            result.append(Para(lines, para.heading and len(lines) == len(para.lines)))
    return result


def _names(text: str) -> list[str]:
    return [n.strip() for n in _NAME_SPLIT.split(text.strip().rstrip(".")) if n.strip()]


# The header -------------------------------------------------------------------------------


@dataclass
class _Header:
    committee: str | None = None
    date: str | None = None
    start_time: str | None = None
    place: str | None = None
    kind: str | None = None
    extraordinary: bool = False
    participants: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, paras: list[Para], classes: dict[str, list[str]]) -> _Header:
        header = cls()
        lines = [line for para in _without_furniture(paras) for line in para.lines]
        fields = _labelled(paras)
        for line in lines:
            kind = _kind_of(line)
            if kind:
                header.kind = kind
                header.extraordinary = EXTRAORDINARY.casefold() in line.casefold()
                break
        else:
            header.warnings.append(
                gettext(
                    "hovedet: ingen overskrift 'Referat' eller 'Dagsorden'; om det er et referat "
                    "eller en dagsorden, læses ud fra beslutningerne"
                )
            )
        header.committee = next(iter(classes.get("committee", [])), None) or _first(
            fields.get("committee")
        )
        when = [*classes.get("date", []), *fields.get("date", []), *lines]
        for text in when:
            date = _date_of(text)
            if date:
                header.date = date
                header.start_time = _time_of(text)
                break
        if header.date and header.start_time is None:
            for text in fields.get("date", []):
                header.start_time = _time_of(text)
                if header.start_time:
                    break
        header.place = next(iter(classes.get("place", [])), None) or _first(fields.get("place"))
        if header.committee is None:
            header.committee = _committee_from_lines(paras)
        header.participants = _participants(
            fields.get("participants", []), fields.get("absent", [])
        )
        return header


def _first(values: list[str] | None) -> str | None:
    return values[0] if values else None


def _label_of(line: str) -> tuple[str, str] | None:
    """("date", "16-11-2023 kl. 16:15") for "Dato: 16-11-2023 kl. 16:15"."""
    for key, labels in PAGE_HEADER_LABELS.items():
        for label in labels:
            if line[: len(label)].casefold() == label.casefold():
                rest = line[len(label) :]
                if not rest or rest[0] in " :\t":
                    return key, rest.lstrip(" :\t")
    return None


def _labelled(paras: list[Para]) -> dict[str, list[str]]:
    """The header's labelled values: on the label's line ("Mødested: Biblioteket"), on the
    line under a label alone (a `<dt>`/`<dd>` pair, a table row's cell), and for the
    participants every line under their label until the next label or heading."""
    fields: dict[str, list[str]] = {}
    current: str | None = None
    for para in _without_furniture(paras):
        if para.heading and current in _LIST_FIELDS and not _label_of(para.lines[0]):
            current = None
        for line in para.lines:
            labelled = _label_of(line)
            if labelled:
                current, value = labelled
                fields.setdefault(current, [])
                if value:
                    fields[current].append(value)
                    if current not in _LIST_FIELDS:
                        current = None
            elif current is not None:
                fields[current].append(line)
                if current not in _LIST_FIELDS:
                    current = None
    return fields


_LIST_FIELDS = ("participants", "absent")


def _kind_of(line: str) -> str | None:
    words = re.findall(r"[\wæøåÆØÅ]+", line.casefold())
    for kind, names in KIND_WORDS.items():
        if any(name.casefold() in words for name in names):
            return kind
    return None


def _committee_from_lines(paras: list[Para]) -> str | None:
    """The committee when no class or label names it: the heading that names the document
    ("Referat - Økonomiudvalget - 13. november 2024") without its words and date, or else the
    first heading of the header that is no label, date or part of the header's lists."""
    paras = _without_furniture(paras)
    headings = [p.lines[0] for p in paras if p.heading]
    for line in headings + [line for p in paras for line in p.lines]:
        if _label_of(line) or (_date_of(line) and not _kind_of(line)):
            continue
        rest = line
        for names in KIND_WORDS.values():
            for name in names:
                rest = re.sub(rf"\b{re.escape(name)}\b", " ", rest, flags=re.IGNORECASE)
        rest = re.sub(EXTRAORDINARY + r"\w*", " ", rest, flags=re.IGNORECASE)
        rest = _NUMERIC_DATE.sub(" ", _WORD_DATE.sub(" ", rest))
        rest = re.sub(r"\b(?:kl\.?\s*)?\d{1,2}[:.]\d{2}\b", " ", rest)
        rest = re.sub(r"\b(?:d\.|den|for|fra|mødet i|møde i)\s*$", " ", rest.strip(" -–,:|"))
        rest = " ".join(rest.strip(" -–,:|").split())
        if rest and len(rest) <= 120:
            return rest
    return None


def _date_of(text: str) -> str | None:
    for match in _WORD_DATE.finditer(text):
        month = DANISH_MONTHS.get(match[2].casefold())
        if month:
            iso = _iso(match[3], month, match[1])
            if iso:
                return iso
    match = _ISO_DATE.search(text)
    if match:
        iso = _iso(match[1], match[2], match[3])
        if iso:
            return iso
    match = _NUMERIC_DATE.search(text)
    if match:
        return _iso(match[3], match[2], match[1])
    return None


def _iso(year, month, day) -> str | None:
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _time_of(text: str) -> str | None:
    for match in _TIME.finditer(_NUMERIC_DATE.sub(" ", _ISO_DATE.sub(" ", text))):
        hour, minute = int(match[1]), int(match[2])
        if hour < 24 and minute < 60:
            return f"{hour:02d}:{minute:02d}"
    return None


def _participants(lines: list[str], absent_lines: list[str]) -> list[dict]:
    """Everyone under 'Deltagere' in printed order; a marker ("(Afbud)", "- fraværende") or
    an 'Afbud:' line makes one absent; "(V)" is the party."""
    people: list[dict] = []
    for line in lines:
        for raw in _NAME_SPLIT.split(line.strip().rstrip(".")):
            person = _person(raw)
            if person:
                people.append(person)
    for line in absent_lines:
        for raw in _NAME_SPLIT.split(line.strip().rstrip(".")):
            person = _person(raw)
            if not person:
                continue
            known = next((p for p in people if p["name"] == person["name"]), None)
            if known:
                known["status"] = "absent"
            else:
                people.append({**person, "status": "absent"})
    return people


def _person(raw: str) -> dict | None:
    name = " ".join(raw.split())
    status, party = "present", None
    while True:
        marker = _MARKER.search(name) or _DASH_MARKER.search(name)
        if not marker:
            break
        value = marker[1].strip()
        if any(m in value.casefold() for m in ABSENT_MARKERS):
            status = "absent"
        elif _PARTY.match(value):
            party = value
        else:
            break
        name = name[: marker.start()].strip()
    if not name or _is_furniture(name):
        return None
    return {"name": name, "status": status, "party": party}
