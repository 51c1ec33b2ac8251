"""A thematic report for one question: one theme, chosen municipalities and years, printable.

Every figure, motion, question and quote carries a numbered citation; the sources are listed as
footnotes at the end. The same tables are written as CSV files and one XLSX workbook.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pandas as pd
from markupsafe import Markup

from ..aggregate import Tables
from ..config import RenderConfig
from ..themes import load_taxonomy
from .common import GENERATED_FORMAT, copy_static, slug, write_page
from .contexts import common_context, label_unknown, theme_context
from .export import write_csv, write_xlsx
from .fragments import Rows
from .i18n import Labels

EXPORTS = ("indicators", "motions", "questions", "quotes", "sources")


class Citations:
    """Numbers sources in the order the report first cites them; the same place keeps its number."""

    def __init__(self, documents: pd.DataFrame):
        self.docs = documents.set_index("doc_id")
        self.numbers: dict[tuple, int] = {}

    def number(self, doc_id: str, paragraph: int | None, page: int | None) -> int:
        key = (doc_id, None if paragraph is None else int(paragraph), None if page is None else int(page))
        return self.numbers.setdefault(key, len(self.numbers) + 1)

    def __call__(self, doc_id: str, paragraph: int | None, page: int | None) -> Markup:
        n = self.number(doc_id, paragraph, page)
        return Markup('<sup class="fn"><a href="#bron-{0}">[{0}]</a></sup>').format(n)

    def sources(self) -> list[dict]:
        out = []
        for (doc_id, paragraph, page), n in sorted(self.numbers.items(), key=lambda kv: kv[1]):
            doc = self.docs.loc[doc_id]
            out.append({"number": n, "doc_id": doc_id, "paragraph": paragraph, "page": page,
                        "municipality": doc.municipality, "doc_type": doc.doc_type, "date": doc.date,
                        "title": doc.title or doc.path, "path": doc.path})
        return out


def render_report(tables: Tables, theme_id: str, out: Path, cfg: RenderConfig, municipalities: list[str] | None = None,
                  start: int | None = None, end: int | None = None, site: Path | None = None) -> Path:
    """Write `index.html`, the CSV files and `<theme>.xlsx` into `out`; links go to the site at `site`."""
    labels = Labels(cfg.language)
    tables = label_unknown(tables, labels)
    taxonomy = load_taxonomy()
    themes = {th.id: th for th in taxonomy}
    if theme_id not in themes:
        raise ValueError(f"unknown theme {theme_id!r}; known: {', '.join(sorted(themes))}")
    theme = themes[theme_id]
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    root = (Path(os.path.relpath(site, out)).as_posix() + "/") if site is not None else ""
    generated = dt.datetime.now(dt.UTC).strftime(GENERATED_FORMAT)
    common = common_context(labels, taxonomy, root, generated)
    label = common["theme_labels"][theme_id]
    context = theme_context(tables, theme, labels, cfg, label, municipalities, start, end)
    context["max_cell"] = 10_000  # a printed report shows every value in the side-by-side table
    citations = Citations(tables.documents)
    period = f"{start or '…'}–{end or '…'}" if (start or end) else labels.text["period_all"]
    chosen = municipalities or context["columns"]
    html_name = "index.html"
    frames_holder: dict[str, pd.DataFrame] = {}

    row = Rows().renderer(t=labels.text, L=labels, root=root, cite=citations, slug=slug,
                          theme_labels=common["theme_labels"])  # rendered in place: citations are numbered in order
    write_page(out / html_name, "report.html.j2", **common, theme=theme, theme_label=label, cite=citations, row=row,
               chosen=chosen, period=period, sources=citations.sources, exports=EXPORTS,
               xlsx=f"{theme_id}.xlsx", site_link=bool(site), **context)
    frames_holder.update(export_frames(context, citations, labels))
    for name, frame in frames_holder.items():
        write_csv(frame, out / f"{name}.csv")
    write_xlsx(frames_holder, out / f"{theme_id}.xlsx")
    copy_static(out)
    return out / html_name


def export_frames(context: dict, citations: Citations, labels: Labels) -> dict[str, pd.DataFrame]:
    """The report's tables in tidy form, each row with the citation number it has in the report."""
    indicators = pd.DataFrame([{
        "municipality": f["municipality"], "indicator": labels.group(f["group"]), "indicator_id": f["indicator"],
        "kind": f["kind"], "value": f["number"] if f["number"] is not None else f["value"], "unit": f["unit"],
        "date": f["date"], "subject": f["subject"], "quote": f["text"], "document": f["title"] or f["path"],
        "path": f["path"], "page": f["page"], "citation": citations.number(f["doc_id"], f["paragraph"], f["page"]),
    } for f in context["facts"]], columns=["municipality", "indicator", "indicator_id", "kind", "value", "unit", "date",
                                            "subject", "quote", "document", "path", "page", "citation"])
    motions = pd.DataFrame([{
        "municipality": d["municipality"], "date": d["date"], "doc_type": d["doc_type"], "document": d["title"] or d["path"],
        "path": d["path"], "status": d["motion_status"], "vote_tally": d["vote_tally"], "item": item["item"],
        "dictum": item["text"], "citation": citations.number(d["doc_id"], None, 1),
    } for d in context["motions"] for item in (d["dictum"] or [{"item": None, "text": None}])],
        columns=["municipality", "date", "doc_type", "document", "path", "status", "vote_tally", "item", "dictum",
                 "citation"])
    questions = pd.DataFrame([{
        "municipality": d["municipality"], "date": d["date"], "document": d["title"] or d["path"], "path": d["path"],
        "number": q["number"], "question": q["question"], "answer": q["answer"], "page": q["page"],
        "citation": citations.number(d["doc_id"], None, q["page"]),
    } for d in context["questions"] for q in d["questions"]],
        columns=["municipality", "date", "document", "path", "number", "question", "answer", "page", "citation"])
    quotes = pd.DataFrame([{
        "municipality": m, "date": q["date"], "doc_type": q["doc_type"], "document": q["title"] or q["path"],
        "path": q["path"], "page": q["page"], "score": q["score"], "evidence": q["evidence"], "quote": q["text"],
        "citation": citations.number(q["doc_id"], q["paragraph"], q["page"]),
    } for m, items in context["quotes"].items() for q in items],
        columns=["municipality", "date", "doc_type", "document", "path", "page", "score", "evidence", "quote", "citation"])
    sources = pd.DataFrame(citations.sources(), columns=["number", "municipality", "doc_type", "date", "title", "path",
                                                         "page", "paragraph", "doc_id"])
    return {"indicators": indicators, "motions": motions, "questions": questions, "quotes": quotes, "sources": sources}
