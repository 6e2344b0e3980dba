"""scaling: what scaling batch size and learning rate together does to loss per epoch, in real runs."""

from __future__ import annotations

import math
import random
from typing import Literal

from pydantic import Field

from ..errors import GenerationError
from ..question import GeneratedQuestion
from .base import MAX_ATTEMPTS, Family, FamilyParams, loss_table, pick, question, subseed

RATIO = 0.8  # the winner must be clearly ahead: its score at most 80% of the runner-up's


class ScalingParams(FamilyParams):
    base_batch: int | None = Field(None, ge=1, le=256)
    base_lr: float | None = Field(None, gt=0, le=2)
    factor: int | None = Field(None, ge=2, le=16, description="How much the batch size grows (drawn: 2, 4 or 8).")
    epochs: int = Field(8, ge=2, le=20)
    ask: Literal["tracks", "slowest"] | None = None


def distance(curve: list[float | None], baseline: list[float | None]) -> float:
    """Mean absolute difference of log training loss per epoch; a diverged run is infinitely far."""
    if any(value is None for value in curve) or any(value is None for value in baseline):
        return math.inf
    return sum(abs(math.log(a) - math.log(b)) for a, b in zip(curve, baseline)) / len(baseline)


def generate(seed: int, params: ScalingParams) -> GeneratedQuestion:
    from ..datasets import make_dataset
    from ..trainer import TrainConfig, train_many

    rng = random.Random(seed)
    ask = params.ask or rng.choice(["tracks", "slowest"])
    for _ in range(MAX_ATTEMPTS):
        batch = pick(rng, params.base_batch, (16, 32))
        # Not 0.5 with any factor: there the linearly scaled rate sits at the edge of stability and
        # which run tracks the baseline flips with the seed. 0.4 comes only with factor 8, where
        # the linear rate (3.2) is clearly too large and square-root scaling reliably tracks best,
        # so every option wins in some draws for a reason the explanation can state.
        lr = params.base_lr or rng.choice([0.02, 0.05, 0.1, 0.2, 0.4, 0.4])
        k = params.factor or (8 if lr == 0.4 else rng.choice([2, 4, 8]))
        data = make_dataset("noisy", n_train=512, n_val=128, features=8, classes=3, seed=subseed(rng))
        settings = [(batch, lr), (k * batch, lr), (k * batch, k * lr), (k * batch, math.sqrt(k) * lr)]
        run_seed = subseed(rng)
        base, *runs = train_many(data, [TrainConfig(hidden=16, lr=rate, batch_size=size, epochs=params.epochs,
                                                    seed=run_seed) for size, rate in settings])
        if base.diverged:
            continue  # no baseline to compare with (a tiny base batch at a high rate)
        labelled = {f"B={run.config.batch_size}, lr={run.config.lr:.3g}": run for run in runs}
        if ask == "tracks":
            scores = {label: distance(list(run.train_loss), list(base.train_loss)) for label, run in labelled.items()}
        else:
            scores = {label: -(run.final("train_loss") if not run.diverged else math.inf)
                      for label, run in labelled.items()}
        ranked = sorted(scores, key=scores.get)
        first, second = scores[ranked[0]], scores[ranked[1]]
        if (ask == "tracks" and first <= RATIO * second) or (ask == "slowest" and second - first > 0.02):
            break
    else:
        raise GenerationError("scaling: no run stood out clearly; try other base_lr or factor")
    base_label = f"B={batch}, lr={lr:.3g} (baseline)"
    shown = {base_label: base, **labelled}
    setting = (f"A baseline MLP run uses batch size {batch} and learning rate {lr:g} for {params.epochs} epochs on "
               f"512 noisy samples. The batch size is then multiplied by {k}, and the same model is trained from "
               f"the same initial weights with three learning rates: unchanged ({lr:g}), scaled linearly "
               f"(×{k} = {k * lr:.3g}) and by the square root (×√{k} = {math.sqrt(k) * lr:.3g}).")
    if ask == "tracks":
        prompt = f"{setting} Which run's training loss per epoch stays closest to the baseline's?"
        verdict = ("Average distance from the baseline (mean |log loss − log baseline| per epoch): "
                   + ", ".join(f"{label}: {scores[label]:.3f}" for label in labelled) + ".")
    else:
        prompt = f"{setting} Which run has the highest training loss after {params.epochs} epochs?"
        verdict = "Final training losses: " + ", ".join(
            f"{label}: {run.final('train_loss'):.3f}" if not run.diverged else f"{label}: diverged"
            for label, run in shown.items()) + "."
    explanation = (f"{verdict} With {k}× the batch size there are {k}× fewer updates per epoch, so at the same "
                   "learning rate each epoch makes less progress. The linear scaling rule (Goyal et al. 2017) "
                   "multiplies the learning rate by the same factor so that an epoch covers about the same "
                   "distance; it holds while the scaled rate stays stable, and breaks down when it gets too "
                   "large.\nTraining loss by epoch:\n" + loss_table(shown))
    return question("scaling", seed, params, prompt=prompt, answer=ranked[0], explanation=explanation, runs=shown,
                    options=list(labelled), drawn={"base_batch": batch, "base_lr": lr, "factor": k, "ask": ask})


FAMILY = Family(
    name="scaling",
    description="Real runs scaling batch size with the learning rate unchanged, linearly or by the square root: "
                "which tracks the baseline's loss per epoch, and which falls behind.",
    params_model=ScalingParams,
    build=generate,
)
