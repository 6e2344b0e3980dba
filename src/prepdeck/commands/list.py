"""``prepdeck list``: every item of the decks, as a table or JSON."""

from __future__ import annotations

import argparse

from .common import add_json_argument, add_paths_argument, load, print_diagnostics, print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("list", help="list the items of the decks",
                                   description="List every item: id, deck, kind and prompt.")
    add_paths_argument(parser)
    add_json_argument(parser)
    parser.add_argument("--deck", action="append", metavar="ID", help="only this deck (repeatable)")
    parser.add_argument("--kind", action="append", metavar="KIND",
                        choices=["concept", "question", "calculation", "choice", "generated"],
                        help="only items of this kind (repeatable)")
    parser.add_argument("--tag", action="append", metavar="TAG", help="only items with this tag (repeatable)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    decks = load(args.paths)
    print_diagnostics(decks.diagnostics)
    rows = []
    # By section and index, so each item's line is one lookup (finding it by id was a scan per item).
    for loaded, section, index, item in ((d, s, i, it) for d in decks.decks for s, i, it in d.deck.sections()):
        if args.deck and loaded.deck.id not in args.deck:
            continue
        if args.kind and item.kind not in args.kind:
            continue
        if args.tag and not set(args.tag) & set(item.tags):
            continue
        line, _ = loaded.position_of(section, index)
        rows.append({
            "id": item.id, "deck": loaded.deck.id, "kind": item.kind, "prompt": item.prompt_text,
            "tags": list(item.tags), "source": item.source, "difficulty": item.difficulty,
            "path": loaded.display_path, "line": line,
        })
    if args.json:
        print_json(rows)
    else:
        for row in rows:
            prompt = " ".join(row["prompt"].split())
            prompt = prompt if len(prompt) <= 70 else prompt[:69] + "…"
            print(f"{row['deck']:<22} {row['kind']:<11} {row['id']:<34} {prompt}")
        print(f"{len(rows)} item(s) in {len(decks.decks)} deck(s)")
    return 1 if decks.diagnostics else 0
