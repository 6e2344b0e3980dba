"""Grading one answer to a deck item named by id: the path ``grade``, ``grade --batch`` and evaluations share.

Each item kind is graded by the one core function the study session also uses:
free-text items (questions, concepts, follow-ups) by ``grading.grade_item``
with the deck's thresholds and lexicon, calculation and generated items drawn
with a seed and read by ``grading.grade_number`` (or as an option), choice
items by ``choice.grade_choice``. A request that cannot be graded raises a
one-line error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import PrepdeckError, UsageError


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
    from .choice import grade_choice
    from .generate import GenerationError, instantiate
    from .grading import grade_number
    from .session_types import InvalidAnswer

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
    from .choice import TRUE_FALSE, grade_choice
    from .session_types import InvalidAnswer

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
    from .grading import grade_item
    from .model import Calculation, Choice, Generated, Question

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
        return Graded(grade_item(target, answer, thresholds, loaded.lexicon), context, target.prompt)
    if isinstance(item, (Calculation, Generated)):
        return _grade_generated(item, answer, seed, thresholds)
    if isinstance(item, Choice):
        return _grade_choice_item(item, answer)
    try:
        result = grade_item(item, answer, thresholds, loaded.lexicon)
    except ValueError as error:
        raise PrepdeckError(f"{item.id}: {error}") from None
    return Graded(result, {"item": item.id, "kind": item.kind}, item.prompt_text)


def split_key(key: str) -> tuple[str, int | None]:
    """An answer key ``item-id`` or ``item-id#N`` (follow-up N, from 1) as (item id, follow-up)."""
    item_id, sep, number = key.partition("#")
    if sep and not number.isdigit():
        raise UsageError(f"{key!r}: a follow-up key is ITEM_ID#N with N a number from 1")
    return item_id, int(number) if sep else None


def grade_key(decks: Any, key: str, answer: str, seed: int | None = None) -> Any:
    """The result of grading ``answer`` to the item or follow-up named by ``key``."""
    item_id, follow_up = split_key(key)
    return grade_answer(decks, item_id, answer, seed=seed, follow_up=follow_up).result
