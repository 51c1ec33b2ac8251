"""Crash-safe storage of stage results and the run index.

A stage result is a JSON file under `results/<stage>/<ab>/<key>.json`, written to a temp file
and moved into place with `os.replace`; it counts only once its row is committed in the SQLite
index (one transaction per document). A run killed at any moment therefore leaves at most
orphan files, never a half-written result. SQLite is used because it ships with Python, needs no
server, and its transactions are atomic across processes on one machine.
"""
from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    key TEXT PRIMARY KEY, stage TEXT NOT NULL, output_hash TEXT NOT NULL, ok INTEGER NOT NULL, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    path TEXT PRIMARY KEY, sha256 TEXT NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    keys TEXT NOT NULL, status TEXT NOT NULL, error_stage TEXT, error_kind TEXT, error TEXT,
    run_id INTEGER, updated REAL NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT, corpus TEXT, started REAL, ended REAL, status TEXT,
    documents INTEGER DEFAULT 0, processed INTEGER DEFAULT 0, fresh INTEGER DEFAULT 0, failed INTEGER DEFAULT 0,
    new INTEGER DEFAULT 0, changed INTEGER DEFAULT 0, removed INTEGER DEFAULT 0, stage_calls INTEGER DEFAULT 0);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT);
"""
# Run-history columns added after the first release; added to older stores on open.
RUN_COLUMNS = {"kind": "TEXT DEFAULT 'analyse'", "seconds": "REAL", "harvested": "INTEGER DEFAULT 0",
               "harvest_failed": "INTEGER DEFAULT 0", "message": "TEXT"}
COUNT_COLUMNS = ("documents", "processed", "fresh", "failed", "new", "changed", "removed", "stage_calls", "harvested",
                 "harvest_failed")


@dataclass(frozen=True)
class StageResult:
    """What a worker hands back for one stage of one document."""

    stage: str
    key: str
    output_hash: str
    ok: bool
    payload: str  # canonical JSON of the output record or of the Failure


@dataclass(frozen=True)
class DocumentRow:
    path: str
    sha256: str
    size: int
    mtime_ns: int
    keys: dict[str, str]  # stage -> result key
    status: str  # ok | error
    error_stage: str | None
    error_kind: str | None
    error: str | None


def _file_mode() -> int:
    """The mode a plain open() would give a new file (0666 minus the umask), so report pages stay
    readable by a web server; mkstemp alone would make them 0600."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


FILE_MODE = _file_mode()


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temp file in the same folder, flush to disk, then rename over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), FILE_MODE)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Store:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.root / "index.sqlite", timeout=60, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        have = {row[1] for row in self.db.execute("PRAGMA table_info(runs)")}
        for name, decl in RUN_COLUMNS.items():
            if name not in have:
                self.db.execute(f"ALTER TABLE runs ADD COLUMN {name} {decl}")

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # --- results ---------------------------------------------------------------------
    def result_path(self, stage: str, key: str) -> Path:
        return self.root / "results" / stage / key[:2] / f"{key}.json"

    def known_results(self) -> dict[str, tuple[str, bool]]:
        """key -> (output hash, ok) of every committed result."""
        return {k: (h, bool(ok)) for k, h, ok in self.db.execute("SELECT key, output_hash, ok FROM results")}

    def load(self, stage: str, key: str) -> dict:
        return json.loads(self.result_path(stage, key).read_text(encoding="utf-8"))

    def save_document(self, row: DocumentRow, results: Iterable[StageResult], run_id: int) -> None:
        """Files first (atomic renames), then one transaction: the document is stored or it is not."""
        results = list(results)
        for result in results:
            path = self.result_path(result.stage, result.key)
            if not path.exists():
                atomic_write(path, result.payload.encode("utf-8"))
        now = time.time()
        with self.transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO results (key, stage, output_hash, ok, created) VALUES (?, ?, ?, ?, ?)",
                [(r.key, r.stage, r.output_hash, int(r.ok), now) for r in results])
            db.execute(
                "INSERT OR REPLACE INTO documents (path, sha256, size, mtime_ns, keys, status, error_stage, "
                "error_kind, error, run_id, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (row.path, row.sha256, row.size, row.mtime_ns, json.dumps(row.keys), row.status, row.error_stage,
                 row.error_kind, row.error, run_id, now))

    # --- documents -------------------------------------------------------------------
    def documents(self) -> dict[str, DocumentRow]:
        rows = self.db.execute("SELECT path, sha256, size, mtime_ns, keys, status, error_stage, error_kind, error "
                               "FROM documents")
        return {r[0]: DocumentRow(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5], r[6], r[7], r[8]) for r in rows}

    def forget_documents(self, paths: Iterable[str]) -> None:
        with self.transaction() as db:
            db.executemany("DELETE FROM documents WHERE path = ?", [(p,) for p in paths])

    # --- runs and settings -----------------------------------------------------------
    def start_run(self, corpus: str, kind: str = "analyse") -> int:
        """A new row in the run history; rows left 'running' by a killed run are marked 'killed' (the caller
        holds the output folder's lock, so no other run can be active)."""
        with self.transaction() as db:
            db.execute("UPDATE runs SET status = 'killed' WHERE status = 'running'")
            cursor = db.execute("INSERT INTO runs (corpus, started, status, kind) VALUES (?, ?, 'running', ?)",
                                (corpus, time.time(), kind))
            return int(cursor.lastrowid)

    def finish_run(self, run_id: int, status: str, counts: dict[str, int], message: str | None = None) -> None:
        values = [counts.get(c, 0) for c in COUNT_COLUMNS]
        now = time.time()
        with self.transaction() as db:
            db.execute(f"UPDATE runs SET ended = ?, seconds = ? - started, status = ?, message = ?, "
                       f"{', '.join(c + ' = ?' for c in COUNT_COLUMNS)} WHERE id = ?",
                       (now, now, status, message, *values, run_id))

    def runs(self, limit: int = 20) -> list[dict]:
        cursor = self.db.execute("SELECT * FROM runs ORDER BY id DESC LIMIT ?", (limit,))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    def get_meta(self, name: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def set_meta(self, name: str, value: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)", (name, value))
