"""Train the paragraph theme classifier and write its model card (`make train`).

Data: the labelled corpus (`labels.jsonl` files whose paths are relative to the corpus folder:
synthetic, rewritten-real and seed documents) plus user labels written by `raadslens label
import` (`corpus/labels/*.jsonl`). Evaluation never splits a document: cross-validation is grouped
by document, and a second variant leaves one municipality out at a time. C, the weight of the
neighbour vote and the per-theme thresholds are chosen inside each training fold by an inner grouped cross-validation (nested), so
the reported scores never saw their test fold. Everything is seeded: the same data gives the same
model and the same card.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

from . import model as model_module
from .labels import read_user_labels
from .rules import build_matcher
from .taxonomy import load_taxonomy
from .text import METADATA_MAX_WORDS, dehyphenate, is_taggable, lemmas

C_GRID = (8.0, 32.0, 128.0)
LOMO_C = 32.0  # leave-one-municipality-out (54 folds) keeps C fixed and chooses only the thresholds inside
THRESHOLD_GRID = np.round(np.arange(0.05, 0.951, 0.025), 3)
OUTER_FOLDS = 5
INNER_FOLDS = 4
SEED = 13
VOTE_GRID = (0.0, 0.15, 0.3, 0.45)  # share of the neighbour vote in the probability (0: logistic regression only)


@dataclass(frozen=True)
class Example:
    text: str
    themes: tuple[str, ...]
    document: str
    municipality: str | None
    source: str  # synthetic | real | seeds | user


def read_corpus_labels(labels_file: Path, root: Path) -> list[Example]:
    """Paragraphs of the labelled corpus, split exactly as the labels count them."""
    examples = []
    for line in labels_file.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        text = (root / row["file"]).read_text(encoding="utf-8")
        paragraphs = re.split(r"\n\s*\n", text.strip())
        if len(paragraphs) != len(row["paragraph_themes"]):
            raise ValueError(f"{row['file']}: {len(paragraphs)} paragraphs but {len(row['paragraph_themes'])} labels")
        source = row["file"].split("/")[0]
        source = {"docs": "synthetic"}.get(source, source)
        for paragraph, themes in zip(paragraphs, row["paragraph_themes"], strict=True):
            examples.append(Example(paragraph, tuple(themes), row["file"], row["municipality"], source))
    return examples


def corpus_label_files(corpus: Path) -> list[Path]:
    return [p for p in (corpus / "labels.jsonl", corpus / "real" / "labels.jsonl", corpus / "seeds" / "labels.jsonl")
            if p.exists()]


def load_examples(corpus: Path | None, user_labels: Path) -> tuple[list[Example], dict[str, list[str]]]:
    """The labelled paragraphs (corpus labels, then user labels) and each corpus document's doc themes."""
    examples: list[Example] = []
    doc_labels: dict[str, list[str]] = {}
    for labels_file in corpus_label_files(corpus) if corpus else []:
        examples += read_corpus_labels(labels_file, corpus)
        for line in labels_file.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                doc_labels[row["file"]] = row["doc_themes"]
    examples += [Example(r["text"], tuple(r["themes"]), "user:" + r["document"], None, "user")
                 for r in read_user_labels(user_labels)]
    if not examples:
        raise SystemExit("no labelled paragraphs found: pass --corpus (the labelled corpus) or import user labels")
    return examples, doc_labels


# --- learning -------------------------------------------------------------------------------------

def fit(x: sparse.csr_matrix, y: np.ndarray, c: float) -> tuple[np.ndarray, np.ndarray]:
    """One logistic regression per theme; returns (weights themes x features, intercepts)."""
    from sklearn.linear_model import LogisticRegression

    used = np.unique(x.indices)  # hashed features: fit only the columns that occur (fast, same result)
    xu = x[:, used]
    weights = np.zeros((y.shape[1], x.shape[1]))
    intercepts = np.zeros(y.shape[1])
    for j in range(y.shape[1]):
        if y[:, j].min() == y[:, j].max():  # no positive (or no negative) example: never (always) tag
            intercepts[j] = -10.0 if y[0, j] == 0 else 10.0
            continue
        # the dual solver suits many more features than paragraphs
        clf = LogisticRegression(C=c, solver="liblinear", dual=True, max_iter=2000, random_state=SEED)
        clf.fit(xu, y[:, j])
        weights[j, used] = clf.coef_[0]
        intercepts[j] = clf.intercept_[0]
    return weights, intercepts


def predict(x: sparse.csr_matrix, weights: np.ndarray, intercepts: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(np.asarray(x @ weights.T) + intercepts)))


def f1(y: np.ndarray, pred: np.ndarray) -> float:
    tp = float((y & pred).sum())
    denominator = float(y.sum() + pred.sum())
    return 2 * tp / denominator if denominator else 1.0


def best_thresholds(y: np.ndarray, p: np.ndarray, gate: np.ndarray) -> tuple[np.ndarray, float]:
    """Per theme the threshold with the best F1 on out-of-fold probabilities; and their macro-F1."""
    thresholds, scores = [], []
    for j in range(y.shape[1]):
        f1s = [f1(y[:, j] == 1, (p[:, j] >= t) & gate) for t in THRESHOLD_GRID]
        best = int(np.argmax(f1s))
        thresholds.append(float(THRESHOLD_GRID[best]))
        scores.append(f1s[best])
    return np.array(thresholds), float(np.mean(scores))


def group_folds(groups: np.ndarray, n_folds: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """GroupKFold with a seeded shuffle of the groups (GroupKFold itself is deterministic)."""
    from sklearn.model_selection import GroupKFold

    unique = np.unique(groups)
    rng = np.random.RandomState(SEED)
    relabel = dict(zip(unique, rng.permutation(len(unique)), strict=True))
    coded = np.array([relabel[g] for g in groups])
    n_folds = min(n_folds, len(unique))
    return list(GroupKFold(n_splits=n_folds).split(np.zeros(len(groups)), groups=coded))


def shrink_folds(folds: list[tuple[np.ndarray, np.ndarray]], groups: np.ndarray, share: float,
                 rng: np.random.RandomState) -> list[tuple[np.ndarray, np.ndarray]]:
    """The folds with each training part cut to `share` of its documents (whole documents, at least one);
    the test parts stay whole, so a learning curve scores every share on the same paragraphs."""
    out = []
    for fit_rows, test_rows in folds:
        names = np.unique(groups[fit_rows])
        keep = rng.choice(names, max(1, round(share * len(names))), replace=False)
        out.append((fit_rows[np.isin(groups[fit_rows], keep)], test_rows))
    return out


def vote(x_blocks: sparse.csr_matrix, y: np.ndarray, memory_rows: np.ndarray, query_rows: np.ndarray) -> np.ndarray:
    """The neighbour vote for `query_rows` from the labelled paragraphs `memory_rows` (row indices)."""
    return model_module.neighbour_vote(x_blocks[query_rows], x_blocks[memory_rows], y[memory_rows])


def select(x, y, groups, train_gate, inner_folds: int, c_grid=C_GRID, memory_ok=None, blocks=None,
           vote_grid=None) -> tuple[float, np.ndarray, float]:
    """Choose C, the neighbour-vote weight and the per-theme thresholds by grouped CV on the given
    (training) data only. `memory_ok` marks paragraphs the vote may remember (not the seed texts)."""
    folds = group_folds(groups, inner_folds)
    vote_grid = VOTE_GRID if vote_grid is None else vote_grid
    memory_ok = np.ones(len(y), dtype=bool) if memory_ok is None else memory_ok
    blocks = model_module.ngram_block(x) if blocks is None else blocks
    votes = np.zeros(y.shape, dtype=float)
    if any(vote_grid):
        for train, test in folds:
            votes[test] = vote(blocks, y, train[train_gate[train] & memory_ok[train]], test)
    best = (-1.0, c_grid[0], None, 0.0)
    for c in c_grid:
        p = np.zeros(y.shape, dtype=float)
        for train, test in folds:
            fit_rows = train[train_gate[train]]
            w, b = fit(x[fit_rows], y[fit_rows], c)
            p[test] = predict(x[test], w, b)
        for share in vote_grid:
            thresholds, macro = best_thresholds(y, (1 - share) * p + share * votes, train_gate)
            if macro > best[0] + 1e-9:
                best = (macro, c, thresholds, share)
    return best[1], best[2], best[3]


def nested_cv(x, y, gate, groups, outer: list[tuple[np.ndarray, np.ndarray]], inner_folds: int,
              log=print, c_grid=C_GRID, memory_ok=None, vote_grid=None) -> np.ndarray:
    """Out-of-fold binary predictions; C, vote weight and thresholds chosen inside each outer training fold."""
    memory_ok = np.ones(len(y), dtype=bool) if memory_ok is None else memory_ok
    blocks = model_module.ngram_block(x)
    pred = np.zeros(y.shape, dtype=bool)
    for k, (train, test) in enumerate(outer, 1):
        c, thresholds, share = select(x[train], y[train], groups[train], gate[train], inner_folds, c_grid,
                                      memory_ok[train], blocks[train], vote_grid)
        fit_rows = train[gate[train]]
        w, b = fit(x[fit_rows], y[fit_rows], c)
        p = predict(x[test], w, b)
        if share:
            p = (1 - share) * p + share * vote(blocks, y, train[gate[train] & memory_ok[train]], test)
        pred[test] = (p >= thresholds) & gate[test, None]
        log(f"  fold {k}/{len(outer)}: C={c:g}, vote weight {share:g}")
    return pred


# --- reporting ------------------------------------------------------------------------------------

def per_theme(y: np.ndarray, pred: np.ndarray, theme_ids: list[str]) -> list[dict]:
    rows = []
    for j, theme_id in enumerate(theme_ids):
        tp = int((y[:, j] & pred[:, j]).sum())
        fp = int((~y[:, j] & pred[:, j]).sum())
        fn = int((y[:, j] & ~pred[:, j]).sum())
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append({"theme": theme_id, "support": int(y[:, j].sum()), "precision": round(precision, 3),
                     "recall": round(recall, 3), "f1": round(f, 3)})
    return rows


def macro(rows: list[dict]) -> float:
    return round(float(np.mean([r["f1"] for r in rows])), 3)


def confusion(y: np.ndarray, pred: np.ndarray) -> np.ndarray:
    """[a, b]: paragraphs labelled a (and not b) that were wrongly tagged b."""
    t = y.shape[1]
    out = np.zeros((t, t), dtype=int)
    for a in range(t):
        for b in range(t):
            if a != b:
                out[a, b] = int((y[:, a] & ~y[:, b] & pred[:, b]).sum())
    return out


def doc_level(examples: list[Example], pred: np.ndarray, theme_ids: list[str], doc_labels: dict[str, list[str]]):
    """Document themes derived from the predicted paragraph tags by the pipeline's rule."""
    from ..config import ThemesConfig
    from ..records import ThemeTag
    from . import doc_themes

    by_doc: dict[str, list[list[ThemeTag]]] = {}
    for example, row in zip(examples, pred, strict=True):
        tags = [ThemeTag(theme_ids[j], 1.0, []) for j in np.flatnonzero(row)]
        by_doc.setdefault(example.document, []).append(tags)
    docs = [d for d in by_doc if d in doc_labels]
    if not docs:
        return []
    y = np.array([[t in doc_labels[d] for t in theme_ids] for d in docs])
    p = np.array([[t in doc_themes(by_doc[d], ThemesConfig()) for t in theme_ids] for d in docs])
    return per_theme(y, p, theme_ids)


# --- main -----------------------------------------------------------------------------------------

def build_matrix(examples: list[Example], theme_ids: list[str]):
    matcher = build_matcher(load_taxonomy())
    texts = [e.text for e in examples]
    clean = [dehyphenate(t) for t in texts]
    tokens = lemmas(clean, clean=True)
    hits = [matcher.matches(t) for t in tokens]
    x, _ = model_module.featurize(clean, tokens, hits, theme_ids, [e.document for e in examples])
    y = np.array([[t in e.themes for t in theme_ids] for e in examples], dtype=bool)
    gate = np.array([is_taggable(t) for t in texts])
    return x, y, gate


def train(corpus: Path | None, user_labels: Path, out: Path, lomo: bool = True, log=print) -> dict:
    import sklearn

    theme_ids = [t.id for t in load_taxonomy()]
    examples, doc_labels = load_examples(corpus, user_labels)
    user = [e for e in examples if e.source == "user"]
    log(f"{len(examples)} paragraphs from {len({e.document for e in examples})} documents "
        f"({len(user)} user labels); featurizing")
    x, y, gate = build_matrix(examples, theme_ids)
    documents = np.array([e.document for e in examples])
    log(f"grouped {OUTER_FOLDS}-fold CV by document (nested: C, vote weight and thresholds inside each training fold)")
    memory_ok = np.array([e.source != "seeds" for e in examples])  # third-party texts are never remembered
    pred = nested_cv(x, y, gate, documents, group_folds(documents, OUTER_FOLDS), INNER_FOLDS, log, memory_ok=memory_ok)
    result = {"grouped": per_theme(y, pred, theme_ids), "confusion": confusion(y, pred).tolist(),
              "by_source": {}, "doc_grouped": doc_level(examples, pred, theme_ids, doc_labels)}
    sources = np.array([e.source for e in examples])
    for source in sorted(set(sources)):
        rows = sources == source
        result["by_source"][source] = macro(per_theme(y[rows], pred[rows], theme_ids))
    if lomo:
        municipalities = np.array([e.municipality or f"?{e.document}" for e in examples])
        named = sorted({m for m in municipalities if not m.startswith("?")})
        log(f"leave-one-municipality-out CV ({len(named)} named municipalities; unnamed documents in 5 groups)")
        outer = _lomo_folds(municipalities)
        pred_lomo = nested_cv(x, y, gate, documents, outer, INNER_FOLDS - 1, log=lambda *_: None, c_grid=(LOMO_C,),
                              memory_ok=memory_ok)
        result["lomo"] = per_theme(y, pred_lomo, theme_ids)
        result["lomo_folds"] = len(outer)
    log("final model: C and thresholds by grouped CV on all data")
    c, thresholds, share = select(x, y, documents, gate, OUTER_FOLDS, memory_ok=memory_ok)
    w, b = fit(x[gate], y[gate], c)
    remembered = gate & memory_ok if share else np.zeros(len(y), dtype=bool)
    counts = {s: int((sources == s).sum()) for s in sorted(set(sources))}
    info = {"paragraphs": len(examples), "documents": len({e.document for e in examples}), "by_source": counts,
            "user_labels": len(user), "C": c, "vote_weight": share,
            "remembered": int(remembered.sum()), "thresholds": dict(zip(theme_ids, thresholds.tolist(), strict=True)),
            "date": dt.date.today().isoformat(), "grouped_macro_f1": macro(result["grouped"]),
            "positives": {t: int(y[:, j].sum()) for j, t in enumerate(theme_ids)}}
    trained = model_module.ThemeModel(theme_ids, sparse.csr_matrix(w), b, thresholds, sklearn.__version__, info,
                                      memory=model_module.ngram_block(x[remembered]), memory_labels=y[remembered],
                                      vote_weight=share)
    model_path = out / model_module.MODEL_FILE
    model_module.save(trained, model_path)
    card = model_card(trained, result, model_path)
    model_path.with_suffix(".md").write_text(card, encoding="utf-8")
    log(f"wrote {model_path} and {model_path.with_suffix('.md')}; grouped-CV macro-F1 {info['grouped_macro_f1']}")
    return result


def _lomo_folds(municipalities: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """One fold per named municipality; documents without a municipality spread over 5 folds."""
    folds = []
    index = np.arange(len(municipalities))
    for m in sorted({m for m in municipalities if not m.startswith("?")}):
        test = index[municipalities == m]
        folds.append((index[municipalities != m], test))
    unnamed = index[np.char.startswith(municipalities.astype(str), "?")]
    if len(unnamed):
        for _, test in group_folds(municipalities[unnamed], 5):
            test_rows = unnamed[test]
            folds.append((np.setdiff1d(index, test_rows), test_rows))
    return folds


def _table(rows: list[dict]) -> str:
    lines = ["| theme | paragraphs | precision | recall | F1 |", "|---|---|---|---|---|"]
    lines += [f"| {r['theme']} | {r['support']} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} |"
              for r in rows]
    lines.append(f"| **macro** | | | | **{macro(rows):.3f}** |")
    return "\n".join(lines)


def _doc_section(rows: list[dict]) -> str:
    if not rows:
        return ""
    return ("### Document themes (grouped CV)\n\nDocument themes derived from the out-of-fold paragraph tags by "
            "the pipeline's rule (`doc_themes`), against the labelled document themes (counts are documents):\n\n"
            + _table(rows) + "\n")


def model_card(trained: model_module.ThemeModel, result: dict, model_path: Path) -> str:
    import scipy
    import sklearn
    import spacy

    info, ids = trained.info, trained.theme_ids
    conf = np.array(result["confusion"])
    short = {t: t[:6] for t in ids}
    conf_lines = ["| labelled \\ wrongly tagged | " + " | ".join(short[t] for t in ids) + " |",
                  "|---|" + "---|" * len(ids)]
    conf_lines += [f"| {a} | " + " | ".join(str(v) if v else "·" for v in conf[i]) + " |" for i, a in enumerate(ids)]
    sources = ", ".join(f"{n} {s}" for s, n in info["by_source"].items())
    by_source = ", ".join(f"{s} {v:.3f}" for s, v in result["by_source"].items())
    lomo = ""
    if "lomo" in result:
        lomo = (f"\n### Leave one municipality out ({result['lomo_folds']} folds)\n\nEach named municipality is "
                "a test fold once (its documents never in training); documents that name no municipality are "
                f"spread over five further folds. C is fixed at {LOMO_C:g}; the vote weight and the thresholds are "
                f"chosen inside each training fold by a {INNER_FOLDS - 1}-fold grouped CV.\n\n"
                + _table(result["lomo"]) + "\n")
    thresholds = ", ".join(f"{t} {v:.3f}" for t, v in info["thresholds"].items())
    return f"""# Theme classifier `{model_path.name}`

Multi-label paragraph classifier over the ten themes of `pipeline/resources/themes.toml`, used by the
themes stage. Trained by `make train` on {info['date']}; `make train` on the same data reproduces every
number below (fixed seeds, deterministic solver).

## Model

- One logistic regression per theme (one-vs-rest, liblinear, L2, C = {info['C']:g} chosen from
  {", ".join(f"{c:g}" for c in C_GRID)} by grouped cross-validation), per-theme decision thresholds
  chosen by grouped cross-validation (F1-optimal on out-of-fold probabilities): {thresholds}.
- Averaged with a nearest-neighbour vote (weight {info['vote_weight']:g}, chosen from
  {", ".join(f"{v:g}" for v in VOTE_GRID)} together with C and the thresholds): per theme, the
  similarity-weighted share of the {model_module.NEIGHBOURS} most similar remembered paragraphs (cosine over
  the hashed word and character n-grams) that carry it. The model remembers the hashed n-gram vectors and
  labels of {info['remembered']} paragraphs: synthetic, rewritten real and user-labelled ones, never the
  third-party seed texts (they are used for fitting the weights only).
- Features (stateless, nothing of the training texts is stored but hashed n-grams): lemma word 1-2-grams
  (spaCy blank Dutch + lookup lemmatizer + `lemmas.tsv`, feature-hashed into 2^18 buckets); character
  3-5-grams within words of the lowercased text (2^18 buckets; digits folded to 0); the taxonomy's rule
  matches per theme (1 - 0.5^n over the n distinct words its terms match, weighted {model_module.RULE_WEIGHT:g}); the document's rule profile (per
  theme, the mean rule match of the document's other paragraphs); layout features (length bands, closing
  punctuation, numbering, bullet, "Label:" start, metadata field name, several fields, a short unpunctuated
  line followed by a longer paragraph).
- Paragraphs of a single word and metadata blocks (a paragraph of under {METADATA_MAX_WORDS} words that starts
  with a metadata field name such as "Onderwerp:", "Datum:", "Ingediend door:") get no theme (labelling
  rule: headings and metadata carry none); they are not used for fitting. Other "Label: text" paragraphs
  ("Doel: ...", slide bullets) are content and are classified.

## Data

{info['paragraphs']} labelled paragraphs from {info['documents']} documents: {sources}. User labels
(`corpus/labels/`, from `raadslens label import`): {info['user_labels']}.

- *synthetic*: 45 invented council papers (shipped in `corpus/`).
- *real*: 52 documents rewritten in new sentences from real council papers of 47 municipalities.
- *seeds*: 5 real third-party documents, read for training only; none of their text is in the
  repository or in this model (their paragraphs only shape the hashed weights; the neighbour memory
  leaves them out).

The lemmatizer is spaCy's lookup table (spacy-lookups-data) plus the project's exception table; no
model trained on Universal Dependencies data is part of this model (one was measured and not chosen,
see the README).

Paragraphs per theme (positives): {", ".join(f"{t} {n}" for t, n in info['positives'].items())}.

## Evaluation

Scores are out-of-fold: a document is never split between training and test. Inside every training fold
an inner {INNER_FOLDS}-fold grouped cross-validation chooses C, the vote weight and the thresholds (nested), so no score
saw its test fold. Paragraphs are split exactly as the labels count them.

### Grouped by document ({OUTER_FOLDS} folds)

{_table(result['grouped'])}

Macro-F1 by part of the corpus (same predictions): {by_source}.
{lomo}
### Confusion between themes (grouped CV)

How often a paragraph labelled with the row theme (and not the column theme) was wrongly tagged with
the column theme:

{chr(10).join(conf_lines)}

{_doc_section(result['doc_grouped'])}
## Versions

Python {platform.python_version()}, scikit-learn {sklearn.__version__}, spaCy {spacy.__version__},
numpy {np.__version__}, scipy {scipy.__version__}. Loading checks the scikit-learn version (major.minor)
and says what to do on a mismatch (retrain with `make train`, or install the version above).

## Limits

The labelled corpus has one annotator; synthetic texts are more uniform than real council papers
(compare the per-part scores). Scores on unseen municipalities' papers will be lower than the
grouped-by-document numbers; the leave-one-municipality-out numbers are the closer estimate.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.themes.train", description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, help="labelled corpus folder (holds labels.jsonl, real/, seeds/)")
    parser.add_argument("--user-labels", type=Path, default=Path("corpus/labels"), help="folder of user labels")
    parser.add_argument("--out", type=Path, default=model_module.MODELS, help="folder for the model and its card")
    parser.add_argument("--no-lomo", action="store_true", help="skip the leave-one-municipality-out evaluation")
    args = parser.parse_args(argv)
    corpus = args.corpus if args.corpus and args.corpus.exists() else None
    if args.corpus and corpus is None:
        print(f"note: {args.corpus} not found; training on user labels only", file=sys.stderr)
    train(corpus, args.user_labels, args.out, lomo=not args.no_lomo)
    return 0


if __name__ == "__main__":
    sys.exit(main())
