"""Paragraphs -> typed facts in Dutch notation (percentages, euros, durations, counts, deadlines),
each with a subject, the paragraph's themes, its page and span, and an indicator where the
figure measures one of the shared indicators (resources/indicators.toml).

Flattened text tables are read first (`tables`), the rest of the paragraph as prose (`notation`).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from ..config import FactsConfig
from ..records import Fact, Facts, Segmented, Table, Themed
from .cells import ruled_table_facts
from .indicators import indicator_of
from .notation import MULTIPLIER, find_facts
from .numbers import Hit, days, parse_number
from .tables import flattened_table_facts

__all__ = ["VERSION", "days", "find_facts", "flatten", "indicator_of", "parse_number", "run", "running_lines",
           "subject_of", "flattened_table_facts"]

VERSION = "5"
SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9])")


def subject_of(text: str, hit: Hit) -> str:
    """A few words of the clause around the figure, as a readable subject."""
    if hit.label:
        return hit.label
    start = max((m.end() for m in SENTENCE_END.finditer(text, 0, hit.start)), default=0)
    clause = text[start:hit.end + 80]
    clause = re.split(r"(?<=[.;:!?])\s", clause[hit.end - start:], maxsplit=1)[0]
    before = text[start:hit.start].split()[-6:]
    after = clause.split()[:6]
    return " ".join(before + ["…"] + after).strip(" ,;:")


CLAUSE_MARKS = ".;,•\n"


def clause_of(text: str, hit: Hit) -> str:
    """The clause holding the figure ("742 (44%) via een huisarts"), what an indicator is read from."""
    start = max(text.rfind(mark, 0, hit.start) for mark in CLAUSE_MARKS) + 1
    ends = [i for i in (text.find(mark, hit.end) for mark in CLAUSE_MARKS) if i >= 0]
    return text[start:min(ends, default=len(text))]


def flatten(text: str) -> str:
    """One line, hyphenation undone, so figures split over lines are found."""
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)
    return re.sub(r"[ \t]*\n[ \t]*", " ", text)


def run(segmented: Segmented, themed: Themed, cfg: FactsConfig, tables: list[Table] = ()) -> Facts:
    """Facts of the paragraphs, then of the tables the extractor found (cells are not in the
    paragraph text, so nothing is counted twice)."""
    facts: list[Fact] = []
    seen: set[tuple] = set()
    previous = ""
    running = running_lines([p.text for p in segmented.paragraphs])
    for number, (paragraph, tags) in enumerate(zip(segmented.paragraphs, themed.paragraph_tags, strict=True)):
        if number in running:
            continue  # "Rekenkamer Zwolle - Preventie 7": a page number, not a count
        cells, rest = flattened_table_facts(paragraph.text, previous)
        previous_text, previous = previous, paragraph.text
        prose = flatten(rest)
        found = [(h, paragraph.text) for h in cells if h.kind in cfg.kinds]
        thousands = bool(MULTIPLIER.search(paragraph.text) or MULTIPLIER.search(previous_text))
        found += [(h, prose) for h in find_facts(prose, segmented.date, cfg.kinds, thousands)]
        for hit, source in found:
            # a figure repeated later is listed once; table cells are distinct per row and column
            key = (hit.kind, hit.value, hit.label, hit.start if hit.label else 0)
            if key in seen or (not hit.label and (hit.kind, hit.value) in seen):
                continue
            seen.add(key)
            seen.add((hit.kind, hit.value))
            subject = subject_of(source, hit)
            themes = [t.id for t in tags]
            facts.append(Fact(kind=hit.kind, value=hit.value, unit=hit.unit, text=source[hit.start:hit.end],
                              subject=subject, page=paragraph.page, paragraph=paragraph.index,
                              start=hit.start, end=hit.end, themes=themes,
                              indicator=indicator_of(hit.kind, hit.label or clause_of(source, hit))))
    return Facts(facts=facts + _table_cell_facts(tables, segmented, themed, cfg))


RUNNING_LINE = re.compile(r"^\S.{0,100}?\s(?:pagina\s+)?\d{1,4}(?:\s+van\s+\d{1,4})?$", re.IGNORECASE)


def running_lines(texts: list[str]) -> set[int]:
    """Indexes of paragraphs that are a running header or footer left in the body: one short line
    ending in a number, repeated elsewhere in the document with its numbers changed (text exports
    and PDFs whose footer is not at the page edge keep them)."""
    keys = {}
    for index, text in enumerate(texts):
        line = " ".join(text.split())
        if text.strip().count("\n") <= 1 and RUNNING_LINE.match(line):  # one line, or wrapped in a narrow column
            keys[index] = re.sub(r"\d+", "#", line.lower())
    counts = Counter(keys.values())
    return {index for index, key in keys.items() if counts[key] >= 2}


def _table_cell_facts(tables: list[Table], segmented: Segmented, themed: Themed, cfg: FactsConfig) -> list[Fact]:
    """Each figure cell of a ruled table as a fact; its themes are those of the text on the same page
    (a table has no paragraph of its own), its indicator read from row label, column, the row labels' header and the caption."""
    page_themes: dict[int, set[str]] = {}
    for paragraph, tags in zip(segmented.paragraphs, themed.paragraph_tags, strict=True):
        page_themes.setdefault(paragraph.page, set()).update(t.id for t in tags)
    facts: list[Fact] = []
    for table in tables:
        for fact in ruled_table_facts(table):
            if fact.kind not in cfg.kinds:
                continue
            facts.append(replace(fact, themes=sorted(page_themes.get(fact.page, ())),
                                 indicator=indicator_of(fact.kind, " ".join((fact.subject, *table.header[:1], table.caption)))))
    return facts
