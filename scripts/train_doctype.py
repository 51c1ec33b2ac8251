"""Train the document-type classifier and evaluate it with splits grouped by municipality.

usage: python scripts/train_doctype.py [SHARED_DIR]   (default ../shared; `make train-doctype`)

Trains on the synthetic and the rewritten real documents of SHARED_DIR/corpus (never on the
third-party seeds, which only serve as a held-out check), prints grouped 5-fold cross-validated
accuracy of the rules alone, the classifier alone and the combination used in the pipeline, and
writes models/doctype.json and the numbers into models/doctype.md.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.segment import doctype, doctype_model  # noqa: E402


def load(corpus: Path, labels: Path) -> list[dict]:
    rows = []
    for line in labels.read_text(encoding="utf-8").splitlines():
        if line.strip():
            gold = json.loads(line)
            text = (corpus / gold["file"]).read_text(encoding="utf-8")
            text = "\n\n".join(re.split(r"\n\s*\n", text.strip()))
            rows.append({"text": text, "type": gold["doc_type"], "group": gold["municipality"] or gold["file"]})
    return rows


def fit(texts: list[str], types: list[str]):
    vectorizer = TfidfVectorizer(**doctype_model.VECTORIZER)
    x = vectorizer.fit_transform([doctype_model.text_of(t) for t in texts])
    classifier = LogisticRegression(C=10, max_iter=5000, class_weight="balanced").fit(x, types)
    return vectorizer, classifier


def predict(model, texts: list[str]) -> list[dict[str, float]]:
    vectorizer, classifier = model
    probs = classifier.predict_proba(vectorizer.transform([doctype_model.text_of(t) for t in texts]))
    return [dict(zip(classifier.classes_, row, strict=True)) for row in probs]


def accuracy(rows: list[dict], key: str) -> float:
    return round(float(np.mean([r[key] == r["type"] for r in rows])), 3) if rows else float("nan")


def main(argv: list[str]) -> int:
    shared = Path(argv[1]) if len(argv) > 1 else REPO.parent / "shared"
    corpus = shared / "corpus"
    parts = {"synthetic": load(corpus, corpus / "labels.jsonl"), "real": load(corpus, corpus / "real" / "labels.jsonl")}
    rows = [dict(r, part=part) for part, items in parts.items() for r in items]
    groups = [r["group"] for r in rows]
    for train, test in GroupKFold(n_splits=5).split(rows, groups=groups):
        model = fit([rows[i]["text"] for i in train], [rows[i]["type"] for i in train])
        for i, probs in zip(test, predict(model, [rows[i]["text"] for i in test]), strict=True):
            rules = doctype.scores(rows[i]["text"])
            rows[i]["rules"] = max(rules, key=rules.get) if max(rules.values()) > 0 else None
            rows[i]["model"] = max(probs, key=probs.get)
            rows[i]["combined"] = doctype.combine(rules, probs)[0]
    report = ["| part | documents | rules alone | classifier alone (held out) | combined (held out) |", "|---|---|---|---|---|"]
    for part in parts:
        subset = [r for r in rows if r["part"] == part]
        report.append(f"| {part} | {len(subset)} | {accuracy(subset, 'rules')} | {accuracy(subset, 'model')} | "
                      f"{accuracy(subset, 'combined')} |")
    model = fit([r["text"] for r in rows], [r["type"] for r in rows])
    seeds = load(corpus, corpus / "seeds" / "labels.jsonl") if (corpus / "seeds" / "labels.jsonl").is_file() else []
    for row, probs in zip(seeds, predict(model, [r["text"] for r in seeds]) if seeds else [], strict=True):
        row["model"] = max(probs, key=probs.get)
        row["combined"] = doctype.combine(doctype.scores(row["text"]), probs)[0]
    if seeds:
        report.append(f"| seeds (never trained on) | {len(seeds)} | – | {accuracy(seeds, 'model')} | "
                      f"{accuracy(seeds, 'combined')} |")
    print("\n".join(report))
    doctype_model.MODEL_PATH.parent.mkdir(exist_ok=True)
    doctype_model.MODEL_PATH.write_text(json.dumps(doctype_model.export(*model), ensure_ascii=False, sort_keys=True)
                                        + "\n", encoding="utf-8")
    card = (REPO / "models" / "doctype.md")
    text = card.read_text(encoding="utf-8") if card.is_file() else ""
    begin, end = "<!-- scores:begin -->", "<!-- scores:end -->"
    if begin in text and end in text:
        text = text[:text.index(begin) + len(begin)] + "\n" + "\n".join(report) + "\n" + text[text.index(end):]
        card.write_text(text, encoding="utf-8")
    print(f"wrote {doctype_model.MODEL_PATH.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
