"""``prepdeck schema``: the JSON Schema of a deck file, for editor completion."""

from __future__ import annotations

import argparse

from .common import print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "schema", help="print the JSON Schema of a deck file",
        description="Print the JSON Schema of a deck file. Save it and point your editor at it with "
                    "'# yaml-language-server: $schema=prepdeck.schema.json'.",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..export.schema import deck_json_schema

    print_json(deck_json_schema())
    return 0
