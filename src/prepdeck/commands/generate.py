"""``prepdeck generate``: fresh questions from a trainer family or a deck's calculation/generated item."""

from __future__ import annotations

import argparse
import random
from typing import Any

from ..errors import UsageError
from .common import add_json_argument, add_paths_argument, load, print_diagnostics, print_json

MAX_COUNT = 1000


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "generate", help="print fresh questions from a trainer family or a deck item",
        description="Print fresh questions: from a mini-trainer family (--family), or from a calculation or "
                    "generated item of the decks (--item). The same --seed always gives the same questions; "
                    "--count K uses seeds N, N+1, ... N+K-1.",
    )
    add_paths_argument(parser)
    add_json_argument(parser)
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--list", action="store_true", help="list the question families")
    what.add_argument("--family", metavar="NAME", help="generate from this family (see --list)")
    what.add_argument("--item", metavar="ID", help="generate from this calculation or generated item")
    parser.add_argument("--seed", type=int, metavar="N", help="seed of the first question (default: random)")
    parser.add_argument("--count", type=int, default=1, metavar="K", help="how many questions (default: 1)")
    parser.set_defaults(func=run)


def _list(as_json: bool) -> int:
    from ..core.generate import families

    rows = [{"name": family.name, "description": family.description,
             "params": {name: _default(field.default) for name, field in family.params_model.model_fields.items()}}
            for family in families().values()]
    if as_json:
        print_json(rows)
    else:
        width = max(len(row["name"]) for row in rows)
        for row in rows:
            print(f"{row['name']:<{width}}  {row['description']}")
            params = ", ".join(f"{name}={'(drawn)' if value is None else value}" for name, value in row["params"].items())
            print(f"{'':<{width}}  params: {params}")
    return 0


def _default(value: Any) -> Any:
    return value if value is None or isinstance(value, (bool, int, float, str, list)) else str(value)


def _show_number(value: float) -> str:
    from ..core.generate.render import display_value

    shown = display_value(value)
    return f"{shown:,}" if isinstance(shown, int) else f"{shown:.6g}"


def _tolerance_text(question: Any) -> str:
    tolerance = question.tolerance
    parts = []
    if tolerance.abs is not None:
        parts.append(f"±{tolerance.abs:g}")
    if tolerance.rel is not None:
        parts.append(f"±{tolerance.rel:.3g} relative")
    if tolerance.sig_figs is not None:
        parts.append(f"{tolerance.sig_figs} significant figures")
    return " or ".join(parts) if parts else "exact"


def _print_text(question: Any) -> None:
    source = f"item {question.item_id}" if question.item_id else f"family {question.family}"
    print(f"=== {source}, seed {question.seed}")
    print(question.prompt)
    for letter, option in zip("abcdefghijklmnopqrstuvwxyz", question.options):
        print(f"  {letter}) {option}")
    if isinstance(question.answer, str):
        print(f"Answer: {question.answer}")
    else:
        units = f" {question.units}" if question.units else ""
        print(f"Answer: {_show_number(question.answer)}{units} (tolerance: {_tolerance_text(question)})")
    if question.explanation:
        print(question.explanation)
    print()


def _as_json(question: Any) -> dict[str, Any]:
    data = question.to_dict()
    data["item"] = data.pop("item_id")
    return data


def run(args: argparse.Namespace) -> int:
    if args.list:
        return _list(args.json)
    if not args.family and not args.item:
        raise UsageError("give --family NAME or --item ID (or --list to see the families)")
    if not 1 <= args.count <= MAX_COUNT:
        raise UsageError(f"--count must be between 1 and {MAX_COUNT}")
    if args.seed is not None and args.seed < 0:
        raise UsageError("--seed must be zero or positive")
    from ..core.generate import families, instantiate
    from ..core.model import Calculation, Generated

    if args.family:
        if args.family not in families():
            raise UsageError(f"unknown family {args.family!r}; known families: {', '.join(families())}")
        family = families()[args.family]
        make = family.generate
    else:
        decks = load(args.paths)
        print_diagnostics(decks.diagnostics)
        try:
            _, item = decks.find(args.item)
        except KeyError:
            raise UsageError(f"no item has id {args.item!r}") from None
        if not isinstance(item, (Calculation, Generated)):
            raise UsageError(f"{args.item} is a {item.kind} item; only calculation and generated items generate "
                             "questions")
        make = lambda seed: instantiate(item, seed)  # noqa: E731
    first = args.seed if args.seed is not None else random.SystemRandom().randrange(2**31)
    questions = [make(seed) for seed in range(first, first + args.count)]
    if args.json:
        print_json([_as_json(question) for question in questions])
    else:
        for question in questions:
            _print_text(question)
    return 0
