"""The five real seed documents (read from ../shared, never copied): each is analysed without
errors, with the right document type, municipality (none invented where the text names none),
date and number of written questions."""
import json

import pytest
from conftest import SHARED

from pipeline import run
from pipeline.config import Config
from pipeline.segment import places


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory):
    seeds = SHARED / "corpus" / "seeds"
    if not (seeds / "labels.jsonl").is_file():
        pytest.skip(f"the seed documents are not beside the repo ({seeds}); set RAADSLENS_SHARED")
    labels = {json.loads(line)["file"].split("/")[-1]: json.loads(line)
              for line in (seeds / "labels.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()}
    out = tmp_path_factory.mktemp("seeds") / "out"
    summary = run.analyse(seeds, out, Config(), progress=False)
    records = {json.loads(line)["path"]: json.loads(line)
               for line in (out / "data" / "documents.jsonl").read_text(encoding="utf-8").splitlines()}
    return summary, labels, records


def test_seeds_are_analysed(seeds_run):
    summary, labels, records = seeds_run
    assert summary.failed == 0 and summary.documents == len(labels)
    assert all(records[name]["paragraphs"] for name in labels)


@pytest.mark.parametrize("field", ["doc_type", "municipality", "date", "questions"])
def test_seed_structure(seeds_run, field):
    _, labels, records = seeds_run
    for name, gold in labels.items():
        record = records[name]
        got = {"doc_type": record["doc_type"], "municipality": places.short_name(record["municipality"]),
               "date": record["date"], "questions": len(record["questions"])}[field]
        assert got == gold[field], (name, field)


def test_seed_motion_dictum(seeds_run):
    _, labels, records = seeds_run
    for name, gold in labels.items():
        if gold["dictum"]:
            assert len(records[name]["dictum"]) == len(gold["dictum"]), name
