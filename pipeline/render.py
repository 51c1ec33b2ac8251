"""Tables -> a static HTML site (Jinja2, autoescape on, StrictUndefined): index, one page per
theme, one per document. Every quoted figure links to its paragraph and page."""
from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import pandas as pd
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from .aggregate import Tables, theme_matrix
from .config import RenderConfig
from .store import atomic_write
from .themes import load_taxonomy

VERSION = "1"
DOC_TYPE_LABELS = {
    "motie": "Motie", "amendement": "Amendement", "schriftelijke_vragen": "Schriftelijke vragen",
    "raadsvoorstel": "Raadsvoorstel", "raadsinformatiebrief": "Raadsinformatiebrief", "beleidsplan": "Beleidsplan",
    "begroting": "Begroting", "rekenkamerrapport": "Rekenkamerrapport", "nieuwsbericht": "Nieuwsbericht",
    "notulen": "Notulen",
}
FACT_KIND_LABELS = {"percentage": "Percentage", "amount_eur": "Bedrag (€)", "duration": "Duur (dagen)",
                    "count": "Aantal", "date_deadline": "Termijn"}


@cache
def environment() -> Environment:
    env = Environment(loader=PackageLoader("pipeline", "templates"), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["pct"] = lambda x: f"{100 * x:.0f}%"
    return env


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as dicts with None for missing values (templates test `is none`)."""
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def _write(path: Path, template: str, **context) -> None:
    html = environment().get_template(template).render(**context)
    atomic_write(path, html.encode("utf-8"))


def render_site(folder: Path, tables: Tables, cfg: RenderConfig, run: list[dict]) -> None:
    taxonomy = load_taxonomy()
    labels = {t.id: (t.label if cfg.language == "nl" else t.label_en) for t in taxonomy}
    generated = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    docs = tables.documents.sort_values(["municipality", "date", "path"], na_position="last")
    matrix = theme_matrix(tables)
    coverage = (docs.fillna({"municipality": "(onbekend)"}).groupby(["municipality", "doc_type"]).size()
                .unstack(fill_value=0)) if not docs.empty else pd.DataFrame()
    common = {"generated": generated, "theme_labels": labels, "doc_type_labels": DOC_TYPE_LABELS,
              "fact_kind_labels": FACT_KIND_LABELS}
    _write(folder / "index.html", "index.html.j2", root="", documents=_records(docs),
           failures=_records(docs[docs.status == "error"]), matrix=matrix, coverage=coverage,
           themes=taxonomy, runs=run, **common)
    doc_lookup = {d["doc_id"]: d for d in _records(docs)}
    for theme in taxonomy:
        tagged = tables.themes[tables.themes.theme == theme.id]
        doc_ids = set(tagged.doc_id)
        theme_docs = [doc_lookup[d] for d in doc_lookup if d in doc_ids]
        facts = tables.facts[tables.facts.themes.str.split(";").apply(lambda ts, t=theme.id: t in ts)]
        quotes = (tagged.sort_values("score", ascending=False)
                  .merge(tables.paragraphs[["doc_id", "paragraph", "text"]], on=["doc_id", "paragraph"])
                  .head(60))
        dictum = tables.dictum[tables.dictum.doc_id.isin(doc_ids)]
        _write(folder / "themes" / f"{theme.id}.html", "theme.html.j2", root="../", theme=theme,
               documents=theme_docs, facts=_records(facts), quotes=_records(quotes), dictum=_records(dictum),
               docs_by_id=doc_lookup, **common)
    paragraphs = tables.paragraphs.groupby("doc_id")
    tags = tables.themes.groupby("doc_id")
    facts_by_doc = tables.facts.groupby("doc_id")
    dictum_by_doc = tables.dictum.groupby("doc_id")
    questions_by_doc = tables.questions.groupby("doc_id")

    def part(groups, key) -> list[dict]:
        return _records(groups.get_group(key)) if key in groups.groups else []

    for doc in doc_lookup.values():
        did = doc["doc_id"]
        tag_rows = part(tags, did)
        by_paragraph: dict[int, list[dict]] = {}
        for tag in tag_rows:
            by_paragraph.setdefault(tag["paragraph"], []).append(tag)
        _write(folder / "documents" / f"{did}.html", "document.html.j2", root="../", doc=doc,
               paragraphs=part(paragraphs, did), tags=by_paragraph, facts=part(facts_by_doc, did),
               dictum=part(dictum_by_doc, did), questions=part(questions_by_doc, did), **common)
    atomic_write(folder / "style.css", environment().loader.get_source(environment(), "style.css")[0].encode())
