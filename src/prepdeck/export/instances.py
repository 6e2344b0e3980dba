"""The fixed worked instances exported for calculation and mini-trainer items.

A flashcard cannot draw fresh numbers, so each such item is exported as a few
concrete questions: a calculation's worked ``fixed_examples`` first, then
seeded draws. Each instance has a variant key (``fixed-0``, ``seed-2``) that
goes into its note GUID, so the same instance keeps its Anki history when the
deck is exported again.
"""

from __future__ import annotations

from typing import Callable, Mapping

from ..core.generate.question import GeneratedQuestion
from ..core.model import Calculation, Generated
from .notes import InstanceSource

Instantiate = Callable[[Calculation | Generated, int], GeneratedQuestion]
# Seeded draws can repeat numbers; try this many seeds per wanted instance.
SEEDS_PER_INSTANCE = 4


def fixed_instance(item: Calculation, params: Mapping[str, int | float]) -> GeneratedQuestion | None:
    """The question for one worked example's parameters; ``None`` when its constraints reject them."""
    from ..core.generate.calculation import compile_calculation, evaluate_draw, wrong_answer_values
    from ..core.generate.errors import GenerationError
    from ..core.generate.render import render

    try:
        calc = compile_calculation(item)
        env = evaluate_draw(calc, params)
        if env is None:
            return None
        return GeneratedQuestion(
            seed=0, prompt=render(item.prompt, env), answer=float(env["answer"]),
            explanation=render(item.explanation, env), item_id=item.id, tolerance=item.tolerance,
            units=item.units, wrong_answers=wrong_answer_values(calc, env), params=dict(params),
        )
    except GenerationError as error:
        raise GenerationError(f"{item.id}: {error}") from None


def _default_instantiate() -> Instantiate:
    from ..core.generate import instantiate

    return instantiate


def worked_instances(count: int, instantiate: Instantiate | None = None) -> InstanceSource:
    """Up to ``count`` distinct instances per item: a calculation's worked examples, then seeded draws.

    Mini-trainer items have no worked examples, so they get seeded runs only.
    """
    def source(item: Calculation | Generated) -> list[tuple[str, GeneratedQuestion]]:
        found: list[tuple[str, GeneratedQuestion]] = []
        prompts: set[str] = set()

        def add(variant: str, question: GeneratedQuestion | None) -> None:
            if question is not None and question.prompt not in prompts and len(found) < count:
                prompts.add(question.prompt)
                found.append((variant, question))

        if isinstance(item, Calculation):
            for index, example in enumerate(item.fixed_examples):
                add(f"fixed-{index}", fixed_instance(item, example.params))
        draw = instantiate or _default_instantiate()
        for seed in range(1, count * SEEDS_PER_INSTANCE + 1):
            if len(found) >= count:
                break
            add(f"seed-{seed}", draw(item, seed))
        return found

    return source

