"""The labelled corpus as .txt against the same corpus rendered to PDF: does reading PDFs cost quality?

For each part of the labelled corpus (synthetic `docs`, rewritten `real`) this script

1. copies the documents under neutral names (`neutral_copy.py`), so nothing is read from names;
2. renders one PDF per document with `make_pdfs.py --faithful` in three variants: plain,
   `--two-column` and `--scanned` (image only, so every page goes through OCR);
3. runs `raadslens analyse` on the .txt files and on each PDF variant;
4. scores every run with `evaluate.py` and prints, per variant, the largest difference of any
   metric to the .txt run and the metrics over the limit (0.02; 0.05 for the scanned variant).

`--faithful` renders only each document's own text (with a running title and "pagina N van M"),
so the labels written for the text still hold for the PDF.

    .venv/bin/python scripts/eval_pdf.py                       # both parts, all variants (slow: OCR)
    .venv/bin/python scripts/eval_pdf.py --parts docs --variants plain two-column
    .venv/bin/python scripts/eval_pdf.py --work /tmp/evalpdf --keep   # keep runs to inspect

Not part of the test suite: the scanned variant OCRs every page (several minutes per part).
Exit status 1 when a metric is over its limit.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = {"plain": [], "two-column": ["--two-column"], "scanned": ["--scanned"]}
LIMITS = {"plain": 0.02, "two-column": 0.02, "scanned": 0.05}
# where each part's labels live: (labels file, folder the label paths are relative to)
PARTS = {"docs": ("labels.jsonl", "."), "real": ("real/labels.jsonl", ".")}
# counts, not scores: not compared
NOT_METRICS = {"documents", "missing", "errors", "support", "doc_type_confusion"}


def metrics(result: dict, prefix: str = "") -> dict[str, float]:
    """The evaluate.py result flattened to {"facts.f1": 0.81, ...}, scores only."""
    out: dict[str, float] = {}
    for key, value in result.items():
        if key in NOT_METRICS:
            continue
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(metrics(value, name + "."))
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            out[name] = float(value)
    return out


def compare(base: dict[str, float], other: dict[str, float]) -> list[tuple[str, float | None, float | None, float]]:
    """(metric, txt, pdf, |difference|), largest first. A metric only one run has (a theme or fact
    kind that only one run predicts) counts from 0."""
    rows = []
    for name in sorted(set(base) | set(other)):
        a, b = base.get(name), other.get(name)
        rows.append((name, a, b, abs((a or 0.0) - (b or 0.0))))
    return sorted(rows, key=lambda r: -r[3])


def run(cmd: list[str], log: Path) -> None:
    with log.open("a", encoding="utf-8") as out:
        out.write("$ " + " ".join(cmd) + "\n")
        out.flush()
        done = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, check=False)
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(cmd)}; see {log}")


def analyse(corpus: Path, out: Path, workers: int, log: Path) -> Path:
    """Analyse one folder; the path of its per-document records."""
    raadslens = str(Path(sys.executable).with_name("raadslens"))
    run([raadslens, "analyse", str(corpus), "--out", str(out), "--workers", str(workers), "--quiet"], log)
    return out / "data" / "documents.jsonl"


def evaluate(tools: Path, labels: Path, docs: Path, records: Path, out: Path, log: Path) -> dict:
    run([sys.executable, str(tools / "evaluate.py"), str(labels), str(docs), str(records), "--json", str(out)], log)
    return json.loads(out.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared",
                        help="folder with corpus/ and tools/ (default: ../shared)")
    parser.add_argument("--parts", nargs="+", choices=sorted(PARTS), default=sorted(PARTS))
    parser.add_argument("--variants", nargs="+", choices=list(VARIANTS), default=list(VARIANTS))
    parser.add_argument("--work", type=Path, help="working folder (default: a temporary folder, removed at the end)")
    parser.add_argument("--keep", action="store_true", help="keep the working folder")
    parser.add_argument("--workers", type=int, default=1, help="worker processes for raadslens analyse")
    parser.add_argument("--show", type=int, default=5, help="metrics to list per variant (largest differences)")
    args = parser.parse_args(argv)

    corpus, tools = args.shared / "corpus", args.shared / "tools"
    if not (tools / "evaluate.py").exists():
        parser.error(f"no evaluate.py under {tools} (set --shared)")
    work = args.work or Path(tempfile.mkdtemp(prefix="eval_pdf_"))
    work.mkdir(parents=True, exist_ok=True)
    log = work / "log.txt"
    print(f"working in {work} (log: {log})", flush=True)
    over_limit = False
    summary = []
    try:
        for part in args.parts:
            labels_file, base = PARTS[part]
            folder = work / part
            shutil.rmtree(folder, ignore_errors=True)
            run([sys.executable, str(tools / "neutral_copy.py"), str(folder), str(corpus / labels_file),
                 str(corpus / base)], log)
            labels, docs = folder / "labels.jsonl", folder / "docs"
            started = time.monotonic()
            records = analyse(docs, folder / "run-txt", args.workers, log)
            txt = evaluate(tools, labels, docs, records, folder / "eval-txt.json", log)
            print(f"\n{part}: {txt['documents']} documents; .txt run in {time.monotonic() - started:.0f} s; "
                  f"facts F1 {txt['facts']['f1']}, theme macro-F1 {txt['paragraph_themes_macro_f1']}", flush=True)
            base_metrics = metrics(txt)
            for variant in args.variants:
                started = time.monotonic()
                pdfs = folder / f"pdf-{variant}"
                run([sys.executable, str(tools / "make_pdfs.py"), str(docs), "--out", str(pdfs), "--faithful",
                     "--no-truth", *VARIANTS[variant]], log)
                records = analyse(pdfs, folder / f"run-{variant}", args.workers, log)
                result = evaluate(tools, labels, docs, records, folder / f"eval-{variant}.json", log)
                rows = compare(base_metrics, metrics(result))
                limit = LIMITS[variant]
                over = [r for r in rows if r[3] > limit + 1e-9]
                over_limit |= bool(over)
                largest = rows[0]
                print(f"  {variant:<10} largest difference {largest[3]:.3f} ({largest[0]}); "
                      f"{len(over)} of {len(rows)} metrics over {limit}; errors {result['errors']}, "
                      f"missing {result['missing']}; {time.monotonic() - started:.0f} s", flush=True)
                for name, a, b, diff in (over or rows)[:max(args.show, len(over))]:
                    print(f"      {diff:.3f}  {name}: {a} -> {b}", flush=True)
                summary.append({"part": part, "variant": variant, "largest": largest[3], "metric": largest[0],
                                "over": [r[0] for r in over], "metrics": len(rows)})
        (work / "summary.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    finally:
        if not args.work and not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 1 if over_limit else 0


if __name__ == "__main__":
    sys.exit(main())
