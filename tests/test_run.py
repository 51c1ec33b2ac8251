"""The run as a whole: incremental, crash-safe, failures as data, the output contract."""
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest
from conftest import MOTION, REPO, write

from pipeline import run
from pipeline.config import Config

OWN_SCRIPTS = re.compile(r'<script src="(?:\.\./)*(?:app|search-index)\.js"></script>')
SCHEMA = json.loads((REPO / "pipeline" / "resources" / "documents.schema.json").read_text(encoding="utf-8"))


def records(out: Path) -> dict[str, dict]:
    lines = (out / "data" / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    return {r["path"]: r for r in map(json.loads, lines)}


def test_end_to_end_contract_and_failures(tiny_corpus, tmp_path):
    out = tmp_path / "out"
    summary = run.analyse(tiny_corpus, out, Config(), progress=False)
    assert summary.documents == 5 and summary.failed == 2
    docs = records(out)
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for record in docs.values():
        validator.validate(record)
    assert docs["a.txt"]["doc_type"] == "motie" and docs["a.txt"]["municipality"] == "Zutphen"
    assert docs["sub/b.txt"]["questions"][1]["number"] == "2"
    assert docs["empty.pdf"]["status"] == "error" and docs["empty.pdf"]["error_kind"] == "empty"
    assert docs["broken.pdf"]["status"] == "error" and docs["broken.pdf"]["error_kind"] == "corrupt"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "broken.pdf" in index and "corrupt" in index
    for name in ("documents", "paragraphs", "themes", "facts"):
        assert (out / "data" / f"{name}.csv").exists() and (out / "data" / f"{name}.parquet").exists()
    assert list((out / "logs").glob("run-*.log"))


def test_second_run_does_no_per_document_work_and_a_change_reprocesses_one(tiny_corpus, tmp_path):
    out = tmp_path / "out"
    first = run.analyse(tiny_corpus, out, Config(), progress=False)
    assert first.stage_calls > 0
    second = run.analyse(tiny_corpus, out, Config(), progress=False)
    assert second.stage_calls == 0 and second.processed == 0 and second.fresh == 5 and not second.rendered
    (tiny_corpus / "a.txt").write_text(MOTION.replace("12 weken", "14 weken"), encoding="utf-8")
    third = run.analyse(tiny_corpus, out, Config(), progress=False)
    assert third.processed == 1 and third.changed == 1 and third.fresh == 4
    assert third.stage_calls == 4  # extract, segment, themes, facts of a.txt only
    assert any(f["value"] == 98 for f in records(out)["a.txt"]["facts"])


def test_a_config_change_reruns_only_the_stage_it_belongs_to(tiny_corpus, tmp_path):
    out = tmp_path / "out"
    run.analyse(tiny_corpus, out, Config(), progress=False)
    from dataclasses import replace
    config = replace(Config(), themes=replace(Config().themes, min_score=0.7))
    summary = run.analyse(tiny_corpus, out, config, progress=False)
    # three readable documents: themes and facts run again, extract and segment come from the store
    assert summary.stage_calls == 6


def test_removed_and_moved_files(tiny_corpus, tmp_path):
    out = tmp_path / "out"
    run.analyse(tiny_corpus, out, Config(), progress=False)
    (tiny_corpus / "c.html").unlink()
    (tiny_corpus / "a.txt").rename(tiny_corpus / "moved.txt")
    summary = run.analyse(tiny_corpus, out, Config(), progress=False)
    assert summary.removed == 2 and summary.stage_calls == 0  # same bytes under a new name: nothing to redo
    assert set(records(out)) == {"moved.txt", "sub/b.txt", "empty.pdf", "broken.pdf"}


def test_status_says_why(tiny_corpus, tmp_path):
    out = tmp_path / "out"
    run.analyse(tiny_corpus, out, Config(), progress=False)
    write(tiny_corpus, "new.txt", "Nieuw stuk over jeugdhulp.")
    states = {r["path"]: (r["state"], r["why"]) for r in run.status(out, tiny_corpus, Config())}
    assert states["new.txt"] == ("stale", "new document")
    assert states["a.txt"][0] == "fresh"
    assert states["broken.pdf"][0] == "failed" and "corrupt" in states["broken.pdf"][1]


def test_hostile_html_is_escaped_everywhere(tiny_corpus, tmp_path):
    out = tmp_path / "out"
    run.analyse(tiny_corpus, out, Config(), progress=False)
    for page in out.rglob("*.html"):
        html = OWN_SCRIPTS.sub("", page.read_text(encoding="utf-8"))  # the report's own static JS files
        assert "<script" not in html.lower(), page
        assert "javascript:" not in html and "onerror=" not in html
    record = records(out)["c.html"]
    assert "Menu" not in " ".join(p["text"] for p in record["paragraphs"])
    doc_page = (out / "documents" / f"{record['id']}.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#34;escaped&#34;)&lt;/script&gt;" in doc_page


@pytest.mark.slow
def test_a_killed_run_resumes_without_loss(tmp_path):
    corpus = tmp_path / "corpus"
    body = "\n\n".join([MOTION] * 20)
    for i in range(40):
        write(corpus, f"doc{i:02d}.txt", body.replace("12 weken", f"{i + 1} weken"))
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "analyse", str(corpus), "--out", str(out),
                                "--quiet"], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    index = out / ".raadslens" / "index.sqlite"
    done = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if index.exists():
            try:
                with sqlite3.connect(index, timeout=1) as db:
                    done = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
            except sqlite3.OperationalError:
                pass
        if done >= 3:
            break
        time.sleep(0.02)
    assert process.poll() is None, "the run ended before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert 3 <= done < 40
    summary = run.analyse(corpus, out, Config(), progress=False)
    assert summary.fresh >= done and summary.processed == 40 - summary.fresh and summary.failed == 0
    assert len(records(out)) == 40
    with sqlite3.connect(index) as db:
        keys = [(stage, key) for stage, key in db.execute("SELECT stage, key FROM results")]
    for stage, key in keys:  # every committed result is a complete JSON file
        json.loads((out / ".raadslens" / "results" / stage / key[:2] / f"{key}.json").read_text(encoding="utf-8"))
    again = run.analyse(corpus, out, Config(), progress=False)
    assert again.stage_calls == 0
