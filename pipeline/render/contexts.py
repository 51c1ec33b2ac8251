"""What each page shows: pure functions from the tables to the context of a template (no I/O).

The site (site.py) and the thematic report (report.py) both build their pages from these.
"""
from __future__ import annotations

import dataclasses

import pandas as pd

from .. import aggregate
from ..aggregate import Tables, records_of
from ..config import RenderConfig
from ..themes import Theme
from . import charts
from .common import numeric, slug
from .i18n import Labels

MAX_CELL = 4  # values shown per municipality in a side-by-side cell (all are in the list of figures)


def common_context(labels: Labels, taxonomy: list[Theme], root: str, generated: str) -> dict:
    return {"root": root, "t": labels.text, "L": labels, "generated": generated, "slug": slug,
            "theme_labels": {th.id: (th.label if labels.language == "nl" else th.label_en) for th in taxonomy},
            "theme_descriptions": {th.id: (th.description if labels.language == "nl" else th.description_en)
                                   for th in taxonomy}}


def theme_context(tables: Tables, theme: Theme, labels: Labels, cfg: RenderConfig, theme_label: str,
                  municipalities: list[str] | None = None, start: int | None = None, end: int | None = None,
                  matrix: pd.DataFrame | None = None) -> dict:
    """Everything the thematic report shows, for the chosen municipalities and years.
    `matrix` is `aggregate.theme_matrix(tables)` when the caller has it already."""
    context = theme_lists(tables, theme, cfg, municipalities, start, end)
    matrix = aggregate.theme_matrix(tables) if matrix is None else matrix
    return {**context, "indicator_charts": indicator_charts(context["indicator_rows"], context["columns"], labels),
            "share_chart": share_chart(matrix, theme.id, municipalities, labels, theme_label),
            "timeline_chart": timeline_chart(context["documents"], labels, theme_label)}


def theme_lists(tables: Tables, theme: Theme, cfg: RenderConfig, municipalities: list[str] | None = None,
                start: int | None = None, end: int | None = None) -> dict:
    """The figures, motions, questions, quotes and documents on a theme of the chosen municipalities and years;
    lists are sorted by municipality first (figures: by indicator, then municipality)."""
    docs = aggregate.select(aggregate.with_unknown(aggregate.documents_on(tables, theme.id)), municipalities, start, end)
    facts = aggregate.select(aggregate.theme_facts(tables, theme.id), municipalities, start, end)
    in_scope = aggregate.select(aggregate.with_unknown(tables.documents), municipalities, start, end)  # for quotes
    facts = facts.assign(number=[numeric(v) for v in facts.value])
    columns = municipalities or sorted(set(facts.municipality) | set(docs.municipality),
                                       key=lambda m: (m == aggregate.UNKNOWN, m))
    ordered = docs.sort_values(["municipality", "date", "path"], na_position="last")
    return {"facts": records_of(facts), "indicator_rows": aggregate.indicator_table(facts), "columns": columns,
            "max_cell": MAX_CELL, "motions": aggregate.motions(tables, ordered),
            "questions": aggregate.questions(tables, ordered),
            "quotes": aggregate.strongest_quotes(tables, theme.id, in_scope, cfg.max_quotes_per_municipality),
            "documents": records_of(ordered)}


def one_municipality(lists: dict, name: str) -> dict:
    """The part of `theme_lists` about one municipality, in the same order."""
    def own(items: list[dict]) -> list[dict]:
        return [item for item in items if item["municipality"] == name]
    rows = [{**row, "cells": {name: row["cells"][name]}, "counts": {name: row["counts"][name]}}
            for row in lists["indicator_rows"] if name in row["cells"]]
    return {**lists, "facts": own(lists["facts"]), "indicator_rows": rows, "columns": [name],
            "motions": own(lists["motions"]), "questions": own(lists["questions"]),
            "quotes": {name: lists["quotes"][name]} if name in lists["quotes"] else {},
            "documents": own(lists["documents"])}


def documents_per_year(documents: list[dict]) -> dict[str, dict[int, int]]:
    """Dated documents counted per municipality and year."""
    per_year: dict[str, dict[int, int]] = {}
    for d in documents:
        if d["year"] is not None:
            years = per_year.setdefault(d["municipality"], {})
            years[int(d["year"])] = years.get(int(d["year"]), 0) + 1
    return per_year


def timeline_chart(documents: list[dict], labels: Labels, theme_label: str):
    """The documents on the theme as points in time, a row per municipality."""
    t = labels.text
    points = [(d["municipality"], charts.decimal_year(d["date"]), d["doc_type"] or "—") for d in documents]
    per_year = documents_per_year(documents)
    alt = "; ".join(f"{m} {y}: {n}" for m in sorted(per_year) for y, n in sorted(per_year[m].items()))
    return charts.timeline(points, labels.doc_types, f"{t['timeline_chart']}: {theme_label}", t["year"],
                           t["municipality"], f"{t['timeline_chart']} ({theme_label}): {alt}")


def indicator_charts(rows: list[dict], columns: list[str], labels: Labels) -> list:
    """One bar chart per indicator row: the newest value of each municipality."""
    t = labels.text
    out = []
    for row in rows:
        if not row["is_indicator"]:
            continue  # figures of one kind about different subjects are not comparable in one bar
        newest = {m: numeric(row["cells"][m][0]["value"]) for m in columns if m in row["cells"]}
        newest = {m: v for m, v in newest.items() if v is not None}
        if len(newest) < 2:
            continue  # one bar compares nothing: the value is in the table above
        title = f"{labels.group(row['group'])} {t['indicator_chart']}"
        unit = labels.unit(row["unit"])
        chart = charts.bars(newest, title, f"{labels.group(row['group'])} ({unit})" if unit else labels.group(row["group"]),
                            t["municipality"], f"{title}: " + "; ".join(f"{m} {v:g} {unit}" for m, v in newest.items()))
        if chart is not None:
            out.append(chart)
    return out


def share_chart(matrix: pd.DataFrame, theme_id: str, municipalities: list[str] | None, labels: Labels,
                theme_label: str):
    """Bars of the share of each municipality's paragraphs on the theme (None for fewer than two municipalities,
    or when no paragraph is on the theme)."""
    t = labels.text
    if theme_id not in matrix.columns:
        return None
    share = {m: round(float(v) * 100, 1) for m, v in matrix[theme_id].items()
             if (not municipalities or m in municipalities)}
    if len(share) < 2 or not any(share.values()):
        return None  # one bar compares nothing
    return charts.bars(share, t["theme_share_chart"], t["share_paragraphs"], t["municipality"],
                       f"{t['theme_share_chart']} ({theme_label}): " + "; ".join(f"{m} {v:g}%" for m, v in share.items()))


def label_unknown(tables: Tables, labels: Labels) -> Tables:
    """Documents without a municipality are listed under '(onbekend)' or '(unknown)'."""
    name = f"({labels.text['unknown']})"
    if name == aggregate.UNKNOWN:
        return tables
    return dataclasses.replace(tables, documents=tables.documents.fillna({"municipality": name}),
                               facts=tables.facts.fillna({"municipality": name}))


def filter_options(docs: pd.DataFrame) -> dict:
    years = sorted({int(y) for y in docs.year.dropna()}) if not docs.empty else []
    return {"municipality_names": sorted(set(aggregate.with_unknown(docs).municipality)), "years": years,
            "types": sorted({d for d in docs.doc_type.dropna()})}


def municipality_context(tables: Tables, name: str, docs: pd.DataFrame, labels: Labels, theme_labels: dict[str, str],
                         matrix: pd.DataFrame, counts: pd.DataFrame) -> dict:
    """`tables` may hold the municipality's documents only; `matrix` and `counts` are over all municipalities;
    `theme_labels` by theme id, in the order of the taxonomy."""
    t = labels.text
    taxonomy = list(theme_labels)
    over_time = aggregate.themes_over_time(tables, name)
    chart = None
    if not over_time.empty:
        ids = [i for i in taxonomy if i in over_time.columns]
        values = over_time.reindex(columns=ids, fill_value=0.0).rename(columns=theme_labels)
        chart = charts.heatmap(values, None, f"{t['themes_over_time_chart']}: {name}", t["theme"], t["year"],
                               t["share_paragraphs"], f"{t['chart_alt_heatmap']}: {t['themes_over_time_chart']}, {name}")
    theme_counts = [{"theme": i, "docs": int(counts.at[name, i]) if name in counts.index and i in counts.columns
                     else 0, "share": float(matrix.at[name, i]) if name in matrix.index and i in matrix.columns
                     else 0.0} for i in taxonomy]
    theme_counts = [r for r in theme_counts if r["docs"]]
    facts = aggregate.sourced_facts(tables, tables.facts)
    facts = facts[facts.municipality == name]
    facts = facts.assign(number=[numeric(v) for v in facts.value])
    ordered = docs.sort_values(["date", "path"], na_position="last")
    return {"municipality": name, "themes_chart": chart, "theme_counts": theme_counts, "facts": records_of(facts),
            "indicator_rows": aggregate.indicator_table(facts), "columns": [name], "max_cell": MAX_CELL,
            "indicator_charts": [], "motions": aggregate.motions(tables, ordered),
            "questions": aggregate.questions(tables, ordered), "documents": records_of(ordered)}
