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

OWN_SCRIPTS = re.compile(r'<script src="(?:(?:\.\./)*app|search/[a-z0-9-]+)\.js"></script>')
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


@pytest.mark.slow
def test_a_dask_cluster_gives_the_same_output_as_a_serial_run(tiny_corpus, tmp_path):
    distributed = pytest.importorskip("distributed", reason="dask is an optional extra: pip install 'raadslens[dask]'")
    serial = run.analyse(tiny_corpus, tmp_path / "serial", Config(), progress=False)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0") as cluster:
        on_dask = run.analyse(tiny_corpus, tmp_path / "dask", Config(), progress=False, dask=cluster.scheduler_address)
    assert on_dask.stage_calls == serial.stage_calls and on_dask.failed == serial.failed == 2
    for name in ("documents.jsonl", "facts.csv", "themes.csv", "paragraphs.csv"):
        assert (tmp_path / "dask" / "data" / name).read_bytes() == (tmp_path / "serial" / "data" / name).read_bytes()


def test_the_report_is_swapped_in_as_a_whole(tiny_corpus, tmp_path):
    out = tmp_path / "out"
    run.analyse(tiny_corpus, out, Config(), progress=False)
    first = (out / "index.html").resolve().parent
    assert (out / "data" / "documents.jsonl").resolve().parent.parent == first  # both in one version
    write(tiny_corpus, "new.txt", MOTION.replace("Zutphen", "Velsen"))
    run.analyse(tiny_corpus, out, Config(), progress=False)
    second = (out / "index.html").resolve().parent
    assert second != first and first.exists()  # the previous version stays for readers still in it
    manifest = json.loads((second / ".manifest.json").read_text())
    assert all((second / name).stat().st_size == size for name, size in manifest["files"].items())
    assert "new.txt" in records(out)
    for _ in range(2):
        write(tiny_corpus, f"more{_}.txt", MOTION.replace("Zutphen", "Ede") + str(_))
        run.analyse(tiny_corpus, out, Config(), progress=False)
    assert len(list((out / ".site").glob("v*"))) == run.KEEP_VERSIONS and not first.exists()
    history = (out / "runs.html").read_text(encoding="utf-8")
    assert history.count("<tr><td>") == 4 and "analyse" in history


def test_a_second_run_on_the_same_output_is_refused(tiny_corpus, tmp_path):
    out = tmp_path / "out"
    with run.exclusive(out):
        # another process, as a scheduler would start it
        result = subprocess.run([sys.executable, "-m", "pipeline.cli", "analyse", str(tiny_corpus), "--out", str(out)],
                                cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 3 and "another raadslens run is using" in result.stderr
    assert not (out / "index.html").exists()


def test_identical_files_with_different_sidecars_keep_their_own_metadata(tmp_path):
    corpus = tmp_path / "corpus"
    for folder, town in (("x", "Velsen"), ("y", "Ede")):  # one paper filed by two municipalities
        write(corpus, f"{folder}/motie.txt", MOTION)
        write(corpus, f"{folder}/motie.txt.meta.json", json.dumps({"municipality": town}))
    out = tmp_path / "out"
    run.analyse(corpus, out, Config(), progress=False)
    docs = records(out)
    assert docs["x/motie.txt"]["municipality"] == "Velsen" and docs["y/motie.txt"]["municipality"] == "Ede"
    again = run.analyse(corpus, out, Config(), progress=False)
    assert again.stage_calls == 0 and not again.rendered


def test_an_output_folder_of_the_earlier_layout_is_taken_over(tiny_corpus, tmp_path):
    import shutil

    out = tmp_path / "out"
    run.analyse(tiny_corpus, out, Config(), progress=False)
    for name in ("index.html", "data", "themes", "documents", "style.css"):  # real files, as releases before 0.2 wrote
        target = (out / name).resolve()
        (out / name).unlink()
        (shutil.copytree if target.is_dir() else shutil.copy)(target, out / name)
    write(tiny_corpus, "new.txt", MOTION.replace("Zutphen", "Velsen"))
    run.analyse(tiny_corpus, out, Config(), progress=False)
    assert all((out / name).is_symlink() for name in ("index.html", "data", "themes", "documents", "style.css"))
    assert "new.txt" in records(out) and not list((out / ".site").glob("old-*"))


def test_written_files_get_the_mode_of_a_plain_open_not_mkstemps_0600(tmp_path):
    from pipeline.store import atomic_write

    umask = os.umask(0o022)
    try:
        atomic_write(tmp_path / "page.html", b"<p>x</p>")
        plain = tmp_path / "plain.html"
        plain.write_bytes(b"x")
    finally:
        os.umask(umask)
    assert (tmp_path / "page.html").stat().st_mode & 0o777 == plain.stat().st_mode & 0o777 == 0o644


def test_table_cells_become_cited_facts_end_to_end(tmp_path):
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("Raadsinformatiebrief over verwijzingen naar jeugdhulp in Zutphen.")
    table = document.add_table(rows=3, cols=2)
    for row, cells in zip(table.rows, [("Verwijzer", "Aandeel 2024"), ("Huisarts", "41%"), ("Wijkteam", "33%")], strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "brief.docx").write_bytes(buffer.getvalue())
    out = tmp_path / "out"
    run.analyse(corpus, out, Config(), progress=False)
    record = records(out)["brief.docx"]
    jsonschema.Draft202012Validator(SCHEMA).validate(record)
    cells = [(f["subject"], f["value"], f["paragraph"], f["indicator"]) for f in record["facts"] if f["paragraph"] == -1]
    assert cells == [("Huisarts / Aandeel 2024", 41, -1, "referral_share_gp"),
                     ("Wijkteam / Aandeel 2024", 33, -1, "referral_share_local_team")]
    page = (out / "documents" / f"{record['id']}.html").read_text(encoding="utf-8")
    assert 'href="#page-1"' in page and 'id="page-1"' in page
