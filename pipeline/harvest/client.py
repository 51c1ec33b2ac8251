"""HTTP for the harvester, standard library only: retries with exponential backoff, `Retry-After` on
429 and 503, and a check that every body is as long as its `Content-Length` said."""
from __future__ import annotations

import datetime as dt
import email.utils
import http.client
import json
import logging
import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from .. import __version__
from ..config import HarvestConfig

log = logging.getLogger("raadslens")
RETRY_STATUS = {429, 500, 502, 503, 504}


class HarvestError(Exception):
    """A request that failed for good (after retries, or a status that retrying cannot fix)."""


class Client:
    """HTTP with retries: exponential backoff, `Retry-After`, and a check that the body is complete."""

    def __init__(self, cfg: HarvestConfig, sleep: Callable[[float], None] = time.sleep):
        self.cfg = cfg
        self.sleep = sleep

    def request(self, url: str, body: dict | None = None, sink: Path | None = None) -> bytes:
        """POST `body` as JSON (or GET); the response bytes, or streamed into `sink` (returns b"")."""
        if not url.startswith(("http://", "https://")):
            raise HarvestError(f"refusing a non-HTTP URL: {url[:200]}")
        data = json.dumps(body).encode() if body is not None else None
        headers = {"User-Agent": f"raadslens/{__version__}", "Accept": "*/*"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        for attempt in range(self.cfg.retries + 1):
            wait = min(self.cfg.backoff_s * 2 ** attempt, self.cfg.max_wait_s)
            try:
                request = urllib.request.Request(url, data=data, headers=headers, method="POST" if data else "GET")
                with urllib.request.urlopen(request, timeout=self.cfg.timeout_s) as response:
                    return self._read(response, sink)
            except urllib.error.HTTPError as exc:
                if exc.code not in RETRY_STATUS or attempt == self.cfg.retries:
                    raise HarvestError(f"HTTP {exc.code} from {url}") from None
                wait = _retry_after(exc.headers.get("Retry-After"), wait, self.cfg.max_wait_s)
                log.warning("harvest: HTTP %d from %s, retrying in %.1f s", exc.code, url, wait)
            except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
                if attempt == self.cfg.retries:
                    raise HarvestError(f"{exc.__class__.__name__} from {url}: {exc}") from None
                log.warning("harvest: %s from %s, retrying in %.1f s", exc.__class__.__name__, url, wait)
            self.sleep(wait)
        raise AssertionError("unreachable")

    def _read(self, response, sink: Path | None) -> bytes:
        expected = response.headers.get("Content-Length")
        received = 0
        chunks: list[bytes] = []
        handle = sink.open("wb") if sink else None
        try:
            while block := response.read(1 << 16):
                received += len(block)
                if received > self.cfg.max_bytes:
                    raise HarvestError(f"larger than max_bytes ({self.cfg.max_bytes})")
                if handle:
                    handle.write(block)
                else:
                    chunks.append(block)
            if handle:
                handle.flush()
                os.fsync(handle.fileno())
        finally:
            if handle:
                handle.close()
        if expected is not None and received != int(expected):
            raise ValueError(f"truncated body: {received} of {expected} bytes")
        return b"".join(chunks)

    def search(self, slug: str, body: dict) -> dict:
        url = f"{self.cfg.base_url.rstrip('/')}/ori_{slug}_*/_search"
        for attempt in range(self.cfg.retries + 1):  # a body cut short without Content-Length: parse fails
            raw = self.request(url, body)
            try:
                answer = json.loads(raw)
                answer["hits"]["hits"]
                return answer
            except (ValueError, KeyError, TypeError) as exc:
                if attempt == self.cfg.retries:
                    raise HarvestError(f"unreadable search answer from {url}: {exc}") from None
                self.sleep(min(self.cfg.backoff_s * 2 ** attempt, self.cfg.max_wait_s))
        raise AssertionError("unreachable")


def _retry_after(value: str | None, default: float, cap: float) -> float:
    """Seconds from a Retry-After header (seconds or an HTTP date); `default` when absent or unreadable."""
    if not value:
        return default
    try:
        return min(max(float(value), 0.0), cap)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
        return min(max((when - dt.datetime.now(dt.UTC)).total_seconds(), 0.0), cap)
    except (TypeError, ValueError):
        return default
