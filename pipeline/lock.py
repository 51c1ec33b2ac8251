"""An exclusive, non-blocking lock on a file (`flock`): one run at a time per output folder or inbox.

The OS releases an flock when its process dies, also on SIGKILL, so a crashed run never leaves a
stale lock behind. Re-entrant within one process (nightly holds it around harvest and analyse)."""
from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class Busy(RuntimeError):
    """Another process holds the lock."""


_HELD: dict[str, int] = {}  # lock path -> nesting depth in this process


@contextmanager
def locked(path: Path, what: str) -> Iterator[None]:
    key = str(Path(path).resolve())
    if key in _HELD:
        _HELD[key] += 1
        try:
            yield
        finally:
            _HELD[key] -= 1
        return
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 100, 0).decode(errors="replace").strip()
        os.close(fd)
        raise Busy(f"{what} ({holder or 'pid unknown'}); this run did nothing") from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"pid {os.getpid()}".encode(), 0)
    _HELD[key] = 1
    try:
        yield
    finally:
        del _HELD[key]
        os.close(fd)  # releases the flock
