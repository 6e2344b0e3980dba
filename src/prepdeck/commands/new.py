"""``prepdeck new DECK.yaml``: start a deck from a commented example of every item kind."""

from __future__ import annotations

import argparse
import os
import shlex
from pathlib import Path

from ..errors import PrepdeckError, UsageError

SCHEMA_FILENAME = "prepdeck.schema.json"
# The longest item-id suffix in the scaffold (".bigger-always-better") must still fit in an id.
MAX_DECK_ID = 120 - 25


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "new", help="create a starter deck with one example of every item kind",
        description="Write a starter deck with one commented example of every item kind. It passes "
                    "'prepdeck check' as written. Unless --schema is given, the editor schema is "
                    f"also saved as {SCHEMA_FILENAME} next to the deck (if not there yet), so "
                    "YAML-aware editors complete and validate fields right away.",
    )
    parser.add_argument("path", type=Path, metavar="DECK.yaml", help="the deck file to create")
    parser.add_argument("--id", dest="deck_id", metavar="ID",
                        help="deck id (default: from the file name)")
    parser.add_argument("--title", help="deck title (default: from the deck id)")
    parser.add_argument("--schema", metavar="REF",
                        help="the $schema reference to write (a path or URL); nothing else is written")
    parser.set_defaults(func=run)


def _deck_id(args: argparse.Namespace) -> str:
    from ..core.model import is_valid_id
    from ..core.scaffold import deck_id_from_name

    if args.deck_id is not None:
        if not is_valid_id(args.deck_id):
            raise UsageError(f"--id {args.deck_id!r}: ids use lowercase letters, digits, '-', '_' and '.', "
                             "starting with a letter or digit")
        deck_id = args.deck_id
    else:
        deck_id = deck_id_from_name(args.path.stem)
        if deck_id is None:
            raise UsageError(f"{args.path}: cannot make a deck id from this file name; pass --id ID")
    if len(deck_id) > MAX_DECK_ID:
        raise UsageError(f"deck id is {len(deck_id)} characters; keep it to {MAX_DECK_ID} so item ids fit "
                         "(pass a shorter --id)")
    return deck_id


def _create(path: Path, text: str) -> None:
    """Write a new file; never replaces one that exists, even if it appears meanwhile."""
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise UsageError(f"{path}: already exists; not overwriting it (choose another name)") from None
    except OSError as error:
        raise PrepdeckError(f"{path}: cannot create: {error.strerror or error}") from None


def run(args: argparse.Namespace) -> int:
    from ..core.scaffold import scaffold_deck, title_from_id

    path: Path = args.path
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise UsageError(f"{path}: a deck file name must end in .yaml or .yml")
    if os.path.lexists(path):
        raise UsageError(f"{path}: already exists; not overwriting it (choose another name)")
    if not path.parent.is_dir():
        raise UsageError(f"{path}: folder {path.parent} does not exist")
    deck_id = _deck_id(args)
    title = " ".join((args.title if args.title is not None else title_from_id(deck_id)).split())
    if not title:
        raise UsageError("--title must not be empty")

    schema_path = None
    if args.schema is None and not (path.parent / SCHEMA_FILENAME).exists():
        schema_path = path.parent / SCHEMA_FILENAME
    _create(path, scaffold_deck(deck_id, title, args.schema or SCHEMA_FILENAME))
    print(f"created {path} (deck id {deck_id}); check it with: prepdeck check {shlex.quote(str(path))}")
    if schema_path is not None:
        import json

        from ..export.schema import deck_json_schema

        try:
            _create(schema_path, json.dumps(deck_json_schema(), indent=2, ensure_ascii=False) + "\n")
        except UsageError:
            return 0  # another process wrote the schema meanwhile: the deck's line points to it
        print(f"created {schema_path} (the editor schema the deck's $schema line points to)")
    return 0
