"""The values a calculation's parameters can take, drawn or enumerated.

A parameter is a list of ``choices``, a stepped grid over ``[min, max]``
(integers by default when both bounds are integers), a log-uniform range, or a
uniform range of floats. Grids are never materialised: a value is computed from
its index, so ``min: 1, max: 10**9`` costs nothing.

Continuous draws are rounded (log ranges to 2 significant figures, float
ranges to 3) so that the number a candidate reads in the prompt is exactly the
number the answer was computed from.
"""

from __future__ import annotations

import itertools
import math
import random
from typing import Iterator, Mapping

from ..model import Parameter

Number = int | float


def _significant(value: float, figures: int) -> float:
    return float(f"{value:.{figures}g}")


def _is_int(value: Number) -> bool:
    return isinstance(value, int)


def grid_size(param: Parameter) -> int | None:
    """How many values the parameter can take, or None when it is continuous."""
    if param.choices is not None:
        return len(param.choices)
    assert param.min is not None and param.max is not None
    if param.log:
        return None
    if param.step is not None:
        return int(math.floor((param.max - param.min) / param.step + 1e-9)) + 1
    if _is_int(param.min) and _is_int(param.max):
        return int(param.max - param.min) + 1
    return None if param.max > param.min else 1


def grid_value(param: Parameter, index: int) -> Number:
    """The ``index``-th value of a finite parameter."""
    if param.choices is not None:
        return param.choices[index]
    assert param.min is not None
    step = 1 if param.step is None else param.step
    if _is_int(param.min) and _is_int(step):
        return param.min + index * step
    # Rounding keeps 0.1 + 2 * 0.1 from showing up as 0.30000000000000004.
    return round(param.min + index * step, 12)


def draw_value(param: Parameter, rng: random.Random) -> Number:
    """One value of the parameter."""
    size = grid_size(param)
    if size is not None:
        return grid_value(param, rng.randrange(size))
    assert param.min is not None and param.max is not None
    if param.log:
        value = _significant(math.exp(rng.uniform(math.log(param.min), math.log(param.max))), 2)
    else:
        value = _significant(rng.uniform(param.min, param.max), 3)
    return min(max(value, param.min), param.max)


def space_size(params: Mapping[str, Parameter]) -> int | None:
    """The number of distinct parameter combinations, or None when any parameter is continuous."""
    total = 1
    for param in params.values():
        size = grid_size(param)
        if size is None:
            return None
        total *= size
    return total


def draw(params: Mapping[str, Parameter], rng: random.Random) -> dict[str, Number]:
    """One combination, drawing parameters in the order they are declared."""
    return {name: draw_value(param, rng) for name, param in params.items()}


def enumerate_space(params: Mapping[str, Parameter]) -> Iterator[dict[str, Number]]:
    """Every combination of a finite space (check ``space_size`` first)."""
    names = list(params)
    ranges = [range(grid_size(params[name]) or 0) for name in names]
    for indices in itertools.product(*ranges):
        yield {name: grid_value(params[name], i) for name, i in zip(names, indices)}
