"""The unattended run: harvest (when configured), analyse what is new or changed, publish the report.

One run at a time per output folder (the lock in run.py). Exit codes, for schedulers:

    0  done: the report is up to date (documents that could not be read are data, listed in it)
    1  the run could not proceed (no corpus folder, an unexpected error); the last report stays
    2  configuration error
    3  another run holds the lock on the output folder: this run did nothing
    4  done, but the harvest was incomplete (API unreachable, downloads failed); the report covers
       what was available and the next run resumes the harvest
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from . import harvest, run
from .config import Config

log = logging.getLogger("raadslens")
OK, FAILED, CONFIG, BUSY, PARTIAL = 0, 1, 2, 3, 4


@dataclass
class Result:
    code: int
    summary: run.Summary | None
    harvest: harvest.Report | None


def nightly(corpus: Path, out: Path, config: Config, workers: int = 1, dask: str | None = None,
            progress: bool = False) -> Result:
    """Raises run.Busy when another run holds the lock and FileNotFoundError without a corpus folder."""
    corpus = Path(corpus)
    if not corpus.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {corpus}")
    with run.exclusive(out):
        report = None
        if config.harvest.municipalities:
            report = harvest.run(corpus, config.harvest)
        counts = {"harvested": report.new + report.changed, "harvest_failed": report.failed} if report else {}
        summary = run.analyse(corpus, out, config, workers=workers, dask=dask, progress=progress, kind="nightly",
                              harvest=counts)
    partial = report is not None and (not report.complete or report.failed > 0)
    return Result(PARTIAL if partial else OK, summary, report)
