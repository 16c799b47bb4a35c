"""Geometry of the archive's pictures, drawn as SVG by templates in templates/meetings/charts/.

Only numbers and coordinates are computed here; the markup (escaped, with role="img" and a
<title>) lives in the templates, and every picture's numbers are also printed as a table.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

# Blue shades of the heatmap, lightest first, with a text colour of contrast >= 4.5:1 each.
_SHADES = [
    ("#eef4fb", "#1b1f24"),
    ("#c6dbf1", "#1b1f24"),
    ("#8fb8e3", "#1b1f24"),
    ("#2f6db0", "#ffffff"),
    ("#0b4a8c", "#ffffff"),
]


@dataclasses.dataclass
class Cell:
    x: int
    y: int
    count: int
    fill: str
    ink: str


@dataclasses.dataclass
class HeatmapRow:
    label: str
    url: str
    y: int
    cells: list[Cell]
    counts: list[int]


@dataclasses.dataclass
class Heatmap:
    years: list[tuple[int, int]]  # (year, x)
    rows: list[HeatmapRow]
    width: int
    height: int
    cell: int
    label_width: int
    total: int


def meetings_heatmap(
    rows: Iterable[dict], *, url_for=lambda row: "", label_for=lambda row: row["committee__name"]
) -> Heatmap | None:
    """Meetings per year per committee as a grid of shaded cells with the count in each.

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
    cell, label_width, top = 40, 300, 28
    chart_rows = []
    for index, entry in enumerate(by_committee.values()):
        y = top + index * cell
        counts = [entry["counts"].get(year, 0) for year in years]
        cells = []
        for column, count in enumerate(counts):
            shade = 0 if count == 0 else 1 + min(3, (count * 4 - 1) // peak)
            fill, ink = _SHADES[shade]
            cells.append(Cell(label_width + column * cell, y, count, fill, ink))
        chart_rows.append(HeatmapRow(entry["label"], entry["url"], y, cells, counts))
    return Heatmap(
        years=[(year, label_width + column * cell) for column, year in enumerate(years)],
        rows=chart_rows,
        width=label_width + len(years) * cell + 4,
        height=top + len(chart_rows) * cell + 4,
        cell=cell,
        label_width=label_width,
        total=sum(r["count"] for r in rows),
    )


def _svg_number(value: float) -> str:
    """One decimal, with a point in every language (what |floatformat:'1u' writes)."""
    return str(Decimal(repr(float(value))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@dataclasses.dataclass
class AttendanceBar:
    label: str
    url: str
    present: int
    absent: int
    y: int
    present_width: float
    absent_width: float
    absent_x: float  # where the grey part starts

    @property
    def total(self) -> int:
        return self.present + self.absent

    @property
    def rate(self) -> int:
        return round(100 * self.present / self.total) if self.total else 0

    # Coordinates as the template writes them, worked out here once rather than by a chain
    # of |add and |floatformat filters per bar.
    @property
    def text_y(self) -> int:
        return self.y + 18

    @property
    def bar_y(self) -> int:
        return self.y + 4

    @property
    def svg_present_width(self) -> str:
        return _svg_number(self.present_width)

    @property
    def svg_absent_x(self) -> str:
        return _svg_number(self.absent_x)

    @property
    def svg_absent_width(self) -> str:
        return _svg_number(self.absent_width)


@dataclasses.dataclass
class AttendanceChart:
    bars: list[AttendanceBar]
    width: int
    height: int
    label_width: int
    bar_width: int
    row: int

    @property
    def label_x(self) -> int:
        return self.label_width - 8

    @property
    def value_x(self) -> int:
        return self.label_width + self.bar_width + 8


def attendance_chart(rows: Iterable[tuple[str, str, int, int]]) -> AttendanceChart | None:
    """One bar per (label, url, present, absent): present in blue, absent in grey."""
    rows = list(rows)
    if not rows:
        return None
    row, label_width, bar_width = 28, 260, 300
    longest = max(present + absent for _, _, present, absent in rows) or 1
    bars = []
    for index, (label, url, present, absent) in enumerate(rows):
        scale = bar_width / longest
        present_width = present * scale
        bars.append(
            AttendanceBar(
                label,
                url,
                present,
                absent,
                index * row,
                present_width,
                absent * scale,
                absent_x=label_width + present_width,
            )
        )
    return AttendanceChart(
        bars, label_width + bar_width + 150, len(rows) * row + 4, label_width, bar_width, row
    )


@dataclasses.dataclass
class TimelineDot:
    x: float
    y: int
    date: datetime.date
    lane: str
    is_meeting: bool


@dataclasses.dataclass
class TimelineChart:
    lanes: list[tuple[str, int]]
    dots: list[TimelineDot]
    path: str
    ticks: list[tuple[str, float, str]]  # (label, x, text-anchor)
    width: int
    height: int
    label_width: int


def case_path_chart(steps) -> TimelineChart | None:
    """A case's steps (TimelineEntry) on a time axis, one lane per committee, joined in order."""
    steps = list(steps)
    if not steps:
        return None
    lanes: dict[str, int] = {}
    lane_height, label_width, plot_width, top = 34, 300, 420, 24
    for step in steps:
        lanes.setdefault(step.committee_name, top + len(lanes) * lane_height + lane_height // 2)
    first, last = steps[0].date, steps[-1].date
    span = max((last - first).days, 1)

    def x_of(date: datetime.date) -> float:
        if first == last:
            return label_width + plot_width / 2
        return round(label_width + 10 + (date - first).days / span * (plot_width - 20), 1)

    dots = [
        TimelineDot(x_of(s.date), lanes[s.committee_name], s.date, s.committee_name, bool(s.item))
        for s in steps
    ]
    path = " ".join(f"{'M' if i == 0 else 'L'}{d.x},{d.y}" for i, d in enumerate(dots))
    # The first date reads from its dot rightwards, the last leftwards: neither is cut off.
    ticks = [(first.strftime("%d-%m-%Y"), x_of(first), "start" if last != first else "middle")]
    if last != first:
        ticks.append((last.strftime("%d-%m-%Y"), x_of(last), "end"))
    return TimelineChart(
        lanes=list(lanes.items()),
        dots=dots,
        path=path,
        ticks=ticks,
        width=label_width + plot_width + 10,
        height=top + len(lanes) * lane_height + 8,
        label_width=label_width,
    )


# Colours of the kinds of grant, each with a contrast of at least 3:1 on white (WCAG's for
# graphics); the legend and the table name them too.
_KIND_COLOURS = ("#0b5cad", "#b34700", "#2e7d32", "#7b3fa0", "#a3003c", "#4a5560")


@dataclasses.dataclass
class MoneyBar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    label: str  # "2026 · udgiftsbevilling: 538.750 kr." for the SVG's title


@dataclasses.dataclass
class MoneyChart:
    years: list[tuple[int, float]]  # (year, x of its label)
    kinds: list[tuple[str, str]]  # (kind, colour): the legend
    bars: list[MoneyBar]
    rows: list[dict]  # the table: year, kind, total, count
    width: int
    height: int
    baseline: float


def money_chart(rows: list[dict], *, label=lambda row: "") -> MoneyChart | None:
    """The sums of a committee's grants per budget year, one bar per kind in each year.

    `rows` as records.money_by_year_and_kind gives them; `label` writes a bar's title. Negative
    sums (a saving, an income) are drawn by their size: the table beside gives the sign."""
    rows = [row for row in rows if row["total"]]
    if not rows:
        return None
    kinds = sorted({row["kind"] for row in rows})
    years = sorted({row["year"] for row in rows})
    colours = {kind: _KIND_COLOURS[n % len(_KIND_COLOURS)] for n, kind in enumerate(kinds)}
    bar, gap, top, height = 18, 24, 10, 180
    group = bar * len(kinds) + gap
    peak = max(abs(float(row["total"])) for row in rows)
    bars = []
    for row in rows:
        x = 10 + years.index(row["year"]) * group + kinds.index(row["kind"]) * bar
        size = abs(float(row["total"])) / peak * height
        bars.append(
            MoneyBar(x, top + height - size, bar - 2, size, colours[row["kind"]], label(row))
        )
    return MoneyChart(
        years=[(year, 10 + n * group + (group - gap) / 2) for n, year in enumerate(years)],
        kinds=[(kind, colours[kind]) for kind in kinds],
        bars=bars,
        rows=rows,
        width=int(20 + len(years) * group),
        height=top + height + 30,
        baseline=top + height,
    )
