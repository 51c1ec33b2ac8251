"""The paragraph classifier: features, scoring, explanation, and loading with a version check.

Features are stateless, so the saved model holds no vocabulary and no sentences of its training
texts, only hashed weights:
- lemma word 1-2-grams, feature-hashed;
- character 3-5-grams of the lowercased text (robust to compounds such as "jeugdhulpaanbieders"),
  feature-hashed; digits are folded to 0 so "€ 1,2 miljoen" and "€ 3,4 miljoen" look alike;
- the taxonomy's rule matches per theme (1 - 0.5**terms) and shape features (short, metadata line).
The model is one logistic regression per theme (one-vs-rest), stored as a sparse weight matrix
with a per-theme decision threshold chosen by cross-validation.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from pathlib import Path

import numpy as np
from scipy import sparse

from .text import METADATA_LINE

WORD_FEATURES = 2**18
CHAR_FEATURES = 2**18
DIGITS = re.compile(r"\d")
MODELS = Path(__file__).resolve().parents[2] / "models"
MODEL_FILE = "themes.v1.joblib"
SHAPE = ("short", "very_short", "metadata", "long")


class ModelError(RuntimeError):
    """The model file cannot be used (missing, other scikit-learn version, other features)."""

    kind = "model"


WORD = re.compile(r"\w[\w-]*")


@lru_cache(maxsize=400_000)
def _hash(feature: str, n_features: int) -> int:
    from sklearn.utils import murmurhash3_32

    return murmurhash3_32(feature, seed=0, positive=True) % n_features


@lru_cache(maxsize=200_000)
def _char_ids(word: str) -> tuple[int, ...]:
    """Hashed character 3-5-grams of one word padded with spaces (cached: words repeat)."""
    padded = f" {word} "
    grams = dict.fromkeys(padded[i:i + n] for n in (3, 4, 5) for i in range(max(1, len(padded) - n + 1)))
    return tuple(_hash(g, CHAR_FEATURES) for g in grams)


def word_text(tokens: list[str]) -> str:
    return DIGITS.sub("0", " ".join(tokens))


def char_text(text: str) -> str:
    return DIGITS.sub("0", text.lower())


def shape(text: str) -> list[float]:
    n = len(text.split())
    return [float(n < 4), float(n < 2), float(bool(METADATA_LINE.match(text)) and n < 12), float(n > 60)]


def word_grams(tokens: list[str]) -> dict[int, str]:
    """Hashed lemma 1-2-grams of a paragraph: feature index -> the n-gram (kept for explanations)."""
    words = WORD.findall(word_text(tokens))
    grams: dict[int, str] = {}
    for gram in words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]:
        grams.setdefault(_hash(gram, WORD_FEATURES), gram)
    return grams


def featurize(texts: list[str], tokens: list[list[str]], rule_hits: list[dict[str, list[str]]],
              theme_ids: list[str]) -> tuple[sparse.csr_matrix, list[dict[int, str]]]:
    """One row per paragraph: [word n-grams (binary) | char n-grams (counts), each l2-normalised | rule
    matches per theme | shape]; and per paragraph its word n-grams by feature index (`texts`
    dehyphenated)."""
    offset_rules = WORD_FEATURES + CHAR_FEATURES
    offset_shape = offset_rules + len(theme_ids)
    indptr, indices, data, grams_per_row, total = [0], [], [], [], 0
    for text, toks, hits in zip(texts, tokens, rule_hits, strict=True):
        grams = word_grams(toks)
        grams_per_row.append(grams)
        if grams:
            indices.append(np.fromiter(grams, dtype=np.int64, count=len(grams)))
            data.append(np.full(len(grams), 1 / np.sqrt(len(grams))))
        chars = Counter(chain.from_iterable(_char_ids(word) for word in char_text(text).split()))
        if chars:
            indices.append(np.fromiter(chars.keys(), dtype=np.int64, count=len(chars)) + WORD_FEATURES)
            counts = np.fromiter(chars.values(), dtype=np.float64, count=len(chars))
            data.append(counts / np.sqrt((counts**2).sum()))
        rules = [(offset_rules + j, 1 - 0.5 ** len(hits[t])) for j, t in enumerate(theme_ids) if t in hits]
        rules += [(offset_shape + k, v) for k, v in enumerate(shape(text)) if v]
        if rules:
            indices.append(np.array([r[0] for r in rules], dtype=np.int64))
            data.append(np.array([r[1] for r in rules]))
        total += len(grams) + len(chars) + len(rules)
        indptr.append(total)
    width = offset_shape + len(SHAPE)
    x = sparse.csr_matrix((np.concatenate(data) if data else np.zeros(0),
                           np.concatenate(indices) if indices else np.zeros(0, dtype=np.int64), indptr),
                          shape=(len(texts), width))
    return x, grams_per_row


@dataclass
class ThemeModel:
    """Weights (themes x features, sparse), intercepts and thresholds, plus what it was trained on."""

    theme_ids: list[str]
    weights: sparse.csr_matrix
    intercepts: np.ndarray
    thresholds: np.ndarray
    sklearn_version: str
    info: dict = field(default_factory=dict)  # training data counts, CV scores (also in the model card)

    def __post_init__(self) -> None:
        self.weights = sparse.csr_matrix(self.weights)
        self.weights.sort_indices()
        # features x themes, dense (~20 MB): sparse paragraphs times a dense matrix is fast
        self._columns = np.ascontiguousarray(self.weights.T.toarray(), dtype=np.float32)

    def probabilities(self, x: sparse.csr_matrix) -> np.ndarray:
        z = np.asarray(x.astype(np.float32) @ self._columns, dtype=np.float64) + self.intercepts
        return 1.0 / (1.0 + np.exp(-z))

    def explain(self, grams: dict[int, str], theme: int, top: int = 3) -> list[str]:
        """The word n-grams of this paragraph that push most towards the theme (word features of a
        paragraph all have the same value, so their weights rank them)."""
        if not grams:
            return []
        ids = np.fromiter(grams, dtype=np.int64, count=len(grams))
        coef = self._columns[ids, theme]
        order = np.argsort(-coef, kind="stable")[:top]
        return [grams[int(ids[k])] for k in order if coef[k] > 0]


def score(probability: float, threshold: float) -> float:
    """Map a probability onto [0, 1] so that the theme's threshold lands on 0.5: a tag is given at
    score >= 0.5, and `min_score` in the config can only make tagging stricter or looser around it."""
    if probability < threshold:
        return 0.5 * probability / threshold
    return 0.5 + 0.5 * (probability - threshold) / (1 - threshold)


def save(model: ThemeModel, path: Path) -> None:
    import joblib

    payload = {"format": 1, "theme_ids": model.theme_ids, "weights": model.weights.astype(np.float32),
               "intercepts": model.intercepts, "thresholds": model.thresholds,
               "sklearn_version": model.sklearn_version, "info": model.info,
               "features": feature_signature()}
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(payload, path, compress=3)


def feature_signature() -> dict:
    return {"hashing": "murmurhash3_32 seed 0", "word_features": WORD_FEATURES, "word": WORD.pattern,
            "char_features": CHAR_FEATURES, "char_ngrams": [3, 5], "char_values": "counts", "shape": list(SHAPE)}


def load(path: Path | None = None) -> ThemeModel:
    """Load a trained model; refuse, with what to do, when it does not fit the installed libraries."""
    import joblib
    import sklearn

    path = Path(path) if path else MODELS / MODEL_FILE
    if not path.exists():
        raise ModelError(f"theme model {path} not found: run `make train` to train it")
    payload = joblib.load(path)
    trained, installed = payload["sklearn_version"], sklearn.__version__
    if trained.split(".")[:2] != installed.split(".")[:2]:
        raise ModelError(
            f"theme model {path.name} was trained with scikit-learn {trained}, but {installed} is installed; "
            f"either run `make train` to retrain it with this version, or install the trained version "
            f"with `.venv/bin/pip install scikit-learn=={trained}`")
    if payload.get("features") != feature_signature():
        raise ModelError(f"theme model {path.name} was trained with other features than this code computes; "
                         f"run `make train` to retrain it")
    return ThemeModel(theme_ids=list(payload["theme_ids"]), weights=payload["weights"].astype(np.float64).tocsr(),
                      intercepts=np.asarray(payload["intercepts"]), thresholds=np.asarray(payload["thresholds"]),
                      sklearn_version=trained, info=payload.get("info", {}))
