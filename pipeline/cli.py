"""The `raadslens` command: a thin layer over run.py. Exit codes: 0 ok (also when some documents
failed: failures are data), 1 the run itself could not proceed, 2 wrong usage."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__
from . import config as config_module

EXAMPLES = {
    "analyse": "example:\n  raadslens analyse corpus/ --out reports/\n  raadslens analyse ~/raadsstukken --out ~/rapport --workers 2",
    "status": "example:\n  raadslens status --out reports/ --corpus corpus/\n  raadslens status --out reports/ --json",
    "report": "example:\n  raadslens report --theme preventie --municipalities Velsen,Zutphen,Zwijndrecht --from 2019\n"
              "  raadslens report --theme wachttijden --from 2020 --to 2024 --data reports/ --out rapport/ --pdf",
    "label": "example:\n  raadslens label export --out reports/ --file to-label.csv\n"
             "  raadslens label import to-label.csv\n  make train",
    "nightly": "example:\n  raadslens nightly corpus/ --out reports/\n  raadslens --config raadslens.toml nightly /srv/raad --out /srv/www/raad\n\n"
               "exit codes: 0 done, 1 could not proceed, 2 configuration error,\n"
               "  3 another run holds the lock (nothing done), 4 done but the harvest was incomplete",
    "harvest": "example:\n  raadslens --config raadslens.toml harvest corpus/\n\n"
               "needs [harvest] municipalities = [\"utrecht\"] in the configuration; files land in corpus/ori/<slug>/.\n"
               "exit codes: 0 complete, 1 could not proceed, 2 configuration error, 3 another harvest runs, 4 incomplete",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="raadslens", description="Reads Dutch council papers and reports per theme and municipality.",
        epilog="example:\n  raadslens analyse corpus/ --out reports/", formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"raadslens {__version__}")
    parser.add_argument("--config", type=Path, help="TOML file with settings (default: ./raadslens.toml if present)")
    sub = parser.add_subparsers(dest="command", required=True)

    analyse = sub.add_parser("analyse", help="analyse a corpus folder into an HTML report and data files",
                             epilog=EXAMPLES["analyse"], formatter_class=argparse.RawDescriptionHelpFormatter)
    analyse.add_argument("corpus", type=Path, help="folder with council documents (PDF, DOCX, ODT, HTML, RTF, TXT)")
    analyse.add_argument("--out", type=Path, default=Path("reports"), help="output folder (default: reports)")
    analyse.add_argument("--workers", type=int, default=1, help="worker processes (default: 1, serial)")
    analyse.add_argument("--dask", metavar="ADDRESS", help="run per-document stages on a Dask cluster, e.g. "
                         "tcp://host:8786 (pip install 'raadslens[dask]')")
    analyse.add_argument("--quiet", action="store_true", help="no progress bar")

    nightly = sub.add_parser("nightly", help="harvest (if configured), analyse what is new or changed, publish",
                             epilog=EXAMPLES["nightly"], formatter_class=argparse.RawDescriptionHelpFormatter)
    nightly.add_argument("corpus", type=Path, help="the watched inbox folder (harvested files land in a subfolder)")
    nightly.add_argument("--out", type=Path, default=Path("reports"), help="output folder (default: reports)")
    nightly.add_argument("--workers", type=int, default=1, help="worker processes (default: 1, serial)")
    nightly.add_argument("--dask", metavar="ADDRESS", help="Dask scheduler address, e.g. tcp://host:8786")

    harvest = sub.add_parser("harvest", help="fetch new and changed documents from Open Raadsinformatie",
                             epilog=EXAMPLES["harvest"], formatter_class=argparse.RawDescriptionHelpFormatter)
    harvest.add_argument("corpus", type=Path, help="corpus folder; files go to its [harvest] folder (default ori/)")

    status = sub.add_parser("status", help="show which documents are fresh, stale or failed, and why",
                            epilog=EXAMPLES["status"], formatter_class=argparse.RawDescriptionHelpFormatter)
    status.add_argument("--out", type=Path, default=Path("reports"), help="output folder of earlier runs")
    status.add_argument("--corpus", type=Path, help="compare against this corpus folder (finds stale and new files)")
    status.add_argument("--json", action="store_true", help="print JSON lines instead of a table")

    report = sub.add_parser("report", help="a printable report on one theme for chosen municipalities, with CSV and XLSX",
                            epilog=EXAMPLES["report"], formatter_class=argparse.RawDescriptionHelpFormatter)
    report.add_argument("--theme", required=True, help="theme id from the taxonomy, e.g. preventie")
    report.add_argument("--municipalities", default="", help="comma-separated names (default: all)")
    report.add_argument("--from", dest="start", type=int, help="first year (inclusive)")
    report.add_argument("--to", dest="end", type=int, help="last year (inclusive)")
    report.add_argument("--data", type=Path, default=Path("reports"), help="output folder of `raadslens analyse`")
    report.add_argument("--out", type=Path, help="folder for the report (default: DATA/rapport-THEME)")
    report.add_argument("--pdf", action="store_true", help="also print the report to PDF (needs headless Chromium)")
    label = sub.add_parser("label", help="export uncertain paragraphs to label, import the labels for training",
                           epilog=EXAMPLES["label"], formatter_class=argparse.RawDescriptionHelpFormatter)
    label_sub = label.add_subparsers(dest="label_command", required=True)
    export = label_sub.add_parser("export", help="write the paragraphs the theme model is least sure about to a CSV",
                                  epilog=EXAMPLES["label"], formatter_class=argparse.RawDescriptionHelpFormatter)
    export.add_argument("--out", type=Path, default=Path("reports"), help="output folder of an earlier analyse run")
    export.add_argument("--file", type=Path, default=Path("to-label.csv"), help="CSV to write (default: to-label.csv)")
    export.add_argument("-n", type=int, default=50, help="number of paragraphs (default: 50)")
    imp = label_sub.add_parser("import", help="add a filled-in CSV (column `themes`) to the training labels",
                               epilog=EXAMPLES["label"], formatter_class=argparse.RawDescriptionHelpFormatter)
    imp.add_argument("file", type=Path, help="the CSV written by `raadslens label export`, with `themes` filled in")
    imp.add_argument("--labels", type=Path, default=Path("corpus/labels"), help="user label folder (default: corpus/labels)")
    return parser


def _label(args: argparse.Namespace) -> int:
    """`raadslens label export|import`: the annotation loop of the theme classifier."""
    from . import themes
    from .themes import labels

    if args.label_command == "export":
        documents = Path(args.out) / "data" / "documents.jsonl"
        if not documents.exists():
            print(f"raadslens: {documents} not found; run `raadslens analyse` first", file=sys.stderr)
            return 1
        try:
            tagger = themes.load_tagger()
        except themes.ModelError as exc:
            print(f"raadslens: {exc}", file=sys.stderr)
            return 1
        n = labels.export(documents, args.file, tagger, args.n)
        print(f"{n} paragraphs written to {args.file}: fill in the column `themes` (ids separated by ';', "
              f"'-' for no theme), then `raadslens label import {args.file}` and `make train`")
        return 0
    try:
        added, skipped = labels.import_csv(args.file, args.labels, [t.id for t in themes.load_taxonomy()])
    except (OSError, ValueError, KeyError) as exc:
        print(f"raadslens: {exc}", file=sys.stderr)
        return 2
    print(f"{added} labelled paragraphs added to {args.labels / labels.USER_FILE} ({skipped} rows without themes "
          f"skipped); run `make train` to retrain")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        cfg = config_module.load(args.config)
    except (OSError, ValueError) as exc:
        print(f"raadslens: configuration error: {exc}", file=sys.stderr)
        return 2
    if args.command == "label":
        return _label(args)
    from . import run

    if args.command in ("nightly", "harvest"):
        return _unattended(args, cfg)
    if args.command == "analyse":
        try:
            summary = run.analyse(args.corpus, args.out, cfg, workers=args.workers, progress=not args.quiet,
                                  dask=args.dask)
        except FileNotFoundError as exc:
            print(f"raadslens: {exc}", file=sys.stderr)
            return 1
        except run.Busy as exc:
            print(f"raadslens: {exc}", file=sys.stderr)
            return 3
        except RuntimeError as exc:  # e.g. --dask without the dask extra installed
            print(f"raadslens: {exc}", file=sys.stderr)
            return 1
        print(summary.line())
        for path, kind, message in summary.failures:
            print(f"  failed: {path}: {kind}: {message}")
        print(f"report: {Path(args.out) / 'index.html'}")
        return 0
    if args.command == "status":
        if not (Path(args.out) / run.STORE_DIR).exists():
            print(f"raadslens: no earlier run in {args.out}", file=sys.stderr)
            return 1
        rows = run.status(args.out, args.corpus, cfg)
        if args.json:
            for row in rows:
                print(json.dumps(row, ensure_ascii=False))
        else:
            counts: dict[str, int] = {}
            for row in rows:
                counts[row["state"]] = counts.get(row["state"], 0) + 1
                if row["state"] != "fresh":
                    print(f"{row['state']:8} {row['path']}  {row['why']}")
            print(", ".join(f"{n} {state}" for state, n in sorted(counts.items())) or "no documents")
        return 0
    if args.command == "report":
        return _report(args, cfg)
    return 2


def _report(args, cfg) -> int:
    from . import aggregate, render

    data = Path(args.data) / "data"
    if not (data / "documents.parquet").exists():
        print(f"raadslens: no analysed data in {args.data}; run `raadslens analyse CORPUS --out {args.data}` first",
              file=sys.stderr)
        return 1
    tables = aggregate.read_tables(data)
    known = {render.slug(m): m for m in tables.documents.municipality.dropna()}
    names = [known.get(render.slug(m), m.strip()) for m in args.municipalities.split(",") if m.strip()]
    for name in names:
        if name not in known.values():
            print(f"raadslens: warning: no documents of {name} in {args.data}", file=sys.stderr)
    out = args.out or Path(args.data) / f"rapport-{args.theme}"
    try:
        page = render.render_report(tables, args.theme, out, cfg.render, names or None, args.start, args.end,
                                    site=Path(args.data))
    except ValueError as exc:
        print(f"raadslens: {exc}", file=sys.stderr)
        return 2
    print(f"report: {page}")
    pdf = page.parent / f"rapport-{args.theme}.pdf"
    if not args.pdf:
        pdf.unlink(missing_ok=True)  # no PDF of an earlier selection left beside this report
    else:
        from .render.pdf import to_pdf

        try:
            print(f"pdf: {to_pdf(page, pdf)}")
        except RuntimeError as exc:
            print(f"raadslens: {exc}", file=sys.stderr)
            return 1
    return 0


def _unattended(args, cfg) -> int:
    """`nightly` and `harvest`: exit codes for schedulers (see pipeline/nightly.py)."""
    import logging

    from . import harvest, nightly, run

    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(message)s", stream=sys.stderr)
    try:
        if args.command == "harvest":
            if not cfg.harvest.municipalities:
                print("raadslens: nothing to harvest: set [harvest] municipalities in the configuration",
                      file=sys.stderr)
                return nightly.CONFIG
            if not args.corpus.is_dir():
                raise FileNotFoundError(f"corpus folder not found: {args.corpus}")
            report = harvest.run(args.corpus, cfg.harvest)
            print(report.line())
            for error in report.errors:
                print(f"  error: {error}")
            return nightly.OK if report.complete and not report.failed else nightly.PARTIAL
        result = nightly.nightly(args.corpus, args.out, cfg, workers=args.workers, dask=args.dask)
    except run.Busy as exc:
        print(f"raadslens: {exc}", file=sys.stderr)
        return nightly.BUSY
    except FileNotFoundError as exc:
        print(f"raadslens: {exc}", file=sys.stderr)
        return nightly.FAILED
    except Exception as exc:  # noqa: BLE001 - a scheduler needs an exit code, the log has the traceback
        logging.getLogger("raadslens").exception("nightly run failed")
        print(f"raadslens: the run failed: {exc}", file=sys.stderr)
        return nightly.FAILED
    if result.harvest:
        print(result.harvest.line())
    print(result.summary.line())
    print(f"report: {Path(args.out) / 'index.html'}; run history: {Path(args.out) / 'runs.html'}")
    return result.code


if __name__ == "__main__":
    sys.exit(main())
