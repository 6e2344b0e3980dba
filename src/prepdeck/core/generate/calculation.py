"""Calculation items: draw parameters, evaluate the formulas, fill the templates.

A draw evaluates, in order: constraints that use only parameters, the derived
values (each may use earlier ones), the remaining constraints, the answer, and
the known wrong answers. Every failure says which field of the item caused it,
so ``prepdeck check`` can point at the right line.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Mapping

from ..model import Calculation
from . import space
from .errors import FormulaError, GenerationError
from .formula import FUNCTIONS, Formula, compile_formula
from .question import GeneratedQuestion, WrongAnswerValue
from .render import render
from .tolerance import within

Number = int | float
Field = tuple[object, ...]

MAX_ATTEMPTS = 2_000        # rejection-sampling tries before falling back to enumeration
# Largest finite space searched exhaustively when sampling keeps failing. No bigger than the tries:
# a draw is bounded work, and ``check`` refuses constraints that accept under 1% of a larger space,
# which 2,000 random tries then miss with odds below 1 in 10^8.
MAX_ENUMERATION = MAX_ATTEMPTS
RESERVED = frozenset(FUNCTIONS) | {"answer"}


class ItemFieldError(GenerationError):
    """A problem in one field of an item; ``field`` is its path inside the item.

    ``code`` classifies it for diagnostics: ``formula`` (does not compile),
    ``formula-error`` (fails on a draw), ``non-finite`` or ``not-integer``.
    """

    def __init__(self, field: Field, message: str, code: str = "formula-error"):
        self.field = field
        self.detail = message
        self.code = code
        super().__init__(f"{'.'.join(str(part) for part in field)}: {message}")


@dataclass(frozen=True)
class CompiledCalculation:
    """A calculation item with every formula compiled against the names it may use."""

    item: Calculation
    early_constraints: tuple[tuple[int, Formula], ...]
    derived: tuple[tuple[str, Formula], ...]
    late_constraints: tuple[tuple[int, Formula], ...]
    answer: Formula
    wrong_answers: tuple[tuple[int, Formula], ...]


def _compile(text: str, known: set[str], field: Field) -> Formula:
    try:
        return compile_formula(text, known)
    except FormulaError as error:
        raise ItemFieldError(field, str(error), "formula") from None


def _check_name(name: str, field: Field, taken: set[str]) -> None:
    if not name.isidentifier():
        raise ItemFieldError(field, f"{name!r} is not a valid name (letters, digits and _; not starting with a digit)",
                             "formula")
    if name in RESERVED:
        raise ItemFieldError(field, f"{name!r} is reserved (a function name or 'answer'); choose another name",
                             "formula")
    if name in taken:
        raise ItemFieldError(field, f"{name!r} is already a parameter", "formula")


def compile_calculation(item: Calculation) -> CompiledCalculation:
    """Check names and compile every formula; ``ItemFieldError`` on the first problem."""
    params = set()
    for name in item.params:
        _check_name(name, ("params", name), set())
        params.add(name)
    known = set(params)
    derived = []
    for name, text in item.derived.items():
        _check_name(name, ("derived", name), params)
        derived.append((name, _compile(text, known, ("derived", name))))
        known.add(name)
    early, late = [], []
    for index, text in enumerate(item.constraints):
        formula = _compile(text, known, ("constraints", index))
        (early if formula.names <= params else late).append((index, formula))
    answer = _compile(item.answer, known, ("answer",))
    wrong = tuple((index, _compile(wrong.formula, known | {"answer"}, ("wrong_answers", index, "formula")))
                  for index, wrong in enumerate(item.wrong_answers))
    return CompiledCalculation(item, tuple(early), tuple(derived), tuple(late), answer, wrong)


def _value(formula: Formula, env: Mapping[str, Number], field: Field) -> Number:
    try:
        value = formula.value(env)
    except FormulaError as error:
        raise ItemFieldError(field, str(error)) from None
    if isinstance(value, float) and not math.isfinite(value):
        raise ItemFieldError(field, f"`{formula.text}` is {value} (not a finite number)", "non-finite")
    return value


def _satisfied(constraints: tuple[tuple[int, Formula], ...], env: Mapping[str, Number]) -> bool:
    return all(_value(formula, env, ("constraints", index)) for index, formula in constraints)


def evaluate_draw(calc: CompiledCalculation, params: Mapping[str, Number],
                  enforce_constraints: bool = True) -> dict[str, Number] | None:
    """Every named value of one draw, with ``answer``; None when a constraint rejects the draw.

    Worked examples are evaluated with ``enforce_constraints=False``: they may
    come from a source that ignores the item's tidy-number constraints.

    Raises ``ItemFieldError`` when a formula fails or gives a non-finite value,
    or when an ``integer: true`` answer is not whole.
    """
    env: dict[str, Number] = dict(params)
    if enforce_constraints and not _satisfied(calc.early_constraints, env):
        return None
    for name, formula in calc.derived:
        env[name] = _value(formula, env, ("derived", name))
    if enforce_constraints and not _satisfied(calc.late_constraints, env):
        return None
    answer = _value(calc.answer, env, ("answer",))
    if calc.item.integer and not _is_whole(answer):
        raise ItemFieldError(("answer",), f"`{calc.answer.text}` is {answer!r}, not a whole number, "
                                          "but the item says integer: true", "not-integer")
    env["answer"] = answer
    return env


def _is_whole(value: Number) -> bool:
    return float(value).is_integer() or abs(value - round(value)) <= 1e-9 * max(1.0, abs(value))


def wrong_answer_values(calc: CompiledCalculation, env: Mapping[str, Number]) -> tuple[WrongAnswerValue, ...]:
    """The known wrong answers for this draw, leaving out any that equal the right answer."""
    values = []
    for index, formula in calc.wrong_answers:
        value = float(_value(formula, env, ("wrong_answers", index, "formula")))
        if not within(value, float(env["answer"]), calc.item.tolerance):
            values.append(WrongAnswerValue(value, calc.item.wrong_answers[index].diagnosis))
    return tuple(values)


def _describe(params: Mapping[str, Number]) -> str:
    return ", ".join(f"{name}={value}" for name, value in params.items())


def _find_draw(calc: CompiledCalculation, rng: random.Random) -> tuple[dict[str, Number], dict[str, Number]]:
    for _ in range(MAX_ATTEMPTS):
        params = space.draw(calc.item.params, rng)
        try:
            env = evaluate_draw(calc, params)
        except ItemFieldError as error:
            raise ItemFieldError(error.field, f"{error.detail} (with {_describe(params)})") from None
        if env is not None:
            return params, env
    size = space.space_size(calc.item.params)
    if size is not None and size <= MAX_ENUMERATION:
        # Rare: constraints accept few combinations. Pick uniformly among those that pass.
        valid = [params for params in space.enumerate_space(calc.item.params) if evaluate_draw(calc, params)]
        if valid:
            params = rng.choice(valid)
            return params, evaluate_draw(calc, params) or {}
    raise GenerationError(f"{calc.item.id}: the constraints rejected {MAX_ATTEMPTS:,} draws in a row; "
                          "loosen them or narrow the parameter ranges")


def instantiate_calculation(item: Calculation, seed: int) -> GeneratedQuestion:
    """A fresh question from the template; the same seed gives the same question."""
    try:
        calc = compile_calculation(item)
        params, env = _find_draw(calc, random.Random(seed))
    except ItemFieldError as error:
        raise GenerationError(f"{item.id}: {error}") from None
    try:
        prompt = render(item.prompt, env)
        explanation = render(item.explanation, env)
        wrong = wrong_answer_values(calc, env)
    except ItemFieldError as error:
        raise GenerationError(f"{item.id}: {error} (with {_describe(params)})") from None
    except GenerationError as error:
        raise GenerationError(f"{item.id}: {error}") from None
    return GeneratedQuestion(
        seed=seed, prompt=prompt, answer=float(env["answer"]), explanation=explanation,
        item_id=item.id, tolerance=item.tolerance, units=item.units, wrong_answers=wrong, params=params,
    )
