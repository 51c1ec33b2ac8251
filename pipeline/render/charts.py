"""Charts as inline SVG (matplotlib, Agg backend): heatmaps, bars and a timeline.

Every chart has a title, axis labels with units, a text alternative (aria-label and a caption) and
colours that colour-blind readers can tell apart (cividis for scales, Okabe-Ito for categories).
Output is deterministic: fixed hash salt, no date in the metadata, text kept as text.
"""
from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from markupsafe import Markup, escape  # noqa: E402

from ..store import atomic_write  # noqa: E402
from .common import link_or_copy  # noqa: E402

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*", "h", "<"]
STYLE = {"svg.fonttype": "none", "svg.hashsalt": "raadslens", "font.size": 9, "font.family": "DejaVu Sans",
         "axes.spines.top": False, "axes.spines.right": False}


_CACHE: dict[str, Markup] = {}
CACHE_SIZE = 256
_FILES: dict[str, Path | None] = {"into": None, "from": None}  # see kept_in


@contextmanager
def kept_in(folder: Path, previous: Path | None = None) -> Iterator[None]:
    """While a version of the site is rendered, every chart is also a file in `folder`, named by a hash of
    its inputs; a chart whose file `previous` (the folder of an earlier version) has is linked, not drawn
    again: drawing is the largest part of a render, and most charts survive a small change of the corpus."""
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
        svg = _CACHE[key]
        if svg is not None and into is not None and not (into / name).exists():
            if earlier is None or not link_or_copy(earlier, into / name):
                atomic_write(into / name, str(svg).encode("utf-8"))
        return svg
    wrapper.__name__ = function.__name__
    wrapper.__doc__ = function.__doc__
    return wrapper


def _figure(svg_title: str, alt: str, draw) -> Markup:
    """Run `draw(fig, ax)` and return the figure as an accessible inline <figure>."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=draw.size if hasattr(draw, "size") else (7, 3))
        try:
            draw(fig, ax)
            ax.set_title(svg_title, loc="left", fontsize=10, fontweight="bold")
            buffer = io.StringIO()
            fig.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
        finally:
            plt.close(fig)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(alt)}" ', 1)
    return Markup('<figure class="chart">') + Markup(svg) + Markup("<figcaption>") + escape(alt) + \
        Markup("</figcaption></figure>")


def heatmap(values: pd.DataFrame, counts: pd.DataFrame | None, title: str, xlabel: str, ylabel: str,
            unit_label: str, alt: str) -> Markup | None:
    """Shares (0..1) as a heatmap; each cell shows the percentage and, when given, a count in brackets."""
    if values.empty:
        return None
    key = (values.to_json(), None if counts is None else counts.to_json(), title, xlabel, ylabel, unit_label, alt)
    return _heatmap(key, values, counts)


@_cached
def _heatmap(key: tuple, values: pd.DataFrame, counts: pd.DataFrame | None) -> Markup:
    title, xlabel, ylabel, unit_label, alt = key[2:]
    rows, cols = list(values.index), list(values.columns)

    def draw(fig, ax):
        image = ax.imshow(values.to_numpy(dtype=float) * 100, cmap="cividis", vmin=0, aspect="auto")
        ax.set_xticks(range(len(cols)), [str(c) for c in cols], rotation=35, ha="right")
        ax.set_yticks(range(len(rows)), [str(r) for r in rows])
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        top = max(float(values.to_numpy().max()) * 100, 1e-9)
        for i, row in enumerate(rows):
            for j, col in enumerate(cols):
                share = float(values.at[row, col]) * 100
                label = f"{share:.0f}%"
                if counts is not None:
                    n = int(counts.at[row, col]) if row in counts.index and col in counts.columns else 0
                    label += f" ({n})"
                if counts is not None or len(rows) * len(cols) <= 60:
                    ax.text(j, i, label, ha="center", va="center", fontsize=7,
                            color="black" if share > 0.6 * top else "white")
        bar = fig.colorbar(image, ax=ax, fraction=0.03, pad=0.02)
        bar.set_label(unit_label)
    draw.size = (min(2 + 0.95 * len(cols), 13), 1.6 + 0.32 * len(rows))
    return _figure(title, alt, draw)


@_cached
def bars(values: dict[str, float], title: str, xlabel: str, ylabel: str, alt: str) -> Markup | None:
    """One bar per municipality, labelled with its value."""
    if not values:
        return None
    names = list(values)

    def draw(fig, ax):
        numbers = [values[n] for n in names]
        ax.barh(range(len(names)), numbers, color=OKABE_ITO[0])
        ax.set_yticks(range(len(names)), names)
        ax.invert_yaxis()
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        for i, v in enumerate(numbers):
            ax.text(v, i, f" {v:g}", va="center", fontsize=8)
    draw.size = (7, 1.2 + 0.3 * len(names))
    return _figure(title, alt, draw)


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
    """Documents as points: (municipality, decimal year, document type label); shape and colour by type."""
    points = [p for p in points if p[1] is not None]
    if not points:
        return None
    rows = sorted({p[0] for p in points})
    kinds = sorted({p[2] for p in points})

    def draw(fig, ax):
        for k, kind in enumerate(kinds):
            chosen = [p for p in points if p[2] == kind]
            ax.scatter([p[1] for p in chosen], [rows.index(p[0]) for p in chosen], label=type_labels.get(kind, kind),
                       marker=MARKERS[k % len(MARKERS)], color=OKABE_ITO[k % len(OKABE_ITO)], s=28, alpha=0.9)
        ax.set_yticks(range(len(rows)), rows)
        ax.invert_yaxis()
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
        ax.grid(axis="x", color="#ddd", linewidth=0.6)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8)
    draw.size = (8, 1.4 + 0.32 * len(rows))
    return _figure(title, alt, draw)
