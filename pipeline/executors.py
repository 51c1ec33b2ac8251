"""Where per-document work runs: one `concurrent.futures.Executor` interface for all three backends.

Serial (default), a local process pool (`--workers N`), or a Dask cluster (`--dask ADDRESS`). Each
has a `window`: how many documents may be in flight at once, which bounds the coordinator's memory
and what a killed run loses.
"""
from __future__ import annotations

import multiprocessing
import time
from concurrent.futures import Executor, Future, ProcessPoolExecutor


class SerialExecutor(Executor):
    """Runs each job at once in this process: the default, and the easiest to debug."""

    window = 1  # each document is stored before the next one starts

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001
            future.set_exception(exc)
        return future


class DaskExecutor(Executor):
    """Per-document work on a Dask cluster: `distributed.Client(address).get_executor()`.

    The workers must see the corpus and the output folder at the same paths (a shared file system,
    as on an HPC cluster); they only read, and hand records back to the coordinator."""

    def __init__(self, address: str):
        try:
            from distributed import Client
        except ImportError as exc:
            raise RuntimeError("--dask needs the optional dependency: pip install 'raadslens[dask]'") from exc
        self.client = Client(address, set_as_default=False)
        self._executor = self.client.get_executor()
        self._window, self._checked = 8, 0.0

    @property
    def window(self) -> int:
        """Four documents per worker thread; re-read every 10 s, as a cluster may still be growing."""
        if time.monotonic() - self._checked > 10:
            self._window = max(8, 4 * sum(self.client.nthreads().values()))
            self._checked = time.monotonic()
        return self._window

    def submit(self, fn, /, *args, **kwargs) -> Future:
        return self._executor.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._executor.shutdown(wait=wait)
        self.client.close()


def make_executor(workers: int = 1, dask: str | None = None) -> Executor:
    """Serial, a local process pool, or a Dask cluster. Pool workers are spawned (not forked) so they
    do not inherit the run lock, and each loads its models once (`stages.Context`)."""
    if dask:
        return DaskExecutor(dask)
    if workers > 1:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
        pool.window = 4 * workers  # type: ignore[attr-defined]
        return pool
    return SerialExecutor()
