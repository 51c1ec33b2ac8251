"""A theme's overview page from one small part per municipality, kept with the version.

The overview sets all municipalities side by side, but shows of each only what stays small (counts,
the newest figures per indicator, the strongest quote, documents per year). That part follows from
the municipality's own documents on the theme, so it is taken from the lists of its theme page when
that page is rendered, and from the version before (`.overview/<theme>.json`) when it is carried
over: a nightly run then reads the documents of the municipalities it touched, not the corpus.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .. import aggregate
from ..store import atomic_write
from .contexts import MAX_CELL, documents_per_year, indicator_charts, share_chart
from .i18n import Labels

FOLDER = ".overview"


def part_of(lists: dict, name: str, paragraphs: int) -> dict:
    """What the overview shows of municipality `name`, from its `one_municipality` lists on the theme;
    `paragraphs`: its paragraphs tagged with the theme. JSON-ready, and passed through JSON so a part
    read back from the version before is the same value as a fresh one."""
    documents = lists["documents"]
    first: dict[str, dict] = {}  # per group the oldest figure: facts run by group, then date
    for fact in lists["facts"]:
        first.setdefault(fact["group"], fact)
    rows = {row["group"]: {"kind": first[row["group"]]["kind"], "unit": first[row["group"]]["unit"],
                           "cells": row["cells"][name][:MAX_CELL], "count": row["counts"][name]}
            for row in lists["indicator_rows"]}
    part = {"documents": len(documents), "paragraphs": paragraphs, "motions": len(lists["motions"]),
            "questions": len(lists["questions"]), "figures": len(lists["facts"]),
            "newest": max((d["date"] for d in documents if d["date"]), default=None),
            "rows": rows, "quote": lists["quotes"].get(name, [])[:1],
            "years": documents_per_year(documents).get(name, {})}  # JSON makes the years keys strings
    return json.loads(json.dumps(part, ensure_ascii=False))


def overview_context(parts: dict[str, dict], theme_id: str, labels: Labels, theme_label: str,
                     matrix: pd.DataFrame) -> dict:
    """The overview page of a theme from the parts of every municipality on it (by name)."""
    names = sorted(parts, key=lambda m: (m == aggregate.UNKNOWN, m))
    share = matrix[theme_id] if theme_id in matrix.columns else pd.Series(dtype=float)
    summary = [{"municipality": m, **{k: parts[m][k] for k in ("documents", "motions", "questions", "figures",
                                                                "paragraphs", "newest")},
                "share": float(share.get(m, 0.0))} for m in names]
    rows: dict[str, dict] = {}
    for m in sorted(parts):  # kind and unit of a group: those of the first municipality by name, as in a table sort
        for group, cell in parts[m]["rows"].items():
            row = rows.setdefault(group, {"group": group, "kind": cell["kind"], "unit": cell["unit"],
                                          "is_indicator": not group.startswith("kind:"), "cells": {}, "counts": {}})
            row["cells"][m], row["counts"][m] = cell["cells"], cell["count"]
    indicator_rows = sorted(rows.values(), key=lambda r: (not r["is_indicator"], r["group"]))
    columns = [r["municipality"] for r in summary if r["documents"] or r["figures"]]
    years = sorted({int(y) for part in parts.values() for y in part["years"]})
    per_year = [(m, [parts[m]["years"].get(str(y), 0) for y in years]) for m in sorted(parts) if parts[m]["years"]]
    return {"summary": summary, "indicator_rows": indicator_rows, "columns": columns, "max_cell": MAX_CELL,
            "indicator_charts": indicator_charts(indicator_rows, columns, labels),
            "share_chart": share_chart(matrix, theme_id, None, labels, theme_label),
            "quotes": {m: parts[m]["quote"] for m in sorted(parts) if parts[m]["quote"]},
            "per_year": {"years": years, "rows": per_year}}


def load(since: Path | None, theme_id: str) -> dict[str, dict]:
    """The parts the version `since` kept for a theme ({} when there are none to build on)."""
    if since is None:
        return {}
    try:
        parts = json.loads((since / FOLDER / f"{theme_id}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return parts if isinstance(parts, dict) else {}


def save(folder: Path, theme_id: str, parts: dict[str, dict]) -> None:
    atomic_write(folder / FOLDER / f"{theme_id}.json",
                 json.dumps(parts, ensure_ascii=False, sort_keys=True).encode("utf-8"))
