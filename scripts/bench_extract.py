#!/usr/bin/env python3
"""Benchmark of the extract stage against a plain pdfplumber loop.

Renders a 100-page and a 500-page council-style PDF with ../shared/tools/make_pdfs.py (cached
in the system temp folder), then measures, each in its own subprocess so peak RSS is per
measurement: raadslens' extract stage, and pdfplumber extract_text + extract_tables on every
page. Prints pages/s, peak RSS and the speed ratio, and whether both found the same tables with
the same cell text.

usage: python scripts/bench_extract.py [--pages 100 500] [--shared ../shared]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
INPUTS = 10  # synthetic documents of the labelled corpus fed to the renderer


def render(shared: Path, pages: int) -> Path:
    out = Path(tempfile.gettempdir()) / "raadslens-bench"
    target = out / f"council_{pages}p.pdf"
    if target.exists():
        return target
    docs = sorted((shared / "corpus" / "docs").rglob("*.txt"))[:INPUTS]
    if not docs:
        raise SystemExit(f"no .txt files under {shared / 'corpus' / 'docs'}")
    subprocess.run([sys.executable, str(shared / "tools" / "make_pdfs.py"), *map(str, docs), "--out", str(out),
                    "--combine", target.stem, "--pages", str(pages)], check=True, capture_output=True)
    return target


def measure_raadslens(path: Path) -> dict:
    from pipeline import extract
    from pipeline.config import ExtractConfig
    from pipeline.records import Source

    data = path.read_bytes()
    started = time.perf_counter()
    result = extract.run(data, Source(path=path.name, sha256="", size=len(data)), ExtractConfig())
    seconds = time.perf_counter() - started
    cells = [[t.page, [_squash(c) for row in [t.header, *t.rows] for c in row]] for t in result.tables]
    return {"pages": len(result.pages), "seconds": seconds, "tables": cells}


def _squash(cell: str | None) -> str:
    """Cell text without spaces, so line wrapping inside a cell does not count as a difference."""
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", cell or "").split())


def measure_pdfplumber(path: Path) -> dict:
    import pdfplumber

    started = time.perf_counter()
    tables, pages = [], 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            tables += [[page.page_number, t] for t in page.extract_tables() if len(t) >= 2]
            pages += 1
            page.close()
    seconds = time.perf_counter() - started
    cells = [[number, [_squash(c) for row in t for c in row]] for number, t in tables]
    return {"pages": pages, "seconds": seconds, "tables": cells}


def child(kind: str, path: Path) -> None:
    result = (measure_raadslens if kind == "raadslens" else measure_pdfplumber)(path)
    result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps(result))


def run_child(kind: str, path: Path) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", kind, str(path)], check=True, capture_output=True,
                          text=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[100, 500])
    parser.add_argument("--shared", type=Path, default=Path(os.environ.get("RAADSLENS_SHARED", REPO.parent / "shared")))
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PDF"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return 0
    print("extract bench: raadslens extract stage vs plain pdfplumber extract_text + extract_tables")
    print(f"{'pages':>5} {'raadslens p/s':>14} {'RSS MB':>7} {'pdfplumber p/s':>15} {'RSS MB':>7} "
          f"{'ratio':>6}  tables (cell for cell)")
    for pages in args.pages:
        path = render(args.shared, pages)
        ours = run_child("raadslens", path)
        plain = run_child("pdfplumber", path)
        ours_rate, plain_rate = ours["pages"] / ours["seconds"], plain["pages"] / plain["seconds"]
        same = (f"{len(ours['tables'])} same" if ours["tables"] == plain["tables"]
                else f"differ: {len(ours['tables'])} vs {len(plain['tables'])}")
        print(f"{pages:>5} {ours_rate:>14.1f} {ours['rss_mb']:>7.0f} {plain_rate:>15.1f} {plain['rss_mb']:>7.0f} "
              f"{ours_rate / plain_rate:>5.1f}x  {same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
