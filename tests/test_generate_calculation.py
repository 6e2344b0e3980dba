"""Calculation items: parameter draws, constraints, templates, wrong answers and replay."""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prepdeck.core.generate import GenerationError, instantiate
from prepdeck.core.generate.render import render
from prepdeck.core.generate.space import draw_value, enumerate_space, grid_size, space_size
from prepdeck.core.loader import load_deck_file
from prepdeck.core.model import Calculation, Parameter

EXAMPLE = Path(__file__).parent / "fixtures" / "example_deck.yaml"


def _item(**fields) -> Calculation:
    base = {"id": "calc", "source": "test", "prompt": "n={n}", "answer": "n"}
    base.update(fields)
    return Calculation.model_validate(base)


@pytest.fixture(scope="module")
def steps_item() -> Calculation:
    return load_deck_file(EXAMPLE).deck.calculations[0]


def test_example_item_draws_satisfy_declared_space_and_constraints(steps_item: Calculation) -> None:
    for seed in range(200):
        question = instantiate(steps_item, seed)
        n, b, e = (question.params[k] for k in ("n", "b", "e"))
        assert n in (1000, 10000, 50000) and b in (50, 100, 125, 250) and 2 <= e <= 20
        assert n % b == 0  # the constraint
        assert question.answer == math.ceil(n / b) * e  # derived independently
        assert f"{n:,}" in question.prompt and f"{question.answer:,.0f} steps" in question.explanation
        assert question.units == "steps" and question.item_id == "ex-steps"


def test_same_seed_same_question_and_seeds_vary(steps_item: Calculation) -> None:
    assert instantiate(steps_item, 42) == instantiate(steps_item, 42)
    assert len({instantiate(steps_item, seed).prompt for seed in range(30)}) > 10


def test_wrong_answers_are_evaluated_and_never_equal_the_answer(steps_item: Calculation) -> None:
    question = instantiate(steps_item, 3)
    per_epoch = question.params["n"] // question.params["b"]
    assert [w.value for w in question.wrong_answers] == ([per_epoch] if question.params["e"] != 1 else [])
    item = _item(params={"n": {"choices": [4]}}, answer="n", wrong_answers=[{"formula": "n * 1", "diagnosis": "d"}])
    assert instantiate(item, 0).wrong_answers == ()


def test_formatting_in_templates() -> None:
    item = _item(params={"n": {"choices": [1234567]}, "lr": {"choices": [0.1]}},
                 derived={"third": "n / 3"},
                 prompt="{n:,} samples at lr {lr}; {{literal}}", answer="n * lr",
                 explanation="{third:.2f} and {answer:,}")
    question = instantiate(item, 0)
    assert question.prompt == "1,234,567 samples at lr 0.1; {literal}"
    assert question.explanation == "411522.33 and 123,456.7"


@pytest.mark.parametrize(("template", "fragment"), [
    ("{n.__class__}", "plain name"),
    ("{n[0]}", "plain name"),
    ("{}", "plain name"),
    ("{n!r}", "conversions"),
    ("{n:{w}}", "nested"),
    ("{missing}", "not a parameter"),
    ("{n:d}", "cannot format"),
    ("{n", "malformed"),
])
def test_unsafe_or_broken_templates_are_refused(template: str, fragment: str) -> None:
    with pytest.raises(GenerationError, match=fragment):
        render(template, {"n": 2.5})


def test_unsatisfiable_constraints_fail_clearly() -> None:
    item = _item(params={"n": {"min": 1, "max": 9}}, constraints=["n > 100"])
    with pytest.raises(GenerationError, match="calc: the constraints rejected"):
        instantiate(item, 0)


def test_rare_constraint_is_found_by_enumeration() -> None:
    # One combination in 1,600 passes: sampling alone would often miss it.
    item = _item(params={"a": {"min": 1, "max": 40}, "b": {"min": 1, "max": 40}},
                 constraints=["a == 37 and b == 21"], prompt="{a} + {b}", answer="a + b")
    assert instantiate(item, 5).answer == 58


def test_a_draw_is_bounded_work_however_rare_the_constraint() -> None:
    # One combination in 10,000: beyond the bounded enumeration, so the draw gives up (check refuses
    # such constraints) instead of trying every combination on every draw.
    item = _item(params={"a": {"min": 1, "max": 100}, "b": {"min": 1, "max": 100}},
                 constraints=["a == 37 and b == 91"], prompt="{a} + {b}", answer="a + b")
    with pytest.raises(GenerationError, match="rejected 2,000 draws in a row"):
        instantiate(item, 5)


def test_formula_errors_in_a_draw_name_item_field_and_values() -> None:
    item = _item(params={"b": {"choices": [0]}}, answer="10 / b")
    with pytest.raises(GenerationError, match=r"calc: answer: division by zero in `10 / b` \(with b=0\)"):
        instantiate(item, 0)


def test_integer_answer_must_be_whole() -> None:
    item = _item(params={"n": {"choices": [7]}}, answer="n / 2", integer=True)
    with pytest.raises(GenerationError, match="not a whole number"):
        instantiate(item, 0)


def test_reserved_and_invalid_names() -> None:
    with pytest.raises(GenerationError, match="reserved"):
        instantiate(_item(params={"log": {"choices": [1]}}, prompt="x", answer="1"), 0)
    with pytest.raises(GenerationError, match="already a parameter"):
        instantiate(_item(params={"n": {"choices": [1]}}, derived={"n": "2"}), 0)


def test_step_and_float_grids() -> None:
    assert grid_size(Parameter(min=0.1, max=0.5, step=0.1)) == 5
    values = list(enumerate_space({"p": Parameter(min=0.1, max=0.5, step=0.1)}))
    assert [v["p"] for v in values] == [0.1, 0.2, 0.3, 0.4, 0.5]
    assert grid_size(Parameter(min=2, max=20)) == 19
    assert grid_size(Parameter(min=0.0, max=1.0)) is None and grid_size(Parameter(min=1e-4, max=1, log=True)) is None
    assert space_size({"a": Parameter(choices=[1, 2, 3]), "b": Parameter(min=1, max=10, step=3)}) == 12


@settings(max_examples=100, deadline=None)
@given(low=st.floats(1e-6, 1.0), factor=st.floats(1.0, 1e4), seed=st.integers(0, 2**32))
def test_log_draws_stay_in_range_and_are_tidy(low: float, factor: float, seed: int) -> None:
    param = Parameter(min=low, max=low * factor, log=True)
    value = draw_value(param, random.Random(seed))
    assert param.min <= value <= param.max
    assert value == float(f"{value:.2g}") or value in (param.min, param.max)


def test_log_draws_cover_orders_of_magnitude() -> None:
    param = Parameter(min=1e-4, max=1.0, log=True)
    rng = random.Random(0)
    decades = {math.floor(math.log10(draw_value(param, rng))) for _ in range(400)}
    assert decades >= {-4, -3, -2, -1}
