"""Learning curve of the theme classifier: does labelling more documents still pay off?

The same nested grouped 5-fold cross-validation as `make train`, but each outer training fold keeps only a
share of its documents (drawn at random, seeded); the test folds stay whole, so every share is scored on
the same paragraphs. Macro-F1 per share, overall and per part of the corpus, as the mean over three fold
seeds. Reads the same labels as `make train` (the labelled corpus plus `corpus/labels/`).

    .venv/bin/python scripts/learning_curve.py --corpus ../shared/corpus [--shares 0.25 0.5 0.75 1]
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from pipeline.themes import train
from pipeline.themes.taxonomy import load_taxonomy

FOLD_SEEDS = (13, 1, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, help="labelled corpus folder (holds labels.jsonl, real/, seeds/)")
    parser.add_argument("--user-labels", type=Path, default=Path("corpus/labels"))
    parser.add_argument("--shares", type=float, nargs="+", default=[0.25, 0.5, 0.75, 1.0])
    args = parser.parse_args()
    theme_ids = [t.id for t in load_taxonomy()]
    examples, _ = train.load_examples(args.corpus if args.corpus and args.corpus.exists() else None, args.user_labels)
    x, y, gate = train.build_matrix(examples, theme_ids)
    documents = np.array([e.document for e in examples])
    sources = np.array([e.source for e in examples])
    parts = sorted(set(sources))
    memory_ok = sources != "seeds"
    n_documents = len(set(documents))
    print(f"{len(examples)} paragraphs, {n_documents} documents; {train.OUTER_FOLDS} folds, fold seeds {FOLD_SEEDS}")
    print("| share | training documents per fold | macro-F1 | " + " | ".join(parts) + " |")
    print("|---" * (3 + len(parts)) + "|")
    for share in args.shares:
        overall, by_part = [], {p: [] for p in parts}
        for seed in FOLD_SEEDS:
            train.SEED = seed  # the fold shuffle and the solver read the module's seed
            folds = train.shrink_folds(train.group_folds(documents, train.OUTER_FOLDS), documents, share,
                                       np.random.RandomState(seed + 100))
            pred = train.nested_cv(x, y, gate, documents, folds, train.INNER_FOLDS, log=lambda *_: None,
                                   memory_ok=memory_ok)
            overall.append(train.macro(train.per_theme(y, pred, theme_ids)))
            for part in parts:
                rows = sources == part
                by_part[part].append(train.macro(train.per_theme(y[rows], pred[rows], theme_ids)))
        fit_documents = np.mean([len(set(documents[f])) for f, _ in folds])
        print(f"| {share:g} | {fit_documents:.0f} | {np.mean(overall):.3f} | "
              + " | ".join(f"{np.mean(by_part[p]):.3f}" for p in parts) + " |", flush=True)


if __name__ == "__main__":
    main()
