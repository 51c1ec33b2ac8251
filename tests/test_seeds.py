"""The five real seed documents (read from ../shared, never copied): they are analysed without
errors, and no municipality is invented where the text does not name one."""
import json

from pipeline import run
from pipeline.config import Config


def test_seeds_are_analysed(shared, tmp_path):
    seeds = shared / "corpus" / "seeds"
    labels = {json.loads(line)["file"].split("/")[-1]: json.loads(line)
              for line in (seeds / "labels.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()}
    out = tmp_path / "out"
    summary = run.analyse(seeds, out, Config(), progress=False)
    assert summary.failed == 0 and summary.documents == len(labels)
    for line in (out / "data" / "documents.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        gold = labels[record["path"]]
        assert record["paragraphs"], record["path"]
        if gold["municipality"] is None:
            assert record["municipality"] is None, record["path"]
        elif record["municipality"] is not None:
            assert record["municipality"] == gold["municipality"], record["path"]
