"""``prepdeck export``: decks as an Anki package (.apkg) or an Anki text-import CSV."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ..errors import PrepdeckError, UsageError
from .common import add_paths_argument, load, print_diagnostics

if TYPE_CHECKING:
    from ..core.loader import LoadedDeck
    from ..export.notes import SkippedItem
    from ..store import Store

DEFAULT_INSTANCES = 3
DEFAULT_TRAINER_INSTANCES = 2


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export", help="export decks to Anki (.apkg) or Anki's CSV import format",
        description="Export decks for Anki. Concepts become two-way cards; questions show the model "
                    "answer, rubric and follow-ups on the back; calculations become a few worked "
                    "instances. Ids are stable, so importing a newer export updates notes in place.",
    )
    add_paths_argument(parser)
    parser.add_argument("--anki", type=Path, metavar="OUT.apkg", help="write an Anki package")
    parser.add_argument("--csv", type=Path, metavar="OUT.csv",
                        help="write a text file for Anki's File › Import (Basic note type)")
    parser.add_argument("--attempts", type=Path, metavar="OUT.csv",
                        help="write your attempt history (every answer, score and verdict) as CSV")
    parser.add_argument("--holds", type=Path, metavar="OUT.csv",
                        help="write the cards you suspended or buried as CSV")
    parser.add_argument("--db", type=Path, metavar="PATH",
                        help="progress database for --attempts and --holds, and whose suspended cards "
                             "--anki exports suspended (default: the user data dir)")
    parser.add_argument("--deck", action="append", metavar="ID", help="only this deck (repeatable)")
    parser.add_argument("--instances", type=int, default=DEFAULT_INSTANCES, metavar="N",
                        help=f"worked instances per calculation item (default {DEFAULT_INSTANCES}; 0 leaves them out)")
    parser.add_argument("--trainer-instances", type=int, default=DEFAULT_TRAINER_INSTANCES, metavar="N",
                        help=f"recorded runs per mini-trainer item (default {DEFAULT_TRAINER_INSTANCES}; "
                             "0 leaves them out)")
    parser.set_defaults(func=run)


class ProgressLine:
    """A counter on one rewritten stderr line, shown only on a terminal and only for slow exports."""

    def __init__(self, stream: TextIO, label: str, *, delay: float = 0.3) -> None:
        from .visible_output import raw_stream

        self._stream = raw_stream(stream)  # its \r and erase-line are meant for the terminal
        self._label = label
        self._enabled = stream.isatty()
        self._start = time.monotonic()
        self._delay = delay
        self._shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self._enabled or time.monotonic() - self._start < self._delay:
            return
        self._stream.write(f"\r{self._label}: {done}/{total} items")
        self._stream.flush()
        self._shown = True

    def close(self) -> None:
        if self._shown:
            self._stream.write("\r\033[K")
            self._stream.flush()


def _selected_decks(args: argparse.Namespace) -> list[LoadedDeck]:
    decks = load(args.paths)
    if decks.diagnostics:
        print_diagnostics(decks.diagnostics)
        raise PrepdeckError(f"not exporting: {len(decks.diagnostics)} problem(s) in the decks "
                            "(listed above; 'prepdeck check' shows them too)")
    if not args.deck:
        return decks.decks
    known = {loaded.deck.id: loaded for loaded in decks.decks}
    unknown = [deck_id for deck_id in args.deck if deck_id not in known]
    if unknown:
        raise UsageError(f"unknown deck id(s): {', '.join(unknown)} (known: {', '.join(sorted(known)) or 'none'})")
    return [known[deck_id] for deck_id in dict.fromkeys(args.deck)]


def _check_args(args: argparse.Namespace) -> None:
    if args.anki is None and args.csv is None and args.attempts is None and args.holds is None:
        raise UsageError("nothing to export: give --anki OUT.apkg, --csv OUT.csv, --attempts OUT.csv "
                         "and/or --holds OUT.csv")
    if args.instances < 0 or args.trainer_instances < 0:
        raise UsageError("--instances and --trainer-instances must be 0 or more")
    from ..export.atomic import check_output_path

    outputs = [out for out in (args.anki, args.csv, args.attempts, args.holds) if out is not None]
    if len({out.resolve() for out in outputs}) != len(outputs):
        raise UsageError("each output option must name a different file")
    for out in outputs:
        check_output_path(out)  # before a possibly slow export, not after


def run(args: argparse.Namespace) -> int:
    from ..export.anki import write_apkg
    from ..export.anki_csv import write_csv
    from ..export.instances import worked_instances
    from ..export.notes import build_plan

    _check_args(args)
    if args.attempts is not None:
        _export_attempts(args.attempts, args.db)
    if args.holds is not None:
        _export_holds(args.holds, args.db)
    if args.anki is None and args.csv is None:
        return 0
    decks = _selected_decks(args)
    progress = ProgressLine(sys.stderr, "exporting")
    try:
        plan = build_plan(
            decks,
            calculations=worked_instances(args.instances) if args.instances else None,
            trainer=worked_instances(args.trainer_instances) if args.trainer_instances else None,
            progress=progress,
        )
    finally:
        progress.close()
    if plan.note_count == 0:
        # Say why, or the user is left to guess which item failed to draw.
        failures = [_skip_text(entry) for entry in plan.skipped if entry.reason != "left out"]
        why = ""
        if failures:
            more = f"; and {len(failures) - 1} more" if len(failures) > 1 else ""
            why = f" ({failures[0]}{more})"
        raise PrepdeckError(f"nothing to export: the selected decks gave no notes{why}")
    summary = f"{len(plan.decks)} deck(s), {plan.note_count} note(s)"
    if args.anki is not None:
        suspended = _suspended(args.db)
        write_apkg(plan, args.anki, suspended=suspended)
        cards = sum(len(n.note_type.cards) for d in plan.decks for n in d.notes)
        print(f"wrote {args.anki}: {summary}, {cards} card(s)")
    if args.csv is not None:
        rows = write_csv(plan, args.csv)
        print(f"wrote {args.csv}: {summary}, {rows} row(s)")
    _report_skipped(plan.skipped)
    return 0


def _existing_progress(db: Path | None) -> tuple["Store", Path]:
    """The progress database to export from, open for reading; an error if there is none yet."""
    from ..store import Store
    from ..store.connection import resolve_db_path

    path = resolve_db_path(db)
    store = Store.open_for_reading(path)
    if store is None:
        raise PrepdeckError(f"{path}: no progress database yet; answer some questions first")
    return store, path


def _export_attempts(out: Path, db: Path | None) -> None:
    from ..export.attempts_csv import write_attempts_csv

    store, path = _existing_progress(db)
    with store:
        damaged = store.damaged_attempts()
        count = write_attempts_csv(store.attempts(), out)
    for problem in damaged:
        print(f"prepdeck: warning: {path}: skipped {problem}; the file was left untouched", file=sys.stderr)
    print(f"wrote {out}: {count} attempt(s) from {path}")


def _suspended(db: Path | None) -> frozenset[tuple[str, str]]:
    """The cards suspended in the progress database (none when there is no database yet)."""
    from ..store import Store
    from ..store.connection import resolve_db_path

    try:
        store = Store.open_for_reading(resolve_db_path(db))
        if store is None:
            return frozenset()
        with store:
            return frozenset((h.deck_id, h.item_id) for h in store.holds() if h.suspended_at is not None)
    except PrepdeckError as error:
        # The decks are what is exported: a progress database that cannot be read only costs
        # the suspended marks, so say so and go on.
        print(f"prepdeck: warning: suspended cards not marked: {error}", file=sys.stderr)
        return frozenset()


def _export_holds(out: Path, db: Path | None) -> None:
    from ..export.attempts_csv import write_holds_csv

    store, path = _existing_progress(db)
    with store:
        count = write_holds_csv(store.holds(), out)
    print(f"wrote {out}: {count} suspended or buried card(s) from {path}")


def _skip_text(entry: SkippedItem) -> str:
    """``id: reason``, without repeating the id when a generation error already starts with it."""
    return entry.reason if entry.reason.startswith(f"{entry.item_id}:") else f"{entry.item_id}: {entry.reason}"


def _report_skipped(skipped: list[SkippedItem]) -> None:
    """One line per reason an item was left out: counts for choices made, details for failures."""
    left_out = {"calculation": 0, "generated": 0}
    for entry in skipped:
        if entry.reason == "left out":
            left_out[entry.kind] += 1
        else:
            print(f"prepdeck: warning: skipped {entry.item_id}: {entry.reason}", file=sys.stderr)
    if left_out["calculation"]:
        print(f"skipped {left_out['calculation']} calculation item(s): --instances is 0", file=sys.stderr)
    if left_out["generated"]:
        print(f"skipped {left_out['generated']} mini-trainer item(s): they need a live run "
              "(--trainer-instances is 0)", file=sys.stderr)
