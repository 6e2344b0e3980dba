"""``prepdeck grade``: grade one answer to a deck item, or a file of answers (``--batch``).

Authors use it to try a rubric without opening the TUI. Free-text items
(questions, concepts, follow-ups) show each criterion as ✓ or ✗ with its
evidence; calculation and generated items are drawn with ``--seed`` and the
answer is read as a number (or an option); choice items take an option.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import PrepdeckError, UsageError
from .common import add_json_argument, print_json
from .grade_answer import MAX_ANSWER_BYTES, Graded, grade_answer

def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "grade", help="grade an answer to an item, showing the evidence for each rubric criterion",
        description="Grade an answer to a deck item: each criterion is shown as ✓ or ✗ with the text that "
                    "met it, then the score and the verdict. With --batch, grade a JSON Lines file: one "
                    "object per line with 'answer' and either 'item' (an id) or 'model_answer' (and an "
                    "optional 'prompt'); one JSON result is written per line, in order.",
    )
    parser.add_argument("item", nargs="?", metavar="ITEM_ID", help="the id of the item answered")
    parser.add_argument("stdin", nargs="?", metavar="-", help="read the answer from standard input")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--answer", metavar="TEXT", help="the answer")
    source.add_argument("--answer-file", metavar="FILE", help="read the answer from FILE ('-': standard input)")
    source.add_argument("--batch", metavar="IN.jsonl", help="grade every line of a JSON Lines file ('-': standard input)")
    parser.add_argument("--seed", type=int, metavar="N", help="the seed of a calculation or generated question")
    parser.add_argument("--follow-up", type=int, metavar="N", help="grade the answer to follow-up N (from 1) of a question")
    parser.add_argument("--decks", action="append", type=Path, metavar="PATH",
                        help="deck file or folder to load (repeatable; default: the bundled decks)")
    add_json_argument(parser)
    parser.set_defaults(func=run)


def read_text(name: str) -> str:
    """An answer from a file or (``-``) standard input; undecodable bytes are replaced, not fatal."""
    try:
        if name == "-":
            data = sys.stdin.buffer.read(MAX_ANSWER_BYTES + 1)
        else:
            with open(name, "rb") as handle:
                data = handle.read(MAX_ANSWER_BYTES + 1)
    except FileNotFoundError:
        raise UsageError(f"{name}: no such file") from None
    except OSError as error:
        raise UsageError(f"{name}: {error.strerror or error}") from None
    if len(data) > MAX_ANSWER_BYTES:
        raise PrepdeckError(f"{name}: the answer is over {MAX_ANSWER_BYTES // (1024 * 1024)} MB")
    return data.decode("utf-8-sig", errors="replace")


def _answer(args: argparse.Namespace) -> str:
    if args.stdin is not None and args.stdin != "-":
        raise UsageError(f"unexpected argument {args.stdin!r}: give the answer with --answer TEXT, "
                         "--answer-file FILE, or - to read standard input")
    sources = [s for s in (args.answer is not None, args.answer_file is not None, args.stdin == "-") if s]
    if not sources:
        raise UsageError("give the answer with --answer TEXT, --answer-file FILE, or - to read standard input")
    if len(sources) > 1:
        raise UsageError("give the answer only once: --answer, --answer-file or -")
    if args.answer is not None:
        return args.answer
    return read_text(args.answer_file if args.answer_file is not None else "-")


def _print(graded: Graded) -> None:
    from .grade_render import choice_lines, numeric_lines, text_lines
    from ..core.grading.result import GradeResult, NumericResult

    result = graded.result
    label = graded.context["item"] + (f" (seed {graded.context['seed']})" if "seed" in graded.context else "")
    print(f"{label}: {' '.join(graded.title.split())}")
    if isinstance(result, GradeResult):
        lines = text_lines(result)
    elif isinstance(result, NumericResult):
        lines = numeric_lines(result, graded.units)
    else:
        lines = choice_lines(result)
    print("\n".join(lines))


def run(args: argparse.Namespace) -> int:
    from .common import load

    if args.batch is not None:
        if args.item is not None or args.stdin is not None:
            raise UsageError("--batch takes its items from the file: give no ITEM_ID or -")
        from .grade_batch import run_batch

        return run_batch(args.batch, lambda: load(args.decks))
    if args.item is None:
        raise UsageError("give the ITEM_ID to grade against (see 'prepdeck list'), or --batch IN.jsonl")
    answer = _answer(args)
    graded = grade_answer(load(args.decks), args.item, answer, seed=args.seed, follow_up=args.follow_up)
    if args.json:
        from .grade_render import result_dict

        print_json(result_dict(graded.result, **graded.context))
    else:
        _print(graded)
    return 0
