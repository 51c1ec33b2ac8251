"""A stand-in for the Open Raadsinformatie search API on 127.0.0.1, replaying JSON fixtures.

It answers `POST /ori_<slug>_*/_search` like Elasticsearch 7 would for the harvester's query (range
filter on `last_discussed_at`, sort, `search_after`, `size`) from the hits in a fixture file, serves
the documents under /files/, and injects faults on request: a 429 with Retry-After, a 500, a body
cut short, a 404.
"""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "ori"


class FakeORI:
    def __init__(self, files: dict[str, bytes], fixture: str = "amersfoort_search.json"):
        self.files = dict(files)
        self.hits = json.loads((FIXTURES / fixture).read_text(encoding="utf-8"))["hits"]["hits"]
        self.faults: dict[str, list[str]] = {}  # "search:<n>" or "file:<name>" -> faults for successive requests
        self.broken: set[str] = set()  # file names that always fail with 404
        self.searches: list[dict] = []  # request bodies, in order
        self.downloads: list[str] = []
        self.delay = 0.0  # seconds per download, to make a harvest slow enough to interrupt
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeORI:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _fault(self, key: str) -> str | None:
        queue = self.faults.get(key)
        return queue.pop(0) if queue else None

    def answer(self, body: dict) -> dict:
        hits = [json.loads(json.dumps(h).replace("{base}", self.base)) for h in self.hits]
        for hit in hits:
            name = hit["_source"]["url"].rsplit("/", 1)[-1]
            hit["_source"]["size_in_bytes"] = len(self.files.get(name, b""))
        since = None
        for clause in body["query"]["bool"]["filter"]:
            if "range" in clause:
                since = clause["range"]["last_discussed_at"]["gte"]
        if since:
            hits = [h for h in hits if h["_source"]["last_discussed_at"][:len(since)] >= since]
        hits.sort(key=lambda h: (-h["sort"][0], h["sort"][1]))
        after = body.get("search_after")
        if after is not None:
            hits = [h for h in hits if (-h["sort"][0], h["sort"][1]) > (-after[0], after[1])]
        return {"took": 3, "timed_out": False, "hits": {"total": {"value": len(hits), "relation": "eq"},
                                                        "max_score": None, "hits": hits[:body["size"]]}}

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _send(self, status: int, data: bytes, headers: dict | None = None, truncate: bool = False):
                self.send_response(status)
                self.send_header("Content-Length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data[: len(data) // 2] if truncate else data)
                if truncate:
                    self.close_connection = True

            def _error(self, fault: str | None) -> bool:
                if fault == "429":
                    self._send(429, b'{"error": "rate limited"}', {"Retry-After": "7"})
                elif fault == "500":
                    self._send(500, b'{"error": "internal"}')
                elif fault == "404":
                    self._send(404, b"not found")
                return fault in ("429", "500", "404")

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                fake.searches.append(body)
                if not self.path.startswith("/ori_") or not self.path.endswith("/_search"):
                    return self._send(404, b"{}")
                fault = fake._fault(f"search:{len(fake.searches)}")
                if self._error(fault):
                    return None
                return self._send(200, json.dumps(fake.answer(body)).encode(), {"Content-Type": "application/json"},
                                  truncate=fault == "truncate")

            def do_GET(self) -> None:
                name = self.path.rsplit("/", 1)[-1]
                fake.downloads.append(self.path)
                if fake.delay:
                    time.sleep(fake.delay)
                if not self.path.startswith("/files/") or name in fake.broken or name not in fake.files:
                    return self._send(404, b"not found")
                fault = fake._fault(f"file:{name}")
                if self._error(fault):
                    return None
                return self._send(200, fake.files[name], truncate=fault == "truncate")

        return Handler
