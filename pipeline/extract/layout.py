"""Lines with positions -> reading order, paragraphs and running headers/footers.

Pure functions over `Line`s (coordinates in points, y grows downwards), shared by the PDF
text layer and OCR, so both get the same paragraphs and header handling."""
from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

from .text import BULLETS


@dataclass(frozen=True)
class Line:
    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    block: tuple[int, int] | None = None  # the OCR engine's (block, paragraph): a heading is one of its own

    @property
    def height(self) -> float:
        return max(1.0, self.bottom - self.top)


PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–—]\s*\d{1,4}\s*[-–—]|(?:pagina|page|blz\.?|blad|p\.)?\s*\d{1,4}(?:\s*(?:van|/|of|uit)\s*\d{1,4})?)\s*$",
    re.I)
ITEM_START = re.compile(rf"^\s*(?:[{BULLETS}]|[-–*]\s|\(?\d{{1,2}}[.)]\s|\(?[a-z][.)]\s)")
PROSE_WORDS = 5  # a line of running text, not a label or figure
SENTENCE_END = re.compile(r"[.:;?!]['\"”’)]?$")


def merge_fragments(fragments: list[Line]) -> list[Line]:
    """Text runs on one baseline that nearly touch become one line (a bold word, a font change);
    runs farther apart than about a character height stay apart (columns, table cells)."""
    out: list[Line] = []
    for frag in sorted(fragments, key=lambda f: (round(f.top / 2), f.x0)):
        if not frag.text.strip():
            continue
        if out:
            last = out[-1]
            overlap = min(last.bottom, frag.bottom) - max(last.top, frag.top)
            gap = frag.x0 - last.x1
            if overlap > 0.5 * min(last.height, frag.height) and -0.5 * frag.height < gap < 0.9 * frag.height:
                sep = "" if gap < 0.12 * frag.height or last.text.endswith(" ") else " "
                out[-1] = Line(last.x0, min(last.top, frag.top), frag.x1, max(last.bottom, frag.bottom),
                               last.text.rstrip() + sep + frag.text.strip() if sep else last.text + frag.text)
                continue
        out.append(frag)
    return out


def reading_order(lines: list[Line], page_width: float) -> list[list[Line]]:
    """Runs of lines in reading order. On a two-column page every band between full-width lines
    is read left column first, then right column."""
    lines = sorted(lines, key=lambda ln: (ln.top, ln.x0))
    gutter = find_gutter(lines, page_width)
    if gutter is None:
        return [lines] if lines else []
    runs: list[list[Line]] = []
    left: list[Line] = []
    right: list[Line] = []
    for line in lines:
        if line.x0 < gutter < line.x1:  # spans both columns: closes the band
            runs += [r for r in (left, right) if r]
            left, right = [], []
            runs.append([line])
        elif line.x1 <= gutter:
            left.append(line)
        else:
            right.append(line)
    runs += [r for r in (left, right) if r]
    return runs


def find_gutter(lines: list[Line], page_width: float) -> float | None:
    """The x of an empty vertical strip in the middle third that splits the body into two columns
    of several lines each, or None for a single-column page. One column may be short (the end of a
    text on its last page) when the other is long and half the short one's lines are prose."""
    if len(lines) < 8:
        return None
    best, best_cross = None, len(lines) + 1
    for step in range(int(page_width * 0.3), int(page_width * 0.7), 3):
        cross = sum(1 for ln in lines if ln.x0 < step < ln.x1)
        if cross < best_cross:
            best, best_cross = float(step), cross
    if best is None or best_cross > 0.2 * len(lines):
        return None
    left = [ln for ln in lines if ln.x1 <= best]
    right = [ln for ln in lines if ln.x0 >= best]
    short, long = sorted((left, right), key=len)
    prose = sum(len(ln.text.split()) >= PROSE_WORDS for ln in short)
    if len(short) < 4 and not (short and len(long) >= 8 and 2 * prose >= len(short)):
        return None  # a figure or label beside a column is no second column
    # two columns of prose: both sides have lines that fill most of their column
    def filled(side: list[Line], lo: float, hi: float) -> float:
        return sum(1 for ln in side if ln.x1 - ln.x0 > 0.6 * (hi - lo)) / len(side)
    lmin = min(ln.x0 for ln in left)
    rmax = max(ln.x1 for ln in right)
    if filled(left, lmin, best) < 0.4 or filled(right, best, rmax) < 0.4:
        return None  # e.g. a table of labels and figures: not two columns of text
    return best


def paragraphs(run: list[Line]) -> list[str]:
    """Lines of one column -> paragraphs: a larger line pitch, a change of font size, a list item,
    a line starting left of the open list item's bullet, a short sentence-final line in
    justified text, or (OCR) a new paragraph of the OCR engine that starts with a capital ends a
    paragraph (the OCR engine also cuts table rows and sentences in two)."""
    if not run:
        return []
    pitches = [b.top - a.top for a, b in zip(run, run[1:], strict=False) if 0 < b.top - a.top < 3 * a.height]
    # the line pitch inside paragraphs: a low quantile (paragraph gaps are the larger steps), and
    # never more than 1.5 font sizes, so a page of one-line paragraphs still splits
    size = statistics.median(ln.height for ln in run)
    pitch = min(sorted(pitches)[len(pitches) // 4], 1.5 * size) if pitches else 1.4 * size
    left = min(ln.x0 for ln in run)
    right = max(ln.x1 for ln in run)
    width = max(1.0, right - left)
    justified = sum(1 for ln in run if right - ln.x1 < 3) >= 0.4 * len(run) and len(run) >= 4
    out: list[list[str]] = [[run[0].text]]
    item_x0 = run[0].x0 if ITEM_START.match(run[0].text) else None  # where the open list item starts
    for prev, line in zip(run, run[1:], strict=False):
        step = line.top - prev.top
        new = (step > pitch + max(2.0, 0.15 * pitch) or step < 0
               or abs(line.height - prev.height) > 0.25 * max(line.height, prev.height)
               or ITEM_START.match(line.text) is not None
               or (line.block != prev.block and line.text.lstrip()[:1].isupper())  # not a figure or clause going on
               or (item_x0 is not None and line.x0 < item_x0 - 1.0)  # left of the bullet: no longer the item
               or (justified and SENTENCE_END.search(prev.text.rstrip()) is not None and right - prev.x1 > 0.1 * width)
               or (line.x0 - left > 1.5 * line.height and prev.x0 - left < 0.5 * line.height
                   and SENTENCE_END.search(prev.text.rstrip()) is not None))
        if new:
            out.append([])
            item_x0 = line.x0 if ITEM_START.match(line.text) else None
        out[-1].append(line.text)
    return ["\n".join(t.strip() for t in block) for block in out if any(t.strip() for t in block)]


def running_keys(pages: list[list[Line]], heights: list[float]) -> list[set[str]]:
    """Per page, the keys of its running header/footer lines: text in the top or bottom band that
    repeats on a neighbouring page or on half of all pages (with digits ignored: on two other
    pages nearby, or on half of all pages and at least three); on a one-page document, an edge
    line that repeats a line of the body, or a heading the body wraps over two lines (a running title)."""
    n = len(pages)
    if n == 1:  # the outer one of two equal texts
        edges = edge_lines(pages[0], heights[0])
        keys = set()
        for line in edges:
            twins = [ln for ln, text in _line_texts(pages[0]) if ln is not line and _key(text) == _key(line.text)]
            if twins and all(_outer(line, twin, heights[0]) for twin in twins):
                keys.add(_position_key(line))
        return [keys]
    exact = [{_key(ln.text) for ln in edge_lines(lines, h)} for lines, h in zip(pages, heights, strict=True)]
    loose = [{"~" + _loose_key(ln.text) for ln in edge_lines(lines, h)} for lines, h in zip(pages, heights, strict=True)]
    exact_all = Counter(k for keys in exact for k in keys)
    loose_all = Counter(k for keys in loose for k in keys)
    out = []
    for i in range(n):
        keys = {k for k in exact[i] if exact_all[k] >= max(2.0, 0.5 * n) or any(k in exact[j] for j in (i - 1, i + 1)
                                                                      if 0 <= j < n)}
        keys |= {k for k in loose[i] if (loose_all[k] >= 3 and loose_all[k] >= 0.5 * n)
                 or sum(1 for j in range(i - 2, i + 3) if j != i and 0 <= j < n and k in loose[j]) >= 2}
        out.append(keys)
    return out


def _line_texts(lines: list[Line]) -> list[tuple[Line, str]]:
    """Each line's text, and with the next line of its column joined on (a heading wrapped in a column)."""
    ordered = sorted(lines, key=lambda ln: (ln.top, ln.x0))
    out = [(ln, ln.text) for ln in ordered]
    for line in ordered:
        below = [ln for ln in ordered if abs(ln.x0 - line.x0) < 2.0 and 0 < ln.top - line.top < 2 * line.height]
        if below:
            out.append((line, f"{line.text} {min(below, key=lambda ln: ln.top).text}"))
    return out


def edge_lines(lines: list[Line], height: float) -> list[Line]:
    """Up to three lines at the top and three at the bottom of a page, inside the outer 10 %."""
    ordered = sorted(lines, key=lambda ln: ln.top)
    top = [ln for ln in ordered[:3] if ln.top < 0.1 * height]
    bottom = [ln for ln in ordered[-3:] if ln.bottom > 0.9 * height and ln not in top]
    return top + bottom


def is_running(line: Line, keys: set[str]) -> bool:
    return (PAGE_NUMBER.match(line.text) is not None or _key(line.text) in keys
            or "~" + _loose_key(line.text) in keys or _position_key(line) in keys)


def _outer(line: Line, twin: Line, height: float) -> bool:
    return min(line.top, height - line.bottom) < min(twin.top, height - twin.bottom)


def _position_key(line: Line) -> str:
    return f"@{round(line.top)}@{_key(line.text)}"


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def _loose_key(text: str) -> str:
    return re.sub(r"\d+", "#", _key(text))


def split_running(lines: list[Line], height: float, keys: set[str]) -> tuple[list[Line], list[str]]:
    """(body lines, running header/footer texts) of one page. When a running title also opens the
    body (the same text twice near the top), the inner one is the body's heading and stays."""
    edges = {id(ln) for ln in edge_lines(lines, height)}
    running = [ln for ln in lines if id(ln) in edges and is_running(ln, keys)]
    for line in list(running):
        twins = [ln for ln in running if ln is not line and _key(ln.text) == _key(line.text)]
        if twins and all(_outer(twin, line, height) for twin in twins):
            running.remove(line)
    ids = {id(ln) for ln in running}
    return [ln for ln in lines if id(ln) not in ids], [ln.text.strip() for ln in running]


def page_text(lines: list[Line], page_width: float) -> str:
    """The body of a page as paragraphs separated by blank lines."""
    blocks: list[str] = []
    for run in reading_order(lines, page_width):
        for block in paragraphs(run):
            if blocks and continues(blocks[-1], block):
                blocks[-1] += "\n" + block  # a sentence broken off by a gap, a column or a page
            else:
                blocks.append(block)
    return "\n\n".join(blocks)


# words a Dutch sentence or heading does not end on: articles, conjunctions, prepositions that are
# no verb particles ("gaat door", "komt aan" may end a clause; "van de" may not)
OPEN_WORDS = {"de", "een", "en", "of", "van", "met", "te", "tot", "om", "zoals", "waarbij", "waarin", "waardoor"}
MOTION_CLOSING = re.compile(r"^\s*en\s+gaat\s+over\s+tot\s+de\s+orde\b", re.I)


def continues(before: str, after: str) -> bool:
    """Does `after` carry on the sentence `before` broke off? A block that ends on a word no
    sentence ends on ("van de" + "NOS dan ...") or on a broken word ("ver-" + "gelijken") goes on
    whatever follows. One that ends on another word goes on when the next starts in lower case
    and it is a list item or a line of running text (eight words or more: a heading such as
    "Programma 4 Jeugd, onderwijs en sport" + "bedragen x € 1.000" stays apart); running text
    may end on a word, a number ("kosten stegen tot € 1,2" + "miljoen") or inside a bracket it
    opened ("(4 tot 12" + "jaar)"). After a comma only a list item goes on ("5. ... terug te
    dringen," + "bijvoorbeeld door ...?"), so the clauses of a motion's preamble stay apart, as
    does its closing formula."""
    tail = before.rstrip()
    if not tail or SENTENCE_END.search(tail) or ITEM_START.match(after) or MOTION_CLOSING.match(after):
        return False
    first = after.lstrip()[:1]
    last = re.findall(r"[^\W\d_]+-?$", tail)
    if last and (last[0].endswith("-") or last[0].lower() in OPEN_WORDS):
        return first.isalnum()
    if not first.islower():
        return False
    item = ITEM_START.match(before) is not None
    if tail.endswith(","):
        return item
    open_end = bool(last) or tail[-1].isdigit() or before.count("(") > before.count(")")
    return open_end and (item or len(before.split()) >= 8)
