"""Grading an answer to a presented card with the grader, and drawing generated questions.

This is the session's only contact with the grading and generation engines. They
are imported when first used, so starting a session (or the TUI) does not pay
for numpy until a calculation or trainer question is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .choice import grade_choice
from .formats import format_number
from .generate.question import GeneratedQuestion
from .model import AnyItem, Concept, Question, Thresholds
from .scheduler import ResultKind
from .session_cards import Presented
from .session_queue import Entry
from .session_types import Card, Result


@dataclass(frozen=True)
class Evaluation:
    """A graded answer, ready to record and to show. ``rating_kind`` None: nothing to grade against."""

    result: Result | None
    score: float | None
    verdict: str | None
    rating_kind: ResultKind | None
    model_answer: str | None = None
    explanation: str | None = None
    diagnosis: str | None = None
    criteria: list[dict[str, Any]] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    gave_up: bool = False  # the candidate asked for the answer instead of answering


def draw(item: AnyItem, seed: int) -> GeneratedQuestion:
    """A fresh question from a calculation template or a trainer family."""
    from .generate import instantiate

    return instantiate(item, seed)


def prepare(card: Card) -> None:
    """Import the grader ``card`` will need (it pulls in rapidfuzz and numpy, about 0.1 s).

    Called when the card is served, so that cost is paid before the card is shown:
    in the TUI that is a worker thread, whereas ``answer()`` runs on the UI thread.
    """
    if card.kind == "flash" or card.options:
        return  # self-rated, or a pick-one answer: no grader
    if card.generated is not None:
        from .grading import grade_number  # noqa: F401 - imported to load it now
    else:
        from .grading import grade_item  # noqa: F401 - imported to load it now


def _model_answer(item: AnyItem) -> str | None:
    if isinstance(item, Question):
        return item.model_answer
    if isinstance(item, Concept):
        return item.definition
    return None


def evaluate(entry: Entry, presented: Presented, answer: str) -> Evaluation:
    """Grade ``answer`` to the presented card (any kind except self-rated flashcards)."""
    card = presented.card
    if presented.correct_index is not None:
        choice = grade_choice(card.options, presented.correct_index, answer)
        explanation = card.generated.explanation if card.generated else getattr(entry.item, "explanation", None)
        details = {"choice": choice.to_dict()}
        if card.generated:
            details["question"] = _question_details(card.generated)
        return Evaluation(choice, choice.score, choice.verdict, "choice", model_answer=choice.expected,
                          explanation=explanation, details=details)
    thresholds = entry.loaded.deck.thresholds
    if card.generated is not None:
        return _evaluate_number(card.generated, answer, thresholds)
    from .grading import grade_item

    target = entry.follow_up if entry.own_follow_up else entry.item
    model = target.model_answer if entry.own_follow_up else _model_answer(target)
    if entry.own_follow_up and not (target.model_answer or target.rubric):
        return Evaluation(None, None, None, None, notes=("not graded: this follow-up has no model answer",))
    try:
        graded = grade_item(target, answer, thresholds, entry.loaded.lexicon)
    except ValueError as error:  # e.g. a model answer with no content words to build a rubric from
        return Evaluation(None, None, None, None, model_answer=model, notes=(f"not graded: {error}",))
    from .grading.result import NumericResult

    if isinstance(graded, NumericResult):
        return Evaluation(graded, graded.score, graded.verdict, "number", model_answer=model,
                          details={"numeric": graded.to_dict()}, notes=graded.notes)
    details = graded.to_dict()
    criteria = details.pop("criteria")
    return Evaluation(graded, graded.score, graded.verdict, "text", model_answer=model, criteria=criteria,
                      details=details)


def give_up_evaluation(entry: Entry, presented: Presented) -> Evaluation:
    """The record of a card whose answer was revealed unanswered: weak, scored 0, with the answer.

    A follow-up with nothing to grade against stays ungraded, as an answer to it would.
    """
    card = presented.card
    details: dict[str, Any] = {"gave_up": True}
    explanation = None
    if card.generated is not None:
        details["question"] = _question_details(card.generated)
        explanation = card.generated.explanation
    elif presented.correct_index is not None:
        explanation = getattr(entry.item, "explanation", None)
    if presented.correct_index is not None:
        model = card.options[presented.correct_index]
    elif card.generated is not None:
        model = format_number(float(card.generated.answer), card.generated.units)
    elif entry.own_follow_up:
        model = entry.follow_up.model_answer
        if not (model or entry.follow_up.rubric):
            return Evaluation(None, None, None, None, details=details, gave_up=True,
                              notes=("not graded: this follow-up has no model answer",))
    else:
        model = _model_answer(entry.item)
    return Evaluation(None, 0.0, "weak", None, model_answer=model, explanation=explanation, details=details,
                      gave_up=True)


def _question_details(question: GeneratedQuestion) -> dict[str, Any]:
    # The seed replays the question; the drawn values are kept too, so history is readable
    # without re-running the generator (curves are left out: they are large and replayable).
    return {"expected": question.answer, "params": question.params, "family": question.family}


def _evaluate_number(question: GeneratedQuestion, answer: str, thresholds: Thresholds) -> Evaluation:
    from .grading import grade_number

    result = grade_number(answer, float(question.answer), question.tolerance, question.wrong_answers, thresholds)
    details = {"numeric": result.to_dict(), "question": _question_details(question)}
    return Evaluation(result, result.score, result.verdict, "number",
                      model_answer=format_number(float(question.answer), question.units),
                      explanation=question.explanation, diagnosis=result.diagnosis, details=details)
