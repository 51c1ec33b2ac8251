"""Nightly runs: harvest + incremental analyse + publish, exit codes, and runs killed at random points."""
import fcntl
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import MOTION, QUESTIONS, REPO, run_cli, write
from ori_server import FakeORI

from pipeline import nightly, run
from pipeline.config import Config, HarvestConfig

FILES = {"1001.txt": MOTION.encode(), "1002.txt": QUESTIONS.encode(), "1003.html": b"<p>Jeugdhulp in 2024.</p>",
         "1004.txt": MOTION.replace("12 weken", "9 weken").encode(), "1005.txt": b"Amendement jongerenwerk."}
STAGES = ("extract", "segment", "themes", "facts")


def harvest_settings(server: FakeORI, **kw) -> dict:
    return {"base_url": server.base, "municipalities": ["amersfoort"], "page_size": 2, "retries": 2,
            "backoff_s": 0.01, "lookback_days": 100000, **kw}


def toml(path: Path, settings: dict) -> Path:
    lines = ["[harvest]"] + [f"{k} = {json.dumps(v)}" for k, v in settings.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_nightly_harvests_analyses_and_keeps_a_history(tiny_corpus, tmp_path):
    out = tmp_path / "out"
    with FakeORI(FILES) as server:
        settings = harvest_settings(server)
        config = replace(Config(), harvest=replace(HarvestConfig(), **{**settings, "municipalities": ("amersfoort",)}))
        first = nightly.nightly(tiny_corpus, out, config)
        second = nightly.nightly(tiny_corpus, out, config)
    assert first.code == nightly.OK and first.harvest.new == 5 and first.summary.documents == 10
    docs = {r["path"]: r for r in map(json.loads, (out / "data" / "documents.jsonl").read_text().splitlines())}
    assert docs["ori/amersfoort/1001.txt"]["municipality"] == "Amersfoort"  # from the sidecar, not the text
    assert second.code == nightly.OK and second.harvest.unchanged == 5
    assert second.summary.stage_calls == 0 and not second.summary.rendered
    with sqlite3.connect(out / ".raadslens" / "index.sqlite") as db:
        rows = db.execute("SELECT kind, status, harvested, new, fresh, seconds, ended >= started FROM runs").fetchall()
    assert [r[:5] for r in rows] == [("nightly", "ok", 5, 10, 0), ("nightly", "ok", 0, 0, 10)]
    assert all(r[5] is not None and r[6] for r in rows)
    history = (out / "runs.html").read_text(encoding="utf-8")
    assert history.count("<td>nightly</td>") == 2


def test_exit_codes_for_schedulers(tiny_corpus, tmp_path):
    out = tmp_path / "out"
    closed = toml(tmp_path / "down.toml", {"base_url": "http://127.0.0.1:9", "municipalities": ["amersfoort"],
                                           "retries": 0})
    result = run_cli("--config", str(closed), "nightly", str(tiny_corpus), "--out", str(out))
    assert result.returncode == nightly.PARTIAL, result.stderr
    assert (out / "index.html").exists() and "harvest incomplete" in result.stdout  # the local files were analysed
    lock = os.open(out / ".raadslens" / "lock", os.O_RDWR)
    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as if another run were busy
    try:
        busy = run_cli("nightly", str(tiny_corpus), "--out", str(out))
    finally:
        os.close(lock)
    assert busy.returncode == nightly.BUSY and "another raadslens run is using" in busy.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text("[harvest]\nnot_a_setting = 1\n", encoding="utf-8")
    assert run_cli("--config", str(bad), "nightly", str(tiny_corpus), "--out", str(out)).returncode == nightly.CONFIG
    assert run_cli("nightly", str(tmp_path / "nope"), "--out", str(out)).returncode == nightly.FAILED
    assert run_cli("nightly", str(tiny_corpus), "--out", str(out)).returncode == nightly.OK


# --- killed runs -----------------------------------------------------------------------------------

def check_store(out: Path) -> int:
    """No half-stored document: every indexed document has all its results committed and readable."""
    index = out / ".raadslens" / "index.sqlite"
    if not index.exists():
        return 0
    with sqlite3.connect(index) as db:
        results = {k: (s, ok) for k, s, ok in db.execute("SELECT key, stage, ok FROM results")}
        documents = db.execute("SELECT path, keys, status, error_stage FROM documents").fetchall()
    for path, keys, status, error_stage in documents:
        keys = json.loads(keys)
        needed = STAGES if status == "ok" else STAGES[:STAGES.index(error_stage) + 1]
        for stage in needed:
            key = keys[stage]
            assert key in results, (path, stage)
            assert results[key][1] == (status == "ok" or stage != error_stage), (path, stage)
            json.loads((out / ".raadslens" / "results" / stage / key[:2] / f"{key}.json").read_text())
    return len(documents)


def check_report(out: Path) -> int | None:
    """The published report is one complete version: old or new, never a mix."""
    if not (out / "index.html").exists():
        return None
    version = (out / "index.html").resolve().parent
    assert (out / "data" / "documents.jsonl").resolve().parent.parent == version
    assert (out / "themes").resolve().parent == version
    manifest = json.loads((version / ".manifest.json").read_text())
    for name, size in manifest["files"].items():
        assert (version / name).stat().st_size == size, name
    lines = (out / "data" / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == manifest["documents"]
    return len([json.loads(line) for line in lines])


def check_inbox(corpus: Path, served: dict[str, set[bytes]]) -> None:
    """A harvested file is always a whole download, never a part of one."""
    for path in (corpus / "ori" / "amersfoort").glob("[!.]*"):
        if not path.name.endswith(".meta.json"):
            assert path.read_bytes() in served[path.name], path


@pytest.mark.slow
def test_runs_killed_at_random_points_lose_nothing(tmp_path):
    rng = random.Random(7)
    corpus = tmp_path / "corpus"
    body = "\n\n".join([MOTION] * 8)
    for i in range(20):
        write(corpus, f"local/doc{i:02d}.txt", body.replace("12 weken", f"{i + 1} weken"))
    out = tmp_path / "out"
    with FakeORI(FILES) as server:
        server.delay = 0.25
        served = {name: {data} for name, data in FILES.items()}
        config = toml(tmp_path / "raadslens.toml", harvest_settings(server))
        command = [sys.executable, "-m", "pipeline.cli", "--config", str(config), "nightly", str(corpus),
                   "--out", str(out)]
        points = ["harvest", "documents", "render", "time"] * 2
        rng.shuffle(points)
        killed_at = []
        for round_, point in enumerate(points):
            for name in FILES:  # new bytes on the server, so every round harvests again
                server.files[name] = FILES[name] + b"\nronde " + b"I" * (round_ + 1)  # a new size
                served[name].add(server.files[name])
            write(corpus, f"local/new{round_}.txt", body.replace("12 weken", f"{100 + round_} weken"))
            start_downloads = len(server.downloads)
            target_docs = check_store(out) + rng.randint(1, 3)
            versions = set((out / ".site").glob("v*")) if (out / ".site").exists() else set()
            process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + (rng.uniform(0.5, 8) if point == "time" else 120)
            while process.poll() is None and time.monotonic() < deadline:
                if point == "harvest" and len(server.downloads) - start_downloads >= 2:
                    break
                if point == "documents" and _indexed(out) >= target_docs:
                    break
                if point == "render" and (out / ".site").exists() and set((out / ".site").glob("v*")) - versions:
                    break
                time.sleep(0.01)
            if process.poll() is None:
                os.kill(process.pid, signal.SIGKILL)
                killed_at.append(point)
            process.wait()
            check_store(out)
            check_report(out)
            check_inbox(corpus, served)
        assert {"harvest", "documents", "render"} <= set(killed_at), killed_at  # each phase was really hit
        final = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600)
        assert final.returncode == 0, final.stderr
        files = sorted(p for p in corpus.rglob("*") if p.is_file() and not p.name.endswith(".meta.json")
                       and not any(part.startswith(".") for part in p.relative_to(corpus).parts))
        assert check_store(out) == len(files) == check_report(out) == 20 + len(points) + 5
        for name, data in server.files.items():  # the harvest caught up with the last version of each file
            assert (corpus / "ori" / "amersfoort" / name).read_bytes() == data
        again = run.analyse(corpus, out, Config(), progress=False)
        assert again.stage_calls == 0 and again.failed == 0


def _indexed(out: Path) -> int:
    try:
        with sqlite3.connect(out / ".raadslens" / "index.sqlite", timeout=1) as db:
            return db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0
