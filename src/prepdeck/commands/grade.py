"""``prepdeck grade``: grade one answer to a deck item, or a file of answers (``--batch``).

Authors use it to try a rubric without opening the TUI. Free-text items
(questions, concepts, follow-ups) show each criterion as ✓ or ✗ with its
evidence; calculation and generated items are drawn with ``--seed`` and the
answer is read as a number (or an option); choice items take an option.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import PrepdeckError, UsageError
from .common import add_json_argument, print_json

MAX_ANSWER_BYTES = 16 * 1024 * 1024


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


@dataclass(frozen=True)
class Graded:
    """A result with what identifies it (item, kind, seed) and what its display needs."""

    result: Any
    context: dict[str, Any]
    title: str
    units: str | None = None


def _suggestion(decks: Any, item_id: str) -> str:
    from rapidfuzz import fuzz, process, utils

    ids = [item.id for _, item in decks.items()]
    best = process.extractOne(item_id, ids, scorer=fuzz.WRatio, processor=utils.default_process, score_cutoff=60)
    hint = f"; did you mean {best[0]!r}?" if best else " (see 'prepdeck list')"
    if decks.diagnostics:
        hint += f" ({len(decks.diagnostics)} problem(s) loading the decks: see 'prepdeck check')"
    return hint


def find_item(decks: Any, item_id: str) -> tuple[Any, Any]:
    """The deck and item with this id, or a usage error suggesting the nearest id."""
    try:
        return decks.find(item_id)
    except KeyError:
        raise UsageError(f"no item has id {item_id!r}{_suggestion(decks, item_id)}") from None


def _grade_generated(item: Any, answer: str, seed: int | None, thresholds: Any) -> Graded:
    from ..core.choice import grade_choice
    from ..core.generate import GenerationError, instantiate
    from ..core.grading import grade_number
    from ..core.session_types import InvalidAnswer

    if seed is None:
        raise UsageError(f"{item.id} is a {item.kind} item: give --seed N, the seed of the question you "
                         f"answered (see 'prepdeck generate --item {item.id} --seed N')")
    try:
        question = instantiate(item, seed)
    except GenerationError as error:
        raise PrepdeckError(str(error)) from None
    context = {"item": item.id, "kind": item.kind, "seed": seed}
    if question.options:
        try:
            result = grade_choice(question.options, question.options.index(question.answer), answer)
        except InvalidAnswer as error:
            raise PrepdeckError(str(error)) from None
        return Graded(result, context, question.prompt)
    result = grade_number(answer, float(question.answer), question.tolerance, question.wrong_answers, thresholds)
    return Graded(result, context, question.prompt, question.units)


def _grade_choice_item(item: Any, answer: str) -> Graded:
    from ..core.choice import TRUE_FALSE, grade_choice
    from ..core.session_types import InvalidAnswer

    options = tuple(item.options) or TRUE_FALSE
    correct = options.index(item.answer) if item.options else (0 if item.answer else 1)
    try:
        result = grade_choice(options, correct, answer)
    except InvalidAnswer as error:
        raise PrepdeckError(str(error)) from None
    return Graded(result, {"item": item.id, "kind": item.kind}, item.prompt)


def grade_answer(decks: Any, item_id: str, answer: str, *, seed: int | None = None,
                 follow_up: int | None = None) -> Graded:
    """Grade ``answer`` to the item ``item_id`` of ``decks``; bad requests raise one-line errors."""
    from ..core.grading import grade_item
    from ..core.model import Calculation, Choice, Generated, Question

    loaded, item = find_item(decks, item_id)
    thresholds = loaded.deck.thresholds
    if follow_up is not None:
        if not isinstance(item, Question) or not 1 <= follow_up <= len(item.follow_ups):
            count = len(item.follow_ups) if isinstance(item, Question) else 0
            raise UsageError(f"{item.id} has {count} follow-up(s); --follow-up must be 1-{count}"
                             if count else f"{item.id} has no follow-ups")
        target = item.follow_ups[follow_up - 1]
        if not target.rubric and not target.model_answer:
            if target.ref:
                return grade_answer(decks, target.ref, answer, seed=seed)
            raise UsageError(f"follow-up {follow_up} of {item.id} has no model answer or rubric to grade against")
        context = {"item": item.id, "kind": "follow_up", "follow_up": follow_up}
        return Graded(grade_item(target, answer, thresholds), context, target.prompt)
    if isinstance(item, (Calculation, Generated)):
        return _grade_generated(item, answer, seed, thresholds)
    if isinstance(item, Choice):
        return _grade_choice_item(item, answer)
    try:
        result = grade_item(item, answer, thresholds)
    except ValueError as error:
        raise PrepdeckError(f"{item.id}: {error}") from None
    return Graded(result, {"item": item.id, "kind": item.kind}, item.prompt_text)


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
