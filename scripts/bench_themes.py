"""Theme tagging speed on one core, spaCy included: words per second over the shipped corpus.

The figure is words per second of CPU time of this (single-threaded) process, so that other work on
a shared machine does not count against it; the wall-clock figure is printed beside it.

    .venv/bin/python scripts/bench_themes.py [CORPUS] [--repeat N]
"""
from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from pipeline import themes
from pipeline.config import ThemesConfig


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=Path(__file__).resolve().parents[1] / "corpus")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    docs = [re.split(r"\n\s*\n", p.read_text(encoding="utf-8").strip()) for p in sorted(args.corpus.rglob("*.txt"))]
    words = sum(len(p.split()) for doc in docs for p in doc)
    cfg = ThemesConfig()
    for name, tagger in (("rules only", themes.Tagger(themes.build_matcher(themes.load_taxonomy()))),
                         ("rules + classifier", themes.load_tagger())):
        themes.tag_paragraphs(docs[0], tagger, cfg)  # warm up: spaCy tables, model
        best, wall = float("inf"), float("inf")
        for _ in range(args.repeat):
            started, started_wall = time.process_time(), time.perf_counter()
            for doc in docs:  # one call per document, as the pipeline's themes stage does
                themes.tag_paragraphs(doc, tagger, cfg)
            best = min(best, time.process_time() - started)
            wall = min(wall, time.perf_counter() - started_wall)
        print(f"themes, {name}: {words / best:,.0f} words/s CPU time, one core ({words / wall:,.0f} wall clock; "
              f"{len(docs)} documents, {words} words, best of {args.repeat})")


if __name__ == "__main__":
    main()
