"""Training: splits never cut a document, and the same labels give the same model and card."""
import json
from pathlib import Path

import numpy as np

from pipeline.themes import model as model_module
from pipeline.themes import train

SENTENCES = {
    "wachttijden": "Kinderen wachten {n} weken op de start van hulp; de wachtlijst groeit.",
    "financien": "Het tekort op de begroting jeugd loopt op tot {n} miljoen euro.",
    "verwijzers": "De huisarts verwijst {n} kinderen per maand door naar het wijkteam.",
    "": "Het college van burgemeester en wethouders vergadert op dinsdag {n} maart in het stadhuis.",
}


def _user_labels(folder: Path) -> None:
    rows = []
    for doc in range(8):
        for k, (theme, sentence) in enumerate(SENTENCES.items()):
            rows.append({"document": f"doc{doc}.txt", "paragraph": k, "text": sentence.format(n=doc + k + 3),
                         "themes": [theme] if theme else []})
    folder.mkdir(parents=True)
    (folder / "user.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_group_folds_never_split_a_document():
    groups = np.array([f"d{i % 7}" for i in range(50)])
    folds = train.group_folds(groups, 5)
    assert len(folds) == 5
    for fit_rows, test_rows in folds:
        assert not set(groups[fit_rows]) & set(groups[test_rows])
    assert sorted(np.concatenate([t for _, t in folds]).tolist()) == list(range(50))


def test_shrunk_folds_keep_whole_documents_and_whole_test_parts():
    groups = np.array([f"d{i % 10}" for i in range(60)])
    folds = train.group_folds(groups, 5)
    shrunk = train.shrink_folds(folds, groups, 0.5, np.random.RandomState(0))
    for (fit_rows, test_rows), (small_fit, small_test) in zip(folds, shrunk, strict=True):
        assert np.array_equal(test_rows, small_test)
        kept = set(groups[small_fit])
        assert len(kept) == 4  # half of the 8 training documents
        assert set(small_fit) == {i for i in fit_rows if groups[i] in kept}  # every paragraph of a kept document


def test_training_is_reproducible_and_the_card_counts_user_labels(tmp_path: Path):
    _user_labels(tmp_path / "labels")
    first = train.train(None, tmp_path / "labels", tmp_path / "a", lomo=False, log=lambda *_: None)
    second = train.train(None, tmp_path / "labels", tmp_path / "b", lomo=False, log=lambda *_: None)
    assert first["grouped"] == second["grouped"]
    a, b = (model_module.load(tmp_path / d / model_module.MODEL_FILE) for d in "ab")
    assert (a.weights != b.weights).nnz == 0 and np.array_equal(a.thresholds, b.thresholds)
    card = (tmp_path / "a" / model_module.MODEL_FILE).with_suffix(".md").read_text(encoding="utf-8")
    assert "User labels\n(`corpus/labels/`, from `raadslens label import`): 32." in card
    scores = {r["theme"]: r["f1"] for r in first["grouped"]}
    assert scores["wachttijden"] > 0.9 and scores["financien"] > 0.9  # learnable from 7 documents


def test_the_neighbour_memory_never_holds_seed_paragraphs(tmp_path: Path, monkeypatch):
    corpus = tmp_path / "corpus"
    for part, label_file in (("docs", corpus / "labels.jsonl"), ("seeds", corpus / "seeds" / "labels.jsonl")):
        rows = []
        for doc in range(5):
            paragraphs = [(s.format(n=doc + k + 3), [t] if t else []) for k, (t, s) in enumerate(SENTENCES.items())]
            path = corpus / part / f"d{doc}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("\n\n".join(p for p, _ in paragraphs), encoding="utf-8")
            rows.append({"file": f"{part}/d{doc}.txt", "municipality": None,
                         "paragraph_themes": [t for _, t in paragraphs], "doc_themes": []})
        label_file.parent.mkdir(parents=True, exist_ok=True)
        label_file.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    monkeypatch.setattr(train, "VOTE_GRID", (0.5,))  # force the vote so the memory is filled
    train.train(corpus, tmp_path / "none", tmp_path / "out", lomo=False, log=lambda *_: None)
    trained = model_module.load(tmp_path / "out" / model_module.MODEL_FILE)
    assert trained.vote_weight == 0.5
    assert trained.memory.shape[0] == trained.info["remembered"] == 20  # the 20 synthetic paragraphs only
