"""Server-rendered SVG bar charts: geometry computed here, drawn by contracts/includes/bar_chart.html.

Horizontal bars, one group per category and one bar per series. Colours come from CSS classes
(``chart-series-N``), so the charts work under the strict content security policy; the same
numbers are always shown in a table beside the chart.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils import formats

LABEL_WIDTH = 190
CHART_WIDTH = 300
VALUE_WIDTH = 60
BAR_HEIGHT = 16
BAR_GAP = 3
GROUP_GAP = 14
TOP = 8


@dataclass
class Bar:
    series: int
    x: float
    y: float
    width: float
    height: float
    value_text: str
    text_x: float
    text_y: float


@dataclass
class Group:
    label: str
    label_y: float
    bars: list[Bar]


@dataclass
class Chart:
    title: str
    series: list[str]
    groups: list[Group]
    width: int
    height: int
    label_width: int


def _text(value, decimals):
    return formats.number_format(value, decimals, use_l10n=True, force_grouping=True)


def bar_chart(title, categories, series, decimals=2, unit=""):
    """``categories``: list of (label, [value per series]); ``series``: the series names."""
    top = max((Decimal(v) for _label, values in categories for v in values), default=Decimal(0))
    scale = Decimal(CHART_WIDTH) / top if top > 0 else Decimal(0)
    groups = []
    y = TOP
    for label, values in categories:
        bars = []
        start = y
        for index, value in enumerate(values):
            width = float(Decimal(value) * scale)
            bars.append(
                Bar(
                    series=index,
                    x=LABEL_WIDTH,
                    y=y,
                    width=round(width, 1),
                    height=BAR_HEIGHT,
                    value_text=f"{_text(value, decimals)}{unit}",
                    text_x=round(LABEL_WIDTH + width + 6, 1),
                    text_y=y + BAR_HEIGHT - 4,
                )
            )
            y += BAR_HEIGHT + BAR_GAP
        groups.append(Group(label=label, label_y=(start + y - BAR_GAP) / 2 + 5, bars=bars))
        y += GROUP_GAP
    return Chart(
        title=title,
        series=list(series),
        groups=groups,
        width=LABEL_WIDTH + CHART_WIDTH + VALUE_WIDTH,
        height=int(y),
        label_width=LABEL_WIDTH - 8,
    )
