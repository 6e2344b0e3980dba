"""The services the TUI works with, gathered in one object injected into the app.

Tests build it with a temporary store, a fixed clock and a fixed seed; the
``prepdeck`` command builds it from the command line. Nothing here touches the
disk or the database at import time.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping, Sequence

from ..core.clock import Clock, system_clock
from .prefs import PrefsFile

if TYPE_CHECKING:
    from ..core.loader import DeckSet
    from ..store.store import Store

DeckLoader = Callable[[], "DeckSet"]
"""Loads (or reloads) the decks: at start-up, and after the candidate edited one in their editor."""

CommandRunner = Callable[[Sequence[str]], int]
"""Runs an external program in the foreground and returns its exit code."""


def _run_foreground(argv: Sequence[str]) -> int:
    return subprocess.call(list(argv))


@dataclass
class Services:
    """Everything the app needs from outside: decks, progress, time, randomness, the editor.

    With ``decks`` None the app loads them with ``reload_decks`` in a worker after its
    first frame, so the window appears before pydantic and the deck cache are read.
    """

    store: "Store"
    decks: "DeckSet | None" = None
    clock: Clock = system_clock
    seed: int | None = None
    tz: tzinfo | None = None  # the candidate's days (due today, streaks); None: the system zone
    reload_decks: DeckLoader | None = None
    run_command: CommandRunner = _run_foreground
    environ: Mapping[str, str] = field(default_factory=lambda: os.environ)
    prefs: PrefsFile = field(default_factory=lambda: PrefsFile(None))
    log_dir: Path | None = None  # crash logs; None: the user data folder's logs/

    def log_directory(self) -> Path:
        """Where a crash log goes (resolved only when there is one to write)."""
        if self.log_dir is not None:
            return self.log_dir
        from ..paths import data_dir

        return data_dir() / "logs"
