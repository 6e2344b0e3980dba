"""Notice when deck files change, by polling: the engine behind ``prepdeck check --watch``.

Polling file metadata twice a second is cheap for a few hundred decks, needs
no extra dependency, and works the same on every platform and file system
(network drives and containers included, where change notifications often
do not arrive).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable, Iterable

from .loader import discover

# path -> (modification time in ns, size, inode). The inode catches editors that
# save by writing a new file and renaming it over the old one.
Snapshot = dict[str, tuple[int, int, int]]

POLL_INTERVAL = 0.5
SETTLE_INTERVAL = 0.1
MAX_SETTLE_POLLS = 10


def snapshot(paths: Iterable[Path]) -> Snapshot:
    """The metadata of every deck file under ``paths``; missing files are simply absent."""
    state: Snapshot = {}
    for path in discover(paths):
        try:
            info = os.stat(path)
        except OSError:
            continue  # gone (or unreadable) right now; the loader reports it when checking
        state[str(path)] = (info.st_mtime_ns, info.st_size, info.st_ino)
    return state


def changed_paths(before: Snapshot, after: Snapshot) -> list[str]:
    """Files added, removed or modified between two snapshots, sorted."""
    return sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))


def watch(
    paths: list[Path],
    on_change: Callable[[list[str]], None],
    *,
    interval: float = POLL_INTERVAL,
    settle: float = SETTLE_INTERVAL,
    sleep: Callable[[float], None] = time.sleep,
    polls: int | None = None,
) -> None:
    """Call ``on_change([])`` once, then ``on_change(changed)`` after each change to a deck file.

    A change is reported once the files have stopped changing for ``settle``
    seconds, so an editor's multi-step save is checked once, complete.
    ``polls`` bounds the number of polls (``None`` watches until interrupted),
    and ``sleep`` can be replaced, which is how tests drive the loop.
    """
    current = snapshot(paths)
    on_change([])
    done = 0
    while polls is None or done < polls:
        sleep(interval)
        done += 1
        latest = snapshot(paths)
        if latest == current:
            continue
        for _ in range(MAX_SETTLE_POLLS):
            sleep(settle)
            settled = snapshot(paths)
            if settled == latest:
                break
            latest = settled
        changed = changed_paths(current, latest)
        current = latest
        if changed:
            on_change(changed)
