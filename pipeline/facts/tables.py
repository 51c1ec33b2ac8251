"""Figures in tables that text extraction flattened into lines.

Two shapes occur in council papers exported to text: cells separated by runs of spaces
("Specialistisch ambulant  17.850    18.100") and cells glued to the label and to each other
("Lasten51.36954.27753.694582V"). A row's cells become facts of one kind, decided by the table's
context: "bedragen x € 1.000" makes every cell euros × 1000, a lasten/baten row makes euros, a
"%"/"aandeel"/"percentage" row makes percentages, a plain row of whole numbers makes counts.
A cell with its own unit ("17 weken", "46%") keeps it whatever the row's kind.
Rates "per 1.000 inwoners" and years in a header are not facts.

A table whose rows were reflowed into running text (single spaces, line breaks anywhere: text
copied out of a table, a PDF producer that wraps table text) is read from its runs of figures:
a run of two or more figure cells, or glued cells, is a row, labelled by the words before it.
"""
from __future__ import annotations

import re

from .notation import MULTIPLIER
from .numbers import NUM, Hit, days, number_or_none

CELL_NUMBER = re.compile(rf"[-−]?(?:{NUM})")
NUMERIC_CELL = re.compile(rf"^(?:[-−]?(?:{NUM})\s*%?(?:\s*\(\s*[-−]?(?:{NUM})\s*%?\s*\))?|[-–−]|[VN]|%)$")
GLUED = re.compile(r"^(?P<label>.*?[^\W\d_][)\].:]?|.*?[)\].:])(?P<cells>[-−]?\d[\d.,\-−]*\d)\s*(?:[VN]|[-–])?\s*$")
GLUED_DECIMAL = re.compile(r"[-−]?\d{1,3}(?:\.\d{3})*,\d")
GLUED_INTEGER = re.compile(r"[-−]?\d{1,3}(?:\.\d{3})+|[-−]?\d+")
MONEY_LABEL = re.compile(r"\b(?:lasten|baten|saldo|kosten|uitgaven|budget|bedrag|totaal\s+(?:lasten|baten)|"
                         r"reserves?|onttrekking|toevoeging)\b|€", re.IGNORECASE)
PERCENT_LABEL = re.compile(r"%|percentage\b|aandeel\b|\bprocent\b", re.IGNORECASE)
RATE = re.compile(r"\bper\s+(?:1\.000|10\.000|100\.000|1000|10000|100)\b", re.IGNORECASE)
YEAR = re.compile(r"^(?:19|20)\d\d$")
# a cell of its own ("6 jaar" under "Looptijd"), so never an age range or a clause
DURATION_CELL = re.compile(rf"^(?P<n>{NUM})\s*(?P<unit>werkdagen|dagen|weken|maanden|jaar|jaren)$", re.IGNORECASE)
# reflowed rows: a figure cell (with its own unit or none), and what may stand between two cells
# ("11,5 % jeugdhulp via huisarts": a spaced % before a word opens the next row's label); a cell
# may hold last year's figure in brackets ("0,93 (1,9)")
_FIGURE = rf"[-−]?(?:{NUM})(?:%|\s+%(?!\s+[^\W\d_])|\s+(?:werkdagen|dagen|weken|maanden)\b)?"
FLOW_CELL = (rf"(?<![\w.,/%€(-]){_FIGURE}(?:\s*\(\s*{_FIGURE}\s*\))?"
             r"(?![\w%€)]|[.,/-]\d|\s+[-–]\s+\d|\s+(?:euro|procent|jaar|jarigen|tot|en|à|t/m|uur)\b)")
FLOW_RUN = re.compile(rf"{FLOW_CELL}(?:\s+(?:[VN]\s+)?{FLOW_CELL})+|{FLOW_CELL}(?<=\))")
UNIT_WORD = re.compile(r"(?:^|\s)%(?=\s)")  # "Jongeren met delict %  2015": a unit column
LEADER = re.compile(r"(?:\.{2,}|…)$")
FLOW_GLUED = re.compile(r"(?<=[^\W\d_]|[.)\]:])[-−]?\d[\d.,\-−]*\d(?=\s*(?:[VN]\b|[-–])?(?:\s|$))")


def _cells(line: str) -> tuple[str, list[tuple[str, int]]] | None:
    """(label, [(cell, offset)]) when the line is a table row: cells after the label all numeric."""
    parts = [(m.group(0), m.start()) for m in re.finditer(r"\S+(?: \S+)*", line)]
    if len(parts) < 2:
        return None
    label_parts, cells = [], []
    for text, offset in parts:
        if NUMERIC_CELL.match(text) or DURATION_CELL.match(text):
            cells.append((text, offset))
        elif cells and not re.search(r"\d", text) and len(text) <= 30:
            continue  # a word cell between numbers ("Midden-Drenthe")
        elif cells:
            if not re.fullmatch(r"[\d.,\s-]+\w*(?: \w+)?", text):
                return None
        else:
            label_parts.append(text)
    if not cells:
        return None
    return " ".join(label_parts), cells


def _glued(line: str) -> tuple[str, list[str], int, int] | None:
    m = GLUED.match(line.strip())
    if not m or m.group("label").endswith(" "):
        return None
    run = m.group("cells")
    tokens = GLUED_DECIMAL.findall(run) if "," in run else GLUED_INTEGER.findall(run)
    if len(tokens) < 2 or "".join(tokens) != run.rstrip("-–"):
        return None
    if " " in m.group("label") and any(_glued(word) for word in m.group("label").split()):
        return None  # two rows of glued cells on one line: reflowed, read by _reflowed_rows
    return m.group("label"), tokens, line.index(run), len(run)


def _kind(label: str, paragraph: str, caption: str, inherited: str | None) -> tuple[str | None, float]:
    if PERCENT_LABEL.search(label) or inherited == "percentage":
        return "percentage", 1
    if MULTIPLIER.search(caption) or MULTIPLIER.search(paragraph):
        return "amount_eur", 1000
    if MONEY_LABEL.search(label):
        return "amount_eur", 1
    if RATE.search(label) or RATE.search(paragraph):
        return None, 1
    return "count", 1


def flattened_table_facts(text: str, context: str = "") -> tuple[list[Hit], str]:
    """Facts from the table rows of one paragraph, and the paragraph with those rows blanked so
    prose readers do not read the cells a second time. `context` is the text just before (a
    caption such as "bedragen x € 1.000" may stand in the previous paragraph)."""
    hits: list[Hit] = []
    blanked = text
    inherited: str | None = None
    offset = 0
    rows = 0
    terms: set = set()
    above = ""  # the line above when it is no row: a label wrapped onto the row's line starts there
    for line in text.split("\n"):
        start = offset
        offset += len(line) + 1
        glued = _glued(line)
        row = None if glued else _cells(line)
        if glued:
            label, tokens, at, length = glued
            values = [(t, start + at, start + at + length, None) for t in tokens]
        elif row:
            label, cells = row
            values = [(n.group(0), start + at + n.start(), start + at + n.end(), _own_unit(cell))
                      for cell, at in cells for n in CELL_NUMBER.finditer(cell)]
            if len(values) < 2 and not any("%" in c for c, _ in cells):
                above = line
                continue
        else:
            above = line
            continue
        if label[:1].islower() and above:
            label = f"{above.strip()} {label}"
        above = ""
        if all(YEAR.match(v[0]) for v in values):
            continue  # a header row of years
        unit_cell = any(c.strip() == "%" for c, _ in (row[1] if row else []))
        own_units = any(v[3] and v[3] != "percentage" for v in values)
        percent = unit_cell or ("%" in line and not own_units)
        kind, scale = _kind(label + (" %" if percent else ""), text, context, None if label.strip() else inherited)
        blanked = blanked[:start] + " " * len(line) + blanked[start + len(line):]
        rows += 1
        if kind is None:
            continue
        inherited = kind if kind == "percentage" else inherited
        hits += _row_hits(label, values, kind, scale, terms)
    flowing, blanked = _reflowed_rows(blanked, text, context, rows)
    return hits + flowing, blanked


def _own_unit(cell: str) -> str | None:
    """The unit a cell states itself: "percentage", a duration unit ("weken"), or None."""
    duration = DURATION_CELL.match(cell.strip())
    if duration:
        return duration.group("unit").lower()
    return "percentage" if "%" in cell else None


def _row_hits(label: str, values: list[tuple[str, int, int, str | None]], kind: str, scale: float,
              terms: set | None = None) -> list[Hit]:
    """One hit per figure cell of a row: cells with a unit of their own keep it, bare cells take
    the row's kind. A term repeated down a column ("6 jaar" for every lot: one contract term) is
    one fact; `terms` holds the (column, days) seen in the rows above."""
    hits = []
    terms = set() if terms is None else terms
    for position, (token, cell_start, cell_end, own) in enumerate(values):
        if position == 0 and not label and YEAR.match(token):
            continue  # a year in the first column names the row
        cell_kind = "percentage" if own == "percentage" else "duration" if own else kind
        if YEAR.match(token) and cell_kind != "amount_eur":
            continue
        value = number_or_none(token)
        if value is None or value == 0:
            continue
        if cell_kind == "count" and (value != int(value) or value < 1):
            continue
        if cell_kind == "duration":
            value, unit = days(value, own), "days"
            if (position, value) in terms:
                continue
            terms.add((position, value))
        else:
            value, unit = value * (scale if cell_kind == kind else 1), {"percentage": "%", "amount_eur": "EUR",
                                                                         "count": "number"}[cell_kind]
        hits.append(Hit(cell_kind, value, unit, cell_start, cell_end, label=label.strip() or f"column {position + 1}"))
    return hits


def _reflowed_rows(blanked: str, text: str, context: str, line_rows: int) -> tuple[list[Hit], str]:
    """Rows of a table reflowed into running text: runs of two or more figure cells ("Totaal lasten
    11.512.450 7.794.187 V 7.078.113") and glued cells ("preventie1.8451.990"), each labelled by
    the words since the run before. Only a paragraph with two rows (these, or rows on lines of
    their own) or a unit column ("%" on its own) is taken for a table, so a pair of figures in
    a sentence stays prose."""
    runs = []
    for m in FLOW_GLUED.finditer(blanked):
        found = _glued(blanked[max(0, m.start() - 40):m.end()].split("\n")[-1].split(" ")[-1])
        if found:
            runs.append((m.start(), m.end(), [(t, m.start(), m.end(), None) for t in found[1]]))
    for m in FLOW_RUN.finditer(blanked):
        if any(a < m.end() and m.start() < b for a, b, _ in runs):
            continue
        values = [(n.group(0), m.start() + c.start() + n.start(), m.start() + c.start() + n.end(), _own_unit(c.group(0)))
                  for c in re.finditer(FLOW_CELL, m.group(0)) for n in CELL_NUMBER.finditer(c.group(0))]
        runs.append((m.start(), m.end(), values))
    runs.sort(key=lambda r: r[0])
    rows = [r for r in runs if not all(YEAR.match(v[0]) for v in r[2])]
    if not rows or (len(rows) + line_rows < 2 and not UNIT_WORD.search(blanked[:rows[0][0]])):
        return [], blanked
    hits: list[Hit] = []
    previous_end = 0
    previous_kind = None
    for start, end, values in runs:
        words = re.sub(r"[\s|]+", " ", blanked[previous_end:start]).split()[-30:]
        previous_end = end
        if all(YEAR.match(v[0]) for v in values) or (words and LEADER.search(words[-1])):
            continue  # years of a header; page numbers of a table of contents ("Conclusies ... 5")
        kind, scale = _kind(" ".join(words), text, context, None)
        if kind == "count" and previous_kind == "percentage" and any("," in v[0] for v in values):
            kind = previous_kind  # decimals are no counts: the row continues the percentages above
        previous_kind = kind
        blanked = blanked[:start] + " " * (end - start) + blanked[end:]
        if kind is not None:
            hits += _row_hits(" ".join(words[-12:]), values, kind, scale)
    return hits, blanked
