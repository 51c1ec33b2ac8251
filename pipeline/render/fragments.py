"""The rows of the long lists (figures, documents, motions, questions), rendered once per document.

A municipality's pages list every figure and document it has; rendering all of them again for one
new document would make a nightly run cost what the municipality holds, not what changed. Each
document's rows are kept with the version (`.fragments/<doc_id>.json`, one entry per row and page
depth) and taken over by the next version while the document is unchanged, as unchanged pages are.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable
from pathlib import Path

from markupsafe import Markup

from ..store import atomic_write
from .common import environment, link_or_copy

FOLDER = ".fragments"


class Rows:
    """`renderer(...)` gives a page its `row(kind, item)`; `save` keeps the rows with the version.
    Without a folder (the thematic report, whose citations are numbered per report) nothing is kept."""

    def __init__(self, folder: Path | None = None, since: Path | None = None, changed: Collection[str] = ()):
        self.into = None if folder is None else folder / FOLDER
        self.since = None if since is None else since / FOLDER
        self.changed = set(changed)
        self.kept: dict[str, dict[str, str]] = {}  # doc_id -> row key -> HTML
        self.added: set[str] = set()  # documents with rows rendered in this version

    def renderer(self, **context) -> Callable[[str, dict], Markup]:
        """`context`: what every macro of partials/rows.html.j2 takes besides the item (t, L, root, cite, ...)."""
        macros = environment().get_template("partials/rows.html.j2").module
        depth = context["root"]

        def row(kind: str, item: dict) -> Markup:
            if self.into is None:
                return getattr(macros, kind)(item, **context)
            key = f"{kind}{item.get('n', '')}@{depth}"  # n: a figure's place among its document's figures
            rows = self._rows(item["doc_id"])
            if key not in rows:
                rows[key] = str(getattr(macros, kind)(item, **context))
                self.added.add(item["doc_id"])
            return Markup(rows[key])
        return row

    def _rows(self, doc_id: str) -> dict[str, str]:
        rows = self.kept.get(doc_id)
        if rows is None:
            rows = {}
            if self.since is not None and doc_id not in self.changed:
                try:
                    rows = json.loads((self.since / f"{doc_id}.json").read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    rows = {}
            self.kept[doc_id] = rows
        return rows

    def save(self, doc_ids: Iterable[str]) -> None:
        """Rows of unchanged documents are linked from the version before; the others are written."""
        if self.into is None:
            return
        for doc_id in doc_ids:
            target = self.into / f"{doc_id}.json"
            if doc_id not in self.added and self.since is not None and doc_id not in self.changed and \
                    link_or_copy(self.since / f"{doc_id}.json", target):
                continue
            if self.kept.get(doc_id):
                atomic_write(target, json.dumps(self.kept[doc_id], ensure_ascii=False, sort_keys=True).encode("utf-8"))
