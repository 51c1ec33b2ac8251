"""Comparison tables for the report: pure functions over `Tables` (no I/O)."""
from __future__ import annotations

import re
from collections.abc import Collection

import pandas as pd

from .tables import Tables, plain_values

UNKNOWN = "(onbekend)"
DOC_KEYS = ["doc_id", "path", "title", "municipality", "doc_type", "date", "year"]


def theme_matrix(tables: Tables) -> pd.DataFrame:
    """Share of a municipality's paragraphs that carry each theme (rows: municipality, columns: theme)."""
    docs = tables.documents[["doc_id", "municipality"]].fillna({"municipality": UNKNOWN})
    paragraphs = tables.paragraphs.merge(docs, on="doc_id")
    if paragraphs.empty:
        return pd.DataFrame()
    totals = paragraphs.groupby("municipality").size()
    counts = tagged_paragraphs(tables).unstack(fill_value=0)
    return unknown_last(counts.reindex(totals.index, fill_value=0).div(totals, axis=0).fillna(0.0))


def tagged_paragraphs(tables: Tables) -> pd.Series:
    """Number of paragraphs tagged with each theme, per (municipality, theme)."""
    docs = tables.documents[["doc_id", "municipality"]].fillna({"municipality": UNKNOWN})
    tagged = tables.themes.merge(docs, on="doc_id").drop_duplicates(["doc_id", "paragraph", "theme"])
    return tagged.groupby(["municipality", "theme"]).size()



def changes(previous: pd.DataFrame | None, current: pd.DataFrame) -> dict[str, list[dict]]:
    """What changed since the previous run: documents added, removed, or read differently."""
    if previous is None:
        return {"added": [], "removed": [], "changed": [], "first_run": True}
    fields = ["status", "doc_type", "municipality", "date", "doc_themes", "paragraphs", "facts", "motion_status"]
    fields = [f for f in fields if f in previous.columns]
    old = {row["path"]: row for row in records_of(previous[["path", *fields]])}  # one pass each: .at per cell is slow
    new = {row["path"]: row for row in records_of(current[["path", "doc_id", *fields]])}
    changed = []
    for path in sorted(new.keys() & old.keys()):
        diffs = [f for f in fields if _differs(old[path][f], new[path][f])]
        if diffs:
            changed.append({"path": path, "doc_id": new[path]["doc_id"], "fields": diffs,
                            "before": {f: old[path][f] for f in diffs}, "after": {f: new[path][f] for f in diffs}})
    return {"added": [{"path": p, "doc_id": new[p]["doc_id"]} for p in sorted(new.keys() - old.keys())],
            "removed": [{"path": p} for p in sorted(old.keys() - new.keys())], "changed": changed, "first_run": False}


def _differs(a, b) -> bool:
    """Two values of records_of (None when missing) read differently."""
    if a is None or b is None:
        return (a is None) != (b is None)
    return str(a) != str(b)


def with_unknown(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.fillna({"municipality": UNKNOWN})


def unknown_last(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows indexed by municipality, with '(onbekend)' moved to the end."""
    if UNKNOWN not in frame.index:
        return frame
    return frame.reindex([m for m in frame.index if m != UNKNOWN] + [UNKNOWN])


def coverage(documents: pd.DataFrame, by: str) -> pd.DataFrame:
    """Documents per municipality and `by` (doc_type or year): rows municipality, columns `by`."""
    if documents.empty:
        return pd.DataFrame()
    docs = with_unknown(documents)
    docs[by] = docs[by].map(lambda v: "—" if _missing(v) else str(int(v)) if isinstance(v, float) else str(v))
    table = docs.groupby(["municipality", by]).size().unstack(fill_value=0)
    return unknown_last(table.reindex(sorted(table.columns), axis=1))


def theme_documents(tables: Tables) -> pd.DataFrame:
    """Number of documents per municipality (rows) with at least one paragraph on a theme (columns)."""
    docs = with_unknown(tables.documents[["doc_id", "municipality"]])
    tagged = tables.themes[["doc_id", "theme"]].drop_duplicates().merge(docs, on="doc_id")
    if tagged.empty:
        return pd.DataFrame()
    return tagged.groupby(["municipality", "theme"]).size().unstack(fill_value=0)


def documents_on(tables: Tables, theme: str) -> pd.DataFrame:
    """Documents whose document themes include `theme` (the rule of the themes stage)."""
    return tables.documents[has_theme(tables.documents.doc_themes, theme)]


def has_theme(column: pd.Series, theme: str) -> pd.Series:
    """Rows whose ';'-joined theme list holds `theme` (a bool mask, also when there are no rows)."""
    return column.fillna("").astype(str).str.contains(rf"(?:^|;){re.escape(theme)}(?:;|$)", regex=True).astype(bool)


def select(frame: pd.DataFrame, municipalities: list[str] | None = None, start: int | None = None,
           end: int | None = None) -> pd.DataFrame:
    """Rows of the chosen municipalities and years (rows without a year drop out once a period is set)."""
    if municipalities:
        frame = frame[frame.municipality.isin(municipalities)]
    if start is not None or end is not None:
        years = pd.to_numeric(frame["year"], errors="coerce") if "year" in frame else \
            pd.to_numeric(frame["date"].str[:4], errors="coerce")
        keep = years.notna()
        if start is not None:
            keep &= years >= start
        if end is not None:
            keep &= years <= end
        frame = frame[keep]
    return frame


def theme_facts(tables: Tables, theme: str) -> pd.DataFrame:
    """Facts on a theme with their source (see sourced_facts)."""
    return sourced_facts(tables, tables.facts[has_theme(tables.facts.themes, theme)])


def sourced_facts(tables: Tables, facts: pd.DataFrame) -> pd.DataFrame:
    """`facts` (rows of tables.facts) with their document's title, path and year, grouped by indicator when
    known, else by kind; sorted by group, municipality, date and place in the document."""
    facts = facts.merge(tables.documents[["doc_id", "title", "path", "year"]], on="doc_id", how="left")
    facts["group"] = [ind if isinstance(ind, str) and ind else f"kind:{kind}"
                      for ind, kind in zip(facts.indicator, facts.kind, strict=True)]
    return with_unknown(facts).sort_values(["group", "municipality", "date", "doc_id", "paragraph"],
                                           na_position="last", kind="stable")


def indicator_table(facts: pd.DataFrame) -> list[dict]:
    """Municipalities side by side: one row per indicator (or kind), cells hold the facts, newest first
    (a page may show the first few of a cell, and its count)."""
    groups: dict[str, list[dict]] = {}
    for record in records_of(facts):  # once for the whole frame: per-group frames cost more than the rows
        groups.setdefault(record["group"], []).append(record)
    rows = []
    for group in sorted(groups):
        part = groups[group]
        ordered = sorted(part, key=lambda r: (r["doc_id"], r["paragraph"]))
        ordered.sort(key=lambda r: r["date"] or "", reverse=True)  # newest first, undated last (sorts are stable)
        cells: dict[str, list[dict]] = {}
        for record in ordered:
            cells.setdefault(record["municipality"], []).append(record)
        rows.append({"group": group, "kind": part[0]["kind"], "unit": part[0]["unit"],
                     "is_indicator": not group.startswith("kind:"), "cells": cells,
                     "counts": {m: len(c) for m, c in cells.items()}})
    return sorted(rows, key=lambda r: (not r["is_indicator"], r["group"]))


def motions(tables: Tables, docs: pd.DataFrame) -> list[dict]:
    """Motions and amendments among `docs`, each with its dictum items, status and tally."""
    chosen = docs[docs.doc_type.isin(["motie", "amendement"])]
    dictum = by_doc(tables.dictum[tables.dictum.doc_id.isin(chosen.doc_id)])
    out = []
    for doc in records_of(with_unknown(chosen).sort_values(["municipality", "date", "path"], na_position="last")):
        doc["dictum"] = dictum.get(doc["doc_id"], [])
        out.append(doc)
    return out


def questions(tables: Tables, docs: pd.DataFrame) -> list[dict]:
    """Written questions among `docs` with their answers (None when not answered)."""
    chosen = docs[docs.doc_id.isin(tables.questions.doc_id)]
    grouped = by_doc(tables.questions[tables.questions.doc_id.isin(chosen.doc_id)])
    out = []
    for doc in records_of(with_unknown(chosen).sort_values(["municipality", "date", "path"], na_position="last")):
        doc["questions"] = grouped[doc["doc_id"]]
        out.append(doc)
    return out


def by_doc(frame: pd.DataFrame) -> dict[str, list[dict]]:
    """The rows of a table per document, in table order."""
    out: dict[str, list[dict]] = {}
    for row in records_of(frame):
        out.setdefault(row["doc_id"], []).append(row)
    return out


def strongest_quotes(tables: Tables, theme: str, docs: pd.DataFrame, per_municipality: int) -> dict[str, list[dict]]:
    """The highest-scoring paragraphs on a theme, per municipality, among `docs`."""
    tagged = tables.themes[(tables.themes.theme == theme) & tables.themes.doc_id.isin(docs.doc_id)]
    merged = (tagged.merge(tables.paragraphs[["doc_id", "paragraph", "text"]], on=["doc_id", "paragraph"])
              .merge(with_unknown(docs[DOC_KEYS]), on="doc_id"))
    merged = merged.sort_values(["municipality", "score", "date", "doc_id", "paragraph"],
                                ascending=[True, False, False, True, True], na_position="last")
    return {m: records_of(part.head(per_municipality)) for m, part in merged.groupby("municipality", sort=True)}


def narrow(tables: Tables, doc_ids: Collection[str]) -> Tables:
    """The tables of the documents `doc_ids` only: a municipality's share, for the pages about it alone."""
    return Tables(**{name: frame[frame.doc_id.isin(doc_ids)] for name, frame in vars(tables).items()})


def themes_touched(documents: pd.DataFrame, themes: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """(doc_id, theme) for every theme a document can show up under: its document themes, the themes of its
    tagged paragraphs (`themes`) and of its figures. A document's change can alter only the pages of these."""
    parts = [themes[["doc_id", "theme"]]]
    for frame, column in ((documents, "doc_themes"), (facts, "themes")):
        split = frame.assign(theme=frame[column].fillna("").str.split(";"))[["doc_id", "theme"]].explode("theme")
        parts.append(split[split.theme.fillna("") != ""])
    return pd.concat(parts, ignore_index=True).drop_duplicates().reset_index(drop=True)


def themes_over_time(tables: Tables, municipality: str) -> pd.DataFrame:
    """Share of a municipality's paragraphs per theme (columns) and year (rows)."""
    docs = with_unknown(tables.documents)
    docs = docs[(docs.municipality == municipality) & docs.year.notna()][["doc_id", "year"]]
    paragraphs = tables.paragraphs.merge(docs, on="doc_id")
    if paragraphs.empty:
        return pd.DataFrame()
    totals = paragraphs.groupby("year").size()
    tagged = tables.themes.merge(docs, on="doc_id").drop_duplicates(["doc_id", "paragraph", "theme"])
    counts = tagged.groupby(["year", "theme"]).size().unstack(fill_value=0) if not tagged.empty else pd.DataFrame()
    share = counts.reindex(totals.index, fill_value=0).div(totals, axis=0).fillna(0.0)
    share.index = share.index.astype(int)
    return share


def records_of(frame: pd.DataFrame) -> list[dict]:
    """Rows as dicts with None for missing values (templates test `is none`)."""
    columns = list(frame.columns)  # column-wise: DataFrame.to_dict("records") boxes value by value, ten times slower
    values = [plain_values(frame[c]) for c in columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def _missing(value) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)
