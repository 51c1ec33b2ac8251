"""Table cells -> facts: each figure in a table becomes a Fact whose subject joins the row
label and the column header ("Percentage ouders dat zich gehoord voelt / Nulmeting (2023)").

Pure and independent of the paragraph fact finder: the facts stage calls `ruled_table_facts` for
every `Table` the extractor found and adds the result to the facts it finds in paragraphs."""
from __future__ import annotations

import re

from ..records import Fact, Table
from .numbers import days, parse_number

NUMBER = r"[-−]?\d{1,3}(?:\.\d{3})+(?:,\d+)?|[-−]?\d+(?:,\d+)?|[-−]?\d+\.\d{1,2}"
CELL = re.compile(rf"^\s*(?P<eur>€|EUR|euro)?\s*(?P<n>{NUMBER})\s*(?:(?P<pct>%|procent)|(?P<unit>[a-z]+))?\s*$", re.I)
DURATION_WORDS = {"dag", "dagen", "werkdag", "werkdagen", "week", "weken", "wk", "maand", "maanden", "jaar", "jaren"}
MULTIPLIER = re.compile(r"x\s*(?:€\s*)?(1\.000(?:\.000)?|1000|mln|miljoen|duizend)\b", re.I)
MULTIPLIERS = {"1.000": 1e3, "1000": 1e3, "duizend": 1e3, "1.000.000": 1e6, "mln": 1e6, "miljoen": 1e6}
PERCENT_WORDS = re.compile(r"%|procent|percentage|aandeel", re.I)
EURO_WORDS = re.compile(r"€|euro|bedrag|begroting|kosten|budget|lasten|baten", re.I)
YEAR = re.compile(r"^(19|20)\d\d$")


def cell_fact(text: str, context: str) -> tuple[str, float, str] | None:
    """(kind, value, unit) of one cell, using the row label, column header and caption (`context`)
    for cells that carry no unit of their own; None for cells that are not a figure."""
    match = CELL.match(text)
    if not match:
        return None
    value = parse_number(match.group("n"))
    unit = (match.group("unit") or "").lower()
    if match.group("pct"):
        return "percentage", value, "%"
    if match.group("eur"):
        return "amount_eur", value * _multiplier(context), "EUR"
    if unit in DURATION_WORDS:
        return "duration", days(value, unit), "days"  # in days, converted as the paragraph facts are
    if unit:
        return None  # a unit we do not know (km, uur, fte...): not guessed
    if EURO_WORDS.search(context) and not PERCENT_WORDS.search(context):
        return "amount_eur", value * _multiplier(context), "EUR"
    if PERCENT_WORDS.search(context):
        return "percentage", value, "%"
    if value == int(value) and not YEAR.match(match.group("n")):
        return "count", value, "number"
    return None  # a bare decimal (a report mark, an index): no kind fits


def _multiplier(context: str) -> float:
    match = MULTIPLIER.search(context)
    return MULTIPLIERS.get(match.group(1).lower(), 1.0) if match else 1.0


def ruled_table_facts(table: Table, paragraph: int = -1) -> list[Fact]:
    """One Fact per figure cell. The first column holds the row labels; `paragraph` is -1 because
    a table is not a paragraph (the page is exact)."""
    facts = []
    header = table.header
    for row in table.rows:
        if len(row) < 2:
            continue
        label = row[0].strip()
        for column, cell in enumerate(row[1:], start=1):
            column_name = header[column].strip() if column < len(header) else ""
            context = " ".join((label, column_name, header[0] if header else "", table.caption))
            found = cell_fact(cell, context)
            if found is None or not (label or column_name):
                continue
            kind, value, unit = found
            subject = " / ".join(part for part in (label, column_name) if part)
            facts.append(Fact(kind=kind, value=value, unit=unit, text=cell.strip(), subject=subject,
                              page=table.page, paragraph=paragraph, start=0, end=len(cell.strip())))
    return facts
