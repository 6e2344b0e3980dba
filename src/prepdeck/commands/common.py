"""Helpers shared by subcommands: finding decks, printing JSON, reading diagnostics."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..core.diagnostics import Diagnostic
from ..core.loader import DeckSet, discover, load_decks
from ..errors import UsageError
from ..paths import bundled_content_dir


def add_paths_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH",
        help="deck files or folders (default: the bundled decks)",
    )


def add_json_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")


def deck_paths(paths: list[Path] | None) -> list[Path]:
    """The paths to load, defaulting to the bundled decks.

    A missing path, or a folder with no deck in it, is a usage error.
    """
    if not paths:
        return [bundled_content_dir()]
    for path in paths:
        try:
            path.stat()
        except FileNotFoundError:
            raise UsageError(f"{path}: no such file or directory") from None
        except OSError as error:
            raise UsageError(f"{path}: {error.strerror or error}") from None
        if path.is_dir() and next(discover([path]), None) is None:
            # Checking nothing and reporting "0 errors" would hide a mistyped path.
            raise UsageError(f"{path}: a folder with no deck files (*.yaml, *.yml) in it")
    return paths


def load(paths: list[Path] | None) -> DeckSet:
    return keep_for_the_process(load_decks(deck_paths(paths)))


def keep_for_the_process(decks: DeckSet) -> DeckSet:
    """Exempt the loaded decks from the garbage collector's full scans; returns ``decks``.

    The decks live as long as the command. With 100,000 items, every full collection
    would walk them all again, and the allocations of any later loop over the items
    trigger one every few thousand steps: iterating them took 0.7 s instead of 0.03 s.
    (``gc.freeze``: reference counting still frees them; only cycles among them wait.)
    """
    import gc

    gc.freeze()
    return decks


def print_diagnostics(diagnostics: list[Diagnostic], stream: Any = None) -> None:
    stream = stream or sys.stderr
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=stream)


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
