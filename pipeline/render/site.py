"""The static site: the overview, a page per theme and per theme and municipality, per municipality and per
document, and search; written in full, or as a new version that takes over from the last what did not change."""
from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Collection
from pathlib import Path

import pandas as pd

from .. import aggregate
from ..aggregate import Tables, records_of
from ..config import RenderConfig
from ..store import atomic_write
from ..themes import load_taxonomy
from . import charts, common, overview
from .common import copy_static, site_cite, slug, write_page
from .contexts import (
    common_context,
    filter_options,
    label_unknown,
    municipality_context,
    one_municipality,
    theme_lists,
    timeline_chart,
)
from .fragments import Rows
from .i18n import Labels

SEARCH_TEXT_CHARS = 600
CHARTS = ".charts"  # a version's charts as files, to be linked into the next version (charts.kept_in)
MAX_LISTED = 500  # documents in the overview's list, the newest: all are on the municipality pages and in search
SEARCH = "search"  # the search index, one script per municipality: a night rewrites only the touched ones

FIRST_ID = re.compile(r'"id": "([^"]*)"')


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
    write("index.html", "index.html.j2", **top, documents=newest(all_docs, MAX_LISTED), total=len(all_docs),
          failures=[d for d in all_docs if d["status"] == "error"], ocr=ocr, themes=taxonomy,
          matrix_rows=matrix_rows, heatmap=heat, changes=aggregate.changes(previous, tables.documents),
          coverage_type=aggregate.coverage(tables.documents, "doc_type"),
          coverage_year=aggregate.coverage(tables.documents, "year"), municipality_list=municipality_list,
          runs=run, **options)

    shown = aggregate.themes_touched(tables.documents, tables.themes, tables.facts)
    shown_on = {theme: set(part.doc_id) for theme, part in shown.groupby("theme")}  # the documents of a theme's pages
    towns = dict(list(docs.groupby("municipality", sort=True)))
    town_of = dict(zip(docs.doc_id, docs.municipality, strict=True))
    on_theme = {th.id: sorted({town_of[d] for d in shown_on.get(th.id, ())}) for th in taxonomy}
    kept = {th.id: overview.load(since if touched is not None else None, th.id) for th in taxonomy}
    due = {theme.id: [m for m in on_theme[theme.id] if m not in kept[theme.id] or not carried(
        f"themes/{theme.id}/{slug(m)}.html", touched is None or (theme.id, slug(m)) in touched[1])] for theme in taxonomy}
    # the tables of the municipalities with a page to write: the rest of the corpus need not be looked at
    concerned = aggregate.narrow(tables, {d for m in set().union(*due.values()) for d in towns[m].doc_id})
    tagged = aggregate.tagged_paragraphs(concerned)
    for theme in taxonomy:
        parts = {m: part for m, part in kept[theme.id].items() if m in on_theme[theme.id]}
        label = deeper["theme_labels"][theme.id]
        lists = theme_lists(concerned, theme, cfg, due[theme.id]) if due[theme.id] else None  # one pass for all
        for name in due[theme.id]:
            context = one_municipality(lists, name)
            parts[name] = overview.part_of(context, name, int(tagged.get((name, theme.id), 0)))
            part = towns[name]
            write(f"themes/{theme.id}/{slug(name)}.html", "theme_municipality.html.j2", **deeper, theme=theme,
                  municipality=name, **filter_options(part[[d in shown_on[theme.id] for d in part.doc_id]]),
                  **context, indicator_charts=[], share_chart=None,
                  timeline_chart=timeline_chart(context["documents"], labels, label))
        write(f"themes/{theme.id}.html", "theme.html.j2", **sub, theme=theme, **options,
              **overview.overview_context(parts, theme.id, labels, sub["theme_labels"][theme.id], matrix))
        overview.save(folder, theme.id, parts)

    towns_due = [m for m in towns if not carried(f"municipalities/{slug(m)}.html", touched is None or slug(m) in touched[0])]
    local = aggregate.narrow(tables, {d for m in towns_due for d in towns[m].doc_id})  # one pass over the whole corpus
    for name in towns_due:
        part = towns[name]
        write(f"municipalities/{slug(name)}.html", "municipality.html.j2", **sub, **filter_options(part),
              **municipality_context(aggregate.narrow(local, set(part.doc_id)), name, part, labels,
                                     sub["theme_labels"], matrix, doc_counts))

    fresh = [d for d in all_docs if not carried(f"documents/{d['doc_id']}.html", d["doc_id"] in changed)]
    ids = {d["doc_id"] for d in fresh}
    own = aggregate.narrow(tables, ids)
    parts = {name: aggregate.by_doc(getattr(own, name)) for name in ("paragraphs", "themes", "facts", "dictum", "questions")}
    evidence = evidence_by_doc(folder, ids)
    for doc in fresh:
        did = doc["doc_id"]
        by_paragraph: dict[int, list[dict]] = {}
        for tag in parts["themes"].get(did, []):
            by_paragraph.setdefault(tag["paragraph"], []).append(tag)
        write(f"documents/{did}.html", "document.html.j2", **sub, doc=doc, paragraphs=parts["paragraphs"].get(did, []),
              tags=by_paragraph, facts=parts["facts"].get(did, []), dictum=parts["dictum"].get(did, []),
              questions=parts["questions"].get(did, []), evidence=evidence.get(did, {}))
    write("search.html", "search.html.j2", **common_context(labels, taxonomy, "", None), parts=[slug(m) for m in towns])
    due = [m for m in towns if touched is None or slug(m) in touched[0]
           or not common.link_or_copy(since / SEARCH / f"{slug(m)}.js", folder / SEARCH / f"{slug(m)}.js")]
    for name, script in search_parts(aggregate.narrow(tables, {d for m in due for d in towns[m].doc_id}), labels).items():
        atomic_write(folder / SEARCH / f"{slug(name)}.js", script.encode("utf-8"))
    rows.save(d["doc_id"] for d in all_docs)
    copy_static(folder)
    return counts


def newest(documents: list[dict], limit: int) -> list[dict]:
    """The `limit` newest documents (undated ones count as oldest), in their given order: a page listing
    every document of a national corpus would not open."""
    if len(documents) <= limit:
        return documents
    keep = set(sorted(range(len(documents)), key=lambda i: (documents[i]["date"] or "", documents[i]["path"]))[-limit:])
    return [d for i, d in enumerate(documents) if i in keep]


def _touched(tables: Tables, docs: pd.DataFrame, since: Path | None, changed: Collection[str] | None,
             unknown: str) -> tuple[set[str], set[tuple[str, str]]] | None:
    """The municipality pages (slugs) and the theme pages per municipality ((theme, slug)) the changed documents
    are on, before or after the change; None: render every page."""
    if since is None or changed is None:
        return None
    ids = list(changed)
    if not ids:
        return set(), set()
    try:
        before = {name: pd.read_parquet(since / "data" / f"{name}.parquet", filters=[("doc_id", "in", ids)])
                  for name in ("documents", "themes", "facts")}
    except (OSError, ValueError):
        return None
    now = aggregate.narrow(tables, set(ids))
    slugs, pairs = set(), set()
    for documents, themes, facts in ((now.documents, now.themes, now.facts),
                                     (before["documents"], before["themes"], before["facts"])):
        towns = documents[["doc_id", "municipality"]].fillna({"municipality": unknown})
        slugs |= {slug(m) for m in towns.municipality}
        on = aggregate.themes_touched(documents, themes, facts).merge(towns, on="doc_id")
        pairs |= {(theme, slug(m)) for theme, m in zip(on.theme, on.municipality, strict=True)}
    return slugs, pairs


def evidence_by_doc(folder: Path, ids: set[str]) -> dict[str, dict]:
    """Why the type, municipality and date were chosen, from the documents.jsonl written beside the site."""
    path = folder / "data" / "documents.jsonl"
    if not path.exists():
        return {}
    out = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            # only the lines of those documents are parsed: keys are sorted, so the first "id" key is the
            # document's (the keys before it hold no "id"; a quote inside a text is escaped)
            found = FIRST_ID.search(line)
            if found is None or found.group(1) not in ids:
                continue
            record = json.loads(line)
            if record["id"] in ids:
                out[record["id"]] = {k: v for k, v in record.get("evidence", {}).items() if isinstance(v, str)}
    return out


def search_parts(tables: Tables, labels: Labels) -> dict[str, str]:
    """Per municipality, its paragraphs (quotes are paragraphs) as a JS file that adds them to the search
    index: loads from file:// without fetch()."""
    docs = {d["doc_id"]: d for d in records_of(aggregate.with_unknown(tables.documents))}
    entries: dict[str, list[dict]] = {d["municipality"]: [] for d in docs.values()}
    for row in records_of(tables.paragraphs.sort_values(["doc_id", "paragraph"])):
        doc = docs[row["doc_id"]]
        entries[doc["municipality"]].append({
            "u": f"documents/{row['doc_id']}.html#p{row['paragraph']}", "m": doc["municipality"],
            "y": "" if doc["year"] is None else int(doc["year"]), "t": labels.doc_type(doc["doc_type"]),
            "d": doc["title"] or doc["path"], "p": int(row["page"]), "k": row["themes"] or "",
            "x": row["text"][:SEARCH_TEXT_CHARS]})
    out = {}
    for name, items in entries.items():
        payload = json.dumps(items, ensure_ascii=True, separators=(",", ":"))
        payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        out[name] = f"(window.RAADSLENS_INDEX = window.RAADSLENS_INDEX || []).push({payload});\n"
    return out
