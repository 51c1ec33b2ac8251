"""Harvest new and changed council documents from the Open Raadsinformatie search API into the corpus.

The API is Elasticsearch 7 style: `POST <base>/ori_<slug>_*/_search` lists documents (`@type`
MediaObject) newest first, paged with `search_after` on (`last_discussed_at` desc, `_id`), without
the large text fields. Each file is stored as `<corpus>/<folder>/<slug>/<id>.<ext>` with a sidecar
`<file>.meta.json` (source URL, municipality, meeting date, title, supplier classification), which
`discover` reads like any user-supplied sidecar.

Only the standard library is used (urllib, in client.py): two kinds of request do not justify a
dependency, and the retry policy (backoff, `Retry-After` on 429/503, truncated bodies) has to be
explicit anyway.

Resumable: `<corpus>/<folder>/.harvest/state.json` keeps, per municipality, the cutoff of the last
complete harvest and the `search_after` cursor of the one in progress, saved after every page; a
killed harvest continues from its last page. Files are written to a temp name and renamed, the
sidecar last, so a killed download leaves no half file. Downloads that fail are remembered and
retried on the next run; they never stop the harvest.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import HarvestConfig
from ..discover import file_sha256
from ..lock import locked
from ..store import atomic_write
from .client import Client, HarvestError, _retry_after  # noqa: F401 - _retry_after is tested here

log = logging.getLogger("raadslens")
EXCLUDED_FIELDS = ["text", "md_text", "text_pages"]
EXTENSIONS = {"application/pdf": ".pdf", "text/html": ".html", "text/plain": ".txt", "application/rtf": ".rtf",
              "text/rtf": ".rtf", "application/msword": ".doc", "application/vnd.oasis.opendocument.text": ".odt",
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx"}
IDENTITY = ("url", "original_url", "size_in_bytes", "content_type", "date_modified")  # a change: new bytes


@dataclass
class Report:
    """What one harvest did; `complete` is False when some municipality could not be paged to the end."""

    listed: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    complete: bool = True
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        state = "complete" if self.complete else "incomplete (resumes on the next run)"
        return (f"harvest {state}: {self.listed} listed, {self.new} new, {self.changed} changed, "
                f"{self.unchanged} unchanged, {self.failed} failed")


def search_body(since: str, size: int, after: list | None) -> dict:
    """The search request: MediaObjects discussed on or after `since`, newest first, text left out."""
    filters: list[dict] = [{"match": {"@type": "MediaObject"}}]
    if since:
        filters.append({"range": {"last_discussed_at": {"gte": since}}})
    body: dict[str, Any] = {"size": size, "query": {"bool": {"filter": filters}},
                            "sort": [{"last_discussed_at": {"order": "desc"}}, {"_id": {"order": "asc"}}],
                            "_source": {"excludes": EXCLUDED_FIELDS}}
    if after is not None:
        body["search_after"] = after
    return body


def sidecar(slug: str, hit: dict) -> dict:
    """The metadata kept next to a harvested file. `meeting_date` is not `date`: the meeting where a
    paper was discussed is not the date the paper bears, which segment still reads from the text."""
    src = hit.get("_source", {})
    org = src.get("has_organization_name") or slug.replace("_", " ")
    classification = src.get("classification") or src.get("additional_type")
    return {"source": "openraadsinformatie", "id": hit["_id"], "index": hit.get("_index"),
            "source_url": src.get("original_url") or src.get("url"), "url": src.get("url"),
            "original_url": src.get("original_url"),
            "municipality": re.sub(r"^(gemeente|gemeenteraad)\s+", "", str(org), flags=re.I),
            "meeting_date": str(src.get("last_discussed_at") or "")[:10] or None,
            "last_discussed_at": src.get("last_discussed_at"), "title": src.get("name"),
            "classification": classification, "content_type": src.get("content_type"),
            "size_in_bytes": src.get("size_in_bytes"), "date_modified": src.get("date_modified"),
            "is_referenced_by": src.get("is_referenced_by")}


def file_name(hit: dict) -> str:
    src = hit.get("_source", {})
    ext = EXTENSIONS.get(str(src.get("content_type") or "").split(";")[0].strip().lower())
    if ext is None:
        suffix = Path(str(src.get("name") or "")).suffix.lower()
        ext = suffix if re.fullmatch(r"\.[a-z0-9]{1,5}", suffix) else ".bin"
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", str(hit["_id"]))[:120]
    return safe + ext


class Harvester:
    def __init__(self, inbox: Path, cfg: HarvestConfig, sleep: Callable[[float], None] = time.sleep,
                 now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)):
        self.inbox = Path(inbox)
        self.cfg = cfg
        self.client = Client(cfg, sleep)
        self.now = now
        self.state_path = self.inbox / ".harvest" / "state.json"
        self.state = self._load_state()
        self.report = Report()
        self.budget = cfg.max_documents or None
        self.attempted: set[str] = set()  # ids downloaded or tried in this run

    def _load_state(self) -> dict:
        try:
            state = json.loads(self.state_path.read_text(encoding="utf-8"))
            return state if isinstance(state, dict) else {}
        except (OSError, ValueError):
            return {}

    def _save_state(self) -> None:
        atomic_write(self.state_path, json.dumps(self.state, indent=1, sort_keys=True).encode())

    def run(self) -> Report:
        """Raises lock.Busy when another harvest is filling the same folder."""
        with locked(self.inbox / ".harvest" / "lock", f"another harvest is filling {self.inbox}"):
            self.state = self._load_state()
            return self._run()

    def _run(self) -> Report:
        for part in self.inbox.glob("*/.*.part"):  # downloads cut short by a killed run
            part.unlink(missing_ok=True)
        self._retry_failed()
        for slug in self.cfg.municipalities:
            try:
                self._municipality(slug)
            except HarvestError as exc:
                self.report.complete = False
                self.report.errors.append(f"{slug}: {exc}")
                log.error("harvest %s stopped: %s (resumes on the next run)", slug, exc)
        log.info(self.report.line())
        return self.report

    def _municipality(self, slug: str) -> None:
        source = self.state.setdefault("sources", {}).setdefault(slug, {})
        pending = source.get("pending")
        if pending is None:
            watermark = source.get("watermark")
            if watermark:
                since = (dt.datetime.fromisoformat(watermark) - dt.timedelta(days=self.cfg.lookback_days)).date()
                since = since.isoformat()
            else:
                since = self.cfg.since
            pending = source["pending"] = {"since": since, "started": self.now().isoformat(), "after": None}
            self._save_state()
        else:
            log.info("harvest %s: resuming after %s", slug, pending["after"])
        pattern = re.compile(rf"ori_{re.escape(slug)}_\d")
        while True:
            answer = self.client.search(slug, search_body(pending["since"], self.cfg.page_size, pending["after"]))
            hits = answer["hits"]["hits"]
            for hit in hits:
                if self.budget is not None and self.budget <= 0:  # max_documents reached: go on next run
                    self.report.complete = False
                    self._save_state()
                    return
                wanted = "_id" in hit and ("_index" not in hit or pattern.match(str(hit["_index"]))) and \
                    hit.get("_source", {}).get("@type", "MediaObject") == "MediaObject"
                if wanted:  # ori_bergen_* also matches ori_bergen_op_zoom_*: skip other municipalities
                    self.report.listed += 1
                    self._document(slug, hit)
                pending["after"] = hit.get("sort")
            if len(hits) < self.cfg.page_size or pending["after"] is None:
                source["watermark"] = pending["started"]
                source.pop("pending")
                self._save_state()
                return
            self._save_state()

    def _document(self, slug: str, hit: dict) -> None:
        if hit["_id"] in self.attempted:  # a failed one retried first, then listed again
            return
        self.attempted.add(hit["_id"])
        folder = self.inbox / re.sub(r"[^a-z0-9_-]", "_", slug.lower())
        target = folder / file_name(hit)
        meta_path = target.with_name(target.name + ".meta.json")
        meta = sidecar(slug, hit)
        old = _read_json(meta_path)
        if old is not None and target.exists() and target.stat().st_size == old.get("bytes"):
            if all(old.get(k) == meta.get(k) for k in IDENTITY):
                if any(old.get(k) != v for k, v in meta.items()):  # metadata only: no new download
                    atomic_write(meta_path, _dump({**meta, "bytes": old["bytes"], "sha256": old.get("sha256")}))
                    self.report.changed += 1
                else:
                    self.report.unchanged += 1
                self.state.get("failed", {}).pop(hit["_id"], None)
                return
        if self.budget is not None:
            self.budget -= 1
        try:
            size, sha = self._download(hit, target)
        except HarvestError as exc:
            self.report.failed += 1
            failed = self.state.setdefault("failed", {})
            attempts = failed.get(hit["_id"], {}).get("attempts", 0) + 1
            failed[hit["_id"]] = {"slug": slug, "hit": hit, "error": str(exc), "attempts": attempts}
            log.warning("harvest %s: download of %s failed: %s", slug, hit["_id"], exc)
            return
        atomic_write(meta_path, _dump({**meta, "bytes": size, "sha256": sha}))
        self.state.get("failed", {}).pop(hit["_id"], None)
        if old is None:
            self.report.new += 1
        else:
            self.report.changed += 1

    def _download(self, hit: dict, target: Path) -> tuple[int, str]:
        src = hit.get("_source", {})
        urls = [u for u in (src.get("url"), src.get("original_url")) if u]
        if not urls:
            raise HarvestError("no url")
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
        os.close(fd)
        part = Path(tmp)
        try:
            error: HarvestError | None = None
            for url in urls:  # the index's cached copy first, then the supplier's original
                try:
                    self.client.request(url, sink=part)
                    break
                except HarvestError as exc:
                    error = exc
            else:
                raise error or HarvestError("download failed")
            size, sha = part.stat().st_size, file_sha256(part)
            os.replace(part, target)
            return size, sha
        finally:
            part.unlink(missing_ok=True)

    def _retry_failed(self) -> None:
        failed = self.state.get("failed", {})
        for doc_id, entry in list(failed.items()):
            if entry.get("slug") in self.cfg.municipalities:
                before = self.report.failed
                self._document(entry["slug"], entry["hit"])
                if self.report.failed == before:
                    failed.pop(doc_id, None)
        self._save_state()


def _read_json(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else None
    except (OSError, ValueError):
        return None


def _dump(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def run(corpus: Path, cfg: HarvestConfig, sleep: Callable[[float], None] = time.sleep) -> Report:
    """Harvest the configured municipalities into `<corpus>/<cfg.folder>`."""
    return Harvester(Path(corpus) / cfg.folder, cfg, sleep).run()
