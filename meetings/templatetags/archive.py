"""Template filters of the public pages: dates in the reader's language, outcome labels, text.

These run for every row of every list and every paragraph of every referat, so they are
written to be cheap: dates are formatted once per (language, date), paragraphs in one pass.
"""

from __future__ import annotations

import datetime
import functools
import html
import re
from urllib.parse import quote

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import dateformat, timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, gettext_noop, ngettext

from meetings.converters import MeetingDay
from meetings.models import Attendance, municipalities
from meetings.pages.queries import item_parts
from meetings.vocabulary import Outcome, section_kind

register = template.Library()

# Translators: a PHP-style date format with weekday, as Django's date filter reads it.
LONG_DATE = gettext_noop("l j. F Y")
# Translators: a PHP-style date format without weekday.
SHORT_DATE = gettext_noop("j. F Y")
# Translators: a PHP-style date and time format ("3. marts 2026 kl. 14:05").
DATE_TIME = gettext_noop("j. F Y \\k\\l. H:i")


@functools.lru_cache(maxsize=8192)
def _format_date(value: datetime.date, language: str | None, format_id: str) -> str:
    # `language` is only part of the cache key: gettext and the month names read the active one.
    return dateformat.format(value, gettext(format_id))


def _date(value, format_id: str) -> str:
    if not value:
        return ""
    if type(value) is not datetime.date:  # a datetime's text depends on the time zone too
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            value = timezone.localtime(value)
        return dateformat.format(value, gettext(format_id))
    return _format_date(value, get_language(), format_id)


# The pages write every date in one way per language, with these three: "3. marts 2026" and
# "3 March 2026", with the weekday where a meeting's day is named, with the time where a
# moment is (a version received, a harvest). Never "03-03-2026" or "2026-03-03" beside them.


@register.filter(expects_localtime=True)
def longdate(value: datetime.date | None) -> str:
    """ "tirsdag 3. marts 2026" (English: "Tuesday 3 March 2026")."""
    return _date(value, LONG_DATE)


@register.filter(expects_localtime=True)
def shortdate(value: datetime.date | None) -> str:
    """ "3. marts 2026" (English: "3 March 2026")."""
    return _date(value, SHORT_DATE)


@register.filter(expects_localtime=True)
def datetime_text(value: datetime.datetime | None) -> str:
    """ "3. marts 2026 kl. 14:05" (English: "3 March 2026, 14:05"), in the archive's time."""
    return _date(value, DATE_TIME)


@functools.lru_cache(maxsize=256)
def _outcome_label(language: str | None, value: str) -> str:
    return gettext(Outcome.LABELS.get(value or "", Outcome.LABELS[Outcome.OTHER]))


@register.filter
def outcome_label(value: str) -> str:
    """The reader's label of a decision outcome from meetings.vocabulary."""
    return _outcome_label(get_language(), value)


@register.filter
def is_long(text: str) -> bool:
    """Long sections are folded (<details>) so the decisions stay in view."""
    return len(text or "") > 600


@functools.lru_cache(maxsize=128)
def _pieces(
    viewname: str, probes: tuple, urlconf, script_prefix: str, language: str | None
) -> tuple[str, ...]:
    """The text of viewname's address around its parameters, from one reverse().

    `probes` are (parameter, probe value) in the order the parameters stand in the address;
    each probe is a value no real address holds. reverse() costs more than the rest of a list
    row, and a list's addresses are the same text around different values: it is asked once
    per URLconf, script prefix and language (English addresses start /en/).
    """
    rest = reverse(viewname, urlconf=urlconf, kwargs=dict(probes))
    pieces = []
    for _name, probe in probes:
        before, _found, rest = rest.partition(str(probe))
        pieces.append(before)
    return (*pieces, rest)


def _address(viewname: str, probes: tuple, *values) -> str:
    """reverse(viewname) with `values` for the probed parameters, written as they are."""
    *pieces, tail = _pieces(viewname, probes, get_urlconf(), get_script_prefix(), get_language())
    return "".join(piece + str(value) for piece, value in zip(pieces, values, strict=True)) + tail


# Valid for the slug, municipality and path converters, and left as it is by quote().
_TOWN_PROBE = "probe-1"
_URL_PROBE = "probe-0"
_DAY_PROBE = MeetingDay(datetime.date(1900, 1, 1))
_NUMBER_PROBE = 987654321  # an item number or id no archive reaches
_MEETING = (("municipality", _TOWN_PROBE), ("committee", _URL_PROBE), ("date", _DAY_PROBE))
_ITEM = (*_MEETING, ("number", _NUMBER_PROBE))


def entity_url(viewname: str, kwarg: str, town: str, value: str) -> str:
    """reverse(viewname, kwargs={"municipality": town, kwarg: value}) for a municipality's
    page with one slug or path parameter.

    The value is quoted as reverse() quotes it. Only for parameters whose converter writes
    the value as it is (slug, str, path).
    """
    probes = (("municipality", _TOWN_PROBE), (kwarg, _URL_PROBE))
    return _address(viewname, probes, town, quote(str(value), safe=_URL_SAFE))


_URL_SAFE = RFC3986_SUBDELIMS + "/~:@"


def town_slug(town) -> str:
    """The slug of a municipality given as itself, its slug or its id."""
    if isinstance(town, int):
        return municipalities.slug(town)
    return getattr(town, "slug", town)


@register.simple_tag
def case_href(town, number: str) -> str:
    """The address of a municipality's case with this sagsnr."""
    return entity_url("meetings:case_detail", "number", town_slug(town), number)


@register.simple_tag
def person_href(town, slug: str) -> str:
    """The address of a municipality's person with this slug."""
    return entity_url("meetings:person_detail", "slug", town_slug(town), slug)


@register.simple_tag
def committee_href(town, slug: str) -> str:
    """The address of a municipality's committee with this slug."""
    return entity_url("meetings:committee_detail", "slug", town_slug(town), slug)


@register.filter
def case_url(case) -> str:
    """Case.get_absolute_url(), with reverse() asked once per page."""
    return case_href(case.municipality_id, case.number)


@register.filter
def person_url(person) -> str:
    """Person.get_absolute_url(), with reverse() asked once per page."""
    return person_href(person.municipality_id, person.slug)


@register.filter
def committee_url(committee) -> str:
    """Committee.get_absolute_url(), with reverse() asked once per page."""
    return committee_href(committee.municipality_id, committee.slug)


@register.simple_tag(takes_context=True)
def page_meta(context, title: str = "", description: str = "", kind: str = "website") -> str:
    """A page's description and OpenGraph for search engines and link previews."""
    town = context.get("town")
    site = gettext("Referatarkivet") + (f" · {town.name}" if town else "")
    description = description or gettext(
        "Beslutninger, fremmøde og sager fra kommunernes udvalg, søgbare på dansk."
    )
    return format_html(
        '<meta name="description" content="{}">\n  '
        '<meta property="og:title" content="{}">\n  '
        '<meta property="og:description" content="{}">\n  '
        '<meta property="og:type" content="{}">\n  '
        '<meta property="og:url" content="{}">\n  '
        '<meta property="og:site_name" content="{}">\n  '
        '<meta property="og:locale" content="{}">',
        description,
        title or site,
        description,
        kind,
        context.get("canonical", ""),
        site,
        "en_GB" if get_language() == "en" else "da_DK",
    )


@register.simple_tag
def case_description(case, items, latest) -> str:
    """A case page's description in the reader's language: its number, latest title and the
    latest decision, cut at a word (what seo.describe does for the other pages)."""
    from meetings.pages.seo import describe

    title = items[0].title if items else ""
    decision = latest.decision if latest else ""
    return describe(
        gettext("Sag %(number)s: %(title)s. %(decision)s")
        % {"number": case.number, "title": title, "decision": decision}
    )


@register.simple_tag
def meeting_link(meeting, viewname: str, **extra) -> str:
    """The address of one of a meeting's pages (its versions, a version, a version's file)."""
    return reverse(f"meetings:{viewname}", kwargs={**meeting.url_kwargs, **extra})


@register.filter
def town_name(municipality_id: int) -> str:
    """The short name of a municipality by its id ("Greve"), from the cached directory."""
    return municipalities.by_id(municipality_id).short_name


@register.simple_tag(takes_context=True)
def place_url(context, viewname: str) -> str:
    """A list page of the municipality the page is about, or of the whole archive when the
    page is about none (context `town`, from meetings.pages.context.place)."""
    town = context.get("town")
    if town is None:
        return reverse(viewname)
    return reverse(viewname, kwargs={"municipality": town.slug})


def meeting_url(meeting) -> str:
    """Meeting.get_absolute_url(), with reverse() asked once per page, as entity_url does."""
    return meeting_address(meeting.municipality_id, meeting.committee.slug, meeting.day)


def meeting_address(town, committee_slug: str, day: MeetingDay) -> str:
    """The address of a committee's meeting on a day, as meeting_url, from the values."""
    return _address("meetings:meeting_detail", _MEETING, town_slug(town), committee_slug, day)


def item_url(item) -> str:
    """AgendaItem.get_absolute_url(), with reverse() asked once per page, as meeting_url."""
    meeting = item.meeting
    return item_address(meeting.municipality_id, meeting.committee.slug, meeting.day, item.number)


def item_address(town, committee_slug: str, day: MeetingDay, number: int) -> str:
    """The address of an item of a committee's meeting on a day, from the values."""
    return _address("meetings:item_detail", _ITEM, town_slug(town), committee_slug, day, number)


def api_meeting_url(pk: int) -> str:
    """The open-data address of the meeting with this id, as reverse() writes it."""
    return _address("meetings:api_meeting_detail", (("pk", _NUMBER_PROBE),), pk)


@functools.lru_cache(maxsize=2048)
def _items_count(language: str | None, count: int) -> str:
    # The catalog entries of {% blocktranslate count counter=... %}; `language` keys the cache.
    return ngettext("%(counter)s punkt", "%(counter)s punkter", count) % {"counter": count}


@functools.lru_cache(maxsize=2048)
def _treatments(language: str | None, total: int, in_archive: int) -> str:
    """ "5 behandlinger, 1 med referat i arkivet": a case's treatments, where the list of cases
    and the case's page say it alike.

    A treatment is a committee's on a day (models.treatment_key): a meeting the archive has,
    or one known only from a Sagens forløb; with only the first, the number says it all.
    """
    count = ngettext("%(counter)s behandling", "%(counter)s behandlinger", total) % {
        "counter": total
    }
    if in_archive == total:
        return count
    return gettext("%(treatments)s, %(in_archive)s med referat i arkivet") % {
        "treatments": count,
        "in_archive": in_archive,
    }


@register.simple_tag
def timeline_treatments(timeline) -> str:
    """The treatments of a case's timeline (models.case_timeline), in the words of case_row."""
    steps = list(timeline)
    met = sum(step.item is not None for step in steps)
    return _treatments(get_language(), len(steps), met)


@functools.lru_cache(maxsize=256)
def _translated(language: str | None, text: str) -> str:
    return gettext(text)


@functools.lru_cache(maxsize=16)
def _status_label(language: str | None, status: str) -> str:
    return str(Attendance.Status(status).label)


@register.simple_tag
def attendance_rows(rows: list[dict]) -> str:
    """The table rows of a person's record (queries.person_meetings): date, committee, status.

    One tag for the whole table, each value escaped with html.escape (what Django's escape()
    does inside its lazy-text wrappers): a long-serving member has hundreds of meetings, and
    750 rows took 150 ms as template code and 40 ms as one format_html each.
    """
    language = get_language()
    out = []
    for row in rows:
        date = row["meeting__date"]
        day = MeetingDay(date, row["meeting__day_number"])
        address = meeting_address(
            row["meeting__municipality_id"], row["meeting__committee__slug"], day
        )
        text = _format_date(date, language, SHORT_DATE)
        out.append(
            f'<tr class="{html.escape(row["status"])}"><td><a href="{html.escape(address)}">'
            f'<time datetime="{date.isoformat()}">{html.escape(text)}</time></a></td>'
            f'<td lang="da">{html.escape(row["meeting__committee_name"])}</td>'
            f"<td>{html.escape(_status_label(language, row['status']))}</td></tr>\n"
        )
    return mark_safe("".join(out))


@register.simple_tag
def meeting_row(meeting, show_town: bool = False) -> str:
    """One meeting in a list: date (linked), municipality (on an archive-wide list of several),
    committee, period, number of items if counted, and whether it is only an agenda yet.

    Written with one format_html (every value escaped), not an included template: the home,
    meeting list and committee pages show up to 50 of these, and an include costs more than
    the row. Phrases are looked up once per language, not per row.
    """
    language = get_language()
    count = getattr(meeting, "item_count", None)
    return format_html(
        '<li><a href="{}"><time datetime="{}">{}</time></a> · {}<span lang="da">{}</span>'
        "{}{}{}{}</li>",
        meeting_url(meeting),
        meeting.date.isoformat(),
        _format_date(meeting.date, language, LONG_DATE),
        format_html("{} · ", town_name(meeting.municipality_id)) if show_town else "",
        meeting.committee_name,
        format_html(' <span class="muted">({})</span>', meeting.period) if meeting.period else "",
        " · " if count is not None else "",
        _items_count(language, count) if count is not None else "",
        format_html(
            ' · <span class="badge">{}</span>', _translated(language, gettext_noop("Dagsorden"))
        )
        if meeting.kind == "dagsorden"
        else "",
    )


@register.simple_tag
def case_row(case, show_town: bool = False) -> str:
    """One case in a list, from its stored summary: sagsnr (with its municipality on an
    archive-wide list of several), latest title, treatments, outcome."""
    language = get_language()
    last_date = case.last_treated
    outcome = case.latest_outcome
    return format_html(
        '<li><a href="{}">{}</a>{}{}{}\n  <span class="muted">· {}{}{}{}{}</span></li>',
        case_url(case),
        case.number,
        format_html(' <span class="muted">({})</span>', town_name(case.municipality_id))
        if show_town
        else "",
        " · " if case.latest_title else "",
        format_html('<span lang="da">{}</span>', case.latest_title) if case.latest_title else "",
        _treatments(language, case.treatment_count, case.treatments_in_archive),
        " · " + _translated(language, gettext_noop("senest")) + " " if last_date else "",
        _format_date(last_date, language, SHORT_DATE) if last_date else "",
        " · " if outcome else "",
        _outcome_label(language, outcome) if outcome else "",
    )


# The bar of a row: as wide as the row, no text of its own (the row's label and figure are
# the page's text), hidden from assistive technology, which reads the row's text.
_BAR = (
    '<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true"'
    ' focusable="false">{}</svg>'
)


@register.simple_tag
def attendance_bars(chart, label_lang: str = "") -> str:
    """The rows of an attendance chart (charts.attendance_chart): each label (linked), its
    period where given, present of all, and a bar of present and absent, escaped by format_html.

    `label_lang` marks labels in another language than the page's (committee names are
    Danish on an English page). Written here in one pass rather than by a template loop of
    some twenty nodes per member.
    """
    language = get_language()
    lang = format_html(' lang="{}"', label_lang) if label_lang else ""
    return format_html_join(
        "",
        '\n    <li class="bar-row"><span class="bar-label"><a href="{}"{}>{}</a>{}</span>'
        '<span class="bar-value">{}</span>'
        + _BAR.format(
            '<rect class="present" width="{}" height="10"></rect>'
            '<rect class="absent" x="{}" width="{}" height="10"></rect>'
        )
        + "</li>",
        (
            (
                bar.url,
                lang,
                bar.label,
                format_html(' <span class="bar-detail">{}</span>', bar.detail)
                if bar.detail
                else "",
                _present_of_total(language, bar.present, bar.total, bar.rate),
                bar.svg_present_width,
                bar.svg_absent_x,
                bar.svg_absent_width,
            )
            for bar in chart.bars
        ),
    )


@register.simple_tag
def money_bars(chart) -> str:
    """The rows of a committee's grants (charts.money_chart): budget year and kind, the sum,
    and a bar in the kind's colour (the legend names it)."""
    language = get_language()
    return format_html_join(
        "",
        '\n    <li class="bar-row"><span class="bar-label">{} · <span lang="da">{}</span></span>'
        '<span class="bar-value">{}{}</span>'
        + _BAR.format('<rect class="kind-{}" width="{}" height="10"></rect>')
        + "</li>",
        (
            (
                bar.year,
                bar.kind,
                kroner(bar.total),
                format_html(' <span class="muted">({})</span>', _sums(language, bar.count))
                if bar.count > 1
                else "",
                bar.colour,
                bar.svg_width,
            )
            for bar in chart.bars
        ),
    )


@functools.lru_cache(maxsize=256)
def _sums(language: str | None, count: int) -> str:
    return ngettext("%(counter)s beløb", "%(counter)s beløb", count) % {"counter": count}


@register.simple_tag
def heatmap_rows(chart) -> str:
    """The rows of charts.meetings_heatmap: each committee (linked) and a shaded cell with the
    number of meetings per year, as table rows.

    Written here in one pass rather than by template loops: twenty years of eight committees
    are 160 cells. Numbers are plain integers (no thousands separator in any language); labels
    are escaped.
    """
    parts = []
    for row in chart.rows:
        label = html.escape(row.label)
        head = f'<a href="{html.escape(row.url)}" lang="da">{label}</a>' if row.url else label
        cells = "".join(f'<td class="shade-{cell.shade}">{cell.count}</td>' for cell in row.cells)
        parts.append(f'\n      <tr><th scope="row">{head}</th>{cells}</tr>')
    return mark_safe("".join(parts))


@functools.lru_cache(maxsize=1024)
def _present_of_total(language: str | None, present: int, total: int, rate: int) -> str:
    # The catalog entry of the {% blocktranslate %} this replaces.
    return gettext("%(present)s af %(total)s (%(rate)s %%)") % {
        "present": present,
        "total": total,
        "rate": rate,
    }


def _section_kinds(item, with_history: bool = True):
    """(kind, heading, text) per section to show, with the item's attachments and history.

    The Beslutning is already shown as the decision; Sagens forløb and Bilag are shown from
    their parsed entries when the item has them; long texts are folded. Without
    `with_history` the Sagens forløb is left out: the case's page shows it once, merged.
    """
    all_sections, attachments, history = item_parts(item)
    sections = []
    decision_shown = False
    for section in all_sections:
        title, text = (
            (section["heading"], section["text"])
            if isinstance(section, dict)
            else (section.heading, section.text)
        )
        # What the heading is, however a municipality prints it (vocabulary.section_kind).
        heading_kind = section_kind(title)
        if heading_kind == "history" and not with_history:
            continue
        if heading_kind == "decision" and not decision_shown and text == (item.decision or ""):
            decision_shown = True  # shown as the decision above; another committee's stays
            continue
        if heading_kind == "history" and history:
            kind = "history"
        elif heading_kind == "attachments" and attachments:
            kind = "attachments"
        elif is_long(text):
            kind = "long"
        else:
            kind = "text"
        sections.append((kind, title, text))
    # A portal's item has its attachments and its history as data, not as sections of its
    # text: shown all the same, where a referat puts them (its Bilag last).
    kinds = {kind for kind, _title, _text in sections}
    if history and with_history and "history" not in kinds:
        at = len(sections) - (sections[-1][0] == "attachments" if sections else 0)
        sections.insert(at, ("history", "", ""))
    if attachments and "attachments" not in kinds:
        sections.append(("attachments", "", ""))
    return sections, attachments, history


def _safe_join(pieces) -> str:
    # Every piece comes from format_html or paragraphs: already escaped.
    return mark_safe("".join(pieces))


def _history_entry(entry, language) -> str:
    date = entry["date"] if isinstance(entry, dict) else entry.date
    get = entry.get if isinstance(entry, dict) else lambda name: getattr(entry, name)
    absent = get("absent")
    return format_html(
        '\n            <li><time datetime="{}">{}</time> · <strong lang="da">{}</strong>{}'
        '\n              <div lang="da">{}</div>\n              {}\n            </li>',
        date.isoformat(),
        _format_date(date, language, SHORT_DATE),
        get("committee_name"),
        format_html(" ({})", get("period")) if get("period") else "",
        paragraphs(get("text")),
        format_html(
            '<p class="muted">{} {}</p>',
            _translated(language, gettext_noop("Afbud:")),
            ", ".join(absent),
        )
        if absent
        else "",
    )


def _attachment(attachment: dict) -> str:
    # The store keeps only http(s) addresses; checked again here, as the page is where a
    # javascript: address would run. Both are escaped.
    url = attachment.get("url") or ""
    if url.startswith(("https://", "http://")):
        return format_html('<li><a href="{}" rel="noopener">{}</a></li>', url, attachment["name"])
    return format_html("<li>{}</li>", attachment["name"])


def _section(kind, title, text, subheading, attachments, history, language) -> str:
    if kind == "history":
        return format_html(
            '\n      <section class="history">\n        <{}>{}</{}>\n        <ol class="timeline">'
            "{}\n        </ol>\n      </section>",
            subheading,
            _translated(language, gettext_noop("Sagens forløb")),
            subheading,
            _safe_join(_history_entry(entry, language) for entry in history),
        )
    if kind == "attachments":
        return format_html(
            '\n      <section class="attachments">\n        <{}>{}</{}>'
            '\n        <ul lang="da">{}</ul>\n      </section>',
            subheading,
            _translated(language, gettext_noop("Bilag")),
            subheading,
            _safe_join(_attachment(attachment) for attachment in attachments),
        )
    if kind == "long":
        return format_html(
            '\n      <section class="section">\n        <{} lang="da">{}</{}>\n        <details>'
            "\n          <summary>{}</summary>"
            '\n          <div lang="da">{}</div>\n        </details>\n      </section>',
            subheading,
            title,
            subheading,
            _translated(language, gettext_noop("Vis hele teksten (%(words)s ord)"))
            % {"words": len(text.split())},
            paragraphs(text),
        )
    return format_html(
        '\n      <section class="section" lang="da">\n        <{}>{}</{}>\n        {}'
        "\n      </section>",
        subheading,
        title,
        subheading,
        paragraphs(text),
    )


@register.simple_tag
def agenda_item(
    item, heading: str = "h2", subheading: str = "h3", anchor=None, history: bool = True
) -> str:
    """One agenda item as an <article>: number, codes, title, case, decision, then its sections.

    The meeting page shows 15 or more of these, each with folded sections and Sagens forløb:
    as a template it was half the page's time, node by node. Written here with format_html
    (every value escaped; referat text through `paragraphs`), the same markup and phrases.
    `heading`/`subheading` are the element names of the title and of the sections; `anchor`
    prefixes the element ids where one page shows items of several meetings; `history=False`
    leaves out the item's Sagens forløb (the case page shows the case's own, merged).
    """
    language = get_language()
    sections, attachments, history = _section_kinds(item, with_history=history)
    ident = f"sag-{anchor}-punkt-{item.number}" if anchor else f"punkt-{item.number}"
    case = item.case
    outcome = item.outcome
    return format_html(
        '<article class="item" id="{}" aria-labelledby="{}-title">\n'
        '  <{} id="{}-title" class="item-title">\n'
        '    <span class="item-number">{}</span>\n'
        '    {}\n    <span lang="da">{}</span>\n  </{}>\n'
        '  <p class="item-meta">\n    {}\n    <a href="{}">{}</a>\n  </p>\n'
        '  <div class="decision">\n    <p class="decision-label">{}{}</p>\n    {}\n  </div>'
        "{}\n</article>",
        ident,
        ident,
        heading,
        ident,
        _translated(language, gettext_noop("Punkt %(number)s")) % {"number": item.number},
        format_html('<span class="codes" lang="da">{}</span>', "/".join(item.committee_codes))
        if item.committee_codes
        else "",
        item.title,
        heading,
        format_html(
            '{} <a href="{}">{}</a> · ',
            _translated(language, gettext_noop("Sagsnr.")),
            case_url(case),
            case.number,
        )
        if case
        else "",
        item_url(item),
        _translated(language, gettext_noop("Punktets adresse")),
        _translated(language, gettext_noop("Beslutning")),
        format_html(' · <span class="outcome">{}</span>', _outcome_label(language, outcome))
        if outcome
        else "",
        _safe_join(
            [
                format_html('<div lang="da">{}</div>', paragraphs(item.decision))
                if item.decision
                else format_html(
                    '<p class="muted">{}</p>',
                    _translated(language, gettext_noop("Ingen beslutning i referatet.")),
                ),
                decision_data(item, subheading, language),
            ]
        ),
        _safe_join(
            _section(kind, title, text, subheading, attachments, history, language)
            for kind, title, text in sections
        ),
    )


def decision_parts(item) -> tuple[list[dict], list[dict], list[str]]:
    """(positions, amounts, names absent for the item) however the item was fetched: JSON rows
    from queries.items_with_parts, or the model's relations."""
    if hasattr(item, "position_rows"):
        return item.position_rows, item.amount_rows, list(item.absent_names)
    positions = [
        {
            "name": p.name,
            "party": p.party,
            "stance": p.stance,
            "on": p.on,
            "text": p.text,
            "slug": p.person.slug if p.person_id else None,
        }
        for p in item.positions.select_related("person")
    ]
    amounts = [
        {"amount": a.amount, "kind": a.kind, "year": a.year, "section": a.section, "text": a.text}
        for a in item.amounts.all()
    ]
    absent = [a.person.name for a in item.absences.select_related("person")]
    return positions, amounts, absent


# The order a vote's table lists its sides in, and their headings.
_SIDES = (
    ("for", gettext_noop("For")),
    ("against", gettext_noop("Imod")),
    ("abstain", gettext_noop("Undlod at stemme")),
)


def _voter(position: dict, town) -> str:
    """A member (linked), a party alone, or, where the referat names neither ("Et flertal i
    udvalget …"), the sentence itself: never a guessed name."""
    name, party = position["name"], position["party"]
    if name:
        suffix = f" ({party})" if party else ""
        if position.get("slug"):
            address = person_href(town, position["slug"])
            return format_html('<a href="{}">{}</a>{}', address, name, suffix)
        return format_html("{}{}", name, suffix)
    if party:
        return format_html("{}", party)
    return format_html('<q lang="da">{}</q>', position["text"])


_TOTAL = re.compile(r"\bi\s+alt\s+(\d{1,3})\b", re.IGNORECASE)


def _side_count(voters: list[dict]) -> str:
    """How many voted so: the total the referat prints ("- i alt 2"), else the members named
    when every one is; a party or a majority is not counted as one vote."""
    for sentence in dict.fromkeys(p["text"] for p in voters):
        total = _TOTAL.search(sentence)
        if total:
            return total[1]
    if voters and all(p["name"] for p in voters):
        return str(len(voters))
    return ""


def decision_data(item, subheading: str, language) -> str:
    """The decision as data under its text: each vote as a small table (for, against, abstain,
    by name and party, with the counts), reservations, who was absent for the item, and the
    sums it states. Empty when the referat records none of these."""
    positions, amounts, absent = decision_parts(item)
    if not (positions or amounts or absent):
        return ""
    town = item.meeting.municipality_id
    parts = []
    votes: dict[str, list[dict]] = {}
    for position in positions:
        votes.setdefault(position["on"] or "", []).append(position)
    for on, group in votes.items():
        sides = [
            (stance, label, [p for p in group if p["stance"] == stance]) for stance, label in _SIDES
        ]
        reservations = [p for p in group if p["stance"] == "reservation"]
        if any(voters for _stance, _label, voters in sides):
            caption = (
                format_html(
                    '{}: <span lang="da">{}</span>',
                    _translated(language, gettext_noop("Afstemning om")),
                    on,
                )
                if on
                else _translated(language, gettext_noop("Afstemning"))
            )
            parts.append(
                format_html(
                    '<table class="votes"><caption>{}</caption><thead><tr>{}</tr></thead>'
                    "<tbody><tr>{}</tr></tbody></table>",
                    caption,
                    _safe_join(
                        format_html(
                            '<th scope="col">{}{}</th>',
                            _translated(language, label),
                            format_html(" ({})", count) if (count := _side_count(voters)) else "",
                        )
                        for _stance, label, voters in sides
                    ),
                    _safe_join(
                        format_html(
                            "<td><ul>{}</ul></td>",
                            _safe_join(format_html("<li>{}</li>", _voter(p, town)) for p in voters),
                        )
                        for _stance, _label, voters in sides
                    ),
                )
            )
        if reservations:
            parts.append(
                format_html(
                    '<p class="reservations"><strong>{}</strong> {}</p>',
                    _translated(language, gettext_noop("Tog forbehold:")),
                    _safe_join(
                        format_html("{}{}", ", " if n else "", _voter(p, town))
                        for n, p in enumerate(reservations)
                    ),
                )
            )
    if absent:
        parts.append(
            format_html(
                '<p class="item-absent"><strong>{}</strong> {}</p>',
                _translated(language, gettext_noop("Fraværende under punktet:")),
                ", ".join(absent),
            )
        )
    if amounts:
        parts.append(
            format_html(
                '<{} class="amounts-heading">{}</{}><ul class="amounts">{}</ul>',
                subheading,
                _translated(language, gettext_noop("Beløb")),
                subheading,
                _safe_join(
                    format_html(
                        "<li><strong>{}</strong>{}{}"
                        ' <span class="muted" lang="da">({})</span></li>',
                        kroner(a["amount"]),
                        format_html(' · <span lang="da">{}</span>', a["kind"]) if a["kind"] else "",
                        format_html(" · {}", a["year"]) if a["year"] else "",
                        a["section"],
                    )
                    for a in amounts
                ),
            )
        )
    return format_html('<div class="decision-data">{}</div>', _safe_join(parts))


@register.filter
def kroner(amount) -> str:
    """A sum in the reader's way of writing money: "538.750 kr." (English: "DKK 538,750")."""
    from decimal import Decimal

    from django.utils import formats

    value = Decimal(str(amount))
    places = 0 if value == value.to_integral_value() else 2
    number = formats.number_format(value, places, use_l10n=True, force_grouping=True)
    return gettext("%(amount)s kr.") % {"amount": number}


_NEWLINES = re.compile(r"\r\n|\r")
_PARAGRAPH_BREAK = re.compile(r"\n{2,}")


@register.filter(is_safe=True)
def paragraphs(text) -> str:
    """Django's `linebreaks` in one pass: <p> per blank-line block, <br> per line, escaped.

    The same markup as `linebreaks`, but every paragraph is escaped with html.escape directly
    (what django.utils.html.escape does inside its lazy-text wrappers): a meeting page runs this
    over some 75 texts. Always escapes, even text already marked safe: referat text is untrusted.
    """
    text = _NEWLINES.sub("\n", str(text))
    escaped = [html.escape(part).replace("\n", "<br>") for part in _PARAGRAPH_BREAK.split(text)]
    return mark_safe("\n\n".join([f"<p>{part}</p>" for part in escaped]))
