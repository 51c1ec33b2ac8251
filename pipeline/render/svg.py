"""SVG pieces for the charts: escaped text, lines, round ticks, colour scales, marker shapes and the
accessible <figure> around a chart. Coordinates have two decimals at most: the same chart is the same
bytes on every machine. Text widths are estimated from the number of characters (CHAR em each)."""
from __future__ import annotations

import math

from markupsafe import Markup, escape

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
# cividis (Nuñez, Anderton & Renslow 2018, PLOS ONE 13(7): e0199239): its published 256-colour table
# sampled at 0, 0.1, ..., 1; interpolated linearly in between, no channel is more than 8/255 off the table.
CIVIDIS = ["#00224e", "#083370", "#35456c", "#4f576c", "#666970", "#7d7c78", "#948e77", "#aea371", "#c8b866",
           "#e5cf52", "#fee838"]
FONT, SMALL, BIG = 12, 11, 14  # px: labels; values in cells and at bars; the chart title
CHAR = 0.6  # estimated width of a character in em: generous for sans-serif fonts, so labels do not touch
PAD = 8  # px: the outer margin
INK, MUTED, GRID = "#1b1b1b", "#555", "#ddd"
FONTS = "system-ui, -apple-system, 'Segoe UI', sans-serif"  # as the page (style.css)
_PLUS = [(-.3, -1), (.3, -1), (.3, -.3), (1, -.3), (1, .3), (.3, .3), (.3, 1), (-.3, 1), (-.3, .3), (-1, .3),
         (-1, -.3), (-.3, -.3)]
MARKERS = [  # outlines around (0, 0), radius about 1: circle, square, triangle, diamond, triangle down, plus,
    None,    # cross, star, hourglass, triangle left (None: a circle); the 9th and 10th share colours with the
             # 1st and 2nd (8 colours), so their shapes differ most from those
    [(-.85, -.85), (.85, -.85), (.85, .85), (-.85, .85)],
    [(0, -1.1), (1, .75), (-1, .75)],
    [(0, -1.15), (.85, 0), (0, 1.15), (-.85, 0)],
    [(0, 1.1), (1, -.75), (-1, -.75)],
    _PLUS,
    [((x - y) * .75, (x + y) * .75) for x, y in _PLUS],
    [(r * math.sin(math.pi * i / 5), -r * math.cos(math.pi * i / 5)) for i, r in enumerate([1.3, .55] * 5)],
    [(-.9, -1), (.9, -1), (-.9, 1), (.9, 1)],
    [(-1.1, 0), (.75, -1), (.75, 1)],
]


def num(x: float) -> str:
    """A coordinate with two decimals at most."""
    out = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if out == "-0" else out


def fmt(value: float) -> str:
    """A value as a label: whole numbers without decimals, others as `:g`, never in exponent notation;
    from 10,000 on with a narrow space between thousands (1 250 000), which reads the same in any language."""
    if not math.isfinite(value):
        return "—"
    if abs(value) >= 1e4:
        return f"{round(value):,}".replace(",", "\u202f")
    return str(round(value)) if value == int(value) else f"{value:g}"


def text_width(content: str, size: float = FONT) -> float:
    return len(content) * CHAR * size


def text(x: float, y: float, content: str, size: float = FONT, anchor: str = "start", fill: str = INK,
         bold: bool = False, rotate: float = 0) -> str:
    """`content` escaped, vertically centred on y; `rotate` degrees around (x, y)."""
    extra = "".join([f' text-anchor="{anchor}"' if anchor != "start" else "",
                     f' font-size="{size}"' if size != FONT else "", f' fill="{fill}"' if fill != INK else "",
                     ' font-weight="bold"' if bold else "",
                     f' transform="rotate({num(rotate)} {num(x)} {num(y)})"' if rotate else ""])
    return f'<text x="{num(x)}" y="{num(y)}" dy=".35em"{extra}>{escape(content)}</text>'


def line(x1: float, y1: float, x2: float, y2: float, stroke: str = MUTED) -> str:
    return f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}" stroke="{stroke}"/>'


def rect(x: float, y: float, width: float, height: float, fill: str) -> str:
    return f'<rect x="{num(x)}" y="{num(y)}" width="{num(width)}" height="{num(height)}" fill="{fill}"/>'


def ticks(lo: float, hi: float, most: int = 6) -> list[float]:
    """Round numbers (1, 2 or 5 times a power of ten apart) from at most `lo` to at least `hi`."""
    hi = hi if hi > lo else lo + 1
    raw = (hi - lo) / most
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw * (1 - 1e-9))
    first, last = math.floor(lo / step + 1e-9), math.ceil(hi / step - 1e-9)
    return [round(i * step, 10) for i in range(first, last + 1)]


def figure(width: float, height: float, title: str, alt: str, body: list[str], ylabel: str,
           band: tuple[float, float]) -> Markup:
    """The chart as an accessible <figure>: the title on top, `ylabel` along the left of `band` (top, height),
    `alt` as the accessible name, description and caption. It scales down with the page, never up."""
    width = math.ceil(max(width, 2 * PAD + text_width(title, BIG) * 1.1))  # bold: a little wider
    height = math.ceil(height)
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(alt)}" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
            f'style="width:100%;max-width:{width}px;height:auto" font-family="{FONTS}" font-size="{FONT}" '
            f'fill="{INK}"><title>{escape(title)}</title><desc>{escape(alt)}</desc>')
    parts = [head, text(PAD, PAD + BIG / 2, title, BIG, bold=True),
             text(PAD + FONT / 2, band[0] + band[1] / 2, ylabel, anchor="middle", rotate=-90), *body, "</svg>"]
    return Markup('<figure class="chart">') + Markup("".join(parts)) + Markup("<figcaption>") + escape(alt) + \
        Markup("</figcaption></figure>")


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def cividis(t: float) -> str:
    """The colour of `t` (0..1) on the cividis scale."""
    t = min(max(t, 0.0), 1.0) * (len(CIVIDIS) - 1)
    i = min(int(t), len(CIVIDIS) - 2)
    low, high = _rgb(CIVIDIS[i]), _rgb(CIVIDIS[i + 1])
    return "#" + "".join(f"{round(a + (b - a) * (t - i)):02x}" for a, b in zip(low, high, strict=True))


def cividis_scale(ident: str) -> str:
    """The cividis scale as a vertical gradient (0 at the bottom) named `ident`, for a legend."""
    stops = "".join(f'<stop offset="{num(k / (len(CIVIDIS) - 1))}" stop-color="{c}"/>'
                    for k, c in enumerate(CIVIDIS))
    return f'<defs><linearGradient id="{ident}" x1="0" y1="1" x2="0" y2="0">{stops}</linearGradient></defs>'


def ink_on(colour: str) -> str:
    """Black or white, whichever contrasts more with `colour` (WCAG relative luminance)."""
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (v / 255 for v in _rgb(colour)))
    return "#000" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.179 else "#fff"


def marker(kind: int, x: float, y: float, r: float = 4.5) -> str:
    """The shape of the kind-th category at (x, y)."""
    shape = MARKERS[kind % len(MARKERS)]
    if shape is None:
        return f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(r)}"/>'
    return '<path d="M' + "L".join(f"{num(x + dx * r)} {num(y + dy * r)}" for dx, dy in shape) + 'Z"/>'
