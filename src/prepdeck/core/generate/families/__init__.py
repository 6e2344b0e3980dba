"""The registry of trainer question families, by name.

Family modules are imported on first use; none of them imports numpy until a
question is actually generated.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Mapping

from ..errors import GenerationError
from ..question import GeneratedQuestion
from .base import Family, FamilyParams

__all__ = ["Family", "FamilyParams", "families", "family", "generate_family"]

# Module names, in the order families are listed.
_MODULES = ("steps", "lr_divergence", "batch_sweep", "early_stopping", "lr_schedule", "dropout_gap", "scaling")


@lru_cache(maxsize=1)
def families() -> Mapping[str, Family]:
    """Every family by name, in listing order (read-only)."""
    found = {}
    for module in _MODULES:
        family_ = importlib.import_module(f"{__name__}.{module}").FAMILY
        found[family_.name] = family_
    return MappingProxyType(found)


def family(name: str) -> Family:
    """The family called ``name``; ``GenerationError`` naming the known ones otherwise."""
    try:
        return families()[name]
    except KeyError:
        raise GenerationError(f"unknown question family {name!r}; known families: "
                              f"{', '.join(families())}") from None


def generate_family(name: str, seed: int, params: Mapping[str, Any] | None = None) -> GeneratedQuestion:
    """A question from family ``name``; the same seed and params replay it exactly."""
    return family(name).generate(seed, params)
