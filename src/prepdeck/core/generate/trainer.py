"""The numpy mini-trainer: mini-batch SGD with Keras ``fit`` semantics, run for real.

Each epoch reshuffles the training set and makes ceil(N/B) updates, keeping
the last partial batch (or floor(N/B) with ``drop_last``). The loop counts its
own updates, so question families read the count off the run rather than off
the formula. After each epoch the full training and validation sets are
evaluated (without dropout). A run stops cleanly when it diverges (a
non-finite loss, or a loss ``divergence_factor`` times its starting value) or
when early stopping's patience runs out.

``train_many`` runs configurations that share the data order and shapes
(model, width, batch size, epochs, seed) as one batched computation: the
settings that may differ within a batch are the learning rate, schedule,
momentum, dropout rate and patience. All runs in a batch start from the same
weights and see the same batches.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from .datasets import Dataset
from .network import Model, Network, with_bias_column
from .schedules import Constant, Schedule


@dataclass(frozen=True)
class TrainConfig:
    """One training run's settings.

    ``momentum`` follows Keras SGD (v ← m·v − lr·g; w ← w + v). ``patience`` is
    early stopping on validation loss: stop after that many epochs without a
    new best. ``divergence_factor`` is how far above its starting value the
    training loss may go before the run counts as diverged.
    """

    model: Model = "mlp"
    hidden: int = 32
    lr: float = 0.1
    schedule: Schedule = field(default_factory=Constant)
    batch_size: int = 32
    epochs: int = 10
    momentum: float = 0.0
    dropout: float = 0.0
    drop_last: bool = False
    patience: int | None = None
    seed: int = 0
    divergence_factor: float = 10.0

    def __post_init__(self) -> None:
        if self.batch_size < 1 or self.epochs < 1 or self.hidden < 1:
            raise ValueError("batch_size, epochs and hidden must be at least 1")
        if not 0 <= self.dropout < 1 or not 0 <= self.momentum < 1:
            raise ValueError("dropout and momentum must be in [0, 1)")
        if self.lr <= 0 or (self.patience is not None and self.patience < 1):
            raise ValueError("lr must be positive and patience at least 1")

    def batch_key(self) -> tuple:
        """Configurations with equal keys can be trained together by ``train_many``."""
        return (self.model, self.hidden, self.batch_size, self.epochs, self.drop_last, self.seed,
                self.divergence_factor)


@dataclass(frozen=True)
class RunResult:
    """What a run did, epoch by epoch (1-based epochs; ``None`` where the run had stopped).

    A loss that was not finite is also ``None``, so the series stay valid JSON.
    """

    config: TrainConfig
    train_loss: tuple[float | None, ...]
    val_loss: tuple[float | None, ...]
    train_accuracy: tuple[float | None, ...]
    val_accuracy: tuple[float | None, ...]
    initial_loss: float
    updates: int
    steps_per_epoch: int
    learning_rates: tuple[float, ...]
    epochs_run: int
    diverged_epoch: int | None = None
    stopped_epoch: int | None = None

    @property
    def diverged(self) -> bool:
        return self.diverged_epoch is not None

    @property
    def best_epoch(self) -> int:
        """The epoch with the lowest validation loss (the earliest on ties)."""
        finite = [(loss, epoch) for epoch, loss in enumerate(self.val_loss, 1) if loss is not None]
        return min(finite)[1] if finite else 0

    def final(self, series: str) -> float | None:
        """The last recorded value of ``train_loss``, ``val_loss`` or an accuracy series."""
        values = [value for value in getattr(self, series)[: self.epochs_run] if value is not None]
        return values[-1] if values else None


def steps_per_epoch(n: int, batch_size: int, drop_last: bool = False) -> int:
    """Updates per epoch: ceil(N/B), or floor(N/B) when the last partial batch is dropped."""
    return n // batch_size if drop_last else math.ceil(n / batch_size)


def train(data: Dataset, config: TrainConfig) -> RunResult:
    """One run."""
    return _train_batch(data, [config])[0]


def train_many(data: Dataset, configs: Sequence[TrainConfig]) -> list[RunResult]:
    """Several runs, batched where their shapes allow; results in the order given."""
    groups: dict[tuple, list[int]] = {}
    for index, config in enumerate(configs):
        groups.setdefault(config.batch_key(), []).append(index)
    results: list[RunResult | None] = [None] * len(configs)
    for indices in groups.values():
        for index, result in zip(indices, _train_batch(data, [configs[i] for i in indices])):
            results[index] = result
    return [result for result in results if result is not None]


_SERIES = ("train_loss", "train_acc", "val_loss", "val_acc")


def _series(values: np.ndarray) -> tuple[float | None, ...]:
    return tuple(float(v) if np.isfinite(v) else None for v in values)


class _Progress:
    """Per-configuration bookkeeping across epochs: the history, divergence and early stopping."""

    def __init__(self, configs: list[TrainConfig], initial_loss: np.ndarray):
        count = len(configs)
        self.configs = configs
        self.initial_loss = initial_loss
        self.limit = initial_loss * np.array([c.divergence_factor for c in configs])
        self.history = {name: np.full((configs[0].epochs, count), np.nan) for name in _SERIES}
        self.active = np.ones(count, dtype=bool)
        self.updates = np.zeros(count, dtype=int)
        self.diverged: list[int | None] = [None] * count
        self.stopped: list[int | None] = [None] * count
        self.best = np.full(count, np.inf)
        self.waited = np.zeros(count, dtype=int)
        self.epochs_run = 0

    def end_epoch(self, epoch: int, updates: int, measured: tuple[np.ndarray, ...]) -> None:
        """Record an epoch (0-based) and stop the runs that diverged or ran out of patience."""
        active = self.active
        self.updates += updates * active
        self.epochs_run = epoch + 1
        for name, values in zip(_SERIES, measured):
            self.history[name][epoch] = np.where(active, values, np.nan)
        train_loss, val_loss = measured[0], measured[2]
        blown = active & ~(np.isfinite(train_loss) & (train_loss <= self.limit))
        for k in np.flatnonzero(blown):
            self.diverged[k] = epoch + 1
        active &= ~blown
        improved = val_loss < self.best
        self.best = np.where(active & improved, val_loss, self.best)
        self.waited = np.where(active & ~improved, self.waited + 1, 0)
        for k in np.flatnonzero(active):
            patience = self.configs[k].patience
            if patience is not None and self.waited[k] >= patience:
                self.stopped[k] = epoch + 1
                active[k] = False

    def results(self, per_epoch: int, rates: np.ndarray) -> list[RunResult]:
        return [
            RunResult(
                config=config,
                train_loss=_series(self.history["train_loss"][:, k]),
                val_loss=_series(self.history["val_loss"][:, k]),
                train_accuracy=_series(self.history["train_acc"][:, k]),
                val_accuracy=_series(self.history["val_acc"][:, k]),
                initial_loss=float(self.initial_loss[k]), updates=int(self.updates[k]), steps_per_epoch=per_epoch,
                learning_rates=tuple(rates[: self.updates[k], k].tolist()),
                epochs_run=self.diverged[k] or self.stopped[k] or self.epochs_run,
                diverged_epoch=self.diverged[k], stopped_epoch=self.stopped[k],
            )
            for k, config in enumerate(self.configs)
        ]


def _train_batch(data: Dataset, configs: list[TrainConfig]) -> list[RunResult]:
    """Train configurations that share a ``batch_key`` together, one row of weights each."""
    first = configs[0]
    batch, n = first.batch_size, data.n_train
    per_epoch = steps_per_epoch(n, batch, first.drop_last)
    if per_epoch == 0:
        raise ValueError(f"drop_last with batch size {batch} > {n} samples leaves no batch to train on")
    # Independent streams, so adding dropout to one run does not change the batches of the others.
    init_rng, order_rng, drop_rng = (np.random.default_rng(s) for s in np.random.SeedSequence(first.seed).spawn(3))
    net = Network(first.model, data.features, first.hidden, data.classes, len(configs), init_rng)
    x = with_bias_column(data.x_train)
    # Per-epoch evaluation runs in float32 (see Network.loss_and_accuracy); training stays float64.
    x_eval, x_val = x.astype(np.float32), with_bias_column(data.x_val).astype(np.float32)
    onehot = np.eye(data.classes)[data.y_train]
    # The learning rate of every update (rows) for every configuration (columns).
    rates = np.stack([c.schedule.rates(c.lr, per_epoch * first.epochs) for c in configs], axis=1)
    momentum = np.array([c.momentum for c in configs])[:, None]
    velocity = np.zeros_like(net.flat) if momentum.any() else None
    dropout = np.array([c.dropout for c in configs])
    dropping = bool(dropout.any())
    drop_rates = net.per_config(dropout)
    keep_scale = 1.0 / (1.0 - drop_rates)
    step = 0
    with np.errstate(all="ignore"):  # divergence is detected and reported, not warned about
        progress = _Progress(configs, net.loss_and_accuracy(x_eval, data.y_train)[0])
        for epoch in range(first.epochs):
            order = order_rng.permutation(n)
            xs, ys = x[order], onehot[order]
            # Each update's lr / B per configuration (0 for stopped runs), B being that batch's size.
            scales = net.per_config(rates[step:step + per_epoch] * (progress.active / batch))
            if n % batch and not first.drop_last:
                scales[-1] *= batch / (n % batch)
            taken = 0
            for start in range(0, per_epoch * batch, batch):
                xb, yb = xs[start:start + batch], ys[start:start + batch]
                keep = None
                if dropping:
                    keep = (drop_rng.random(net.dropout_shape(len(xb))) >= drop_rates) * keep_scale
                    if first.model == "logistic":
                        keep[..., -1] = 1.0  # never drop the bias input
                sgd_step = net.gradient_sum(xb, yb, keep, scales[taken])
                if velocity is None:
                    net.flat -= sgd_step
                else:  # Keras SGD: v <- m*v - lr*g; w <- w + v
                    velocity *= momentum
                    velocity -= sgd_step
                    net.flat += velocity
                taken += 1
            step += taken
            progress.end_epoch(epoch, taken, (*net.loss_and_accuracy(x_eval, data.y_train),
                                              *net.loss_and_accuracy(x_val, data.y_val)))
            if not progress.active.any():
                break
    return progress.results(per_epoch, rates)
