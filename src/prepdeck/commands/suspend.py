"""``prepdeck suspend``: list the cards put aside (suspended or buried), suspend some, or lift them.

The TUI suspends a card with ``s`` and buries one with ``b``; this is the way back
from a script or a plain terminal (the TUI's stats screen unsuspends too).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import UsageError
from .common import add_json_argument, load, print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "suspend", help="list suspended and buried cards, suspend items, or lift a suspension",
        description="Without ITEMs: list the cards that are suspended or buried. With ITEMs: suspend "
                    "them (or, with --lift, unsuspend them). ITEMs are item ids of the loaded decks "
                    "(PATHs, default: the bundled decks).")
    parser.add_argument("items", nargs="*", metavar="ITEM", help="item ids to suspend (or to lift with --lift)")
    parser.add_argument("--lift", action="store_true", help="unsuspend the ITEMs instead")
    parser.add_argument("--deck-path", dest="paths", action="append", type=Path, default=[], metavar="PATH",
                        help="deck file or folder the ITEMs come from (default: the bundled decks)")
    parser.add_argument("--db", type=Path, metavar="PATH", help="progress database (default: the user data dir)")
    add_json_argument(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..core.clock import system_clock
    from ..store import Store

    now = system_clock()
    with Store.open(args.db) as store:
        if args.items:
            decks = load(args.paths)
            changed = []
            for item_id in args.items:
                try:
                    loaded, item = decks.find(item_id)
                except KeyError:
                    raise UsageError(f"no item {item_id!r} in the loaded decks") from None
                done = store.suspend(loaded.deck.id, item.id, None if args.lift else now)
                changed.append({"deck_id": loaded.deck.id, "item_id": item.id, "changed": done})
                if not args.json:
                    verb = "unsuspended" if args.lift else "suspended"
                    print(f"{item.id}: {verb}" if done else f"{item.id}: already {verb}")
            if args.json:
                print_json(changed)
            return 0
        holds = [hold for hold in store.holds() if hold.holds_at(now)]
    if args.json:
        print_json([{"deck_id": h.deck_id, "item_id": h.item_id,
                     "suspended": h.suspended_at is not None,
                     "buried_until": None if h.buried_until is None else h.buried_until.isoformat()}
                    for h in holds])
        return 0
    if not holds:
        print("no card is suspended or buried")
    for hold in holds:
        state = "suspended"
        if hold.suspended_at is None and hold.buried_until is not None:
            state = f"buried until {hold.buried_until.astimezone():%Y-%m-%d %H:%M}"
        print(f"{hold.deck_id}\t{hold.item_id}\t{state}")
    return 0
