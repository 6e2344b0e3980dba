"""``prepdeck check --watch``: re-check the decks whenever one of their files changes.

Not a command of its own: ``check`` hands over to ``run_watch`` with its own
``collect``, so a watched check reports exactly what a one-off check would.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from datetime import datetime
from typing import Callable, TextIO

from ..core.diagnostics import Diagnostic
from ..core.watch import POLL_INTERVAL, watch
from ..errors import PrepdeckError
from .common import deck_paths

Collect = Callable[[argparse.Namespace], list[Diagnostic]]


def _report(args: argparse.Namespace, collect: Collect, changed: list[str], out: TextIO,
            now: Callable[[], datetime]) -> None:
    stamp = now()
    # Anything the last check kept out of the collector's scans (keep_for_the_process) is garbage
    # now, and a long watch would otherwise pin every check's leftovers.
    gc.unfreeze()
    gc.collect()
    try:
        diagnostics = collect(args)
    except PrepdeckError as error:
        # A deck path that vanished mid-watch is worth a line, not the end of the watch.
        diagnostics, failure = [], str(error)
    except Exception as error:  # noqa: BLE001 - the watcher outlives any one bad check
        diagnostics, failure = [], f"internal error: {type(error).__name__}: {error} (please report it)"
    else:
        failure = None
    if args.json:
        record = {"time": stamp.isoformat(timespec="seconds"), "changed": changed,
                  "diagnostics": [d.to_dict() for d in diagnostics]}
        if failure:
            record["error"] = failure
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        what = "changed: " + ", ".join(changed) if changed else "checking"
        out.write(f"── {stamp:%H:%M:%S} {what}\n")
        for diagnostic in diagnostics:
            out.write(diagnostic.format() + "\n")
        if failure:
            out.write(f"prepdeck: error: {failure}\n")
        else:
            errors = sum(d.severity == "error" for d in diagnostics)
            out.write(f"{errors} error(s), {len(diagnostics) - errors} warning(s)\n")
    out.flush()


def run_watch(
    args: argparse.Namespace,
    collect: Collect,
    *,
    out: TextIO | None = None,
    sleep: Callable[[float], None] | None = None,
    polls: int | None = None,
    now: Callable[[], datetime] = datetime.now,
) -> int:
    """Check now, then again after every change, until Ctrl-C (which exits 0)."""
    out = out or sys.stdout
    paths = deck_paths(args.paths)
    print(f"watching {', '.join(map(str, paths))} (every {POLL_INTERVAL:g} s; Ctrl-C to stop)",
          file=sys.stderr)
    extra = {"sleep": sleep} if sleep is not None else {}
    try:
        watch(paths, lambda changed: _report(args, collect, changed, out, now), polls=polls, **extra)
    except KeyboardInterrupt:
        return 0
    return 0
