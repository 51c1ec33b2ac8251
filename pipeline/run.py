"""Planning and execution of a run: what is fresh, what must be (re)processed, and publishing.

Only the coordinator (this module) writes to the store; per-document work goes through a
`concurrent.futures.Executor`: serial by default, a local process pool with `workers > 1`, or a
Dask cluster (`dask="tcp://host:8786"`). One run at a time per output folder (an exclusive lock).

The report is rendered into a new version folder and swapped in atomically (publish.py).
"""
from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__, aggregate, incremental, publish
from .config import Config
from .discover import discover
from .executors import DaskExecutor, SerialExecutor, make_executor  # noqa: F401 - part of this interface
from .lock import Busy, locked  # noqa: F401 - Busy is part of this module's interface
from .publish import KEEP_VERSIONS, SITE_DIR  # noqa: F401
from .records import Failure, Source, from_json
from .stages import STAGES, Outcome, plan_keys, process_document
from .store import DocumentRow, Store

log = logging.getLogger("raadslens")
STORE_DIR = ".raadslens"


@dataclass
class Summary:
    run_id: int
    documents: int = 0
    processed: int = 0
    fresh: int = 0
    failed: int = 0
    new: int = 0
    changed: int = 0
    removed: int = 0
    stage_calls: int = 0
    harvested: int = 0
    harvest_failed: int = 0
    kind: str = "analyse"
    rendered: bool = False
    seconds: float = 0.0
    render_seconds: float = 0.0  # aggregate + render + publish
    aggregate_seconds: float = 0.0  # of which documents.jsonl and the tables
    pages_written: int = 0
    pages_linked: int = 0  # unchanged pages taken over from the previous version (incremental.build)
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # path, kind, message

    def line(self) -> str:
        return (f"{self.documents} documents: {self.processed} processed ({self.new} new, {self.changed} changed), "
                f"{self.fresh} fresh, {self.failed} failed, {self.removed} removed; "
                f"{self.stage_calls} stage calls; report {'rendered' if self.rendered else 'unchanged'}; "
                f"{self.seconds:.1f} s")

    def counts(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in ("documents", "processed", "fresh", "failed", "new", "changed",
                                              "removed", "stage_calls", "harvested", "harvest_failed")}


def exclusive(out: Path):
    """The lock on an output folder: one run at a time (raises Busy when another run holds it)."""
    return locked(Path(out).resolve() / STORE_DIR / "lock", f"another raadslens run is using {Path(out)}")


def setup_logging(out: Path, run_id: int) -> logging.Handler:
    logs = out / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(logs / f"run-{run_id:05d}.log", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return handler


def analyse(corpus: Path, out: Path, config: Config, workers: int = 1, executor: Executor | None = None,
            progress: bool = True, dask: str | None = None, kind: str = "analyse",
            harvest: dict[str, int] | None = None) -> Summary:
    """Bring `out` up to date with `corpus`: process what is new or changed, then render.

    Holds the output folder's lock for the whole run (raises Busy when another run has it).
    `kind` and `harvest` (counts from the harvester) only go into the run history."""
    corpus, out = Path(corpus).resolve(), Path(out).resolve()
    if not corpus.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {corpus}")
    with exclusive(out):
        return _analyse(corpus, out, config, workers, executor, progress, dask, kind, harvest or {})


def _analyse(corpus: Path, out: Path, config: Config, workers: int, executor: Executor | None, progress: bool,
             dask: str | None, kind: str, harvest: dict[str, int]) -> Summary:
    started = time.monotonic()
    store = Store(out / STORE_DIR)
    run_id = store.start_run(str(corpus), kind)
    handler = setup_logging(out, run_id)
    summary = Summary(run_id=run_id, kind=kind, harvested=harvest.get("harvested", 0),
                      harvest_failed=harvest.get("harvest_failed", 0))
    try:
        log.info("run %d over %s (raadslens %s)", run_id, corpus, __version__)
        previous = store.documents()
        known_files = {p: (r.size, r.mtime_ns, r.sha256) for p, r in previous.items()}
        sources = list(discover(corpus, known_files))
        known = store.known_results()
        todo: list[tuple[Source, dict[str, str]]] = []
        final_keys: dict[str, dict[str, str]] = {}
        for source in sources:
            keys, done = plan_keys(source, config, known)
            row = previous.get(source.path)
            if done:
                summary.fresh += 1
                final_keys[source.path] = keys
                if row is None or row.keys != keys or row.sha256 != source.sha256 or row.mtime_ns != source.mtime_ns:
                    store.save_document(_row(source, keys, known, store), [], run_id)  # same content, moved or touched
            else:
                todo.append((source, keys))
                if row is None:
                    summary.new += 1
                elif row.sha256 != source.sha256:
                    summary.changed += 1
        removed = set(previous) - {s.path for s in sources}
        if removed:
            store.forget_documents(removed)
            summary.removed = len(removed)
        summary.documents = len(sources)
        log.info("%d documents: %d to process, %d fresh", len(sources), len(todo), summary.fresh)
        by_path = {s.path: s for s, _ in todo}
        own_executor = executor is None
        executor = executor or (make_executor(workers, dask) if todo else SerialExecutor())
        try:
            for outcome in _execute(executor, todo, corpus, store, config, known, progress):
                final_keys[outcome.path] = outcome.keys
                source = by_path[outcome.path]
                known.update({r.key: (r.output_hash, r.ok) for r in outcome.results})
                store.save_document(_row(source, outcome.keys, known, store, outcome.failure), outcome.results, run_id)
                summary.processed += 1
                summary.stage_calls += outcome.stage_calls
                if outcome.failure:
                    log.warning("%s: %s failed (%s): %s", outcome.path, outcome.failure.stage,
                                outcome.failure.kind, outcome.failure.message)
                else:
                    log.info("%s: processed in %.2f s", outcome.path, outcome.seconds)
        finally:
            if own_executor:
                executor.shutdown()
        rows = store.documents()
        summary.failed = sum(1 for r in rows.values() if r.status == "error")
        summary.failures = sorted((r.path, r.error_kind or "", r.error or "") for r in rows.values()
                                  if r.status == "error")
        fingerprint = _fingerprint(rows, config)
        if fingerprint != store.get_meta("rendered") or not (out / "index.html").exists():
            log.info("render: publishing a new version of the report")
            render_started = time.monotonic()
            _publish(out, store, rows, config, run_id, summary)
            summary.render_seconds = time.monotonic() - render_started
            store.set_meta("rendered", fingerprint)
            summary.rendered = True
        summary.seconds = time.monotonic() - started
        store.finish_run(run_id, "ok", summary.counts())
        try:
            publish.write_history(out, store)
        except (OSError, ValueError) as exc:  # the run itself is complete and recorded
            log.warning("could not write runs.html: %s", exc)
        log.info(summary.line())
        return summary
    except BaseException as exc:
        summary.seconds = time.monotonic() - started
        store.finish_run(run_id, "failed", summary.counts(), f"{exc.__class__.__name__}: {exc}")
        log.exception("run %d failed", run_id)
        raise
    finally:
        log.removeHandler(handler)
        handler.close()
        store.close()


def _execute(executor: Executor, todo, corpus: Path, store: Store, config: Config, known,
             progress: bool) -> Iterator[Outcome]:
    from tqdm import tqdm

    jobs = iter(todo)
    window = getattr(executor, "window", 64)  # documents in flight: bounds memory and what a kill loses
    pending: set[Future] = set()

    def fill() -> None:
        for source, keys in jobs:
            subset = {k: known[k] for k in keys.values() if k in known}
            pending.add(executor.submit(process_document, source, str(corpus), str(store.root), config, subset))
            if len(pending) >= window:
                return

    bar = tqdm(total=len(todo), unit="doc", disable=not progress or not todo, desc="analyse")
    try:
        fill()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                pending.discard(future)
                bar.update(1)
                yield future.result()
            fill()
    finally:
        bar.close()


def _row(source: Source, keys: dict[str, str], known: dict[str, tuple[str, bool]], store: Store,
         failure: Failure | None = None) -> DocumentRow:
    """The index row of a document whose stage results are all committed (or about to be)."""
    error_stage = next((s.name for s in STAGES if keys.get(s.name) in known and not known[keys[s.name]][1]), None)
    if error_stage is None:
        return DocumentRow(source.path, source.sha256, source.size, source.mtime_ns, keys, "ok", None, None, None)
    if failure is None:
        failure = from_json(Failure, store.load(error_stage, keys[error_stage]))
    return DocumentRow(source.path, source.sha256, source.size, source.mtime_ns, keys, "error", error_stage,
                       failure.kind, failure.message)


def _fingerprint(rows: dict[str, DocumentRow], config: Config) -> str:
    """The documents and everything else that shapes the report (also its code: a new release re-renders)."""
    state = sorted((p, r.status, json.dumps(r.keys, sort_keys=True)) for p, r in rows.items())
    payload = json.dumps([incremental.render_key(config), state])
    return hashlib.sha256(payload.encode()).hexdigest()


def _publish(out: Path, store: Store, rows: dict[str, DocumentRow], config: Config, run_id: int,
             summary: Summary) -> None:
    """Render a complete new version, then make it the published one with a single atomic rename."""
    version = publish.new_version(out, run_id)
    runs = store.runs(10)
    for r in runs:  # the report shows this run as it will be when the report is published
        if r["id"] == run_id:
            r.update(summary.counts(), status="ok", ended=time.time())
            r["seconds"] = r["ended"] - r["started"]
    built = incremental.build(version, publish.current(out), store, rows, config, runs,
                              previous=aggregate.previous_documents(out / "data"))
    summary.aggregate_seconds, summary.pages_written, summary.pages_linked = (built.aggregate_seconds, built.written,
                                                                              built.linked)
    log.info("render: %s; %d documents changed; %d pages written, %d linked from the previous version; "
             "aggregate %.2f s, render %.2f s", "full" if built.full else "incremental", built.changed, built.written,
             built.linked, built.aggregate_seconds, built.render_seconds)
    publish.swap(out, version, run_id, len(rows))


def status(out: Path, corpus: Path | None, config: Config) -> list[dict]:
    """Per document: fresh, stale (would be reprocessed, and why), failed, or removed."""
    store = Store(Path(out) / STORE_DIR)
    try:
        previous = store.documents()
        known = store.known_results()
        report = []
        if corpus is None:
            for path, row in sorted(previous.items()):
                state = "failed" if row.status == "error" else "fresh"
                report.append({"path": path, "state": state, "why": _why_failed(row)})
            return report
        known_files = {p: (r.size, r.mtime_ns, r.sha256) for p, r in previous.items()}
        seen = set()
        for source in discover(Path(corpus), known_files):
            seen.add(source.path)
            keys, done = plan_keys(source, config, known)
            row = previous.get(source.path)
            if not done:
                if row is None:
                    why = "new document"
                elif row.sha256 != source.sha256:
                    why = "content changed"
                else:
                    first = next(s for s in STAGES if keys.get(s.name) != row.keys.get(s.name))
                    why = f"{first.name} changed (version, config or resources)"
                report.append({"path": source.path, "state": "stale", "why": why})
            elif row is not None and row.status == "error":
                report.append({"path": source.path, "state": "failed", "why": _why_failed(row)})
            else:
                report.append({"path": source.path, "state": "fresh", "why": ""})
        for path in sorted(set(previous) - seen):
            report.append({"path": path, "state": "removed", "why": "no longer in the corpus"})
        return report
    finally:
        store.close()


def _why_failed(row: DocumentRow) -> str:
    if row.status != "error" or not row.error_stage:
        return ""
    return f"{row.error_stage} {row.error_kind}: {row.error}"

