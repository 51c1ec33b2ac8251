"""The pipeline's wiring in one list, and how a stage result is keyed.

    discover -> extract -> segment -> themes -> facts   (per document, cached, in workers)
             -> aggregate -> render                     (over the corpus, in the coordinator)

A per-document result is keyed by sha256 of: the stage name, its explicit VERSION, its config
slice, the hashes of its inputs (the upstream stage's *output*, so a version bump that changes
nothing does not cascade) and the hashes of the resource files and models it reads.
"""
from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from . import extract, facts, segment, themes
from .config import Config
from .records import Extracted, Facts, Failure, Segmented, Source, Themed, content_hash, dumps, from_json
from .store import StageResult


@dataclass(frozen=True)
class Stage:
    name: str
    version: str
    fn: Callable[..., Any]
    inputs: tuple[str, ...]  # upstream stages whose outputs this stage reads ("source" = the file)
    output: type
    resources: tuple[str, ...] = field(default=())  # files in pipeline/resources (or models/...) this stage reads
    meta: bool = False  # reads the metadata a user supplied (sidecar, folder): part of its key


def _extract(ctx: Context, source: Source, data: bytes) -> Extracted:
    return extract.run(data, source, ctx.config.extract)


def _segment(ctx: Context, source: Source, extracted: Extracted) -> Segmented:
    return segment.run(extracted, source, ctx.config.segment)


def _themes(ctx: Context, source: Source, segmented: Segmented) -> Themed:
    return themes.run(segmented, ctx.tagger(), ctx.config.themes)


def _facts(ctx: Context, source: Source, segmented: Segmented, themed: Themed, extracted: Extracted) -> Facts:
    return facts.run(segmented, themed, ctx.config.facts, tables=extracted.tables)


STAGES = [
    Stage("extract", extract.VERSION, _extract, ("source",), Extracted),
    Stage("segment", segment.VERSION, _segment, ("extract",), Segmented, ("municipalities.csv",), meta=True),
    Stage("themes", themes.VERSION, _themes, ("segment",), Themed, themes.RESOURCE_FILES),
    Stage("facts", facts.VERSION, _facts, ("segment", "themes", "extract"), Facts, ("indicators.toml",)),
]
BY_NAME = {s.name: s for s in STAGES}


@cache
def resource_hash(names: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    for name in names:
        digest.update(name.encode())
        digest.update(_resource_bytes(name))
    return digest.hexdigest()


def _resource_bytes(name: str) -> bytes:
    """A packaged resource, or a trained model under models/ (hashed so retraining reruns its stage)."""
    if name.startswith("models/"):
        path = Path(__file__).resolve().parent.parent / name
        return path.read_bytes() if path.exists() else b"missing"
    return resources.files("pipeline.resources").joinpath(name).read_bytes()


def stage_key(stage: Stage, config: Config, input_hashes: list[str]) -> str:
    recipe = [stage.name, stage.version, config.section(stage.name), input_hashes, resource_hash(stage.resources)]
    return hashlib.sha256(json.dumps(recipe, sort_keys=True, default=str).encode()).hexdigest()


def source_hash(source: Source) -> str:
    """The file's bytes plus the metadata a user supplied (sidecar, folder): both feed segment."""
    meta = {k: v for k, v in source.meta.items() if k != "sidecar_warning"}
    return content_hash(source.sha256 + json.dumps(meta, sort_keys=True, default=str))


def meta_hash(source: Source) -> str:
    """Identical files with different sidecars (one paper filed by two municipalities) must not share
    the results of stages that read the metadata."""
    meta = {k: v for k, v in source.meta.items() if k != "sidecar_warning"}
    return content_hash(json.dumps(meta, sort_keys=True, default=str))


def _inputs(stage: Stage, source: Source, hashes: dict[str, str]) -> list[str]:
    return [hashes[i] for i in stage.inputs] + ([meta_hash(source)] if stage.meta else [])


def plan_keys(source: Source, config: Config, known: dict[str, tuple[str, bool]]) -> tuple[dict[str, str], bool]:
    """Keys of the stages this document needs, as far as committed results let us compute them,
    and whether every stage is already done (a failed stage ends the chain: it is done too)."""
    outputs = {"source": source_hash(source)}
    keys: dict[str, str] = {}
    for stage in STAGES:
        key = stage_key(stage, config, _inputs(stage, source, outputs))
        keys[stage.name] = key
        if key not in known:
            return keys, False
        output_hash, ok = known[key]
        if not ok:
            return keys, True
        outputs[stage.name] = output_hash
    return keys, True


@dataclass
class Context:
    """What a worker process loads once and reuses: config and models."""

    config: Config

    def matcher(self) -> themes.Matcher:
        return _matcher()

    def tagger(self) -> themes.Tagger:
        return _tagger()


@cache
def _matcher() -> themes.Matcher:
    return themes.build_matcher(themes.load_taxonomy())


@cache
def _tagger() -> themes.Tagger:
    """The rules and the trained model, loaded once per process (a bad model file fails every
    document's themes stage with the reason and what to do, not the run)."""
    return themes.Tagger(_matcher(), themes.load_model())


@dataclass(frozen=True)
class Outcome:
    """A worker's answer for one document: results to store, and how many stages it ran."""

    path: str
    results: list[StageResult]
    keys: dict[str, str]
    stage_calls: int
    failure: Failure | None
    seconds: float


def failure_of(stage: str, exc: BaseException) -> Failure:
    kind = getattr(exc, "kind", None) or ("internal" if not isinstance(exc, MemoryError) else "memory")
    message = str(exc) or exc.__class__.__name__
    if kind == "internal":
        message = f"{exc.__class__.__name__}: {message}"
    return Failure(stage=stage, kind=kind, message=message)


def process_document(source: Source, corpus: str, store_root: str, config: Config,
                     known: dict[str, tuple[str, bool]]) -> Outcome:
    """Run the per-document stages that have no stored result; read the others from the store.

    Runs in a worker: it only reads the store; the coordinator writes what it returns."""
    started = time.monotonic()
    ctx = Context(config)
    outputs: dict[str, Any] = {}
    hashes = {"source": source_hash(source)}
    results: list[StageResult] = []
    keys: dict[str, str] = {}
    calls = 0
    for stage in STAGES:
        key = stage_key(stage, config, _inputs(stage, source, hashes))
        keys[stage.name] = key
        if key in known:
            output_hash, ok = known[key]
            stored = _load(store_root, stage.name, key) if ok else None
            if ok and stored is not None:
                hashes[stage.name] = output_hash
                outputs[stage.name] = stored
                continue
        try:
            if stage.inputs == ("source",):
                args = [(Path(corpus) / source.path).read_bytes()]
            else:
                args = [outputs[name] for name in stage.inputs]
            calls += 1
            output = stage.fn(ctx, source, *args)
        except Exception as exc:  # noqa: BLE001 - every failure becomes data, the run goes on
            failure = failure_of(stage.name, exc)
            payload = dumps(failure)
            results.append(StageResult(stage.name, key, content_hash(payload), False, payload))
            return Outcome(source.path, results, keys, calls, failure, time.monotonic() - started)
        payload = dumps(output)
        hashes[stage.name] = content_hash(payload)
        outputs[stage.name] = output
        results.append(StageResult(stage.name, key, hashes[stage.name], True, payload))
    return Outcome(source.path, results, keys, calls, None, time.monotonic() - started)


def _load(store_root: str, stage: str, key: str) -> Any:
    path = Path(store_root) / "results" / stage / key[:2] / f"{key}.json"
    try:
        return from_json(BY_NAME[stage].output, json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None  # missing or unreadable: the stage runs again

