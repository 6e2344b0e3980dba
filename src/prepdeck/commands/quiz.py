"""``prepdeck quiz --plain``: a study session on stdin/stdout (the TUI is ``prepdeck``)."""

from __future__ import annotations

import argparse
import secrets
import sys
from pathlib import Path

from .common import add_paths_argument, load, print_diagnostics
from .numbers import non_negative, positive, seed

MODES = ("quiz", "flash", "calc", "trainer", "review", "interview")

def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "quiz", help="study session; --plain runs it on stdin/stdout",
        description="A study session. With --plain it runs line by line on stdin/stdout: the answer is "
                    "every line up to a blank line (or EOF); :hint, :skip, :reveal (give up and see the "
                    "answer; recorded as not recalled), :override right|wrong and :quit are commands; "
                    "flashcards reveal on a blank line and take a rating 1-4. "
                    "The interactive TUI is 'prepdeck' with no arguments.",
    )
    add_paths_argument(parser)
    parser.add_argument("--plain", action="store_true", help="line-based session on stdin/stdout")
    parser.add_argument("--deck", action="append", default=[], metavar="ID", help="only this deck (repeatable)")
    parser.add_argument("--tag", action="append", default=[], metavar="T", help="only items with this tag (repeatable)")
    parser.add_argument("--mode", choices=MODES, default="quiz",
                        help="quiz (free text and choices), flash, calc, trainer, review (what is due) "
                             "or interview (a question and its follow-ups, no hints, timed); default quiz")
    parser.add_argument("--count", type=positive, metavar="N",
                        help="cards to study (default 10; review: everything due)")
    parser.add_argument("--seed", type=seed, metavar="N", help="seed for a replayable session")
    parser.add_argument("--db", type=Path, metavar="PATH", help="progress database (default: the user data dir)")
    parser.add_argument("--new-per-day", type=non_negative, default=20, metavar="N",
                        help="new items introduced per day (default 20)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not args.plain:
        print("prepdeck: the interactive quiz is the TUI: run 'prepdeck' with no arguments; "
              "for a line-based session on stdin/stdout use 'prepdeck quiz --plain'", file=sys.stderr)
        return 2
    from ..core.clock import system_clock
    from ..core.session import Session
    from ..core.session_types import SessionConfig
    from ..store import Store
    from .quiz_plain import PlainQuiz

    # A stray byte in piped input, or a terminal that cannot show ✓, must not end the session.
    for stream in (sys.stdin, sys.stdout):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    decks = load(args.paths)
    print_diagnostics(decks.diagnostics)
    if decks.diagnostics and not decks.decks:
        return 1  # no deck loaded: the located errors above say why; a session would be empty
    config = SessionConfig(mode=args.mode, deck_ids=tuple(args.deck), tags=tuple(args.tag), count=args.count,
                           new_per_day=args.new_per_day)
    seed = args.seed if args.seed is not None else secrets.randbelow(2**31)
    with Store.open(args.db) as store:
        session = Session(decks, store, clock=system_clock, seed=seed, config=config)
        return PlainQuiz(session, sys.stdin, sys.stdout).run()
