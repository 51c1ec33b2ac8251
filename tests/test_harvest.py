"""The Open Raadsinformatie harvester against a local stand-in server (127.0.0.1 only)."""
import json
from dataclasses import replace
from pathlib import Path

from conftest import HOSTILE, MOTION, QUESTIONS
from ori_server import FakeORI

from pipeline import harvest
from pipeline.config import HarvestConfig

FILES = {"1001.txt": MOTION.encode(), "1002.txt": QUESTIONS.encode(), "1003.html": HOSTILE.encode(),
         "1004.txt": b"bijlage", "1005.txt": MOTION.replace("Zutphen", "Amersfoort").encode()}


def config(server: FakeORI, **kw) -> HarvestConfig:
    settings = {"base_url": server.base, "municipalities": ("amersfoort",), "page_size": 2, "retries": 3,
                "backoff_s": 0.01, **kw}
    return replace(HarvestConfig(), **settings)


def harvested(corpus: Path) -> dict[str, dict]:
    folder = corpus / "ori" / "amersfoort"
    return {p.name: json.loads(p.with_name(p.name + ".meta.json").read_text(encoding="utf-8"))
            for p in folder.iterdir() if not p.name.endswith(".meta.json") and not p.name.startswith(".")}


def test_pages_retries_faults_and_sidecars(tmp_path):
    sleeps = []
    with FakeORI(FILES) as server:
        server.faults = {"search:1": ["429"], "search:2": ["500"], "search:4": ["truncate"],
                         "file:1002.txt": ["truncate"]}
        server.broken = {"1004.txt"}
        report = harvest.run(tmp_path, config(server), sleep=sleeps.append)
        searches = server.searches
    assert (report.listed, report.new, report.failed, report.complete) == (5, 4, 1, True)
    assert 7.0 in sleeps  # Retry-After of the 429 was honoured
    assert all(b["_source"] == {"excludes": ["text", "md_text", "text_pages"]} for b in searches)
    assert searches[0]["sort"] == [{"last_discussed_at": {"order": "desc"}}, {"_id": {"order": "asc"}}]
    pages = [b.get("search_after") for b in searches]
    assert pages == [None, None, None, [1710444600000, "1002"], [1710444600000, "1002"],
                     [1706211000000, "1004"]]  # 429 and 500 retried, truncated page 2 retried, then page 3
    docs = harvested(tmp_path)
    assert set(docs) == {"1001.txt", "1002.txt", "1003.html", "1005.txt"}
    assert (tmp_path / "ori" / "amersfoort" / "1002.txt").read_bytes() == FILES["1002.txt"]  # not the cut-off half
    meta = docs["1001.txt"]
    assert meta["municipality"] == "Amersfoort" and meta["meeting_date"] == "2024-03-14"
    assert meta["title"] == "Motie wachttijden jeugdhulp" and meta["classification"] == "Motie"
    assert meta["source_url"] == f"{server.base}/supplier/1001" and meta["bytes"] == len(FILES["1001.txt"])
    assert not list((tmp_path / "ori").rglob("*.part"))
    state = json.loads((tmp_path / "ori" / ".harvest" / "state.json").read_text())
    assert "watermark" in state["sources"]["amersfoort"] and "pending" not in state["sources"]["amersfoort"]
    assert set(state["failed"]) == {"1004"}


def test_next_harvest_fetches_only_changes_and_retries_the_failed_download(tmp_path):
    with FakeORI(FILES) as server:
        server.broken = {"1004.txt"}
        harvest.run(tmp_path, config(server), sleep=lambda s: None)
        state_path = tmp_path / "ori" / ".harvest" / "state.json"
        state = json.loads(state_path.read_text())
        state["sources"]["amersfoort"]["watermark"] = "2024-03-20T02:00:00+00:00"  # as if harvested then
        state_path.write_text(json.dumps(state))
        server.broken = set()
        server.files["1001.txt"] = MOTION.replace("12 weken", "16 weken of meer").encode()  # changed
        server.searches.clear()
        server.downloads.clear()
        report = harvest.run(tmp_path, config(server), sleep=lambda s: None)
        since = server.searches[0]["query"]["bool"]["filter"][1]["range"]["last_discussed_at"]["gte"]
        downloads = sorted(server.downloads)
    assert since == "2024-03-06"  # the last harvest minus lookback_days (14)
    assert (report.listed, report.new, report.changed, report.unchanged, report.failed) == (2, 1, 1, 1, 0)
    assert downloads == ["/files/1001.txt", "/files/1004.txt"]  # the changed one and the failed one
    assert b"16 weken" in (tmp_path / "ori" / "amersfoort" / "1001.txt").read_bytes()
    state = json.loads((tmp_path / "ori" / ".harvest" / "state.json").read_text())
    assert not state["failed"]


def test_a_stopped_harvest_resumes_after_the_last_page(tmp_path):
    with FakeORI(FILES) as server:
        server.faults = {"search:2": ["500"], "search:3": ["500"]}
        report = harvest.run(tmp_path, config(server, retries=1), sleep=lambda s: None)
        assert not report.complete and "HTTP 500" in report.errors[0] and report.new == 2
        state = json.loads((tmp_path / "ori" / ".harvest" / "state.json").read_text())
        assert state["sources"]["amersfoort"]["pending"]["after"] == [1710444600000, "1002"]
        server.searches.clear()
        server.downloads.clear()
        report = harvest.run(tmp_path, config(server), sleep=lambda s: None)
        assert report.complete and report.new == 3  # 1003, 1004, 1005; page 1 is not asked for again
        assert server.searches[0]["search_after"] == [1710444600000, "1002"]
        assert "/files/1001.txt" not in server.downloads


def test_max_documents_spreads_a_large_backlog_over_runs(tmp_path):
    with FakeORI(FILES) as server:
        first = harvest.run(tmp_path, config(server, max_documents=3), sleep=lambda s: None)
        second = harvest.run(tmp_path, config(server, max_documents=3), sleep=lambda s: None)
    assert (first.new, first.complete) == (3, False)
    assert (second.new, second.complete) == (2, True)
    assert len(harvested(tmp_path)) == 5


def test_refuses_urls_that_are_not_http(tmp_path):
    hit = {"_id": "x1", "_source": {"url": "file:///etc/passwd", "content_type": "text/plain"}}
    harvester = harvest.Harvester(tmp_path / "ori", HarvestConfig(municipalities=("x",)), sleep=lambda s: None)
    harvester._document("x", hit)
    assert harvester.report.failed == 1 and not (tmp_path / "ori" / "x" / "x1.txt").exists()
    assert "non-HTTP" in harvester.state["failed"]["x1"]["error"]


def test_retry_after_accepts_seconds_and_http_dates():
    assert harvest._retry_after("7", 1.0, 600) == 7.0
    assert harvest._retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1.0, 600) == 0.0  # in the past
    assert harvest._retry_after("soon", 3.0, 600) == 3.0
    assert harvest._retry_after("99999", 1.0, 600) == 600


def test_skips_documents_of_another_municipality_with_the_same_index_prefix(tmp_path):
    with FakeORI(FILES) as server:
        server.hits[4]["_index"] = "ori_amersfoort_zuid_20240105120000"  # as ori_bergen_* matches ori_bergen_op_zoom_*
        report = harvest.run(tmp_path, config(server), sleep=lambda s: None)
    assert report.listed == 4 and "1005.txt" not in harvested(tmp_path)
