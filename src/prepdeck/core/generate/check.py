"""``prepdeck check`` for generating items: every calculation draw, every worked example, every family.

A calculation is evaluated over its whole parameter space when that has at
most ``SAMPLE_DRAWS`` combinations, else over that many seeded draws. Any draw
that errors, gives a non-finite value, or breaks ``integer: true`` is reported
once per field (with the first failing values and a count), at the line of the
formula at fault. Each worked example is checked against the answer formula.
A ``generated`` item must name a known family with valid parameters.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Mapping

from pydantic import ValidationError

from ..diagnostics import Diagnostic
from ..loader import LoadedDeck
from ..model import Calculation, Generated
from . import space
from .calculation import CompiledCalculation, ItemFieldError, compile_calculation, evaluate_draw, wrong_answer_values
from .errors import GenerationError
from .families import families
from .render import render, template_fields
from .tolerance import within

SAMPLE_DRAWS = 2_000
SAMPLE_SEED = 0
SPARSE = 0.01  # refuse constraints that accept fewer sampled draws than this (a draw's tries are bounded)
# Formula characters evaluated while checking one file's calculations (draws × formula length). The
# bundled decks need under 0.7 million; the slowest formulas allowed cost ~1-2 µs a character, so this
# bounds a hostile file's check at well under a minute (about 100 calculations of 100 characters fit).
FORMULA_BUDGET = 20_000_000
GENERATED_DRAWS = 8  # seeded draws of a generated item whose params set numbers for its runs


@dataclass
class _Problem:
    code: str
    message: str
    count: int = 1


@dataclass
class _Findings:
    """Problems found across draws, one per field, in the order first seen."""

    problems: dict[tuple, _Problem] = field(default_factory=dict)

    def add(self, where: tuple, code: str, message: str) -> None:
        if where in self.problems:
            self.problems[where].count += 1
        else:
            self.problems[where] = _Problem(code, message)


def _describe(params: Mapping[str, float]) -> str:
    return ", ".join(f"{name}={value}" for name, value in params.items()) or "no parameters"


class _OutOfBudget(Exception):
    """The file's formula budget ran out while checking this item."""


@dataclass
class _Budget:
    """What is left of one file's ``FORMULA_BUDGET``."""

    left: int = field(default_factory=lambda: FORMULA_BUDGET)

    @property
    def total(self) -> int:
        return FORMULA_BUDGET

    def spend(self, cost: int) -> None:
        self.left -= cost
        if self.left < 0:
            raise _OutOfBudget


def _formula_chars(calc: CompiledCalculation) -> int:
    """What one draw of ``calc`` costs: the length of every formula it may evaluate."""
    formulas = [calc.answer, *(f for _, f in calc.derived), *(f for _, f in calc.early_constraints),
                *(f for _, f in calc.late_constraints), *(f for _, f in calc.wrong_answers)]
    return sum(len(formula.text) for formula in formulas) or 1


class _CalculationCheck:
    def __init__(self, loaded: LoadedDeck, index: int, item: Calculation, budget: _Budget | None = None):
        self.loaded, self.index, self.item = loaded, index, item
        self.budget = budget or _Budget()

    def diagnostic(self, where: Iterable[object], severity: str, code: str, message: str) -> Diagnostic:
        where = tuple(where)
        line, col = self.loaded.source.locate(("calculations", self.index, *where))
        label = ".".join(str(part) for part in where)
        prefix = f"calculations[{self.index}] ({self.item.id})" + (f": {label}" if label else "")
        return Diagnostic(self.loaded.display_path, line, col, severity, code, f"{prefix}: {message}")

    def run(self) -> Iterator[Diagnostic]:
        try:
            calc = compile_calculation(self.item)
        except ItemFieldError as error:
            yield self.diagnostic(error.field, "error", error.code, error.detail)
            return
        templates = {}
        names = set(self.item.params) | set(self.item.derived) | {"answer"}
        for name in ("prompt", "explanation"):
            try:
                unknown = [field for field, _ in template_fields(getattr(self.item, name)) if field not in names]
            except GenerationError as error:
                yield self.diagnostic((name,), "error", "template", str(error))
                continue
            if unknown:
                yield self.diagnostic((name,), "error", "template",
                                      f"{{{unknown[0]}}} is not a parameter, derived value or 'answer' "
                                      f"(known: {', '.join(sorted(names))})")
                continue
            templates[name] = getattr(self.item, name)
        yield from self.check_draws(calc, templates)
        for number, example in enumerate(self.item.fixed_examples):
            yield from self.check_example(calc, number, example.params, example.answer)

    def draws(self) -> tuple[Iterable[dict[str, float]], int, bool]:
        size = space.space_size(self.item.params)
        if size is not None and size <= SAMPLE_DRAWS:
            return space.enumerate_space(self.item.params), size, True
        rng = random.Random(SAMPLE_SEED)
        return (space.draw(self.item.params, rng) for _ in range(SAMPLE_DRAWS)), SAMPLE_DRAWS, False

    def check_draws(self, calc: CompiledCalculation, templates: dict[str, str]) -> Iterator[Diagnostic]:
        findings = _Findings()
        draws, total, exhaustive = self.draws()
        accepted = 0
        cost = _formula_chars(calc)
        for params in draws:
            self.budget.spend(cost)
            try:
                env = evaluate_draw(calc, params)
                if env is None:
                    continue
                accepted += 1
                wrong_answer_values(calc, env)
            except ItemFieldError as error:
                findings.add(error.field, error.code, f"{error.detail} (with {_describe(params)})")
                continue
            for name, template in templates.items():
                try:
                    render(template, env)
                except GenerationError as error:
                    findings.add((name,), "template", f"{error} (with {_describe(params)})")
        scope = f"all {total:,} parameter combinations" if exhaustive else f"{total:,} seeded draws"
        for where, problem in findings.problems.items():
            more = f" [and {problem.count - 1:,} more of {scope}]" if problem.count > 1 else ""
            yield self.diagnostic(where, "error", problem.code, problem.message + more)
        if accepted == 0 and not findings.problems:
            yield self.diagnostic(("constraints",), "error", "constraints",
                                  f"no draw satisfies the constraints (checked {scope})")
        elif not exhaustive and accepted and accepted < SPARSE * total:
            yield self.diagnostic(("constraints",), "error", "constraints",
                                  f"the constraints accept only {accepted} of {scope} (under {SPARSE:.0%}), so "
                                  "drawing a question could fail: narrow the parameter ranges instead")

    def check_example(self, calc: CompiledCalculation, number: int, params: Mapping[str, float],
                      expected: float) -> Iterator[Diagnostic]:
        where = ("fixed_examples", number)
        missing = sorted(set(self.item.params) - set(params))
        extra = sorted(set(params) - set(self.item.params))
        if missing or extra:
            what = (f"missing parameter(s) {', '.join(missing)}" if missing else "") + \
                   ("; " if missing and extra else "") + \
                   (f"unknown parameter(s) {', '.join(extra)}" if extra else "")
            yield self.diagnostic((*where, "params"), "error", "fixed-example", what)
            return
        try:
            env = evaluate_draw(calc, params, enforce_constraints=False)
            assert env is not None
            if evaluate_draw(calc, params) is None:
                yield self.diagnostic((*where, "params"), "warning", "fixed-example",
                                      f"({_describe(params)}) breaks the item's constraints")
        except ItemFieldError as error:
            yield self.diagnostic((*where, "params"), "error", "fixed-example",
                                  f"{'.'.join(map(str, error.field))}: {error.detail} (with {_describe(params)})")
            return
        answer = float(env["answer"])
        if not within(answer, float(expected), self.item.tolerance):
            yield self.diagnostic((*where, "answer"), "error", "fixed-example",
                                  f"the worked answer is {expected} but `{calc.answer.text}` gives {answer:.10g} "
                                  f"(with {_describe(params)})")


def _check_generated(loaded: LoadedDeck, index: int, item: Generated) -> Iterator[Diagnostic]:
    def diagnostic(where: tuple, code: str, message: str) -> Diagnostic:
        line, col = loaded.source.locate(("generated", index, *where))
        return Diagnostic(loaded.display_path, line, col, "error", code,
                          f"generated[{index}] ({item.id}): {message}")

    known = families()
    if item.family not in known:
        yield diagnostic(("family",), "unknown-family",
                         f"unknown family {item.family!r}; known families: {', '.join(known)}")
        return
    try:
        known[item.family].params_model.model_validate(item.params)
    except ValidationError as error:
        for problem in error.errors():
            loc = tuple(problem["loc"])
            label = ".".join(str(part) for part in loc)
            yield diagnostic(("params", *loc), "family-params",
                             f"params{'.' + label if label else ''}: {problem['msg']} "
                             f"(family {item.family!r})")
        return
    if _numeric_settings(item.params):
        yield from _check_generated_draws(item, diagnostic)


def _numeric_settings(params: Mapping[str, object]) -> bool:
    """Whether the item sets numbers for the runs (not just which question to ask).

    A family's own defaults are drawn over many seeds by its tests; numbers an
    author sets can make runs diverge or stall (a base batch of 1 at a high rate),
    so ``check`` draws those items itself.
    """
    return any(isinstance(value, (int, float)) and not isinstance(value, bool) for value in params.values())


def _check_generated_draws(item: Generated, diagnostic) -> Iterator[Diagnostic]:  # type: ignore[no-untyped-def]
    from .instantiate import instantiate

    failures: list[tuple[int, str]] = []
    for seed in range(GENERATED_DRAWS):
        try:
            instantiate(item, seed)
        except GenerationError as error:
            failures.append((seed, str(error).removeprefix(f"{item.id}: ")))
    if failures:
        seed, message = failures[0]
        yield diagnostic(("params",), "family-draws",
                         f"{len(failures)} of {GENERATED_DRAWS} seeded draws fail with these params "
                         f"(seed {seed}: {message}); change the settings so every draw works")


def check_generation(loaded: LoadedDeck) -> Iterator[Diagnostic]:
    """The generation engine's deck check (registered in ``commands.check_extensions``)."""
    budget = _Budget()
    for index, item in enumerate(loaded.deck.calculations):
        check = _CalculationCheck(loaded, index, item, budget)
        try:
            yield from check.run()
        except _OutOfBudget:
            yield check.diagnostic((), "error", "check-budget",
                                   f"checking this file's formulas needs more than {budget.total:,} characters "
                                   "of evaluation (draws × formula length); the calculations from here on were not "
                                   "checked: simplify the formulas or split the deck")
            break
    for index, item in enumerate(loaded.deck.generated):
        yield from _check_generated(loaded, index, item)
