"""A small word-level classifier of document types, used where the structural cues of `doctype`
are weak or tied (an unseen genre of paper, a title block without a genre word).

The model is TF-IDF (word 1-2-grams, sublinear tf) + logistic regression, trained by
`scripts/train_doctype.py` and stored as plain JSON in `models/doctype.json` (vocabulary, idf,
coefficients): no pickle, readable and diffable. Without the file the rules decide alone.
"""
from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

import numpy as np

MODEL_PATH = Path(__file__).resolve().parents[2] / "models" / "doctype.json"
MAX_CHARS = 6000  # the title block and the first pages carry the genre
VECTORIZER = dict(lowercase=True, ngram_range=(1, 2), sublinear_tf=True, min_df=2, token_pattern=r"(?u)\b\w\w+\b")


def model_hash() -> str:
    """Part of the segment stage's cache key: a retrained model reruns segmentation."""
    return hashlib.sha256(MODEL_PATH.read_bytes()).hexdigest()[:12] if MODEL_PATH.is_file() else "none"


def text_of(text: str) -> str:
    return text[:MAX_CHARS]


@cache
def _load():
    if not MODEL_PATH.is_file():
        return None
    from sklearn.feature_extraction.text import TfidfVectorizer

    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    vectorizer = TfidfVectorizer(vocabulary=data["vocabulary"], **{**VECTORIZER, "min_df": 1})
    vectorizer.idf_ = np.asarray(data["idf"])
    return vectorizer, data["classes"], np.asarray(data["coef"]), np.asarray(data["intercept"])


def probabilities(text: str) -> dict[str, float] | None:
    """Class probabilities for the document text, or None when no model is installed."""
    loaded = _load()
    if loaded is None:
        return None
    vectorizer, classes, coef, intercept = loaded
    logits = vectorizer.transform([text_of(text)]).toarray()[0] @ coef.T + intercept
    exp = np.exp(logits - logits.max())
    return dict(zip(classes, (exp / exp.sum()).tolist(), strict=True))


def export(vectorizer, classifier) -> dict:
    """The fitted vectorizer and logistic regression as JSON-ready data."""
    vocabulary = {term: int(index) for term, index in vectorizer.vocabulary_.items()}
    return {"classes": [str(c) for c in classifier.classes_], "vocabulary": vocabulary,
            "idf": [round(float(x), 6) for x in vectorizer.idf_],
            "coef": [[round(float(x), 6) for x in row] for row in classifier.coef_],
            "intercept": [round(float(x), 6) for x in classifier.intercept_]}
