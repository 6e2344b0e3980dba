"""batch-sweep: which batch size had the lowest training loss after E epochs, and how many updates each made."""

from __future__ import annotations

import random
from typing import Literal

from pydantic import Field, field_validator

from ...model import Tolerance
from ..errors import GenerationError
from ..question import GeneratedQuestion
from .base import MAX_ATTEMPTS, Family, FamilyParams, loss_table, question, subseed

SIZES = (8, 16, 32, 64, 128, 256)
# Learning rates drawn when the deck fixes none. At the low rate the smallest batch, with the most
# updates, usually ends lowest; at the high rates the smallest batches' noisy steps bounce around
# or diverge and a larger batch wins, so no option position wins most draws.
LEARNING_RATES = (0.05, 0.8, 1.0, 1.0)  # the high rates twice as often: the low one nearly always favours the smallest batch
MARGIN = 1.03  # the winner's loss must beat the runner-up by 3%


class BatchSweepParams(FamilyParams):
    batch_sizes: list[int] | None = Field(None, min_length=2, max_length=5,
                                          description="Batch sizes to compare (default: 3-4 drawn from 8 ... 256).")
    epochs: int | None = Field(None, ge=1, le=10)
    lr: float | None = Field(None, gt=0, le=1, description="Learning rate (drawn from 0.05, 0.8, 1 when omitted).")
    n: int | None = Field(None, ge=16, le=1000, description="Training samples (drawn when omitted).")
    ask: Literal["lowest", "updates"] | None = None

    @field_validator("batch_sizes")
    @classmethod
    def _distinct(cls, value: list[int] | None) -> list[int] | None:
        if value is not None:
            if any(size < 1 or size > 1000 for size in value):
                raise ValueError("batch sizes must be between 1 and 1000")
            if len(set(value)) != len(value):
                raise ValueError("batch sizes must be distinct")
            return sorted(value)
        return value


def _label(size: int) -> str:
    return f"B={size}"


def _reading(runs: list, ranked: list) -> str:
    """Why this sweep came out as it did, in words that match the runs actually shown."""
    smallest = min(run.config.batch_size for run in runs)
    general = ("At a fixed learning rate and number of epochs, a smaller batch makes more updates per epoch, "
               "each noisier. ")
    if not ranked:
        return general
    winner = ranked[0].config.batch_size
    if winner == smallest:
        return general + ("Here the extra updates paid off: the smallest batch got furthest; a larger batch "
                          "would need a larger learning rate to keep up.")
    unstable = [run.config.batch_size for run in runs if run.config.batch_size < winner]
    diverged = [run.config.batch_size for run in runs if run.diverged]
    why = (f"B={', B='.join(map(str, diverged))} diverged" if diverged else
           f"the noisier steps of B={', B='.join(map(str, unstable))} bounced around the minimum")
    return general + (f"Here the learning rate is high for small batches: {why}, so B={winner}, with fewer but "
                      "steadier updates, ended lowest.")


def generate(seed: int, params: BatchSweepParams) -> GeneratedQuestion:
    from ..datasets import make_dataset
    from ..trainer import TrainConfig, train_many

    rng = random.Random(seed)
    ask = params.ask or rng.choice(["lowest", "updates"])
    for _ in range(MAX_ATTEMPTS):
        lr = params.lr or rng.choice(LEARNING_RATES)
        sizes = params.batch_sizes or sorted(rng.sample(SIZES, rng.choice([3, 4])))
        epochs = params.epochs or rng.randint(2, 6)
        n = params.n or rng.randrange(200, 480, 8) + rng.choice([0, 3, 5])
        data = make_dataset("noisy", n_train=n, n_val=64, features=8, classes=3, seed=subseed(rng))
        run_seed = subseed(rng)
        runs = train_many(data, [TrainConfig(hidden=16, lr=lr, batch_size=size, epochs=epochs, seed=run_seed)
                                 for size in sizes])
        ranked = sorted((run for run in runs if not run.diverged), key=lambda r: r.final("train_loss"))
        clear = len(ranked) >= 2 and ranked[1].final("train_loss") >= MARGIN * ranked[0].final("train_loss")
        if ask == "updates" or clear:
            break
    else:
        raise GenerationError("batch-sweep: no clear winner in repeated sweeps; change lr or batch_sizes")
    labelled = {_label(run.config.batch_size): run for run in runs}
    setting = (f"The same MLP (8 inputs, 16 hidden units, 3 classes) is trained from the same initial weights on "
               f"{n:,} noisy synthetic samples with plain SGD at learning rate {lr:g} for {epochs} "
               f"epoch{'s' if epochs > 1 else ''}, once for each batch size: {', '.join(map(str, sizes))}.")
    updates = "; ".join(f"B={run.config.batch_size}: ceil({n}/{run.config.batch_size}) × {epochs} = {run.updates:,}"
                        for run in runs)
    finals = ", ".join(f"B={run.config.batch_size}: {run.final('train_loss'):.3f}" if not run.diverged else
                       f"B={run.config.batch_size}: diverged" for run in runs)
    explanation = (f"Updates counted by the training loop: {updates}. Final training losses: {finals}. "
                   + _reading(runs, ranked) + "\nTraining loss by epoch:\n" + loss_table(labelled))
    drawn = {"batch_sizes": sizes, "epochs": epochs, "n": n, "ask": ask, "lr": lr}
    if ask == "lowest":
        return question("batch-sweep", seed, params, prompt=f"{setting} Which batch size had the lowest training "
                        f"loss after {epochs} epoch{'s' if epochs > 1 else ''}?",
                        answer=_label(ranked[0].config.batch_size), explanation=explanation, runs=labelled,
                        options=list(labelled), drawn=drawn)
    run = rng.choice(runs)
    size = run.config.batch_size
    wrong = [(n * epochs / size, "Round up: the last partial batch is still an update."),
             ((n // size) * epochs, "The last partial batch is kept (no drop_last), so round up, not down."),
             (run.steps_per_epoch, "That is one epoch; multiply by the number of epochs.")]
    return question("batch-sweep", seed, params, prompt=f"{setting} How many parameter updates did the run with "
                    f"batch size {size} make?", answer=float(run.updates), explanation=explanation, runs=labelled,
                    tolerance=Tolerance(abs=0), units="updates", wrong=wrong, drawn={**drawn, "asked_batch": size})


FAMILY = Family(
    name="batch-sweep",
    description="A real batch-size sweep at a fixed learning rate: which batch size reached the lowest training "
                "loss after E epochs, or how many updates a run made.",
    params_model=BatchSweepParams,
    build=generate,
)
