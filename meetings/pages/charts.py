"""The numbers and geometry of the archive's pictures; the markup is in templates/meetings/charts/
and in the tags of meetings/templatetags/archive.py.

Every picture is readable on a 390 px phone as on a desktop: its words are the page's own text,
never an SVG scaled down with the picture (a 710 px drawing shrank its 13 px labels to 6.5 px
on a phone). Bars are HTML rows (label, figure, bar) with a small SVG bar that has no text; the
meetings per year are a table of shaded cells; a case's path is an SVG without a viewBox,
placed in percent across the width, so its text keeps its size. Each has a visible legend, and
its labels are whole (a long name wraps; nothing is cut to "Udvalget for Job, Arbejdsm…").
"""

from __future__ import annotations

import dataclasses
import datetime
import textwrap
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

# Blue shades of the meetings per year, lightest first, with a text colour of contrast
# >= 4.5:1 each; static/css/archive.css has them as .shade-0 … .shade-4 (a test compares).
_SHADES = [
    ("#eef4fb", "#1b1f24"),
    ("#c6dbf1", "#1b1f24"),
    ("#8fb8e3", "#1b1f24"),
    ("#2f6db0", "#ffffff"),
    ("#0b4a8c", "#ffffff"),
]


def _svg_number(value: float) -> str:
    """One decimal, with a point in every language (what |floatformat:'1u' writes)."""
    return str(Decimal(repr(float(value))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


# --- Meetings per year per committee ---------------------------------------------------------


@dataclasses.dataclass
class Cell:
    count: int
    shade: int  # 0 (none) … 4 (the most): the cell's class, shade-N


@dataclasses.dataclass
class HeatmapRow:
    label: str
    url: str
    cells: list[Cell]

    @property
    def counts(self) -> list[int]:
        return [cell.count for cell in self.cells]


@dataclasses.dataclass
class Heatmap:
    years: list[int]
    rows: list[HeatmapRow]
    legend: list[tuple[int, str]]  # (shade, "3–5"): what each shade means
    total: int


def _shade(count: int, peak: int) -> int:
    return 0 if count == 0 else 1 + min(3, (count * 4 - 1) // peak)


def _shade_legend(peak: int) -> list[tuple[int, str]]:
    """Each shade with the counts it stands for ("0", "1", "2–3" …), lightest first."""
    ranges: dict[int, list[int]] = {0: [0, 0]}
    for count in range(1, peak + 1):
        shade = _shade(count, peak)
        ranges.setdefault(shade, [count, count])[1] = count
    return [
        (shade, str(low) if low == high else f"{low}–{high}")
        for shade, (low, high) in sorted(ranges.items())
    ]


def meetings_heatmap(
    rows: Iterable[dict], *, url_for=lambda row: "", label_for=lambda row: row["committee__name"]
) -> Heatmap | None:
    """Meetings per year per committee: a table with a shaded cell and the count for each.

    `rows` as MeetingQuerySet.per_year_and_committee gives them; `url_for` and `label_for`
    give a committee's address and label from its first row."""
    rows = list(rows)
    if not rows:
        return None
    years = list(range(min(r["date__year"] for r in rows), max(r["date__year"] for r in rows) + 1))
    by_committee: dict[int, dict] = {}
    for row in rows:
        entry = by_committee.setdefault(
            row["committee_id"], {"label": label_for(row), "url": url_for(row), "counts": {}}
        )
        entry["counts"][row["date__year"]] = row["count"]
    peak = max(r["count"] for r in rows)
    chart_rows = [
        HeatmapRow(
            entry["label"],
            entry["url"],
            [
                Cell(count, _shade(count, peak))
                for count in (entry["counts"].get(year, 0) for year in years)
            ],
        )
        for entry in by_committee.values()
    ]
    return Heatmap(
        years=years,
        rows=chart_rows,
        legend=_shade_legend(peak),
        total=sum(r["count"] for r in rows),
    )


# --- Bars: attendance, money -----------------------------------------------------------------


@dataclasses.dataclass
class AttendanceBar:
    label: str
    detail: str  # what tells two bars of one label apart: the election period
    url: str
    present: int
    absent: int
    present_width: float  # percent of the bar of the most meetings
    absent_width: float

    @property
    def total(self) -> int:
        return self.present + self.absent

    @property
    def rate(self) -> int:
        return round(100 * self.present / self.total) if self.total else 0

    @property
    def svg_present_width(self) -> str:
        return _svg_number(self.present_width)

    @property
    def svg_absent_x(self) -> str:
        return _svg_number(self.present_width)

    @property
    def svg_absent_width(self) -> str:
        return _svg_number(self.absent_width)


@dataclasses.dataclass
class AttendanceChart:
    bars: list[AttendanceBar]


def attendance_chart(rows: Iterable[tuple]) -> AttendanceChart | None:
    """One bar per (label, url, present, absent[, detail]): present and absent side by side,
    as long as the row with the most meetings is wide."""
    rows = [(*row, "")[:5] for row in rows]
    if not rows:
        return None
    longest = max(present + absent for _, _, present, absent, _ in rows) or 1
    return AttendanceChart(
        [
            AttendanceBar(
                label,
                detail,
                url,
                present,
                absent,
                100 * present / longest,
                100 * absent / longest,
            )
            for label, url, present, absent, detail in rows
        ]
    )


# Colours of the kinds of grant, each with a contrast of at least 3:1 on white (WCAG's for
# graphics); static/css/archive.css has them as .kind-0 … .kind-5, and the legend names them.
_KIND_COLOURS = ("#0b5cad", "#b34700", "#2e7d32", "#7b3fa0", "#a3003c", "#4a5560")


@dataclasses.dataclass
class MoneyBar:
    year: int
    kind: str
    total: Decimal
    count: int
    colour: int  # the kind's colour: its class, kind-N
    width: float  # percent of the largest sum, by size (the text gives the sign)

    @property
    def svg_width(self) -> str:
        return _svg_number(self.width)


@dataclasses.dataclass
class MoneyChart:
    kinds: list[tuple[str, int]]  # (kind, colour): the legend
    bars: list[MoneyBar]  # by budget year, then kind


def money_chart(rows: list[dict]) -> MoneyChart | None:
    """The sums of a committee's grants per budget year and kind, one bar each.

    `rows` as records.money_by_year_and_kind gives them. Negative sums (a saving, an income)
    are drawn by their size; the sum beside the bar gives the sign."""
    rows = [row for row in rows if row["total"]]
    if not rows:
        return None
    kinds = sorted({row["kind"] for row in rows})
    colours = {kind: n % len(_KIND_COLOURS) for n, kind in enumerate(kinds)}
    peak = max(abs(float(row["total"])) for row in rows)
    bars = [
        MoneyBar(
            row["year"],
            row["kind"],
            row["total"],
            row["count"],
            colours[row["kind"]],
            # A sum far below the largest still shows: a sliver, not nothing.
            max(abs(float(row["total"])) / peak * 100, 0.8),
        )
        for row in sorted(rows, key=lambda row: (row["year"], row["kind"]))
    ]
    return MoneyChart(kinds=[(kind, colours[kind]) for kind in kinds], bars=bars)


# --- A case's path through the committees ----------------------------------------------------


@dataclasses.dataclass
class Lane:
    name: str
    lines: list[tuple[str, int]]  # the name, wrapped: (text, y)
    y: int  # of the lane's line and its dots


@dataclasses.dataclass
class TimelineDot:
    x: str  # percent of the width, "37.5%"
    y: int
    date: datetime.date
    lane: str
    is_meeting: bool


@dataclasses.dataclass
class TimelineChart:
    lanes: list[Lane]
    dots: list[TimelineDot]
    segments: list[tuple[str, int, str, int]]  # (x1, y1, x2, y2): from one step to the next
    ticks: list[tuple[datetime.date, str, str]]  # (date, x, text-anchor)
    height: int


# A lane's name is written above its line, wrapped to this many characters: some 280 px of
# 13 px text, within a 390 px phone's width.
_LANE_CHARACTERS = 40
_LINE_HEIGHT = 17


def case_path_chart(steps) -> TimelineChart | None:
    """A case's steps (TimelineEntry) on a time axis, one lane per committee, joined in order.

    The drawing has no viewBox: it is as wide as the page, its x coordinates are percent of
    that and its y coordinates pixels, so that its text is never scaled."""
    steps = list(steps)
    if not steps:
        return None
    first, last = steps[0].date, steps[-1].date
    span = max((last - first).days, 1)
    lanes: dict[str, Lane] = {}
    y = 26  # below the dates
    for step in steps:
        if step.committee_name in lanes:
            continue
        wrapped = textwrap.wrap(step.committee_name, _LANE_CHARACTERS) or [""]
        lines = [(text, y + (n + 1) * _LINE_HEIGHT - 4) for n, text in enumerate(wrapped)]
        y += len(lines) * _LINE_HEIGHT + 12
        lanes[step.committee_name] = Lane(step.committee_name, lines, y)
        y += 22

    def x_of(date: datetime.date) -> str:
        if first == last:
            return "50%"
        # 3 % in from each side: a dot (radius 6 px) at the first or last date is whole.
        return f"{_svg_number(3 + (date - first).days / span * 94)}%"

    dots = [
        TimelineDot(
            x_of(step.date),
            lanes[step.committee_name].y,
            step.date,
            step.committee_name,
            bool(step.item),
        )
        for step in steps
    ]
    segments = [(a.x, a.y, b.x, b.y) for a, b in zip(dots, dots[1:], strict=False)]
    # The first date reads from the left edge rightwards, the last from the right leftwards.
    ticks = [(first, "0%", "start") if last != first else (first, "50%", "middle")]
    if last != first:
        ticks.append((last, "100%", "end"))
    return TimelineChart(
        lanes=list(lanes.values()), dots=dots, segments=segments, ticks=ticks, height=y
    )
