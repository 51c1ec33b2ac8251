"""Theme tagging speed on one core, spaCy included: words per second over a folder of text documents.

Each tagger runs in a fresh process, so the first pass over the corpus starts with empty caches (lemmas,
rule matches and hashed n-grams are cached per distinct word): that is the speed on text never seen
before, as in a run over new documents. The best of the following passes is the speed once the words
are known. The figures are words per second of CPU time of that (single-threaded) process, so that other
work on a shared machine does not count against them; the wall-clock figure is printed beside them.

    .venv/bin/python scripts/bench_themes.py [CORPUS] [--repeat N]
"""
from __future__ import annotations

import argparse
import multiprocessing
import re
import time
from pathlib import Path


def measure(kind: str, corpus: Path, repeat: int) -> tuple[int, int, float, float, float]:
    """(documents, words, CPU seconds of the first pass, best CPU seconds and best wall seconds of the
    next `repeat` passes) for one tagger, in this process."""
    from pipeline import themes
    from pipeline.config import ThemesConfig

    docs = [re.split(r"\n\s*\n", p.read_text(encoding="utf-8").strip()) for p in sorted(corpus.rglob("*.txt"))]
    words = sum(len(p.split()) for doc in docs for p in doc)
    cfg = ThemesConfig()
    tagger = themes.load_tagger() if kind == "classifier" else themes.Tagger(themes.build_matcher(themes.load_taxonomy()))
    themes.tag_paragraphs(["Het college start op 1 maart met de uitvoering."], tagger, cfg)  # load spaCy, the model
    passes = []
    for _ in range(1 + repeat):
        started, started_wall = time.process_time(), time.perf_counter()
        for doc in docs:  # one call per document, as the pipeline's themes stage does
            themes.tag_paragraphs(doc, tagger, cfg)
        passes.append((time.process_time() - started, time.perf_counter() - started_wall))
    first, later = passes[0], passes[1:]
    return len(docs), words, first[0], min(p[0] for p in later), min(p[1] for p in later)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=Path(__file__).resolve().parents[1] / "corpus")
    parser.add_argument("--repeat", type=int, default=3, help="passes after the first (best one reported)")
    args = parser.parse_args()
    context = multiprocessing.get_context("spawn")
    for kind, name in (("rules", "rules only"), ("classifier", "rules + classifier")):
        with context.Pool(1) as pool:
            documents, words, first, best, wall = pool.apply(measure, (kind, args.corpus, args.repeat))
        print(f"themes, {name}: {words / first:,.0f} words/s CPU time on unseen text (first pass), "
              f"{words / best:,.0f} once seen (best of {args.repeat} more; {words / wall:,.0f} wall clock); "
              f"one core, {documents} documents, {words} words")


if __name__ == "__main__":
    main()
