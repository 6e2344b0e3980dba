"""The bundled decks' generating items: worked examples match their formulas, and every item draws."""

from __future__ import annotations

import pytest

from prepdeck.core.generate import instantiate
from prepdeck.core.generate.calculation import compile_calculation, evaluate_draw
from prepdeck.core.generate.check import check_generation
from prepdeck.core.generate.tolerance import within
from prepdeck.core.loader import load_decks
from prepdeck.core.model import Calculation, Generated
from prepdeck.paths import bundled_content_dir

DECKS = load_decks([bundled_content_dir()])
CALCULATIONS = [item for _, item in DECKS.items() if isinstance(item, Calculation)]
GENERATED = [item for _, item in DECKS.items() if isinstance(item, Generated)]
EXAMPLES = [(item, index) for item in CALCULATIONS for index in range(len(item.fixed_examples))]


def test_the_bundled_decks_have_generating_items() -> None:
    assert DECKS.decks and CALCULATIONS and GENERATED and EXAMPLES


@pytest.mark.parametrize(("item", "index"), EXAMPLES, ids=[f"{item.id}[{index}]" for item, index in EXAMPLES])
def test_every_worked_example_matches_its_formula(item: Calculation, index: int) -> None:
    example = item.fixed_examples[index]
    env = evaluate_draw(compile_calculation(item), example.params, enforce_constraints=False)
    assert env is not None
    assert within(float(env["answer"]), float(example.answer), item.tolerance), (
        f"{item.id}: worked answer {example.answer}, formula gives {env['answer']}")


@pytest.mark.parametrize("item", CALCULATIONS + GENERATED, ids=lambda item: item.id)
def test_every_generating_item_draws_questions(item: Calculation | Generated) -> None:
    for seed in range(3):
        question = instantiate(item, seed)
        assert question.item_id == item.id and question.prompt and question == instantiate(item, seed)


def test_check_finds_no_generation_problems_in_the_bundled_decks() -> None:
    found = [d.format() for loaded in DECKS.decks for d in check_generation(loaded)]
    assert found == []
