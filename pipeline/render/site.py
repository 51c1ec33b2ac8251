"""The static site: overview, one page per theme, per municipality and per document, and search."""
from __future__ import annotations

import dataclasses
import json
from collections.abc import Collection
from pathlib import Path

import pandas as pd

from .. import aggregate
from ..aggregate import Tables, records_of
from ..config import RenderConfig
from ..store import atomic_write
from ..themes import Theme, load_taxonomy
from . import charts, common
from .common import copy_static, numeric, site_cite, slug, write_page
from .fragments import Rows
from .i18n import Labels

MAX_CELL = 4  # values shown per municipality in a side-by-side cell (all are in the list of figures)
SEARCH_TEXT_CHARS = 600
CHARTS = ".charts"  # a version's charts as files, to be linked into the next version (charts.kept_in)


def common_context(labels: Labels, taxonomy: list[Theme], root: str, generated: str) -> dict:
    return {"root": root, "t": labels.text, "L": labels, "generated": generated, "slug": slug,
            "theme_labels": {th.id: (th.label if labels.language == "nl" else th.label_en) for th in taxonomy}}


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
    rows = [{**row, "cells": {name: row["cells"][name]}} for row in lists["indicator_rows"] if name in row["cells"]]
    return {**lists, "facts": own(lists["facts"]), "indicator_rows": rows, "columns": [name],
            "motions": own(lists["motions"]), "questions": own(lists["questions"]),
            "quotes": {name: lists["quotes"][name]} if name in lists["quotes"] else {},
            "documents": own(lists["documents"])}


def timeline_chart(documents: list[dict], labels: Labels, theme_label: str):
    """The documents on the theme as points in time, a row per municipality."""
    t = labels.text
    points = [(d["municipality"], charts.decimal_year(d["date"]), d["doc_type"] or "—") for d in documents]
    per_year: dict[str, dict[int, int]] = {}
    for d in documents:
        if d["year"] is not None:
            years = per_year.setdefault(d["municipality"], {})
            years[int(d["year"])] = years.get(int(d["year"]), 0) + 1
    alt = "; ".join(f"{m} {y}: {n}" for m in sorted(per_year) for y, n in sorted(per_year[m].items()))
    return charts.timeline(points, labels.doc_types, f"{t['timeline_chart']}: {theme_label}", t["year"],
                           t["municipality"], f"{t['timeline_chart']} ({theme_label}): {alt}")


def theme_overview(tables: Tables, theme: Theme, labels: Labels, theme_label: str, matrix: pd.DataFrame) -> dict:
    """The theme page: all municipalities side by side, and of each only what stays small as the corpus grows
    (newest figures per indicator, the strongest quote, counts). The full lists are on the theme's page per
    municipality (theme_context), so a nightly run rewrites only those of the municipalities it touched."""
    docs = aggregate.documents_on(tables, theme.id)
    facts = aggregate.theme_facts(tables, theme.id)
    facts = facts.assign(number=[numeric(v) for v in facts.value])
    summary = aggregate.theme_summary(tables, theme.id, docs, facts)
    for row in summary:
        share = matrix.at[row["municipality"], theme.id] if theme.id in matrix.columns and \
            row["municipality"] in matrix.index else 0.0
        row["share"] = float(share)
    rows = aggregate.indicator_table(facts)
    columns = [r["municipality"] for r in summary if r["documents"] or r["figures"]]
    return {"summary": summary, "indicator_rows": rows, "columns": columns, "max_cell": MAX_CELL,
            "indicator_charts": indicator_charts(rows, columns, labels),
            "share_chart": share_chart(matrix, theme.id, None, labels, theme_label),
            "quotes": aggregate.strongest_quotes(tables, theme.id, aggregate.with_unknown(tables.documents), 1),
            "per_year": aggregate.timeline(docs)}


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


def render_site(folder: Path, tables: Tables, cfg: RenderConfig, run: list[dict],
                previous: pd.DataFrame | None = None, since: Path | None = None,
                changed: Collection[str] | None = None) -> dict[str, int]:
    """Write the site into `folder`; `previous` is the documents table of the run before.

    With `since`, a complete earlier version rendered by the same code and settings, and `changed`, the
    doc_ids added, changed or removed since then, only pages that can differ are written: the overview,
    the theme pages, the search index, and the pages of the changed documents and of their municipalities
    (old and new: the municipality page and its page per theme). Every other page is hard-linked from `since`: the bytes a full render would write.
    Returns the number of pages written and linked."""
    with charts.kept_in(folder / CHARTS, since / CHARTS if since is not None else None):
        return _render_site(folder, tables, cfg, run, previous, since, changed)


def _render_site(folder: Path, tables: Tables, cfg: RenderConfig, run: list[dict], previous: pd.DataFrame | None,
                 since: Path | None, changed: Collection[str] | None) -> dict[str, int]:
    labels = Labels(cfg.language)
    tables = label_unknown(tables, labels)
    taxonomy = load_taxonomy()
    t = labels.text
    docs = aggregate.with_unknown(tables.documents).sort_values(["municipality", "date", "path"], na_position="last")
    all_docs = records_of(docs)
    options = filter_options(docs)
    counts = {"written": 0, "linked": 0}
    touched = _touched(tables, docs, since, changed, f"({t['unknown']})")
    changed = set() if touched is None else set(changed or ())
    tables = dataclasses.replace(tables, facts=tables.facts.assign(n=tables.facts.groupby("doc_id").cumcount()))
    rows = Rows(folder, since if touched is not None else None, changed)

    def page_context(root: str, generated: str | None = None) -> dict:
        """What every page at a depth takes: labels, links, citations and the rows of the long lists."""
        context = common_context(labels, taxonomy, root, generated)
        cite = site_cite(root, t["page"])
        return {**context, "cite": cite, "row": rows.renderer(t=t, L=labels, root=root, cite=cite, slug=slug,
                                                              theme_labels=context["theme_labels"])}

    top = page_context("", common.generated_at())  # only the overview says when
    sub = page_context("../")
    deeper = page_context("../../")

    def write(rel: str, template: str, **context) -> None:
        write_page(folder / rel, template, **context)
        counts["written"] += 1

    def carried(rel: str, needed: bool) -> bool:
        """A page that cannot differ from `since` is linked from there (False: render it)."""
        if touched is None or needed or not common.link_or_copy(since / rel, folder / rel):
            return False
        counts["linked"] += 1
        return True

    matrix = aggregate.theme_matrix(tables)
    doc_counts = aggregate.theme_documents(tables)
    theme_ids = [th.id for th in taxonomy]
    matrix_rows = [{"municipality": m, "cells": [{"share": float(row.get(th, 0.0)),
                                                   "docs": int(doc_counts.at[m, th]) if m in doc_counts.index
                                                   and th in doc_counts.columns else 0} for th in theme_ids]}
                   for m, row in matrix.iterrows()]
    heat = None
    if not matrix.empty:
        values = matrix.reindex(columns=theme_ids, fill_value=0.0).rename(columns=top["theme_labels"])
        heat_counts = doc_counts.reindex(index=matrix.index, columns=theme_ids, fill_value=0).rename(
            columns=top["theme_labels"])
        heat = charts.heatmap(values, heat_counts, t["matrix_chart"], t["theme"], t["municipality"],
                              t["share_paragraphs"], f"{t['chart_alt_heatmap']}: {t['matrix_chart']}. {t['matrix_lead']}")
    ocr = [d for d in all_docs if d["status"] == "ok" and "OCR" in (d["warnings"] or "").upper()]
    municipality_list = [{"name": m, "count": int(n)} for m, n in
                         aggregate.unknown_last(docs.groupby("municipality").size()).items()]
    write("index.html", "index.html.j2", **top, documents=all_docs,
          failures=[d for d in all_docs if d["status"] == "error"], ocr=ocr, themes=taxonomy,
          matrix_rows=matrix_rows, heatmap=heat, changes=aggregate.changes(previous, tables.documents),
          coverage_type=aggregate.coverage(tables.documents, "doc_type"),
          coverage_year=aggregate.coverage(tables.documents, "year"), municipality_list=municipality_list,
          runs=run, **options)

    on_theme: dict[str, set[str]] = {}  # theme -> municipalities with a page on it
    for theme in taxonomy:
        context = theme_overview(tables, theme, labels, sub["theme_labels"][theme.id], matrix)
        on_theme[theme.id] = {row["municipality"] for row in context["summary"]}
        write(f"themes/{theme.id}.html", "theme.html.j2", **sub, theme=theme, **options, **context)

    facts = None
    shown = aggregate.themes_touched(tables.documents, tables.themes, tables.facts)
    shown_on = {theme: set(part.doc_id) for theme, part in shown.groupby("theme")}  # the documents of a theme's pages
    towns = dict(list(docs.groupby("municipality", sort=True)))
    for theme in taxonomy:
        due = [m for m in sorted(on_theme[theme.id]) if not carried(
            f"themes/{theme.id}/{slug(m)}.html", touched is None or (theme.id, slug(m)) in touched[1])]
        if not due:
            continue
        lists = theme_lists(tables, theme, cfg, due)  # one pass over the tables for all of them
        label = deeper["theme_labels"][theme.id]
        for name in due:
            context = one_municipality(lists, name)
            part = towns[name]
            write(f"themes/{theme.id}/{slug(name)}.html", "theme_municipality.html.j2", **deeper, theme=theme,
                  municipality=name, **filter_options(part[part.doc_id.isin(shown_on[theme.id])]),
                  **context, indicator_charts=[], share_chart=None,
                  timeline_chart=timeline_chart(context["documents"], labels, label))

    for name, part in docs.groupby("municipality", sort=True):
        rel = f"municipalities/{slug(name)}.html"
        if carried(rel, touched is None or slug(name) in touched[0]):
            continue
        if facts is None:
            facts = aggregate.with_unknown(tables.facts).merge(tables.documents[["doc_id", "title", "path", "year"]],
                                                               on="doc_id", how="left")
        write(rel, "municipality.html.j2", **sub, **filter_options(part),
              **municipality_context(tables, name, part, labels, matrix, doc_counts, facts))

    fresh = [d for d in all_docs if not carried(f"documents/{d['doc_id']}.html", d["doc_id"] in changed)]
    ids = {d["doc_id"] for d in fresh}
    parts = {name: _by_doc(getattr(tables, name), ids)
             for name in ("paragraphs", "themes", "facts", "dictum", "questions")}
    evidence = evidence_by_doc(folder, ids)
    for doc in fresh:
        did = doc["doc_id"]
        by_paragraph: dict[int, list[dict]] = {}
        for tag in parts["themes"].get(did, []):
            by_paragraph.setdefault(tag["paragraph"], []).append(tag)
        write(f"documents/{did}.html", "document.html.j2", **sub, doc=doc, paragraphs=parts["paragraphs"].get(did, []),
              tags=by_paragraph, facts=parts["facts"].get(did, []), dictum=parts["dictum"].get(did, []),
              questions=parts["questions"].get(did, []), evidence=evidence.get(did, {}))
    write("search.html", "search.html.j2", **common_context(labels, taxonomy, "", None))
    atomic_write(folder / "search-index.js", search_index(tables, labels).encode("utf-8"))
    rows.save(d["doc_id"] for d in all_docs)
    copy_static(folder)
    return counts


def _touched(tables: Tables, docs: pd.DataFrame, since: Path | None, changed: Collection[str] | None,
             unknown: str) -> tuple[set[str], set[tuple[str, str]]] | None:
    """The municipality pages (slugs) and the theme pages per municipality ((theme, slug)) the changed documents
    are on, before or after the change; None: render every page."""
    if since is None or changed is None:
        return None
    data, ids = since / "data", list(changed)
    try:
        before = {name: pd.read_parquet(data / f"{name}.parquet", filters=[("doc_id", "in", ids)])
                  for name in ("documents", "themes", "facts")} if ids else None
    except (OSError, ValueError):
        return None
    if before is None:
        return set(), set()
    now = aggregate.narrow(tables, set(ids))
    slugs, pairs = set(), set()
    for documents, themes, facts in ((now.documents, now.themes, now.facts),
                                     (before["documents"], before["themes"], before["facts"])):
        towns = documents[["doc_id", "municipality"]].fillna({"municipality": unknown})
        slugs |= {slug(m) for m in towns.municipality}
        on = aggregate.themes_touched(documents, themes, facts).merge(towns, on="doc_id")
        pairs |= {(theme, slug(m)) for theme, m in zip(on.theme, on.municipality, strict=True)}
    return slugs, pairs


def _by_doc(frame: pd.DataFrame, ids: set[str]) -> dict[str, list[dict]]:
    """The rows of the documents `ids`, per document, in table order."""
    out: dict[str, list[dict]] = {}
    for row in records_of(frame[frame.doc_id.isin(ids)]):
        out.setdefault(row["doc_id"], []).append(row)
    return out


def municipality_context(tables: Tables, name: str, docs: pd.DataFrame, labels: Labels,
                         matrix: pd.DataFrame, counts: pd.DataFrame, facts: pd.DataFrame) -> dict:
    """`matrix`, `counts` and `facts` are computed once for all municipalities (see render_site)."""
    t = labels.text
    taxonomy = {th.id: th for th in load_taxonomy()}
    theme_labels = {i: (th.label if labels.language == "nl" else th.label_en) for i, th in taxonomy.items()}
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
    facts = facts[facts.municipality == name].copy()
    facts["group"] = [i if isinstance(i, str) and i else f"kind:{k}" for i, k in zip(facts.indicator, facts.kind,
                                                                                     strict=True)]
    facts["number"] = [numeric(v) for v in facts.value]
    facts = facts.sort_values(["group", "date", "doc_id", "paragraph"], na_position="last", kind="stable")
    ordered = docs.sort_values(["date", "path"], na_position="last")
    return {"municipality": name, "themes_chart": chart, "theme_counts": theme_counts, "facts": records_of(facts),
            "indicator_rows": aggregate.indicator_table(facts), "columns": [name], "max_cell": MAX_CELL,
            "indicator_charts": [], "motions": aggregate.motions(tables, ordered),
            "questions": aggregate.questions(tables, ordered), "documents": records_of(ordered)}


def evidence_by_doc(folder: Path, ids: set[str]) -> dict[str, dict]:
    """Why the type, municipality and date were chosen, from the documents.jsonl written beside the site."""
    path = folder / "data" / "documents.jsonl"
    if not path.exists():
        return {}
    out = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["id"] in ids:
                out[record["id"]] = {k: v for k, v in record.get("evidence", {}).items() if isinstance(v, str)}
    return out


def search_index(tables: Tables, labels: Labels) -> str:
    """Paragraphs (quotes are paragraphs) and figures as a JS file: loads from file:// without fetch()."""
    docs = {d["doc_id"]: d for d in records_of(aggregate.with_unknown(tables.documents))}
    entries = []
    for row in records_of(tables.paragraphs.sort_values(["doc_id", "paragraph"])):
        doc = docs[row["doc_id"]]
        entries.append({"u": f"documents/{row['doc_id']}.html#p{row['paragraph']}", "m": doc["municipality"],
                        "y": "" if doc["year"] is None else int(doc["year"]), "t": labels.doc_type(doc["doc_type"]),
                        "d": doc["title"] or doc["path"], "p": int(row["page"]), "k": row["themes"] or "",
                        "x": row["text"][:SEARCH_TEXT_CHARS]})
    payload = json.dumps(entries, ensure_ascii=True, separators=(",", ":"))
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f"window.RAADSLENS_INDEX = {payload};\n"
