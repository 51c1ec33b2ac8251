"""Ruled tables from pdfium's vector paths, found by pdfplumber's table finder.

pdfplumber finds tables from a page's edges (snapping and joining lines, intersections, cells),
but to get those edges it parses every glyph of the page in Python, which is what makes it slow.
Here pdfium reads the paths (C speed), we hand them to pdfplumber's TableFinder as explicit
lines, and read each cell's text from pdfium's text layer."""
from __future__ import annotations

import ctypes
from dataclasses import dataclass

from ..records import Table
from .text import normalise

THIN = 3.0  # a path thinner than this (points) is a rule, not a box
MAX_EDGES = 2000  # more straight edges than this is a drawing (a map, a chart), not a table


@dataclass(frozen=True)
class _Bounds:
    """The page's size, all pdfplumber's TableFinder asks of a page when lines are explicit."""

    bbox: tuple[float, float, float, float]


def page_edges(page, height: float) -> tuple[list[dict], list[dict]]:
    """Horizontal and vertical edges of the page's paths, in pdfplumber's top-down coordinates."""
    import pypdfium2.raw as pdfium_c

    horizontal: list[dict] = []
    vertical: list[dict] = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        w, h = right - left, top - bottom
        if h < THIN and w > THIN:
            horizontal.append(_edge(left, right, height - (top + bottom) / 2, height - (top + bottom) / 2))
        elif w < THIN and h > THIN:
            vertical.append(_edge((left + right) / 2, (left + right) / 2, height - top, height - bottom))
        elif w >= THIN and h >= THIN:
            segments = pdfium_c.FPDFPath_CountSegments(obj.raw)
            if segments <= 6:  # a rectangle: its four sides
                horizontal += [_edge(left, right, height - top, height - top),
                               _edge(left, right, height - bottom, height - bottom)]
                vertical += [_edge(left, left, height - top, height - bottom),
                             _edge(right, right, height - top, height - bottom)]
            else:
                _segment_edges(obj, segments, height, horizontal, vertical)
    return horizontal, vertical


def _segment_edges(obj, count: int, height: float, horizontal: list, vertical: list) -> None:
    """Axis-parallel straight segments of one path that draws many lines (a whole grid)."""
    import pypdfium2.raw as pdfium_c

    matrix = obj.get_matrix()
    x, y = ctypes.c_float(), ctypes.c_float()
    previous = None
    for i in range(count):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj.raw, i)
        if not pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
            continue
        point = matrix.on_point(x.value, y.value)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_LINETO and previous is not None:
            (x0, y0), (x1, y1) = previous, point
            if abs(y1 - y0) < 0.5 and abs(x1 - x0) > THIN:
                horizontal.append(_edge(min(x0, x1), max(x0, x1), height - y0, height - y0))
            elif abs(x1 - x0) < 0.5 and abs(y1 - y0) > THIN:
                vertical.append(_edge(x0, x0, height - max(y0, y1), height - min(y0, y1)))
        previous = point


def _edge(x0: float, x1: float, top: float, bottom: float) -> dict:
    return {"object_type": "line_edge", "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "width": x1 - x0, "height": bottom - top, "orientation": "h" if top == bottom else "v"}


def find_tables(page, textpage, number: int, width: float, height: float) -> list[tuple[Table, tuple]]:
    """(Table, bbox) for each ruled table of the page with at least two rows and two columns."""
    from pdfplumber.table import TableFinder

    horizontal, vertical = page_edges(page, height)
    if len(horizontal) < 2 or len(vertical) < 2 or len(horizontal) + len(vertical) > MAX_EDGES:
        return []
    settings = {"vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                "explicit_vertical_lines": vertical, "explicit_horizontal_lines": horizontal}
    out = []
    for found in TableFinder(_Bounds((0, 0, width, height)), settings).tables:
        rows = [[_cell_text(textpage, cell, height) for cell in row.cells] for row in found.rows]
        rows = [row for row in rows if any(row)]
        if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
            out.append((Table(page=number, header=rows[0], rows=rows[1:]), found.bbox))
    return out


def _cell_text(textpage, cell: tuple | None, height: float) -> str:
    if cell is None:
        return ""  # spanned by a merged neighbour
    x0, top, x1, bottom = cell
    text = textpage.get_text_bounded(left=x0 + 0.5, bottom=height - bottom + 0.5, right=x1 - 0.5,
                                     top=height - top - 0.5)
    return " ".join(normalise(text).split())
