"""Benchmark the numpy mini-trainer; every figure is a ratio against a baseline measured in the same run.

1. One MLP run (20-32-3, N=2000, 10 epochs, batch 32, plain SGD) against scikit-learn's
   MLPClassifier on the same configuration (sgd, no momentum, same batch size, learning
   rate and epochs, no L2 penalty). Target: at least 5x faster. Our run also evaluates the
   full training and validation sets after every epoch; scikit-learn's does not.
2. A sweep of 8 learning rates run as one batch, against 8 separate runs and against one
   run. Target: the sweep within 3x of one run.
3. The median time to generate one question of each family. Target: under 50 ms.

Usage: python benchmarks/trainer.py [--repeats N]   (scikit-learn: pip install 'prepdeck[bench]')
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings
from typing import Callable

from prepdeck.core.generate import families, generate_family
from prepdeck.core.generate.datasets import make_dataset
from prepdeck.core.generate.trainer import TrainConfig, train, train_many

FEATURES, HIDDEN, CLASSES, N_TRAIN, N_VAL, EPOCHS, BATCH, LR = 20, 32, 3, 2000, 500, 10, 32, 0.1
SWEEP = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)


def median_times(works: list[Callable[[], object]], repeats: int) -> list[float]:
    """Median wall time of each of ``works`` in seconds, after a warm-up call of each.

    The works take turns in every repetition, so a burst of load on the machine
    slows them alike instead of skewing one side of a ratio.
    """
    for work in works:
        work()
    times: list[list[float]] = [[] for _ in works]
    for _ in range(repeats):
        for work, spent in zip(works, times):
            started = time.perf_counter()
            work()
            spent.append(time.perf_counter() - started)
    return [statistics.median(spent) for spent in times]


def sklearn_run(data) -> Callable[[], object]:
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    def run() -> object:
        model = MLPClassifier(hidden_layer_sizes=(HIDDEN,), activation="relu", solver="sgd", alpha=0.0,
                              batch_size=BATCH, learning_rate="constant", learning_rate_init=LR, momentum=0.0,
                              nesterovs_momentum=False, max_iter=EPOCHS, shuffle=True, tol=0.0,
                              n_iter_no_change=EPOCHS + 1, random_state=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)  # max_iter=EPOCHS is the point
            return model.fit(data.x_train, data.y_train)
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9, help="timed repetitions per figure (median)")
    repeats = parser.parse_args().repeats

    data = make_dataset("separable", n_train=N_TRAIN, n_val=N_VAL, features=FEATURES, classes=CLASSES, seed=0)
    config = TrainConfig(model="mlp", hidden=HIDDEN, lr=LR, batch_size=BATCH, epochs=EPOCHS)
    one_run = lambda: train(data, config)  # noqa: E731
    print(f"1. one MLP run {FEATURES}-{HIDDEN}-{CLASSES}, N={N_TRAIN}, {EPOCHS} epochs, B={BATCH}:")
    try:
        ours, theirs = median_times([one_run, sklearn_run(data)], repeats)
    except ImportError:
        (ours,) = median_times([one_run], repeats)
        print(f"   prepdeck trainer          {ours * 1000:8.1f} ms")
        print("   scikit-learn is not installed (pip install 'prepdeck[bench]'): comparison skipped")
    else:
        print(f"   prepdeck trainer          {ours * 1000:8.1f} ms")
        print(f"   sklearn MLPClassifier     {theirs * 1000:8.1f} ms")
        print(f"   speed-up                  {theirs / ours:8.1f}x   (target >= 5x)")

    configs = [TrainConfig(model="mlp", hidden=HIDDEN, lr=lr, batch_size=BATCH, epochs=EPOCHS) for lr in SWEEP]
    one, swept, separate = median_times(
        [one_run, lambda: train_many(data, configs), lambda: [train(data, c) for c in configs]], max(3, repeats // 2))
    print(f"2. sweep of {len(SWEEP)} learning rates (same configuration):")
    print(f"   one run                   {one * 1000:8.1f} ms")
    print(f"   one batched sweep         {swept * 1000:8.1f} ms   ({swept / one:.1f}x one run; target <= 3x)")
    print(f"   {len(SWEEP)} separate runs           {separate * 1000:8.1f} ms   ({separate / swept:.1f}x the sweep)")

    print("3. median time to generate one question (21 seeds):")
    for name in families():
        times = []
        generate_family(name, 10_000)  # warm-up: imports, caches
        for seed in range(21):
            started = time.perf_counter()
            generate_family(name, seed)
            times.append(time.perf_counter() - started)
        print(f"   {name:<16} {statistics.median(times) * 1000:6.1f} ms   (max {max(times) * 1000:5.1f} ms; "
              "target < 50 ms)")


if __name__ == "__main__":
    main()
