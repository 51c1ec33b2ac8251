#!/usr/bin/env python3
"""Scale benchmark: a synthetic corpus of 1,000 council papers, analysed serially, with a local
process pool of 2 workers and on a Dask LocalCluster of 2 workers; then the nightly run over the
unchanged corpus, after adding 10 new documents and after adding 100 more; and the same 10 new
documents added to a corpus half the size, to see how much of a nightly run grows with the corpus;
to that half plus the other half filed (by sidecar) under the half's municipalities the new documents
do not touch, to see what a document elsewhere in the corpus costs a night; and to that half plus the
other half filed under 50 other municipalities, to see what a municipality costs a night.

The corpus is built from the 45 sample texts in corpus/: each text is copied N times with a
distinct reference line (so no result is shared between copies), and one in ten documents is a
PDF rendered with ../shared/tools/make_pdfs.py (1 to 8 pages, letterhead, running headers, ruled
tables; one PDF in four is an 8-page bundle of three papers). Without ../shared (or RAADSLENS_SHARED) the corpus is text only, and the script says so.

    python scripts/bench_scale.py                 # the full benchmark (about 15 minutes on 2 cores)
    python scripts/bench_scale.py --docs 200      # a quicker look
    python scripts/bench_scale.py --nightly-only  # serial analysis and the nightly runs (no pool, no Dask)
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline import aggregate, incremental, nightly, run  # noqa: E402
from pipeline.config import Config  # noqa: E402
from pipeline.store import Store  # noqa: E402

SHARED = Path(os.environ.get("RAADSLENS_SHARED", REPO.parent / "shared"))
BUNDLE_PAGES = 8  # one PDF in four is an agenda bundle of three papers cut to this many pages


def samples() -> list[Path]:
    return sorted((REPO / "corpus").glob("*/*.txt"))


def build_corpus(folder: Path, docs: int) -> dict:
    """`docs` documents: text copies with a distinct reference line, and one in ten a rendered PDF."""
    texts = samples()
    make_pdfs = SHARED / "tools" / "make_pdfs.py"
    n_pdf = docs // 10 if make_pdfs.exists() else 0
    staging = folder.parent / "pdf-inputs"
    pdf_inputs = []
    for i in range(docs):
        text = texts[i % len(texts)]
        town = text.parent.name
        body = text.read_text(encoding="utf-8") + f"\n\nKenmerk: bench-{i:05d}\n"
        target = (staging / f"{town}-{i:05d}.txt") if i < n_pdf else (folder / town / f"{i:05d}-{text.name}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
        if i < n_pdf:
            pdf_inputs.append(target)
    natural = pdf_inputs[: 3 * n_pdf // 4]
    rest = pdf_inputs[len(natural):]
    for start in range(0, len(rest), 3):
        group = rest[start:start + 3]
        done = subprocess.run([sys.executable, str(make_pdfs), *map(str, group), "--out", str(folder / "pdf"),
                               "--no-truth", "--pages", str(BUNDLE_PAGES), "--combine", f"bundle-{start:05d}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if done.returncode != 0:  # the tool cannot cut some texts to a page count: render them as they are
            natural += group
    for start in range(0, len(natural), 40):
        subprocess.run([sys.executable, str(make_pdfs), *map(str, natural[start:start + 40]), "--out",
                        str(folder / "pdf"), "--no-truth"], check=True, stdout=subprocess.DEVNULL)
    shutil.rmtree(staging, ignore_errors=True)
    n_pdf = len(list((folder / "pdf").glob("*.pdf")))
    for i in range(docs, docs + len(pdf_inputs) - n_pdf):  # bundles joined three inputs: top up with text
        text = texts[i % len(texts)]
        target = folder / text.parent.name / f"{i:05d}-{text.name}"
        target.write_text(text.read_text(encoding="utf-8") + f"\n\nKenmerk: bench-{i:05d}\n", encoding="utf-8")
    return {"documents": docs, "pdfs": n_pdf, "text": docs - n_pdf, "pdf_tool": n_pdf > 0}


def timed(label: str, fn):
    print(f"... {label}", flush=True)
    started = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - started
    print(f"    {seconds:.1f} s", flush=True)
    return result, seconds


def add_documents(corpus: Path, count: int, first: int) -> None:
    """`count` new documents (sample texts with a new reference line) in the corpus' folder `new/`."""
    texts = samples()
    for i in range(first, first + count):
        text = texts[(7 * i) % len(texts)]
        target = corpus / "new" / text.parent.name / f"new-{i:03d}-{text.name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text.read_text(encoding="utf-8") + f"\n\nKenmerk: nieuw-{i:03d}\n", encoding="utf-8")


def per_page_cost(out: Path, run_id: int) -> dict:
    """Seconds per page from the run log (per-document time) and documents.jsonl (pages)."""
    pages = {r["path"]: r["pages"] for r in map(json.loads, (out / "data" / "documents.jsonl").open())}
    seconds = {}
    for line in (out / "logs" / f"run-{run_id:05d}.log").open(encoding="utf-8"):
        if m := re.search(r"INFO (\S+): processed in ([\d.]+) s", line):
            seconds[m.group(1)] = float(m.group(2))
    cost = {}
    for kind, test in (("pdf", lambda p: p.endswith(".pdf")), ("text", lambda p: not p.endswith(".pdf"))):
        chosen = [p for p in seconds if test(p)]
        n_pages = sum(pages.get(p) or 0 for p in chosen)
        cost[kind] = {"documents": len(chosen), "pages": n_pages, "seconds": round(sum(seconds[p] for p in chosen), 2),
                      "s_per_page": round(sum(seconds[p] for p in chosen) / n_pages, 4) if n_pages else None}
    return cost


def half_of(corpus: Path, target: Path) -> int:
    """Every other document of `corpus` as built (not those added in `new/`), hard-linked into `target`:
    the same mix of text and PDF."""
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.relative_to(corpus).parts[0] != "new")[::2]
    for path in files:
        link = target / path.relative_to(corpus)
        link.parent.mkdir(parents=True, exist_ok=True)
        os.link(path, link)
    return len(files)


def other_towns(corpus: Path, count: int) -> list[str]:
    """`count` active municipalities that have no folder in `corpus`."""
    with (REPO / "pipeline" / "resources" / "municipalities.csv").open(encoding="utf-8") as handle:
        towns = [row["gemeentenaam"] for row in csv.DictReader(handle) if row["actief_2025_01_01"] == "ja"]
    taken = {p.name for p in corpus.iterdir()}
    return [name for name in towns if name.lower() not in taken][:count]


def filed_under(corpus: Path, target: Path, half: Path, towns: list[str]) -> int:
    """The corpus as built (not `new/`), hard-linked into `target`, with the documents `half` lacks filed by
    sidecar under `towns` in turn: twice the half corpus, but the municipalities the new documents touch
    hold what they hold in `half`. Returns the number of documents filed under `towns`."""
    moved = 0
    for path in sorted(p for p in corpus.rglob("*") if p.is_file() and p.relative_to(corpus).parts[0] != "new"):
        rel = path.relative_to(corpus)
        link = target / rel
        link.parent.mkdir(parents=True, exist_ok=True)
        os.link(path, link)
        if not (half / rel).exists():
            Path(f"{link}.meta.json").write_text(json.dumps({"municipality": towns[moved % len(towns)]}),
                                                 encoding="utf-8")
            moved += 1
    return moved


def untouched_towns(out: Path) -> list[str]:
    """The municipalities of a run's documents that none of the documents in `new/` is about."""
    docs = aggregate.previous_documents(out / "data")
    touched = set(docs.municipality[docs.path.str.startswith("new/")])
    return sorted(set(docs.municipality.dropna()) - touched)


def cli_nightly(corpus: Path, out: Path) -> tuple[float, str]:
    """The nightly run as a scheduler starts it: a fresh interpreter, imports included."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pipeline.cli", "nightly", str(corpus), "--out", str(out)],
                          cwd=REPO, capture_output=True, text=True, check=True)
    return time.perf_counter() - started, done.stdout.splitlines()[0]


def compare_parallel(corpus: Path, work: Path, config: Config, results: dict) -> None:
    """The full analysis with a local pool of 2 worker processes and on a Dask LocalCluster of 2 workers."""
    _, results["workers2_s"] = timed("full analysis, --workers 2", lambda: run.analyse(
        corpus, work / "workers2", config, workers=2, progress=False))
    try:
        from distributed import LocalCluster
    except ImportError:
        print("    dask is not installed (pip install 'raadslens[dask]'): Dask run skipped")
        return
    (cluster, results["dask_start_s"]) = timed("starting a Dask LocalCluster of 2 workers", lambda: LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"))
    with cluster:
        _, results["dask_s"] = timed("full analysis, Dask LocalCluster (2 workers)", lambda: run.analyse(
            corpus, work / "dask", config, dask=cluster.scheduler_address, progress=False))


def full_render(out: Path, config: Config) -> float:
    """Aggregate and render the whole report of `out` anew, as before the incremental render (for comparison)."""
    store = Store(out / run.STORE_DIR)
    target = Path(tempfile.mkdtemp(prefix="full-", dir=out.parent))
    try:
        started = time.perf_counter()
        incremental.build(target, None, store, store.documents(), config, store.runs(10),
                          aggregate.previous_documents(out / "data"))
        return time.perf_counter() - started
    finally:
        store.close()
        shutil.rmtree(target, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="build and keep the corpus and outputs in this folder")
    parser.add_argument("--json", type=Path, help="also write the results as JSON to this file")
    parser.add_argument("--nightly-only", action="store_true",
                        help="skip the --workers 2 and Dask analyses: serial analysis, then the nightly runs")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="raadslens-bench-"))
    corpus, config = work / "corpus", Config()
    results: dict = {"cores": os.cpu_count(), "load_before": os.getloadavg()[0]}
    results["corpus"], results["build_s"] = timed(f"building {args.docs} documents", lambda: build_corpus(corpus, args.docs))
    if not results["corpus"]["pdf_tool"]:
        print(f"    note: {SHARED / 'tools' / 'make_pdfs.py'} not found: text documents only")

    cpu = time.process_time()
    serial, results["serial_s"] = timed("full analysis, serial", lambda: run.analyse(
        corpus, work / "serial", config, progress=False))
    results["serial_cpu_s"] = time.process_time() - cpu  # all in this process: CPU time, whatever the load
    results["per_page"] = per_page_cost(work / "serial", serial.run_id)
    results["workers2_s"] = results["dask_s"] = None
    if not args.nightly_only:
        compare_parallel(corpus, work, config, results)
    same = [(work / o / "data" / "documents.jsonl").read_bytes() == (work / "serial" / "data" / "documents.jsonl")
            .read_bytes() for o in ("workers2", "dask") if (work / o / "data").exists()]
    results["identical_output"] = all(same) if same else None
    results["render_full_s"] = round(serial.render_seconds, 2)

    unchanged, results["nightly_unchanged_s"] = timed("nightly over the unchanged corpus (in process)",
                                                      lambda: nightly.nightly(corpus, work / "serial", config))
    results["nightly_unchanged_stage_calls"] = unchanged.summary.stage_calls
    results["nightly_unchanged_cli_s"], _ = cli_nightly(corpus, work / "serial")
    for count, first in ((10, 0), (100, 10)):  # two increments: what a run costs per document added, and besides
        add_documents(corpus, count, first)
        added, seconds = timed(f"nightly after adding {count} documents",
                               lambda: nightly.nightly(corpus, work / "serial", config))
        a = added.summary
        results[f"nightly_{count}_new_s"] = seconds
        results[f"nightly_{count}_new"] = {"processed": a.processed, "stage_calls": a.stage_calls, **phases(a),
                                           "pages_written": a.pages_written, "pages_linked": a.pages_linked}
    from pipeline.render import charts
    charts._CACHE.clear()  # as in a new process
    _, results["nightly_full_render_s"] = timed("the same report rendered in full, for comparison",
                                                       lambda: full_render(work / "serial", config))
    workers = 1 if args.nightly_only else 2
    half = work / "half-corpus"
    results["half_documents"] = half_of(corpus, half)
    results["half_nightly_10_new_s"], results["half_nightly_10_new"] = ten_new(
        half, work / "half", config, workers, f"half the corpus ({results['half_documents']} documents)")
    deep_towns = untouched_towns(work / "half")
    results["deep_towns"] = len(deep_towns)
    results["deep_moved"] = filed_under(corpus, work / "deep-corpus", half, deep_towns)
    results["deep_nightly_10_new_s"], results["deep_nightly_10_new"] = ten_new(
        work / "deep-corpus", work / "deep", config, workers,
        f"the half corpus plus {results['deep_moved']} documents of the {len(deep_towns)} municipalities "
        "the new ones do not touch")
    results["spread_moved"] = filed_under(corpus, work / "spread-corpus", half, other_towns(corpus, 50))
    results["spread_nightly_10_new_s"], results["spread_nightly_10_new"] = ten_new(
        work / "spread-corpus", work / "spread", config, workers,
        f"the half corpus plus {results['spread_moved']} documents of 50 other municipalities")
    results["load_after"] = os.getloadavg()[0]
    report(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


def phases(summary) -> dict:
    """A run's seconds in per-document stages, aggregate, and aggregate + render and publish."""
    return {"render_s": round(summary.render_seconds, 2), "aggregate_s": round(summary.aggregate_seconds, 2),
            "stages_s": round(summary.seconds - summary.render_seconds, 2)}


def ten_new(corpus: Path, out: Path, config: Config, workers: int, what: str) -> tuple[float, dict]:
    """Analyse `corpus`, add the same 10 new documents as to the full corpus, and time that nightly run."""
    timed(f"analysing {what}", lambda: run.analyse(corpus, out, config, workers=workers, progress=False))
    add_documents(corpus, 10, 0)
    added, seconds = timed("nightly after adding the same 10 documents to it", lambda: nightly.nightly(corpus, out, config))
    return seconds, phases(added.summary)


def split(p: dict) -> str:
    return (f"stages {p['stages_s']:.1f} s, aggregate {p['aggregate_s']:.1f} s, "
            f"render and publish {p['render_s'] - p['aggregate_s']:.1f} s")


def report(r: dict) -> None:
    c = r["corpus"]
    print(f"\nscale benchmark: {c['documents']} documents ({c['text']} text, {c['pdfs']} PDF), {r['cores']} cores, "
          f"load average {r['load_before']:.1f} before and {r['load_after']:.1f} after (other work on the machine)")
    print(f"  full analysis serial        {r['serial_s']:7.1f} s   1.00x   ({r['serial_cpu_s']:.1f} s CPU time)")
    if r.get("workers2_s"):
        print(f"  full analysis --workers 2   {r['workers2_s']:7.1f} s   {r['serial_s'] / r['workers2_s']:.2f}x")
    if r.get("dask_s"):
        print(f"  full analysis Dask (2)      {r['dask_s']:7.1f} s   {r['serial_s'] / r['dask_s']:.2f}x"
              f"   (+{r['dask_start_s']:.1f} s cluster start)")
    if r["identical_output"] is not None:
        print(f"  output identical to serial: {r['identical_output']}")
    print(f"  of which aggregate + render of the whole report: {r['render_full_s']:.1f} s")
    for kind, cost in r["per_page"].items():
        if cost["pages"]:
            print(f"  per-document stages, {kind}: {cost['documents']} documents, {cost['pages']} pages, "
                  f"{cost['seconds']:.1f} s, {cost['s_per_page']:.3f} s/page")
    print(f"  nightly, unchanged corpus: {r['nightly_unchanged_s']:.2f} s in process, "
          f"{r['nightly_unchanged_cli_s']:.2f} s as a command; {r['nightly_unchanged_stage_calls']} stage calls")
    for count in (10, 100):
        n = r[f"nightly_{count}_new"]
        print(f"  nightly, {count} new documents: {r[f'nightly_{count}_new_s']:.1f} s; {n['processed']} processed, "
              f"{n['stage_calls']} stage calls: per-document {split(n)} "
              f"({n['pages_written']} pages written, {n['pages_linked']} linked from the previous version)")
    slope = (r["nightly_100_new_s"] - r["nightly_10_new_s"]) / 90
    print(f"  so a nightly run costs about {r['nightly_10_new_s'] - 10 * slope:.1f} s plus {slope:.2f} s per new "
          f"document (a full serial analysis: {r['serial_s'] / r['corpus']['documents']:.2f} s per document)")
    print(f"  the same report rendered in full: {r['nightly_full_render_s']:.1f} s")
    grows = (r["nightly_10_new_s"] - r["half_nightly_10_new_s"]) / (c["documents"] - r["half_documents"])
    print(f"  nightly, the same 10 new documents on half the corpus ({r['half_documents']} documents): "
          f"{r['half_nightly_10_new_s']:.1f} s ({split(r['half_nightly_10_new'])}) against "
          f"{r['nightly_10_new_s']:.1f} s ({split(r['nightly_10_new'])})")
    print(f"  so the part of that run that grows with the corpus: {1000 * grows:.1f} ms per document in the corpus")
    deep = (r["deep_nightly_10_new_s"] - r["half_nightly_10_new_s"]) / r["deep_moved"]
    print(f"  nightly, the same 10 new documents on the half corpus plus {r['deep_moved']} documents filed under "
          f"its {r['deep_towns']} municipalities the new ones do not touch: {r['deep_nightly_10_new_s']:.1f} s "
          f"({split(r['deep_nightly_10_new'])})")
    print(f"  so a document of a municipality the new ones do not touch adds {1000 * deep:.1f} ms")
    towns = (r["spread_nightly_10_new_s"] - r["deep_nightly_10_new_s"]) / 50  # the same documents, more towns
    print(f"  nightly, the same 10 new documents on the half corpus plus {r['spread_moved']} documents of 50 other "
          f"municipalities: {r['spread_nightly_10_new_s']:.1f} s ({split(r['spread_nightly_10_new'])})")
    print(f"  so a municipality the new documents do not touch adds {1000 * towns:.0f} ms besides its documents "
          f"(there are 342)")


if __name__ == "__main__":
    main()
