"""Learning-rate schedules: the rate used for update ``t`` (counting from 0).

Each schedule has a closed form (``rate``) and a vectorised table (``rates``)
that the trainer reads one entry per update, so the two can never disagree
about what "the learning rate at step k" means.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Union

import numpy as np


@dataclass(frozen=True)
class Constant:
    """The same rate for every update."""

    def rate(self, lr: float, step: int) -> float:
        return lr

    def rates(self, lr: float, steps: int) -> np.ndarray:
        return np.full(steps, lr, dtype=float)

    def describe(self) -> str:
        return "constant learning rate"


@dataclass(frozen=True)
class StepDecay:
    """Multiply the rate by ``gamma`` every ``step_size`` updates (PyTorch ``StepLR`` per update)."""

    gamma: float
    step_size: int

    def rate(self, lr: float, step: int) -> float:
        return lr * self.gamma ** (step // self.step_size)

    def rates(self, lr: float, steps: int) -> np.ndarray:
        return lr * self.gamma ** (np.arange(steps) // self.step_size)

    def describe(self) -> str:
        return f"step decay: multiplied by {self.gamma:g} every {self.step_size} updates"


@dataclass(frozen=True)
class ExponentialDecay:
    """``lr * gamma ** (step / decay_steps)``, floored exponent when ``staircase`` (Keras ``ExponentialDecay``)."""

    gamma: float
    decay_steps: int
    staircase: bool = False

    def rate(self, lr: float, step: int) -> float:
        exponent = step // self.decay_steps if self.staircase else step / self.decay_steps
        return lr * math.pow(self.gamma, exponent)

    def rates(self, lr: float, steps: int) -> np.ndarray:
        exponent = np.arange(steps) / self.decay_steps
        return lr * self.gamma ** (np.floor(exponent) if self.staircase else exponent)

    def describe(self) -> str:
        kind = "staircase " if self.staircase else ""
        return f"{kind}exponential decay: lr × {self.gamma:g}^(step / {self.decay_steps})"


Schedule = Union[Constant, StepDecay, ExponentialDecay]
