"""Server-rendered SVG charts: the geometry is computed here, templates/includes/charts/ draw it.

Each chart carries a title, a description in words and its numbers as a table, so that it reads the
same to a screen reader, on paper and with images off. No chart library, no JavaScript.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Colour-blind-safe palette (Okabe-Ito, then Tol's muted), one colour per kind in declaration order.
PALETTE = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#332288",
    "#117733",
    "#882255",
    "#44AA99",
    "#999933",
    "#AA4499",
]
WIDTH = 720
HEIGHT = 280
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 28


@dataclass
class Shape:
    x: float
    y: float
    width: float
    height: float
    colour: str = PALETTE[0]
    label: str = ""
    opacity: float = 1.0


@dataclass
class Label:
    x: float
    y: float
    text: str
    anchor: str = "middle"
    css: str = ""


@dataclass
class Chart:
    kind: str
    title: str
    description: str
    width: int = WIDTH
    height: int = HEIGHT
    shapes: list[Shape] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    lines: list[tuple[float, float, float, float]] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)
    table_head: list[str] = field(default_factory=list)
    table_rows: list[list] = field(default_factory=list)
    dashed: list[tuple[float, float, float, float]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.table_rows


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 times a power of ten that is at least `value` (a readable axis maximum)."""
    if value <= 0:
        return 1
    power = 1
    while power * 10 <= value:
        power *= 10
    while power > value:
        power /= 10
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def _y_axis(chart: Chart, maximum: float, plot_height: float) -> None:
    for fraction in (0, 0.5, 1):
        y = TOP + plot_height * (1 - fraction)
        chart.lines.append((LEFT, y, chart.width - RIGHT, y))
        chart.labels.append(Label(LEFT - 6, y + 4, f"{maximum * fraction:g}", "end"))


def stacked_bars(rows: list[dict], kinds: type[TextChoices], title: str) -> Chart:
    """Bars per year (every year between the first and the last, empty ones too) stacked by kind."""
    chart = Chart("bars", title, "")
    if not rows:
        chart.description = _("No records yet.")
        return chart
    present = [value for value in kinds.values if any(row["kind"] == value for row in rows)]
    colours = {value: PALETTE[list(kinds.values).index(value) % len(PALETTE)] for value in present}
    labels = dict(kinds.choices)
    years = list(range(rows[0]["year"], rows[-1]["year"] + 1))
    counts = {(row["year"], row["kind"]): row["n"] for row in rows}
    totals = {year: sum(counts.get((year, kind), 0) for kind in present) for year in years}
    maximum = nice_ceiling(max(totals.values()))
    plot_width, plot_height = chart.width - LEFT - RIGHT, chart.height - TOP - BOTTOM
    _y_axis(chart, maximum, plot_height)
    band = plot_width / len(years)
    label_every = max(1, round(len(years) / 12))
    for index, year in enumerate(years):
        x = LEFT + index * band + band * 0.15
        base = TOP + plot_height
        for kind in present:
            n = counts.get((year, kind), 0)
            if n:
                height = plot_height * n / maximum
                base -= height
                chart.shapes.append(Shape(x, base, band * 0.7, height, colours[kind], f"{year}, {labels[kind]}: {n}"))
        if index % label_every == 0:
            chart.labels.append(Label(LEFT + index * band + band / 2, chart.height - 8, str(year)))
    chart.legend = [(colours[kind], labels[kind]) for kind in present]
    chart.table_head = [_("Year"), *(labels[kind] for kind in present), _("Total")]
    chart.table_rows = [
        [year, *(counts.get((year, kind), 0) for kind in present), totals[year]] for year in years if totals[year]
    ]
    busiest = max(years, key=lambda year: totals[year])
    total = sum(totals.values())
    span = ngettext(
        "%(total)d record from %(first)d to %(last)d.", "%(total)d records from %(first)d to %(last)d.", total
    ) % {"total": total, "first": years[0], "last": years[-1]}
    chart.description = f"{span} " + _("Most in %(year)d (%(n)d).") % {"year": busiest, "n": totals[busiest]}
    return chart


def horizontal_bars(items: list, title: str) -> Chart:
    """One bar per item (with `name`, `document_count` and `get_absolute_url`), longest first."""
    row_height, label_width = 26, 200
    chart = Chart("hbars", title, "", height=max(1, len(items)) * row_height + TOP)
    if not items:
        chart.description = _("No records yet.")
        return chart
    maximum = max(item.document_count for item in items)
    plot_width = chart.width - label_width - RIGHT - 40
    for index, item in enumerate(items):
        y = TOP + index * row_height
        width = plot_width * item.document_count / maximum
        chart.shapes.append(
            Shape(label_width, y, width, row_height - 8, PALETTE[0], f"{item.name}: {item.document_count}")
        )
        chart.labels.append(Label(label_width - 6, y + 14, str(item.name)[:28], "end"))
        chart.labels.append(Label(label_width + width + 4, y + 14, str(item.document_count), "start"))
    chart.table_head = [_("Topic"), _("Documents")]
    chart.table_rows = [[item, item.document_count] for item in items]
    chart.description = _("%(count)d topics; the most frequent is %(name)s with %(n)d documents.") % {
        "count": len(items),
        "name": items[0].name,
        "n": items[0].document_count,
    }
    return chart


def _short(party) -> str:
    return party.iso_code or party.short_name or party.name[:12]


def heat_map(parties: list, cells: dict[tuple[int, int], int], title: str) -> Chart:
    """A square matrix: the darker a cell, the more documents the two parties share."""
    size, label_width, label_height = 34, 60, 24  # rows and columns are labelled with ISO codes or short names
    chart = Chart("heatmap", title, "", width=label_width + size * max(1, len(parties)) + RIGHT)
    chart.height = label_height + size * max(1, len(parties))
    if len(parties) < 2:
        chart.description = _("Not enough parties with documents yet.")
        return chart
    maximum = max(cells.values(), default=1)
    for column, party in enumerate(parties):
        chart.labels.append(Label(label_width + column * size + size / 2, label_height - 8, _short(party)))
    for row, party in enumerate(parties):
        y = label_height + row * size
        chart.labels.append(Label(label_width - 8, y + size / 2 + 4, _short(party), "end"))
        for column, partner in enumerate(parties):
            n = cells.get((party.pk, partner.pk), 0)
            x, opacity = label_width + column * size, 0.2 + 0.8 * n / maximum if n else 1.0
            colour = PALETTE[0] if n else "#eeeeee"
            chart.shapes.append(Shape(x, y, size - 2, size - 2, colour, f"{party.name} – {partner.name}: {n}", opacity))
            if n:
                css = "on-dark" if opacity > 0.6 else ""
                chart.labels.append(Label(x + (size - 2) / 2, y + size / 2 + 3, str(n), css=css))
    chart.table_head = ["", *(_short(party) for party in parties)]
    chart.table_rows = [
        [party, *(cells.get((party.pk, partner.pk), 0) if party != partner else "–" for partner in parties)]
        for party in parties
    ]
    # The closest pair, ties broken by the parties' order (most documents first), so the text is stable.
    pairs = [(cells.get((a.pk, b.pk), 0), a, b) for i, a in enumerate(parties) for b in parties[i + 1 :]]
    n, a, b = max(pairs, key=lambda pair: pair[0])
    chart.description = (
        _(
            "Documents shared by each pair of the %(count)d parties with most documents; the closest pair is "
            "%(a)s and %(b)s with %(n)d."
        )
        % {"count": len(parties), "a": a.name, "b": b.name, "n": n}
        if n
        else _("These parties share no documents yet.")
    )
    return chart


def progress(target) -> Chart:
    """A target's observations as bars against a dashed line at the target value."""
    observations = list(target.observations.all())
    chart = Chart("progress", str(target.metric), "")
    if not observations:
        chart.description = _("Not observed yet.")
        return chart
    goal = float(target.value)
    maximum = nice_ceiling(max(goal, *(float(o.value) for o in observations)))
    plot_width, plot_height = chart.width - LEFT - RIGHT, chart.height - TOP - BOTTOM
    chart.labels.append(Label(LEFT - 6, TOP + 4, compact_number(maximum), "end"))
    chart.labels.append(Label(LEFT - 6, TOP + plot_height + 4, "0", "end"))
    chart.lines.append((LEFT, TOP + plot_height, chart.width - RIGHT, TOP + plot_height))
    band = plot_width / len(observations)
    for index, observation in enumerate(observations):
        height = plot_height * float(observation.value) / maximum
        x = LEFT + index * band + band * 0.2
        label = f"{observation.date:%Y}: {target.unit} {compact_number(observation.value)}"
        chart.shapes.append(Shape(x, TOP + plot_height - height, band * 0.6, height, PALETTE[0], label))
        chart.labels.append(Label(LEFT + index * band + band / 2, chart.height - 8, f"{observation.date:%Y}"))
    goal_y = TOP + plot_height * (1 - goal / maximum)
    chart.dashed.append((LEFT, goal_y, chart.width - RIGHT, goal_y))
    chart.labels.append(Label(chart.width - RIGHT, goal_y - 6, f"{target.unit} {compact_number(target.value)}", "end"))
    chart.table_head = [_("Date"), _("Value")]
    chart.table_rows = [[str(o), f"{target.unit} {compact_number(o.value)}"] for o in observations]
    last = observations[-1]
    chart.description = _("Target %(goal)s; last observed %(value)s in %(year)s.") % {
        "goal": f"{target.unit} {compact_number(target.value)}",
        "value": f"{target.unit} {compact_number(last.value)}",
        "year": f"{last.date:%Y}",
    }
    return chart


def compact_number(value: Decimal | float | int) -> str:
    """3000000000 → "3 billion", 2500000 → "2.5 million", 1234 → "1234"."""
    value = float(value)
    for size, word in ((1e12, _("trillion")), (1e9, _("billion")), (1e6, _("million"))):
        if abs(value) >= size:
            return f"{value / size:.1f}".removesuffix(".0") + " " + word
    return f"{value:.2f}".rstrip("0").rstrip(".")
