"""The numpy mini-trainer: gradients, the update counter, schedules, divergence, early stopping, replay."""

from __future__ import annotations

import math
import warnings
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prepdeck.core.generate.datasets import make_dataset
from prepdeck.core.generate.network import Network, with_bias_column
from prepdeck.core.generate.schedules import Constant, ExponentialDecay, StepDecay
from prepdeck.core.generate.trainer import TrainConfig, steps_per_epoch, train, train_many


def _reference_loss(net: Network, row: int, x: np.ndarray, y: np.ndarray, keep: np.ndarray | None) -> float:
    """Mean cross-entropy written out plainly, independent of the module's code paths."""
    single = net.copies == 1  # one configuration: plain 2-D layers and mask
    layers = [layer if single else layer[row] for layer in net.layers]
    if keep is not None and not single:
        keep = keep[row]
    xb = with_bias_column(x)
    if net.model == "logistic":
        inputs = xb if keep is None else xb * keep
        logits = inputs @ layers[0]
    else:
        hidden = np.maximum(xb @ layers[0], 0)
        if keep is not None:
            hidden = hidden * keep
        logits = hidden @ layers[1] + layers[2]
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-log_p[np.arange(len(y)), y].mean())


@pytest.mark.parametrize("model", ["mlp", "logistic"])
@pytest.mark.parametrize("dropout", [False, True])
@pytest.mark.parametrize("copies", [1, 3])
def test_gradients_match_finite_differences(model: str, dropout: bool, copies: int) -> None:
    rng = np.random.default_rng(1)
    batch, features, classes = 7, 4, 3
    net = Network(model, features, 5, classes, copies, rng)
    net.flat += rng.normal(scale=0.3, size=net.flat.shape)  # non-zero biases, distinct copies
    x = rng.normal(size=(batch, features))
    y = rng.integers(0, classes, size=batch)
    keep = None
    if dropout:
        width = features + 1 if model == "logistic" else 5
        keep = (rng.random(net.dropout_shape(batch)) > 0.3) / 0.7
        assert keep.shape[-1] == width
    analytic = net.gradient_sum(with_bias_column(x), np.eye(classes)[y], keep).copy() / batch
    eps = 1e-6
    for row in range(copies):
        for index in range(net.flat.shape[1]):
            saved = net.flat[row, index]
            net.flat[row, index] = saved + eps
            up = _reference_loss(net, row, x, y, keep)
            net.flat[row, index] = saved - eps
            down = _reference_loss(net, row, x, y, keep)
            net.flat[row, index] = saved
            numeric = (up - down) / (2 * eps)
            assert analytic[row, index] == pytest.approx(numeric, rel=1e-4, abs=1e-7)


def test_evaluation_matches_reference_loss() -> None:
    rng = np.random.default_rng(2)
    net = Network("mlp", 3, 6, 4, 2, rng)
    net.flat += rng.normal(scale=0.5, size=net.flat.shape)
    x, y = rng.normal(size=(1000, 3)), rng.integers(0, 4, size=1000)
    loss, accuracy = net.loss_and_accuracy(with_bias_column(x), y)
    for row in range(2):
        assert loss[row] == pytest.approx(_reference_loss(net, row, x, y, None), rel=1e-12)
    assert np.all((0 <= accuracy) & (accuracy <= 1))


@settings(max_examples=120, deadline=None)
@given(n=st.integers(1, 300), batch=st.integers(1, 128), epochs=st.integers(1, 4), drop_last=st.booleans())
def test_update_counter_matches_ceil_or_floor(n: int, batch: int, epochs: int, drop_last: bool) -> None:
    data = make_dataset("noisy", n_train=n, n_val=8, features=2, classes=2, seed=n)
    config = TrainConfig(model="logistic", lr=0.05, batch_size=batch, epochs=epochs, drop_last=drop_last, seed=batch)
    if drop_last and batch > n:
        with pytest.raises(ValueError, match="drop_last"):
            train(data, config)
        return
    run = train(data, config)
    expected = (n // batch if drop_last else math.ceil(n / batch)) * epochs
    assert run.updates == expected
    assert len(run.learning_rates) == expected
    assert run.steps_per_epoch == steps_per_epoch(n, batch, drop_last)


@pytest.mark.parametrize(("schedule", "closed_form"), [
    (StepDecay(0.5, 7), lambda k: 0.3 * 0.5 ** (k // 7)),
    (ExponentialDecay(0.9, 10), lambda k: 0.3 * 0.9 ** (k / 10)),
    (ExponentialDecay(0.1, 25, staircase=True), lambda k: 0.3 * 0.1 ** math.floor(k / 25)),
    (Constant(), lambda k: 0.3),
])
def test_decayed_learning_rate_matches_closed_form(schedule, closed_form) -> None:
    data = make_dataset("noisy", n_train=100, n_val=8, features=2, classes=2, seed=0)
    run = train(data, TrainConfig(model="logistic", lr=0.3, schedule=schedule, batch_size=16, epochs=6))
    assert run.updates == 42
    for step, used in enumerate(run.learning_rates):
        assert used == pytest.approx(closed_form(step), rel=1e-12)
        assert schedule.rate(0.3, step) == pytest.approx(closed_form(step), rel=1e-12)


@pytest.mark.parametrize("model", ["mlp", "logistic"])
def test_loss_falls_on_separable_data_at_a_sane_learning_rate(model: str) -> None:
    data = make_dataset("separable", n_train=400, n_val=200, features=6, classes=3, seed=3)
    run = train(data, TrainConfig(model=model, hidden=16, lr=0.1, batch_size=32, epochs=8))
    assert not run.diverged
    assert run.train_loss[-1] < 0.5 * run.initial_loss
    assert all(b < a for a, b in zip(run.train_loss[:3], run.train_loss[1:4]))  # falling early on
    assert run.val_accuracy[-1] > 0.9


def test_learning_rate_50_is_detected_as_diverged_and_stops_cleanly() -> None:
    data = make_dataset("separable", n_train=400, n_val=200, features=6, classes=3, seed=3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow warnings may leak out
        run = train(data, TrainConfig(hidden=16, lr=50.0, batch_size=32, epochs=8))
    assert run.diverged and run.diverged_epoch is not None
    assert run.epochs_run == run.diverged_epoch
    assert run.updates == run.steps_per_epoch * run.diverged_epoch  # stopped making updates
    assert all(value is None for value in run.train_loss[run.diverged_epoch:])


def test_same_seed_replays_bit_identical_runs() -> None:
    data = make_dataset("noisy", n_train=200, n_val=50, features=5, classes=3, seed=9)
    configs = [TrainConfig(lr=lr, batch_size=20, epochs=5, dropout=0.3, momentum=0.5, seed=4) for lr in (0.05, 0.5)]
    assert train_many(data, configs) == train_many(data, configs)
    assert make_dataset("noisy", seed=9).x_train.tobytes() == make_dataset("noisy", seed=9).x_train.tobytes()
    assert train(data, configs[0]) != train(data, replace(configs[0], seed=5))


def test_a_batched_sweep_matches_separate_runs() -> None:
    data = make_dataset("noisy", n_train=256, n_val=64, features=8, classes=3, seed=2)
    configs = [TrainConfig(lr=lr, batch_size=32, epochs=4, seed=1) for lr in (0.01, 0.1, 1.0)]
    configs.append(replace(configs[1], momentum=0.9))
    configs.append(replace(configs[1], schedule=StepDecay(0.5, 10)))
    configs.append(TrainConfig(lr=0.1, batch_size=64, epochs=4, seed=1))  # a different shape: its own batch
    for batched, alone in zip(train_many(data, configs), (train(data, c) for c in configs)):
        assert batched.config == alone.config and batched.updates == alone.updates
        assert batched.train_loss == pytest.approx(alone.train_loss, rel=1e-9)
        assert batched.val_loss == pytest.approx(alone.val_loss, rel=1e-9)


def test_dropout_in_one_run_does_not_change_the_others() -> None:
    data = make_dataset("small-noisy", n_train=60, n_val=100, features=10, classes=3, seed=0)
    plain = TrainConfig(hidden=32, lr=0.1, batch_size=16, epochs=6)
    together = train_many(data, [plain, replace(plain, dropout=0.5)])
    assert together[0].train_loss == pytest.approx(train(data, plain).train_loss, rel=1e-9)
    assert together[1].train_loss != pytest.approx(together[0].train_loss, rel=1e-3)


def test_early_stopping_halts_patience_epochs_after_the_best() -> None:
    data = make_dataset("small-noisy", n_train=60, n_val=300, features=20, classes=3, seed=1)
    full_config = TrainConfig(hidden=64, lr=0.1, batch_size=16, epochs=30)
    for patience in (1, 2, 4):
        full, stopped = train_many(data, [full_config, replace(full_config, patience=patience)])
        # Derived independently from the full run's validation curve.
        best_value, best_epoch, expected = math.inf, 0, None
        for epoch, value in enumerate(full.val_loss, 1):
            if value < best_value:
                best_value, best_epoch = value, epoch
            elif epoch - best_epoch >= patience:
                expected = epoch
                break
        assert stopped.stopped_epoch == expected
        assert stopped.epochs_run == expected and stopped.updates == expected * stopped.steps_per_epoch
        assert all(value is None for value in stopped.val_loss[expected:])
        assert full.stopped_epoch is None and full.epochs_run == 30


def test_invalid_configurations_are_refused() -> None:
    for bad in ({"batch_size": 0}, {"epochs": 0}, {"dropout": 1.0}, {"lr": 0}, {"momentum": 1.0}, {"patience": 0}):
        with pytest.raises(ValueError):
            TrainConfig(**bad)
    with pytest.raises(ValueError):
        make_dataset("nope")  # type: ignore[arg-type]
