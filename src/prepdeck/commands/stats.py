"""``prepdeck stats``: attempts, accuracy, weakest items, what is due, streak and predicted recall."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from ..errors import UsageError
from .common import add_json_argument, add_paths_argument, load, print_diagnostics, print_json


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "stats", help="progress: accuracy, weakest items, due forecast, streak, recall on a date",
        description="Progress statistics from the progress database. Items that have left their decks "
                    "are kept and listed as orphans. PATHs are the decks to compare against (default: "
                    "the bundled decks).",
    )
    add_paths_argument(parser)
    parser.add_argument("--db", type=Path, metavar="PATH", help="progress database (default: the user data dir)")
    add_json_argument(parser)
    parser.add_argument("--on", type=_date, metavar="YYYY-MM-DD",
                        help="predicted recall (FSRS retrievability) on this day, your interview day: it is "
                             "remembered (as is a date given in the TUI's stats) and used when --on is left out")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..core.clock import local_date, system_clock
    from ..core.scheduler import Scheduler
    from ..store import Catalog, Stats, Store
    from ..store.connection import resolve_db_path
    from .stats_render import stats_lines

    now = system_clock()
    today = local_date(now)
    if args.on is not None and args.on < today:
        raise UsageError(f"--on {args.on.isoformat()} is in the past; give today or a later date")
    decks = load(args.paths)
    print_diagnostics(decks.diagnostics)
    catalog = Catalog.from_entries((loaded.deck.id, item.id, item.tags) for loaded, item in decks.items())
    path = resolve_db_path(args.db)
    store = Store.open_for_reading(path)
    problems: list[str] = []
    if store is None:
        stats = Stats.empty(today)
    else:
        with store:
            problems = store.health()  # quick_check and damaged rows: say so, but count what can be read
            on = args.on
            if on is None:
                remembered = store.interview_date()
                on = remembered if remembered is not None and remembered >= today else None
            elif store.writable:
                store.set_interview_date(on)
            stats = store.stats(now=now, scheduler=Scheduler(), catalog=catalog, on=on)
    for problem in problems:
        print(f"prepdeck: warning: {path}: the progress database is damaged: {problem}; "
              "it was left untouched (these stats leave the damaged part out)", file=sys.stderr)
    if args.json:
        print_json({"database": str(path), "exists": store is not None, **stats.to_dict()})
    else:
        print("\n".join(stats_lines(stats, path, exists=store is not None)))
    return 0
