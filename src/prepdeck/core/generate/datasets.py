"""Seeded synthetic classification data for the mini-trainer.

Gaussian blobs, one per class, around random centres. ``separable`` keeps
the blobs far apart; ``noisy`` lets them overlap and flips some labels;
``small-noisy`` is meant to be used with few training samples and many
features, so a wide network memorises it and validation loss turns back up.
Features are standardised with the training split's statistics.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

DatasetKind = Literal["separable", "noisy", "small-noisy"]

# kind -> (distance of class centres from the origin, fraction of labels flipped)
_PRESETS: dict[str, tuple[float, float]] = {
    "separable": (4.0, 0.0),
    "noisy": (1.5, 0.1),
    "small-noisy": (3.0, 0.1),
}


@dataclass(frozen=True)
class Dataset:
    """Training and validation splits; labels are class indices ``0..classes-1``."""

    kind: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    classes: int

    @property
    def n_train(self) -> int:
        return len(self.y_train)

    @property
    def features(self) -> int:
        return self.x_train.shape[1]


def make_dataset(kind: DatasetKind = "separable", *, n_train: int = 512, n_val: int = 256,
                 features: int = 8, classes: int = 3, seed: int = 0, scale: float = 1.0) -> Dataset:
    """A fresh dataset; the same arguments always give the same arrays.

    ``scale`` is the standard deviation of every feature after standardising
    (1 by default): larger inputs make large learning rates diverge sooner.
    """
    if kind not in _PRESETS:
        raise ValueError(f"unknown dataset kind {kind!r}; expected one of {', '.join(_PRESETS)}")
    if n_train < 1 or n_val < 1 or features < 1 or classes < 2 or scale <= 0:
        raise ValueError("a dataset needs n_train, n_val, features >= 1, classes >= 2 and scale > 0")
    spread, flip = _PRESETS[kind]
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(classes, features))
    centres *= spread / np.linalg.norm(centres, axis=1, keepdims=True)
    total = n_train + n_val
    labels = rng.permutation(np.arange(total) % classes)
    points = centres[labels] + rng.normal(size=(total, features))
    flipped = rng.random(total) < flip
    labels = np.where(flipped, (labels + rng.integers(1, classes, size=total)) % classes, labels)
    x_train, x_val = points[:n_train], points[n_train:]
    mean, std = x_train.mean(axis=0), (x_train.std(axis=0) + 1e-8) / scale
    return Dataset(kind, (x_train - mean) / std, labels[:n_train], (x_val - mean) / std, labels[n_train:], classes)
