"""All per-document results -> the output contract (`documents.jsonl`) and tidy tables (and back).

Records are streamed: each document's record is written to `documents.jsonl` and flattened into
table rows, then dropped, so memory grows with the tables, not with the corpus' raw text twice.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..records import Extracted, Facts, Segmented, Themed, from_json
from ..store import DocumentRow, Store, atomic_write

VERSION = "1"
TABLE_NAMES = ("documents", "paragraphs", "themes", "facts", "dictum", "questions", "tables")


def doc_id(path: str) -> str:
    """A stable id from the corpus-relative path (used in page names and table joins)."""
    return hashlib.sha256(path.encode("utf-8")).hexdigest()[:12]


def _number(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def document_record(row: DocumentRow, store: Store) -> dict:
    """The contract record of one document (see resources/documents.schema.json)."""
    record = {"path": row.path, "id": doc_id(row.path), "status": row.status, "error": None, "error_kind": None,
              "format": None, "doc_type": None, "municipality": None, "date": None, "title": None, "pages": 0,
              "paragraphs": [], "doc_themes": [], "facts": [], "dictum": [], "questions": [], "tables": [],
              "warnings": [], "evidence": {}}
    if row.status == "error":
        record.update(error=f"{row.error_stage}: {row.error}", error_kind=row.error_kind)
    loaded = {}
    for stage, cls in (("extract", Extracted), ("segment", Segmented), ("themes", Themed), ("facts", Facts)):
        key = row.keys.get(stage)
        if key is None or row.error_stage == stage:
            break
        loaded[stage] = from_json(cls, store.load(stage, key))
    if "extract" in loaded:
        extracted: Extracted = loaded["extract"]
        record.update(format=extracted.format, pages=len(extracted.pages), warnings=list(extracted.warnings),
                      tables=[{"page": t.page, "caption": t.caption, "header": t.header, "rows": t.rows}
                              for t in extracted.tables])
        if any(p.needs_ocr for p in extracted.pages):
            record["needs_ocr"] = [p.number for p in extracted.pages if p.needs_ocr]
    if "segment" in loaded:
        seg: Segmented = loaded["segment"]
        themed: Themed | None = loaded.get("themes")
        tags = themed.paragraph_tags if themed else [[] for _ in seg.paragraphs]
        record.update(doc_type=seg.doc_type, municipality=seg.municipality, date=seg.date, title=seg.title,
                      dictum=list(seg.dictum), evidence=dict(seg.evidence),
                      questions=[{"number": q.number, "question": q.question, "answer": q.answer, "page": q.page}
                                 for q in seg.questions],
                      paragraphs=[{"text": p.text, "page": p.page,
                                   "themes": [{"id": t.id, "score": t.score, "evidence": t.evidence} for t in ts]}
                                  for p, ts in zip(seg.paragraphs, tags, strict=True)],
                      doc_themes=list(themed.doc_themes) if themed else [])
    if "facts" in loaded:
        record["facts"] = [{"kind": f.kind, "value": _number(f.value), "unit": f.unit, "text": f.text,
                            "subject": f.subject, "page": f.page, "paragraph": f.paragraph, "themes": f.themes,
                            "indicator": f.indicator} for f in loaded["facts"].facts]
    return record


def document_records(store: Store, rows: dict[str, DocumentRow]) -> Iterator[dict]:
    """The records of `rows` in path order, read one at a time."""
    for path in sorted(rows):
        yield document_record(rows[path], store)


@dataclass
class Tables:
    documents: pd.DataFrame
    paragraphs: pd.DataFrame
    themes: pd.DataFrame
    facts: pd.DataFrame
    dictum: pd.DataFrame
    questions: pd.DataFrame
    tables: pd.DataFrame


def collect(records: Iterator[dict], jsonl_path: Path) -> Tables:
    """Write every record as one JSON line and flatten it into the tidy tables."""
    rows: dict[str, list[dict]] = {name: [] for name in TABLE_NAMES}
    jsonl_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = jsonl_path.with_name(jsonl_path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
            _flatten(record, rows)
    tmp.replace(jsonl_path)
    return Tables(**{name: pd.DataFrame(rows[name], columns=COLUMNS[name]) for name in TABLE_NAMES})


def update(published: Path, earlier: list[str], fresh: set[str], record_of: Callable[[str], dict], paths: list[str],
           jsonl_path: Path) -> Tables:
    """`collect` for a corpus that changed little since the version whose data folder is `published`:
    `earlier` are the paths it holds (sorted: the order of its documents.jsonl), `fresh` the paths added
    or changed since (their records come from `record_of`, one at a time), `paths` every path now. Unchanged documents' lines are copied and
    their table rows taken from the published Parquet files, so the work follows the change; the
    result is what `collect` gives for the same records (tests/test_incremental.py compares the bytes).
    Raises ValueError when the published files do not match `earlier`."""
    now = set(paths)
    published = Path(published)
    rows: dict[str, list[dict]] = {name: [] for name in TABLE_NAMES}  # of the fresh documents
    jsonl_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = jsonl_path.with_name(jsonl_path.name + ".tmp")
    with (published / "documents.jsonl").open(encoding="utf-8") as source, tmp.open("w", encoding="utf-8") as out:
        lines = iter(source)
        old = {}  # the published lines still to be placed (a merge of two sorted lists keeps this small)
        pending = iter(earlier)
        for path in paths:
            if path in fresh:
                record = record_of(path)
                out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
                _flatten(record, rows)
                continue
            while path not in old:
                line, known = next(lines, None), next(pending, None)
                if line is None or known is None or f'"path": {json.dumps(known, ensure_ascii=False)}, ' not in line:
                    raise ValueError(f"{published / 'documents.jsonl'} does not list the documents it was made of")
                if known in now and known not in fresh:
                    old[known] = line
            out.write(old.pop(path))
    tmp.replace(jsonl_path)
    rank = {doc_id(p): i for i, p in enumerate(paths)}
    keep = {doc_id(p) for p in earlier if p in now and p not in fresh}
    tables = {}
    for name in TABLE_NAMES:
        before = pd.read_parquet(published / f"{name}.parquet")
        parts = [part for part in (before[before.doc_id.isin(keep)], pd.DataFrame(rows[name], columns=COLUMNS[name]))
                 if not part.empty]
        if not parts:
            tables[name] = pd.DataFrame([], columns=COLUMNS[name])
            continue
        frame = pd.concat(parts, ignore_index=True)
        frame = frame.iloc[frame.doc_id.map(rank).to_numpy().argsort(kind="stable")].reset_index(drop=True)
        tables[name] = frame.apply(_as_collected)
    return Tables(**tables)


def _as_collected(column: pd.Series) -> pd.Series:
    """A column typed as `collect` types it, from its values: a concatenation keeps the types of its parts,
    which can differ from those of the values that remain (years of a float column once the undated
    document is gone, a text column whose last text was removed)."""
    if column.dtype in ("int64", "bool"):
        return column  # no missing values on either side: the type of the values
    return pd.Series(plain_values(column), index=column.index, name=column.name)


def plain_values(column: pd.Series) -> list:
    """The values of a column as Python objects, None where missing."""
    if column.dtype.kind == "M":  # to_numpy keeps NaT
        return column.astype(object).where(column.notna(), None).tolist()
    return column.to_numpy(dtype=object, na_value=None).tolist()


COLUMNS = {
    "documents": ["doc_id", "path", "status", "error_kind", "error", "format", "doc_type", "municipality", "date",
                  "year", "title", "pages", "paragraphs", "facts", "doc_themes", "warnings", "motion_status",
                  "vote_tally"],
    "paragraphs": ["doc_id", "paragraph", "page", "text", "themes"],
    "themes": ["doc_id", "paragraph", "page", "theme", "score", "evidence"],
    "facts": ["doc_id", "paragraph", "page", "kind", "value", "unit", "text", "subject", "themes", "indicator",
              "municipality", "doc_type", "date"],
    "dictum": ["doc_id", "item", "text"],
    "questions": ["doc_id", "number", "question", "answer", "answered", "page"],
    "tables": ["doc_id", "table", "page", "caption", "row", "column", "row_label", "value"],
}


def _flatten(record: dict, rows: dict[str, list[dict]]) -> None:
    did = record["id"]
    date = record["date"]
    rows["documents"].append({
        "doc_id": did, "path": record["path"], "status": record["status"], "error_kind": record["error_kind"],
        "error": record["error"], "format": record["format"], "doc_type": record["doc_type"],
        "municipality": record["municipality"], "date": date, "year": int(date[:4]) if date else None,
        "title": record["title"], "pages": record["pages"], "paragraphs": len(record["paragraphs"]),
        "facts": len(record["facts"]), "doc_themes": ";".join(record["doc_themes"]),
        "warnings": "; ".join(record["warnings"]), "motion_status": record["evidence"].get("motion_status"),
        "vote_tally": record["evidence"].get("vote_tally")})
    for index, paragraph in enumerate(record["paragraphs"]):
        rows["paragraphs"].append({"doc_id": did, "paragraph": index, "page": paragraph["page"],
                                   "text": paragraph["text"],
                                   "themes": ";".join(t["id"] for t in paragraph["themes"])})
        for tag in paragraph["themes"]:
            rows["themes"].append({"doc_id": did, "paragraph": index, "page": paragraph["page"], "theme": tag["id"],
                                   "score": tag["score"], "evidence": "; ".join(tag["evidence"])})
    for fact in record["facts"]:
        rows["facts"].append({"doc_id": did, "paragraph": fact["paragraph"], "page": fact["page"],
                              "kind": fact["kind"], "value": str(fact["value"]), "unit": fact["unit"],
                              "text": fact["text"], "subject": fact["subject"], "themes": ";".join(fact["themes"]),
                              "indicator": fact["indicator"], "municipality": record["municipality"],
                              "doc_type": record["doc_type"], "date": date})
    for index, item in enumerate(record["dictum"]):
        rows["dictum"].append({"doc_id": did, "item": index + 1, "text": item})
    for question in record["questions"]:
        rows["questions"].append({"doc_id": did, "number": question["number"], "question": question["question"],
                                  "answer": question["answer"], "answered": question["answer"] is not None,
                                  "page": question["page"]})
    for t_index, table in enumerate(record["tables"]):
        for r_index, row in enumerate(table["rows"]):
            for c_index, cell in enumerate(row[1:], start=1):
                column = table["header"][c_index] if c_index < len(table["header"]) else str(c_index)
                rows["tables"].append({"doc_id": did, "table": t_index, "page": table["page"],
                                       "caption": table["caption"], "row": r_index, "column": column,
                                       "row_label": row[0] if row else "", "value": cell})


def write_tables(tables: Tables, folder: Path) -> None:
    """Each table as CSV (for a spreadsheet) and Parquet (typed, for pandas)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in TABLE_NAMES:
        frame: pd.DataFrame = getattr(tables, name)
        atomic_write(folder / f"{name}.csv", frame.to_csv(index=False).encode("utf-8"))
        frame.to_parquet(folder / f"{name}.parquet", index=False)


def read_tables(folder: Path) -> Tables:
    """The tidy tables an earlier run wrote (Parquet keeps the types)."""
    return Tables(**{name: pd.read_parquet(Path(folder) / f"{name}.parquet") for name in TABLE_NAMES})


def previous_documents(folder: Path) -> pd.DataFrame | None:
    """The documents table of the run before this one, read before it is replaced (None at the first run)."""
    path = Path(folder) / "documents.parquet"
    try:
        return pd.read_parquet(path) if path.exists() else None
    except (OSError, ValueError):
        return None
