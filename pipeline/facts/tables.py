"""Figures in tables that text extraction flattened into lines.

Two shapes occur in council papers exported to text: cells separated by runs of spaces
("Specialistisch ambulant  17.850    18.100") and cells glued to the label and to each other
("Lasten51.36954.27753.694582V"). A row's cells become facts of one kind, decided by the table's
context: "bedragen x € 1.000" makes every cell euros × 1000, a lasten/baten row makes euros, a
"%"/"aandeel"/"percentage" row makes percentages, a plain row of whole numbers makes counts.
Rates "per 1.000 inwoners" and years in a header are not facts.
"""
from __future__ import annotations

import re

from .notation import MULTIPLIER
from .numbers import NUM, Hit, number_or_none

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


def _cells(line: str) -> tuple[str, list[tuple[str, int]]] | None:
    """(label, [(cell, offset)]) when the line is a table row: cells after the label all numeric."""
    parts = [(m.group(0), m.start()) for m in re.finditer(r"\S+(?: \S+)*", line)]
    if len(parts) < 2:
        return None
    label_parts, cells = [], []
    for text, offset in parts:
        if NUMERIC_CELL.match(text):
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


def table_facts(text: str, context: str = "") -> tuple[list[Hit], str]:
    """Facts from the table rows of one paragraph, and the paragraph with those rows blanked so
    prose readers do not read the cells a second time. `context` is the text just before (a
    caption such as "bedragen x € 1.000" may stand in the previous paragraph)."""
    hits: list[Hit] = []
    blanked = text
    inherited: str | None = None
    offset = 0
    for line in text.split("\n"):
        start = offset
        offset += len(line) + 1
        glued = _glued(line)
        row = None if glued else _cells(line)
        if glued:
            label, tokens, at, length = glued
            values = [(t, start + at, start + at + length) for t in tokens]
        elif row:
            label, cells = row
            numbers = [(n.group(0), start + at + n.start(), start + at + n.end())
                       for cell, at in cells for n in CELL_NUMBER.finditer(cell)]
            if len(numbers) < 2 and not any("%" in c for c, _ in cells):
                continue
            values = numbers
        else:
            continue
        if all(YEAR.match(v[0]) for v in values):
            continue  # a header row of years
        unit_cell = any(c.strip() == "%" for c, _ in (row[1] if row else []))
        kind, scale = _kind(label + (" %" if unit_cell or "%" in line else ""), text, context,
                            None if label.strip() else inherited)
        blanked = blanked[:start] + " " * len(line) + blanked[start + len(line):]
        if kind is None:
            continue
        inherited = kind if kind == "percentage" else inherited
        for position, (token, cell_start, cell_end) in enumerate(values):
            if position == 0 and not label and YEAR.match(token):
                continue  # a year in the first column names the row
            if YEAR.match(token) and kind != "amount_eur":
                continue
            value = number_or_none(token)
            if value is None:
                continue
            if kind == "count" and (value != int(value) or value < 1):
                continue
            if value == 0:
                continue
            unit = {"percentage": "%", "amount_eur": "EUR", "count": "number"}[kind]
            hits.append(Hit(kind, value * scale, unit, cell_start, cell_end, label=label.strip() or f"column {position + 1}"))
    return hits, blanked
