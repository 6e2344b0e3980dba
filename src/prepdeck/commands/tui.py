"""``prepdeck`` (no arguments) and ``prepdeck tui``: the interactive Textual app.

The decks come through the parsed-deck cache (keyed on file content), and
Textual itself is imported only here, in ``run``, so the other subcommands and
``--help`` stay fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UsageError
from .numbers import seed

if TYPE_CHECKING:
    from ..tui.app import PrepdeckApp
    from ..tui.services import Services

PREFS_FILENAME = "tui.json"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "tui", help="the interactive TUI (what 'prepdeck' with no command opens)",
        description="Drill the decks in the terminal: quiz, flashcards, calculations, trainer lab, "
                    "review and interview modes, with stats. Press ? inside for help.",
    )
    _add_arguments(parser)
    parser.set_defaults(func=run)


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    # Not commands.common.add_paths_argument: importing that module pulls in the deck loader
    # (pydantic), which the TUI only loads after its first frame.
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="deck files or folders (default: the bundled decks)")
    parser.add_argument("--db", type=Path, metavar="PATH", help="progress database (default: the user data dir)")
    parser.add_argument("--seed", type=seed, metavar="N", help="seed for replayable sessions")


def build_services(args: argparse.Namespace) -> "Services":
    """Open the progress database (a bad one is a one-line error here, before the TUI starts).

    The decks are not loaded yet: the app loads them, through the parsed-deck
    cache, in a worker after its first frame.
    """
    from ..paths import bundled_content_dir, cache_dir, data_dir
    from ..store import Store
    from ..tui.prefs import PrefsFile
    from ..tui.services import Services

    if args.paths:
        from .common import deck_paths  # checks that each given path exists

        paths = deck_paths(args.paths)
    else:
        paths = [bundled_content_dir()]
    cache = cache_dir()

    def load():
        from ..core.deck_cache import load_decks_cached
        from .common import keep_for_the_process

        return keep_for_the_process(load_decks_cached(paths, cache))

    store = Store.open(args.db)
    home = Path(args.db).expanduser().parent if args.db else data_dir()
    return Services(store=store, seed=args.seed, reload_decks=load, prefs=PrefsFile(home / PREFS_FILENAME),
                    log_dir=home / "logs")


def run(args: argparse.Namespace) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError("the TUI needs a terminal; for pipes use 'prepdeck quiz --plain'")
    services = build_services(args)
    from ..tui.app import PrepdeckApp

    app = PrepdeckApp(services)
    try:
        app.run()
    finally:
        services.store.close()
    return exit_status(app)


def exit_status(app: "PrepdeckApp") -> int:
    """The process status once the app has gone: 1 after a crash (with a line saying where the log is)."""
    from ..tui.guard import print_after_exit

    if app.crash_error is not None:
        print_after_exit(app.crash_log, app.crash_error)
        return 1
    return app.return_code or 0


def run_default(argv: list[str]) -> int:
    """``prepdeck`` with no command: the TUI on the bundled decks."""
    parser = argparse.ArgumentParser(prog="prepdeck")
    _add_arguments(parser)
    return run(parser.parse_args(argv))
