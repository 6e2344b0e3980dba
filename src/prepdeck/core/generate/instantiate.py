"""One entry point for drawing a question from any generating item."""

from __future__ import annotations

from dataclasses import replace

from ..model import Calculation, Generated
from .calculation import instantiate_calculation
from .errors import GenerationError
from .families import family
from .question import GeneratedQuestion


def _failed_draw(item_id: str, error: Exception) -> GenerationError:
    return GenerationError(f"{item_id}: this draw failed ({type(error).__name__}: {error}); "
                           "`prepdeck check` may find the setting at fault")


def instantiate(item: Calculation | Generated, seed: int) -> GeneratedQuestion:
    """A fresh question from a calculation template or a trainer-family item.

    The same item and seed always give the same question (curves included).
    Raises ``GenerationError`` with the item id when the item cannot produce one,
    whatever went wrong in the draw: one bad card is skipped with a note, it never
    ends a session or an export.
    """
    if isinstance(item, Calculation):
        try:
            return instantiate_calculation(item, seed)
        except GenerationError:
            raise
        except Exception as error:  # noqa: BLE001 - any failure of one draw is that card's, not the session's
            raise _failed_draw(item.id, error) from None
    if isinstance(item, Generated):
        try:
            drawn = family(item.family).generate(seed, item.params)
        except GenerationError as error:
            raise GenerationError(f"{item.id}: {error}") from None
        except Exception as error:  # noqa: BLE001 - as above
            raise _failed_draw(item.id, error) from None
        prompt = f"{item.prompt.strip()}\n\n{drawn.prompt}" if item.prompt else drawn.prompt
        return replace(drawn, item_id=item.id, prompt=prompt)
    raise GenerationError(f"{getattr(item, 'id', item)!r} is a {type(item).__name__}, not a calculation "
                          "or generated item")
