"""A new version of the report, built from the published one: work in proportion to what changed.

Each version folder records what it was rendered from (`.render.json`): a key of everything that
shapes the output besides the documents (versions, render settings, taxonomy, templates, the
rendering code) and a fingerprint per document (its stage result keys and status). When the key of
the published version is the one of this run, only documents whose fingerprint differs (added,
changed, removed) are read from the store and rendered; the lines of the others are copied from the
published `documents.jsonl`, their table rows taken from its Parquet files, and their pages hard-linked
from the published version. The output
is byte for byte what a full render writes (tests/test_incremental.py checks that).
"""
from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

import pandas as pd

from . import __version__, aggregate, render
from .config import Config
from .store import DocumentRow, Store, atomic_write

STATE = ".render.json"
log = logging.getLogger("raadslens")
SHAPING = ("render", "templates", "static", "aggregate", "resources/themes.toml")  # package files, hashed


@dataclass
class Built:
    full: bool  # False: unchanged parts were taken over from the published version
    changed: int  # documents added, changed or removed since the published version
    written: int  # pages
    linked: int
    aggregate_seconds: float
    render_seconds: float


def build(version: Path, published: Path | None, store: Store, rows: dict[str, DocumentRow], config: Config,
          runs: list[dict], previous: pd.DataFrame | None) -> Built:
    """Write the data files and the site of `rows` into the empty folder `version`."""
    started = time.monotonic()
    state = {"key": render_key(config), "documents": {p: fingerprint(r) for p, r in rows.items()}}
    earlier = _earlier(published, state)
    changed = None if earlier is None else {p for p in earlier.keys() | rows.keys()
                                            if earlier.get(p) != state["documents"].get(p)}
    jsonl = version / "data" / "documents.jsonl"
    tables = None
    if changed is not None:
        try:
            tables = aggregate.update(published / "data", sorted(earlier), changed & rows.keys(),
                                      lambda p: aggregate.document_record(rows[p], store), sorted(rows), jsonl)
        except (OSError, ValueError) as exc:
            log.warning("render: cannot build on the published version (%s): rendering in full", exc)
            changed = None
    if tables is None:
        tables = aggregate.collect(aggregate.document_records(store, rows), jsonl)
    aggregate.write_tables(tables, version / "data")
    aggregated = time.monotonic()
    reuse = changed is not None  # also the charts: only from a version rendered by the same code and settings
    pages = render.render_site(version, tables, config.render, run=runs, previous=previous,
                               since=published if reuse else None,
                               changed={aggregate.doc_id(p) for p in changed} if reuse else None)
    atomic_write(version / STATE, json.dumps(state, sort_keys=True).encode("utf-8"))
    return Built(changed is None, len(rows) if changed is None else len(changed), pages["written"], pages["linked"],
                 aggregated - started, time.monotonic() - aggregated)


def _earlier(published: Path | None, state: dict) -> dict[str, str] | None:
    """The document fingerprints `published` was rendered from; None when it cannot be built upon."""
    if published is None:
        return None
    try:
        before = json.loads((published / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if before.get("key") != state["key"] or not isinstance(before.get("documents"), dict):
        return None
    return before["documents"]


def fingerprint(row: DocumentRow) -> str:
    """A document's record follows from its path (the key here), status and stage result keys alone."""
    state = json.dumps([row.status, row.error_stage, row.error_kind, row.error, row.keys], sort_keys=True)
    return hashlib.sha256(state.encode("utf-8")).hexdigest()[:16]


def render_key(config: Config) -> str:
    """Everything besides the documents that shapes the data files and pages of a version."""
    digest = hashlib.sha256()
    versions = [__version__, render.VERSION, aggregate.VERSION] + [metadata.version(p) for p in ("jinja2",)]
    digest.update(json.dumps([versions, config.section("render")], sort_keys=True, default=str).encode("utf-8"))
    package = Path(str(resources.files("pipeline")))
    for name in SHAPING:
        path = package / name
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if file.is_file() and "__pycache__" not in file.parts:
                digest.update(file.relative_to(package).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()
