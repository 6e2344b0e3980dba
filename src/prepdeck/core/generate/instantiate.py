"""One entry point for drawing a question from any generating item."""

from __future__ import annotations

from dataclasses import replace

from ..model import Calculation, Generated
from .calculation import instantiate_calculation
from .errors import GenerationError
from .families import family
from .question import GeneratedQuestion


def instantiate(item: Calculation | Generated, seed: int) -> GeneratedQuestion:
    """A fresh question from a calculation template or a trainer-family item.

    The same item and seed always give the same question (curves included).
    Raises ``GenerationError`` with the item id when the item cannot produce one.
    """
    if isinstance(item, Calculation):
        return instantiate_calculation(item, seed)
    if isinstance(item, Generated):
        try:
            drawn = family(item.family).generate(seed, item.params)
        except GenerationError as error:
            raise GenerationError(f"{item.id}: {error}") from None
        prompt = f"{item.prompt.strip()}\n\n{drawn.prompt}" if item.prompt else drawn.prompt
        return replace(drawn, item_id=item.id, prompt=prompt)
    raise GenerationError(f"{getattr(item, 'id', item)!r} is a {type(item).__name__}, not a calculation "
                          "or generated item")
