"""The annotation loop: export uncertain paragraphs, fill in, import, and train on them."""
import csv
import json
from pathlib import Path

import pytest
from conftest import run_cli

from pipeline import themes
from pipeline.themes import labels

IDS = [t.id for t in themes.load_taxonomy()]
PARAGRAPHS = [
    "MOTIE",
    "Kinderen wachten gemiddeld 17 weken op de start van specialistische jeugdhulp.",
    "De raad vraagt het college om de huisartsen te betrekken bij de toegang tot jeugdhulp.",
    "Het budget voor preventie wordt verhoogd met 250.000 euro per jaar.",
]


def _documents(tmp_path: Path) -> Path:
    record = {"path": "zutphen/motie.txt", "status": "ok",
              "paragraphs": [{"text": t, "page": 1, "themes": []} for t in PARAGRAPHS]}
    failed = {"path": "kapot.pdf", "status": "error", "paragraphs": []}
    path = tmp_path / "documents.jsonl"
    path.write_text(json.dumps(record) + "\n" + json.dumps(failed) + "\n", encoding="utf-8")
    return path


def test_export_import_round_trip(tmp_path: Path):
    tagger = themes.load_tagger()
    out = tmp_path / "to-label.csv"
    n = labels.export(_documents(tmp_path), out, tagger, limit=2)
    with open(out, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert n == len(rows) == 2
    assert list(rows[0]) == labels.COLUMNS and all(r["text"] in PARAGRAPHS[1:] for r in rows)
    assert all(r["themes"] == "" and json.loads(r["scores"]) for r in rows)
    rows[0]["themes"] = "verwijzers; samenwerking"
    rows[1]["themes"] = "-"
    with open(out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=labels.COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    assert labels.import_csv(out, tmp_path / "labels", IDS) == (2, 0)
    stored = labels.read_user_labels(tmp_path / "labels")
    assert [r["themes"] for r in stored] == [["verwijzers", "samenwerking"], []]
    assert stored[0]["text"] == rows[0]["text"] and stored[0]["document"] == "zutphen/motie.txt"
    # importing the same paragraph again replaces its label instead of adding a second one
    assert labels.import_csv(out, tmp_path / "labels", IDS) == (2, 0)
    assert len(labels.read_user_labels(tmp_path / "labels")) == 2


def test_export_takes_at_most_a_few_paragraphs_from_one_document(tmp_path: Path):
    many = {"path": "a/plan.txt", "status": "ok",
            "paragraphs": [{"text": f"{t} Punt {k}.", "page": 1} for k in range(3) for t in PARAGRAPHS[1:]]}
    few = {"path": "b/brief.txt", "status": "ok", "paragraphs": [{"text": t, "page": 2} for t in PARAGRAPHS[1:3]]}
    path = tmp_path / "documents.jsonl"
    path.write_text(json.dumps(many) + "\n" + json.dumps(few) + "\n", encoding="utf-8")
    rows = labels.uncertainty_rows(path, themes.load_tagger(), limit=20)
    by_document = [r["document"] for r in rows]
    assert by_document.count("a/plan.txt") == labels.PER_DOCUMENT < len(many["paragraphs"])
    assert by_document.count("b/brief.txt") == 2 and len(rows) == labels.PER_DOCUMENT + 2


def test_import_rejects_unknown_theme_ids(tmp_path: Path):
    path = tmp_path / "in.csv"
    path.write_text("document,paragraph,page,text,current_tags,scores,themes\n"
                    "a.txt,1,1,Een alinea over sport,,{},sport\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown theme id"):
        labels.import_csv(path, tmp_path / "labels", IDS)


def test_label_commands_from_the_command_line(tmp_path: Path):
    for args in (("label", "--help"), ("label", "import", "--help")):
        result = run_cli(*args)
        assert result.returncode == 0 and "example:" in result.stdout and "raadslens label" in result.stdout
    out = tmp_path / "out"
    (out / "data").mkdir(parents=True)
    _documents(out / "data")
    csv_path = tmp_path / "x.csv"
    result = run_cli("label", "export", "--out", str(out), "--file", str(csv_path), "-n", "3")
    assert result.returncode == 0, result.stderr
    missing = run_cli("label", "export", "--out", str(tmp_path / "nope"), "--file", str(csv_path))
    assert missing.returncode == 1 and "run `raadslens analyse` first" in missing.stderr
    result = run_cli("label", "import", str(csv_path), "--labels", str(tmp_path / "labels"))
    assert result.returncode == 0 and "0 labelled paragraphs added" in result.stdout
