"""The paragraph classifier: features, scoring, explanation, and loading with a version check.

Features are stateless, so the saved model holds no vocabulary and no sentences of its training
texts, only hashed weights:
- lemma word 1-2-grams, feature-hashed;
- character 3-5-grams of the lowercased text (robust to compounds such as "jeugdhulpaanbieders"),
  feature-hashed; digits are folded to 0 so "€ 1,2 miljoen" and "€ 3,4 miljoen" look alike;
- the taxonomy's rule matches per theme (1 - 0.5**words: the distinct words its terms match), weighted
  by RULE_WEIGHT;
- the document's rule profile: per theme, the mean rule match of the document's other paragraphs
  (a paragraph in a document about waiting lists is more likely about waiting lists);
- layout features (length, closing punctuation, numbering, bullet, "Label:" start, metadata field,
  a short unpunctuated line followed by a longer paragraph, i.e. a heading).
The model is one logistic regression per theme (one-vs-rest), stored as a sparse weight matrix,
averaged with a nearest-neighbour vote: the labels of the K most similar labelled paragraphs (cosine
over the hashed word and character n-grams), weighted by similarity. The memory holds the hashed
n-gram vectors and labels of the corpus's synthetic and rewritten paragraphs (and user labels), never
of the third-party seed texts. The vote weight and the per-theme decision thresholds are chosen by
cross-validation.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import chain
from pathlib import Path

import numpy as np
from scipy import sparse

from .text import METADATA_KEYS, metadata_key

WORD_FEATURES = 2**18
CHAR_FEATURES = 2**18
DIGITS = re.compile(r"\d")
MODELS = Path(__file__).resolve().parents[2] / "models"
MODEL_FILE = "themes.v3.joblib"
NEIGHBOURS = 10  # K of the nearest-neighbour vote
RULE_WEIGHT = 0.5  # measured: halving the rule block (vs the l2-normalised n-gram blocks) helps a little
SHAPE = ("words<4", "words<2", "words<8", "words8-14", "words15-29", "words>60", "words>120", "ends.!", "ends?",
         "ends:;,", "ends_open", "numbered", "bullet", "label:", "metadata_field", "fields>=2", "heading", "has?")
NUMBERED = re.compile(r"^\s*(\(?\d+(\.\d+)*[.)]?|[a-z][.)]|[ivx]+[.)]|vraag \d+|dia \d+)\s", re.IGNORECASE)
BULLET = re.compile(r"^\s*[•\-–·*\uf0b7\uf0a7\uf076\uf0d8\u25aa\u25cf]")
FIELDS = re.compile(r"\b[A-Z][\w ]{1,25}:\s")


class ModelError(RuntimeError):
    """The model file cannot be used (missing, other scikit-learn version, other features)."""

    kind = "model"


WORD = re.compile(r"\w[\w-]*")
LETTERS = re.compile(r"[^\W\d_]{2}")


@cache
def _murmurhash():
    """scikit-learn's murmurhash, imported on first use (importing scikit-learn takes about a second)."""
    from sklearn.utils import murmurhash3_32

    return murmurhash3_32


@lru_cache(maxsize=400_000)
def _hash(feature: str, n_features: int) -> int:
    return _murmurhash()(feature, seed=0, positive=True) % n_features


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


def shape(text: str, next_words: int = 0) -> list[float]:
    """Layout features of a paragraph (`next_words`: length of the next paragraph of the document)."""
    n = len(text.split())
    end = text.rstrip()[-1:]
    key = metadata_key(text)
    heading = n < 10 and end not in ".!?:;," and next_words > 2 * n
    values = (n < 4, n < 2, n < 8, 8 <= n < 15, 15 <= n < 30, n > 60, n > 120, end in ".!", end == "?",
              end in ":;," and end != "", end not in ".!?:;,", bool(NUMBERED.match(text)), bool(BULLET.match(text)),
              key is not None, key in METADATA_KEYS, key is not None and len(FIELDS.findall(text)) >= 2, heading,
              "?" in text)
    return [float(v) for v in values]


def word_grams(tokens: list[str]) -> dict[int, str]:
    """Hashed lemma 1-2-grams of a paragraph: feature index -> the n-gram (kept for explanations)."""
    words = WORD.findall(word_text(tokens))
    grams: dict[int, str] = {}
    for gram in words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]:
        grams.setdefault(_hash(gram, WORD_FEATURES), gram)
    return grams


def width(n_themes: int) -> int:
    return WORD_FEATURES + CHAR_FEATURES + 2 * n_themes + len(SHAPE)


def featurize(texts: list[str], tokens: list[list[str]], rule_hits: list[dict[str, list[str]]],
              theme_ids: list[str], documents: list[str] | None = None
              ) -> tuple[sparse.csr_matrix, list[dict[int, str]]]:
    """One row per paragraph: [word n-grams (binary) | char n-grams (counts), each l2-normalised | rule
    matches per theme | the document's rule profile | layout]; and per paragraph its word n-grams by
    feature index. `texts` are dehyphenated and in document order; `documents` names each paragraph's
    document (default: all paragraphs are one document, as when the pipeline tags a document)."""
    documents = documents if documents is not None else [""] * len(texts)
    offset_rules = WORD_FEATURES + CHAR_FEATURES
    offset_profile = offset_rules + len(theme_ids)
    offset_shape = offset_profile + len(theme_ids)
    rules = np.array([[1 - 0.5 ** len(hits[t]) if t in hits else 0.0 for t in theme_ids] for hits in rule_hits],
                     dtype=np.float64).reshape(len(texts), len(theme_ids))
    profile = _document_profile(rules, documents)
    indptr, indices, data, grams_per_row, total = [0], [], [], [], 0
    for i, (text, toks) in enumerate(zip(texts, tokens, strict=True)):
        grams = word_grams(toks)
        grams_per_row.append(grams)
        if grams:
            indices.append(np.fromiter(grams, dtype=np.int64, count=len(grams)))
            data.append(np.full(len(grams), 1 / np.sqrt(len(grams))))
        chars, counts = np.unique(np.fromiter(chain.from_iterable(_char_ids(word) for word in char_text(text).split()),
                                              dtype=np.int64), return_counts=True)
        if len(chars):
            indices.append(chars + WORD_FEATURES)
            data.append(counts / np.sqrt((counts**2).sum()))
        following = len(texts[i + 1].split()) if i + 1 < len(texts) and documents[i + 1] == documents[i] else 0
        dense = np.concatenate([RULE_WEIGHT * rules[i], profile[i], shape(text, following)])
        nonzero = np.flatnonzero(dense)
        indices.append(nonzero + offset_rules)
        data.append(dense[nonzero])
        total += len(grams) + len(chars) + len(nonzero)
        indptr.append(total)
    x = sparse.csr_matrix((np.concatenate(data) if data else np.zeros(0),
                           np.concatenate(indices) if indices else np.zeros(0, dtype=np.int64), indptr),
                          shape=(len(texts), offset_shape + len(SHAPE)))
    return x, grams_per_row


def ngram_block(x: sparse.csr_matrix) -> sparse.csr_matrix:
    """The word and character n-gram columns of feature rows, each row l2-normalised (for cosine)."""
    block = sparse.csr_matrix(x[:, :WORD_FEATURES + CHAR_FEATURES], dtype=np.float32)
    norms = np.sqrt(np.asarray(block.multiply(block).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1 / norms) @ block)


def neighbour_vote(query: sparse.csr_matrix, memory: sparse.csr_matrix, labels: np.ndarray,
                   k: int = NEIGHBOURS, memory_t: sparse.csr_matrix | None = None) -> np.ndarray:
    """Per theme, the similarity-weighted share of the k most similar memory rows that carry it
    (rows of `query` and `memory` are l2-normalised n-gram blocks; `memory_t`: memory.T as CSR,
    precomputed by a loaded model because converting it per call costs more than the product)."""
    if memory.shape[0] == 0 or query.shape[0] == 0:
        return np.zeros((query.shape[0], labels.shape[1]))
    similarity = (query @ (memory.T.tocsr() if memory_t is None else memory_t)).toarray()
    k = min(k, memory.shape[0])
    nearest = np.argpartition(-similarity, k - 1, axis=1)[:, :k]
    weights = np.maximum(np.take_along_axis(similarity, nearest, axis=1), 0) + 1e-9
    votes = np.einsum("ik,ikt->it", weights, labels[nearest].astype(np.float64))
    return votes / weights.sum(axis=1, keepdims=True)


def _document_profile(rules: np.ndarray, documents: list[str]) -> np.ndarray:
    """Per paragraph, the mean rule matches of the other paragraphs of its document."""
    profile = np.zeros_like(rules)
    rows_of: dict[str, list[int]] = {}
    for i, document in enumerate(documents):
        rows_of.setdefault(document, []).append(i)
    for rows in rows_of.values():
        if len(rows) > 1:
            block = rules[rows]
            profile[rows] = (block.sum(axis=0) - block) / (len(rows) - 1)
    return profile


@dataclass
class ThemeModel:
    """Weights (themes x features, sparse), intercepts and thresholds, plus what it was trained on."""

    theme_ids: list[str]
    weights: sparse.csr_matrix
    intercepts: np.ndarray
    thresholds: np.ndarray
    sklearn_version: str
    info: dict = field(default_factory=dict)  # training data counts, CV scores (also in the model card)
    memory: sparse.csr_matrix | None = None  # l2-normalised n-gram blocks of labelled paragraphs
    memory_labels: np.ndarray | None = None  # their themes (paragraphs x themes, bool)
    vote_weight: float = 0.0  # share of the neighbour vote in the probability

    def __post_init__(self) -> None:
        self.weights = sparse.csr_matrix(self.weights)
        self.weights.sort_indices()
        # features x themes, dense (~20 MB): sparse paragraphs times a dense matrix is fast
        self._columns = np.ascontiguousarray(self.weights.T.toarray(), dtype=np.float32)
        self._memory_t = None if self.memory is None else sparse.csr_matrix(self.memory.T, dtype=np.float32)

    def probabilities(self, x: sparse.csr_matrix) -> np.ndarray:
        z = np.asarray(x.astype(np.float32) @ self._columns, dtype=np.float64) + self.intercepts
        linear = 1.0 / (1.0 + np.exp(-z))
        if not self.vote_weight or self.memory is None:
            return linear
        votes = neighbour_vote(ngram_block(x), self.memory, self.memory_labels, memory_t=self._memory_t)
        return (1 - self.vote_weight) * linear + self.vote_weight * votes

    def explain(self, grams: dict[int, str], theme: int, top: int = 3) -> list[str]:
        """The word n-grams of this paragraph that push most towards the theme (word features of a
        paragraph all have the same value, so their weights rank them). N-grams of stop words or
        numbers only ("voor", "in de", "0000") carry weight too, but explain nothing to a reader."""
        telling = {i: g for i, g in grams.items() if _telling(g)}
        if not telling:
            return []
        ids = np.fromiter(telling, dtype=np.int64, count=len(telling))
        coef = self._columns[ids, theme]
        order = np.argsort(-coef, kind="stable")[:top]
        return [telling[int(ids[k])] for k in order if coef[k] > 0]


@lru_cache(maxsize=100_000)
def _telling(gram: str) -> bool:
    """True when some word of the n-gram is neither a Dutch stop word nor a (digit-folded) number."""
    stop_words = _stop_words()
    plain = gram if gram.isascii() else "".join(
        c for c in unicodedata.normalize("NFKD", gram) if not unicodedata.combining(c))  # één -> een
    return any(word not in stop_words and LETTERS.search(word) for word in plain.split())


@cache
def _stop_words() -> frozenset[str]:
    from spacy.lang.nl.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


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
               "memory": None if model.memory is None else sparse.csr_matrix(model.memory, dtype=np.float32),
               "memory_labels": model.memory_labels, "vote_weight": model.vote_weight,
               "features": feature_signature()}
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(payload, path, compress=3)


def feature_signature() -> dict:
    return {"hashing": "murmurhash3_32 seed 0", "word_features": WORD_FEATURES, "word": WORD.pattern,
            "char_features": CHAR_FEATURES, "char_ngrams": [3, 5], "char_values": "counts", "shape": list(SHAPE),
            "rule_weight": RULE_WEIGHT, "rule_matches": "distinct matched words",
            "document_profile": "mean rule matches of the other paragraphs",
            "neighbours": NEIGHBOURS}


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
                      sklearn_version=trained, info=payload.get("info", {}), memory=payload.get("memory"),
                      memory_labels=payload.get("memory_labels"), vote_weight=float(payload.get("vote_weight", 0.0)))
