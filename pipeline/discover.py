"""Walk a corpus folder: every input file becomes a Source with its content hash and metadata.

Metadata comes only from what a user supplies: a sidecar `<file>.meta.json` and the name of
the parent folder (which segment may accept as a municipality). File names are never read
for answers.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from pathlib import Path

from .records import Source

SIDECAR_SUFFIX = ".meta.json"
SKIPPED_NAMES = {"README.md", "labels.jsonl", ".gitkeep", ".DS_Store", "Thumbs.db"}
SKIPPED_DIRS = {"labels"}  # corpus/labels/ holds user labels for training, not documents


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_sidecar(path: Path) -> tuple[dict, str | None]:
    """The sidecar's metadata, or an empty dict and a warning when it is not valid JSON."""
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if not sidecar.exists():
        return {}, None
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return {}, f"sidecar {sidecar.name} ignored: {exc}"
    if not isinstance(data, dict):
        return {}, f"sidecar {sidecar.name} ignored: not a JSON object"
    return data, None


def corpus_files(corpus: Path) -> Iterator[Path]:
    """Input files under `corpus` in a stable order; hidden files, sidecars and label files skipped."""
    for path in sorted(corpus.rglob("*")):
        rel = path.relative_to(corpus)
        if any(part.startswith(".") for part in rel.parts) or any(p in SKIPPED_DIRS for p in rel.parts[:-1]):
            continue
        if not path.is_file() or path.name in SKIPPED_NAMES or path.name.endswith(SIDECAR_SUFFIX):
            continue
        yield path


def discover(corpus: Path, known: Mapping[str, tuple[int, int, str]] | None = None) -> Iterator[Source]:
    """Sources under `corpus`. `known` maps path -> (size, mtime_ns, sha256) to skip re-hashing."""
    known = known or {}
    for path in corpus_files(corpus):
        rel = path.relative_to(corpus).as_posix()
        stat = path.stat()
        cached = known.get(rel)
        if cached and cached[0] == stat.st_size and cached[1] == stat.st_mtime_ns:
            sha = cached[2]
        else:
            sha = file_sha256(path)
        meta, warning = read_sidecar(path)
        meta = dict(meta)
        if path.parent != corpus:
            meta.setdefault("folder", path.parent.name)
        if warning:
            meta["sidecar_warning"] = warning
        yield Source(path=rel, sha256=sha, size=stat.st_size, mtime_ns=stat.st_mtime_ns, meta=meta)
