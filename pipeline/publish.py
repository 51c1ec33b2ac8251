"""Publishing the report atomically: a reader sees the old version or the new one, never a mix.

Each render goes into `OUT/.site/vNNNNN/` and ends with a manifest of its files; then the symlink
`OUT/.site/current` is pointed at it with one `rename()` (atomic on POSIX). The names users open
(`OUT/index.html`, `OUT/data`, ...) are fixed symlinks into `.site/current/`, so each path resolves
into one complete version. The previous version is kept for readers still in it; older versions
and renders cut short by a killed run are removed.
"""
from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

from .store import Store, atomic_write

SITE_DIR = ".site"  # OUT/.site/vNNNNN/ are rendered versions, OUT/.site/current the published one
KEEP_VERSIONS = 2  # the published version and the one before it (a reader may still be reading it)


def new_version(out: Path, run_id: int) -> Path:
    """An empty folder to render version `run_id` into."""
    version = out / SITE_DIR / f"v{run_id:05d}"
    shutil.rmtree(version, ignore_errors=True)
    version.mkdir(parents=True)
    return version


def current(out: Path) -> Path | None:
    """The folder of the published version (None before the first publish, or in the earlier layout)."""
    link = out / SITE_DIR / "current"
    if not link.is_symlink():
        return None
    version = link.resolve()
    return version if (version / ".manifest.json").exists() else None


def swap(out: Path, version: Path, run_id: int, documents: int) -> None:
    """Make the complete `version` the published one, then clean up."""
    site = out / SITE_DIR
    _write_manifest(version, run_id, documents)
    entries = sorted(e.name for e in version.iterdir() if not e.name.startswith("."))
    for name in entries:  # stable user-facing names; new ones dangle until the swap, like absent files
        _link(out / name, Path(SITE_DIR) / "current" / name)
    pointer = site / f".current-{run_id}"
    pointer.unlink(missing_ok=True)
    os.symlink(version.name, pointer)
    os.replace(pointer, site / "current")  # the swap: one rename, atomic on POSIX
    _fsync_dir(site)
    for link in out.iterdir():  # names the new version no longer has
        if link.is_symlink() and os.readlink(link).startswith(f"{SITE_DIR}/current/") and link.name not in entries:
            link.unlink()
    complete = sorted(p for p in site.glob("v*") if (p / ".manifest.json").exists() and p != version)
    keep = {version, *complete[-(KEEP_VERSIONS - 1):]}
    for old in site.glob("v*"):  # older versions, and parts of renders cut short by a killed run
        if old not in keep:
            shutil.rmtree(old, ignore_errors=True)
    for stale in site.glob(".current-*"):
        stale.unlink(missing_ok=True)


def _link(path: Path, target: Path) -> None:
    """Make `path` a symlink to `target`. A real file or folder there (the layout of earlier releases)
    is moved aside first; that one-time migration is the only moment the name is briefly absent."""
    if path.is_symlink():
        if os.readlink(path) == str(target):
            return
        path.unlink()
    elif path.exists():
        aside = path.parent / SITE_DIR / f"old-{path.name}"
        _remove(aside)
        os.replace(path, aside)
        _remove(aside)
    tmp = path.parent / f".{path.name}.link"
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    os.replace(tmp, path)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _write_manifest(version: Path, run_id: int, documents: int) -> None:
    """Every file of a version with its size: written last, so a version with a manifest is complete."""
    files = {p.relative_to(version).as_posix(): p.stat().st_size for p in sorted(version.rglob("*")) if p.is_file()}
    manifest = {"run": run_id, "documents": documents, "files": files}
    atomic_write(version / ".manifest.json", json.dumps(manifest, indent=0).encode())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_history(out: Path, store: Store) -> None:
    """`OUT/runs.html`: the run history, refreshed after every run (also when the report is unchanged)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(loader=PackageLoader("pipeline", "templates"), autoescape=True, undefined=StrictUndefined)
    env.filters["when"] = lambda t: time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(t)) if t else "—"
    html = env.get_template("runs.html.j2").render(runs=store.runs(200))
    atomic_write(out / "runs.html", html.encode("utf-8"))
    os.chmod(out / "runs.html", 0o644)  # a page to be served, like the report
