"""Charts as inline SVG, written as text (see svg.py): heatmaps, bars and a timeline.

Written directly rather than drawn with a plotting library: a chart takes milliseconds instead of a
quarter to half a second, and charts were the largest part of a render. Every chart has a title, axis
labels with units, a text alternative (aria-label, <title>, <desc> and a caption) and colours that
colour-blind readers can tell apart (cividis for scales, Okabe-Ito for categories). All text is
escaped; the same inputs give the same bytes; margins grow with the longest label.
"""
from __future__ import annotations

import hashlib
import math
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
from markupsafe import Markup

from ..store import atomic_write
from . import svg
from .common import link_or_copy
from .svg import FONT, GRID, OKABE_ITO, PAD, SMALL

TOP, ROW = 34, 24  # px: top of the plot (below the title), height of a row
TILT = math.radians(35)  # column labels too wide for their column are tilted

_CACHE: dict[str, Markup] = {}
CACHE_SIZE = 256
_FILES: dict[str, Path | None] = {"into": None, "from": None}  # see kept_in


@contextmanager
def kept_in(folder: Path, previous: Path | None = None) -> Iterator[None]:
    """While a version of the site is rendered, every chart is also a file in `folder`, named by a hash of
    its inputs; a chart whose file `previous` (the folder of an earlier version) has is linked, not drawn
    again: most charts survive a small change of the corpus."""
    _FILES.update({"into": Path(folder), "from": None if previous is None else Path(previous)})
    try:
        yield
    finally:
        _FILES.update({"into": None, "from": None})


def _cached(function):
    """Same inputs, same SVG: a re-render of unchanged data draws nothing again (see kept_in)."""
    def wrapper(*args, **kwargs):
        key = function.__name__ + repr((args, sorted(kwargs.items())))
        name = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + ".svg"
        into, earlier = _FILES["into"], _FILES["from"] and _FILES["from"] / name
        if key not in _CACHE:
            if len(_CACHE) >= CACHE_SIZE:
                _CACHE.clear()
            found = earlier is not None and earlier.exists()
            _CACHE[key] = Markup(earlier.read_text(encoding="utf-8")) if found else function(*args, **kwargs)
        chart = _CACHE[key]
        if chart is not None and into is not None and not (into / name).exists():
            if earlier is None or not link_or_copy(earlier, into / name):
                atomic_write(into / name, str(chart).encode("utf-8"))
        return chart
    wrapper.__name__ = function.__name__
    wrapper.__doc__ = function.__doc__
    return wrapper


def heatmap(values: pd.DataFrame, counts: pd.DataFrame | None, title: str, xlabel: str, ylabel: str,
            unit_label: str, alt: str) -> Markup | None:
    """Shares (0..1) as a heatmap; each cell shows the percentage and, when given, a count in brackets."""
    if values.empty:
        return None
    shares = tuple(tuple(float(v) * 100 for v in line) for line in values.to_numpy(dtype=float))
    if counts is not None:
        counts = counts.reindex(index=values.index, columns=values.columns, fill_value=0).fillna(0)
        counts = tuple(tuple(int(n) for n in line) for line in counts.to_numpy())
    return _heatmap(tuple(str(r) for r in values.index), tuple(str(c) for c in values.columns), shares, counts,
                    title, xlabel, ylabel, unit_label, alt)


def _left(labels: list[str]) -> float:
    """Where the plot starts: room for the y label and the longest of `labels` (right-aligned before it)."""
    return PAD + FONT + 8 + max(svg.text_width(label) for label in labels) + 8


@_cached
def _heatmap(rows: tuple[str, ...], cols: tuple[str, ...], shares: tuple[tuple[float, ...], ...],
             counts: tuple[tuple[int, ...], ...] | None, title: str, xlabel: str, ylabel: str, unit_label: str,
             alt: str) -> Markup:
    top = max((s for line in shares for s in line if math.isfinite(s)), default=0.0)
    scale = top if top > 0 else 1.0  # colours run from 0 to the largest share, as the legend shows
    labels = [[(f"{s:.0f}%" if math.isfinite(s) else "—") + ("" if counts is None else f" ({counts[i][j]})")
               for j, s in enumerate(line)] for i, line in enumerate(shares)]
    cell = max(40.0, max(svg.text_width(label, SMALL) for line in labels for label in line) + 10)
    col_w = [svg.text_width(c) for c in cols]
    tilted = max(col_w) > cell - 6  # too wide for its column: tilted, ending below the column's middle
    left = _left(list(rows))
    if tilted:  # a tilted label reaches left of its column: keep it clear of the y label
        left = max(left, PAD + FONT + 8 + max(w * math.cos(TILT) - (j + 0.5) * cell for j, w in enumerate(col_w)))
    grid_w, grid_h = cell * len(cols), ROW * len(rows)
    body = []
    for i, line in enumerate(shares):
        for j, share in enumerate(line):
            x, y = left + j * cell, TOP + i * ROW
            colour = svg.cividis(share / scale) if math.isfinite(share) else "#eeeeee"
            body += [svg.rect(x, y, cell, ROW, colour),
                     svg.text(x + cell / 2, y + ROW / 2, labels[i][j], SMALL, "middle", svg.ink_on(colour))]
    body += [svg.text(left - 6, TOP + (i + 0.5) * ROW, row, anchor="end") for i, row in enumerate(rows)]
    below = TOP + grid_h + 6
    for j, col in enumerate(cols):
        x = left + (j + 0.5) * cell
        body.append(svg.text(x + 4, below + 4, col, anchor="end", rotate=-math.degrees(TILT)) if tilted else
                    svg.text(x, below + FONT / 2, col, anchor="middle"))
    label_h = max(col_w) * math.sin(TILT) + FONT if tilted else FONT
    centre, end = _under(left + grid_w / 2, xlabel)
    body.append(svg.text(centre, below + label_h + 10, xlabel, anchor="middle"))
    # the colour scale: a gradient from 0 (bottom) to the largest share (top), round ticks, the unit
    legend_x, legend_h = left + grid_w + 20, max(grid_h, 120.0, svg.text_width(unit_label) + 8)
    ident = "cividis-" + hashlib.sha256(repr((rows, cols, shares, counts, title)).encode("utf-8")).hexdigest()[:12]
    body += [svg.cividis_scale(ident), svg.rect(legend_x, TOP, 12, legend_h, f"url(#{ident})")]
    marks = [t for t in svg.ticks(0, scale, 4) if t <= scale + 1e-9]
    for t in marks:
        y = TOP + legend_h * (1 - t / scale)
        body += [svg.line(legend_x + 12, y, legend_x + 16, y), svg.text(legend_x + 19, y, svg.fmt(t))]
    unit_x = legend_x + 19 + max(svg.text_width(svg.fmt(t)) for t in marks) + 8 + FONT / 2
    body.append(svg.text(unit_x, TOP + legend_h / 2, unit_label, anchor="middle", rotate=90))
    band = max(grid_h, svg.text_width(ylabel) + 8)
    height = max(below + label_h + 10 + FONT, TOP + legend_h + FONT / 2, TOP + band) + PAD
    return svg.figure(max(unit_x + FONT / 2, end) + PAD, height, title, alt, body, ylabel, (TOP, band))


def _under(middle: float, label: str) -> tuple[float, float]:
    """Where to centre `label` below a plot centred on `middle` (never out on the left), and where it ends."""
    half = svg.text_width(label) / 2
    centre = max(middle, PAD + half)
    return centre, centre + half


def _x_axis(left: float, width: float, y: float, ticks: list[float], at, labels: list[str], xlabel: str
            ) -> tuple[list[str], float]:
    """Grid lines over the plot (from TOP to y), the axis at y, its tick labels and `xlabel` below them;
    and where `xlabel` ends on the right."""
    out = [svg.line(at(t), TOP, at(t), y, GRID) for t in ticks]
    out.append(svg.line(left, y, left + width, y))
    for t, label in zip(ticks, labels, strict=True):
        out += [svg.line(at(t), y, at(t), y + 4), svg.text(at(t), y + 6 + FONT / 2, label, anchor="middle")]
    centre, end = _under(left + width / 2, xlabel)
    return [*out, svg.text(centre, y + 12 + 1.5 * FONT + 6, xlabel, anchor="middle")], end


@_cached
def bars(values: dict[str, float], title: str, xlabel: str, ylabel: str, alt: str) -> Markup | None:
    """One bar per municipality, labelled with its value."""
    values = {str(n): float(v) for n, v in values.items() if v is not None and math.isfinite(v)}
    if not values:
        return None
    names, numbers = list(values), list(values.values())
    low = min(0.0, *numbers)  # bars start at 0; the axis ends at a round number, starts at the lowest value
    ticks = svg.ticks(low, max(0.0, *numbers), 5)
    ticks, high = [t for t in ticks if t >= low - 1e-9], ticks[-1]
    plot_w = 420.0
    room = {v: svg.text_width(svg.fmt(v), SMALL) + 6 for v in numbers}  # for the value beside its bar
    left = _left(names)
    start = left + max([room[v] for v in numbers if v < 0], default=0.0)

    def at(v: float) -> float:
        return start + (v - low) / (high - low) * plot_w

    axis_y = TOP + ROW * len(names) + 2
    body, end = _x_axis(start, plot_w, axis_y, ticks, at, [svg.fmt(t) for t in ticks], xlabel)
    for i, (name, v) in enumerate(values.items()):
        y = TOP + (i + 0.5) * ROW
        x0, x1 = sorted((at(0), at(v)))
        body += [svg.rect(x0, y - 8, x1 - x0, 16, OKABE_ITO[0]), svg.text(left - 6, y, name, anchor="end"),
                 svg.text(at(v) + (4 if v >= 0 else -4), y, svg.fmt(v), SMALL, "start" if v >= 0 else "end")]
    body.append(svg.line(at(0), TOP, at(0), axis_y))
    right = max([room[v] for v in numbers if v >= 0] + [svg.text_width(svg.fmt(high)) / 2])
    band = max(ROW * len(names), svg.text_width(ylabel) + 8)
    height = max(axis_y + 18 + 2.5 * FONT, TOP + band) + PAD
    return svg.figure(max(start + plot_w + right, end) + PAD, height, title, alt, body, ylabel, (TOP, band))


def decimal_year(date: str | None) -> float | None:
    """'2023-11-09' -> 2023.85; '2023' -> 2023.5 (the middle of what is known)."""
    try:
        parts = [int(p) for p in str(date or "").split("-")[:3]]
    except ValueError:
        return None  # not a date the contract allows: leave it off the timeline
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0] + 0.5
    day = parts[2] if len(parts) > 2 else 15
    return parts[0] + ((parts[1] - 1) * 30.4 + day) / 366


@_cached
def timeline(points: list[tuple[str, float, str]], type_labels: dict[str, str], title: str, xlabel: str,
             ylabel: str, alt: str) -> Markup | None:
    """Documents as points: (municipality, decimal year, document type label); shape and colour by type.
    Points are not jittered: a document is where its date is, and the same inputs give the same chart."""
    points = [(str(p[0]), float(p[1]), str(p[2])) for p in points if p[1] is not None and math.isfinite(p[1])]
    if not points:
        return None
    rows = sorted({p[0] for p in points})
    kinds = sorted({p[2] for p in points})
    names = [str(type_labels.get(kind, kind)) for kind in kinds]
    first, last = math.floor(min(p[1] for p in points)), math.floor(max(p[1] for p in points)) + 1
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 1000, 10**6) if (last - first) / s <= 12)
    low, high = step * math.floor(first / step), step * max(math.ceil(last / step), math.floor(first / step) + 1)
    years = list(range(low, high + 1, step))  # whole years only
    plot_w = 560.0
    left = _left(rows)

    def at(t: float) -> float:  # 8 px in from either end, so no point sits on the frame
        return left + 8 + (t - low) / (high - low) * (plot_w - 16)

    axis_y = TOP + ROW * len(rows)
    body = [svg.line(left, TOP + (i + 0.5) * ROW, left + plot_w, TOP + (i + 0.5) * ROW, "#f0f0f0")
            for i in range(len(rows))]
    axis, end = _x_axis(left, plot_w, axis_y, years, at, [str(y) for y in years], xlabel)
    body += axis
    body += [svg.text(left - 6, TOP + (i + 0.5) * ROW, row, anchor="end") for i, row in enumerate(rows)]
    index = {row: i for i, row in enumerate(rows)}
    legend_x = left + plot_w + 24
    for k, (kind, name) in enumerate(zip(kinds, names, strict=True)):
        colour = OKABE_ITO[k % len(OKABE_ITO)]
        shapes = "".join(svg.marker(k, at(t), TOP + (index[m] + 0.5) * ROW) for m, t, p in points if p == kind)
        y = TOP + 8 + k * 20
        body += [f'<g fill="{colour}" fill-opacity=".85" stroke="#1b1b1b" stroke-width=".5">{shapes}</g>',
                 f'<g class="legend" fill="{colour}" stroke="#1b1b1b" stroke-width=".5">{svg.marker(k, legend_x + 6, y)}</g>',
                 svg.text(legend_x + 18, y, name)]
    band = max(ROW * len(rows), svg.text_width(ylabel) + 8)
    height = max(axis_y + 18 + 2.5 * FONT, TOP + band, TOP + 20 * len(kinds)) + PAD
    width = max(legend_x + 18 + max(svg.text_width(name) for name in names), end) + PAD
    return svg.figure(width, height, title, alt, body, ylabel, (TOP, band))
