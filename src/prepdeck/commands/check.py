"""``prepdeck check``: validate decks and report problems the way a compiler does."""

from __future__ import annotations

import argparse
import sys

from ..core.diagnostics import has_errors
from .common import add_json_argument, add_paths_argument, deck_paths, print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check", help="validate decks: path:line:col: error|warning: message",
        description="Validate deck files and report every problem as path:line:col. "
                    "Exit 0 when there are no errors, 1 when there are.",
    )
    add_paths_argument(parser)
    add_json_argument(parser)
    parser.add_argument("--strict", action="store_true",
                        help="treat warnings as errors, and run the --thorough checks too")
    parser.add_argument("--thorough", action="store_true",
                        help="also draw every trainer question 200 times and warn when one option position "
                             "wins too often (slow: tens of seconds for the bundled decks)")
    parser.add_argument("--watch", action="store_true",
                        help="re-check whenever a deck file changes (Ctrl-C to stop)")
    parser.set_defaults(func=run)


def collect(args: argparse.Namespace) -> list:
    """Every diagnostic for the decks named by ``args``: load errors first, then author checks."""
    from ..core.lint import check_one_deck_at_a_time
    from . import check_extensions

    thorough = getattr(args, "thorough", False) or getattr(args, "strict", False)
    # One deck at a time: on a million items, holding every deck at once took over 4 GB.
    return check_one_deck_at_a_time(deck_paths(args.paths), check_extensions.extra_checks(thorough))


def run(args: argparse.Namespace) -> int:
    if args.watch:
        from .watch import run_watch

        return run_watch(args, collect)
    diagnostics = collect(args)
    if args.json:
        print_json([d.to_dict() for d in diagnostics])
    else:
        for diagnostic in diagnostics:
            print(diagnostic.format())
        errors = sum(d.severity == "error" for d in diagnostics)
        warnings = len(diagnostics) - errors
        print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
    failed = has_errors(diagnostics) or (args.strict and bool(diagnostics))
    return 1 if failed else 0
