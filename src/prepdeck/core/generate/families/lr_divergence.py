"""lr-divergence: which learning rate diverged, or which converged fastest, in a real sweep."""

from __future__ import annotations

import random
from typing import Literal

from pydantic import Field, field_validator

from ..errors import GenerationError
from ..question import GeneratedQuestion
from .base import MAX_ATTEMPTS, Family, FamilyParams, loss_table, lr_label, question, subseed

LADDER = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0)
# Larger inputs make smaller rates diverge, so the answer moves with the drawn input scale.
SCALES = (0.5, 1.0, 2.0, 3.0)
OPTIONS = 4
MARGIN = 1.05  # the fastest run's loss must beat the next by 5%, or the question would hinge on noise


class LrDivergenceParams(FamilyParams):
    learning_rates: list[float] | None = Field(
        None, min_length=3, max_length=6,
        description="The rates to compare (default: drawn from 0.01 ... 100).")
    ask: Literal["diverged", "fastest"] | None = Field(None, description="Which question (drawn when omitted).")
    model: Literal["mlp", "logistic"] = "mlp"
    dataset: Literal["separable", "noisy"] = "noisy"
    epochs: int = Field(10, ge=2, le=30)
    batch_size: int = Field(32, ge=1, le=256)
    input_scale: float | None = Field(None, gt=0, le=10,
                                      description="Standard deviation of the input features (drawn: 0.5-3).")

    @field_validator("learning_rates")
    @classmethod
    def _positive_distinct(cls, value: list[float] | None) -> list[float] | None:
        if value is not None:
            if any(lr <= 0 or lr > 1000 for lr in value):
                raise ValueError("learning rates must be in (0, 1000]")
            if len(set(value)) != len(value):
                raise ValueError("learning rates must be distinct")
        return sorted(value) if value else value


def _fastest(runs: list, rng: random.Random, fixed: bool) -> tuple[list, object] | None:
    """Options and the run with the lowest final training loss, when it wins clearly."""
    stable = [run for run in runs if not run.diverged]
    for _ in range(1 if fixed else MAX_ATTEMPTS):
        options = stable if fixed else sorted(rng.sample(stable, min(OPTIONS, len(stable))), key=lambda r: r.config.lr)
        if len(options) < 2:
            return None
        ranked = sorted(options, key=lambda r: r.final("train_loss"))
        if ranked[1].final("train_loss") >= MARGIN * ranked[0].final("train_loss"):
            return options, ranked[0]
    return None


def generate(seed: int, params: LrDivergenceParams) -> GeneratedQuestion:
    from ..datasets import make_dataset
    from ..trainer import TrainConfig, train_many

    rng = random.Random(seed)
    fixed = params.learning_rates is not None
    rates = params.learning_rates or list(LADDER)
    ask = params.ask or rng.choice(["diverged", "fastest"])
    scale = params.input_scale or rng.choice(SCALES)
    data = make_dataset(params.dataset, n_train=320, n_val=160, features=8, classes=3, seed=subseed(rng),
                        scale=scale)
    run_seed = subseed(rng)
    runs = train_many(data, [TrainConfig(model=params.model, hidden=16, lr=lr, batch_size=params.batch_size,
                                         epochs=params.epochs, seed=run_seed) for lr in rates])
    diverged = [run for run in runs if run.diverged]
    stable = [run for run in runs if not run.diverged]
    fastest = _fastest(runs, rng, fixed)
    if ask == "diverged" and not diverged or ask == "fastest" and fastest is None:
        ask = "fastest" if ask == "diverged" else "diverged"
    if ask == "diverged":
        if not diverged:
            raise GenerationError("lr-divergence: no learning rate diverged, and none converged clearly fastest; "
                                  "widen learning_rates")
        answer_run = diverged[0]
        if fixed:
            options = runs
        else:
            # Some draws also show rates above the first to diverge, so the answer is not always
            # the largest option: the question is then the smallest rate that diverged.
            above = rng.randint(0, min(OPTIONS - 1, len(diverged) - 1))
            below = min(OPTIONS - 1 - above, len(stable))
            options = sorted(rng.sample(stable, below) + [answer_run] + rng.sample(diverged[1:], above),
                             key=lambda r: r.config.lr)
        several = sum(run.diverged for run in options) > 1
        ask_text = "Which is the smallest learning rate that diverged?" if several else "Which learning rate diverged?"
    else:
        assert fastest is not None
        options, answer_run = fastest
        ask_text = (f"Which learning rate reached the lowest training loss after {params.epochs} epochs "
                    "(converged fastest)?")
    labelled = {lr_label(run.config.lr): run for run in options}
    model = "an MLP (8 inputs, 16 hidden ReLU units, 3 classes)" if params.model == "mlp" else \
        "a logistic-regression model (8 inputs, 3 classes)"
    prompt = (f"Copies of {model} are trained with plain SGD on the same {params.dataset} synthetic data "
              f"(features standardised to standard deviation {scale:g}), batch size {params.batch_size}, "
              f"{params.epochs} epochs, from the same initial weights. Only the learning rate differs: "
              f"{', '.join(f'{run.config.lr:g}' for run in options)}. {ask_text}")
    notes = []
    for run in options:
        if run.diverged:
            notes.append(f"lr={run.config.lr:g} diverged in epoch {run.diverged_epoch}: its training loss became "
                         f"non-finite or exceeded {run.config.divergence_factor:g}× its starting value "
                         f"({run.initial_loss:.3f}), so the run was stopped.")
    if any(run.diverged for run in options):
        notes.append(f"Where divergence starts depends on the setting: the larger the inputs (standard deviation "
                     f"{scale:g} here), the larger each update at a given rate, and the lower the rate that "
                     "blows up.")
    best = min((run for run in options if not run.diverged), key=lambda r: r.final("train_loss"), default=None)
    if best is not None:
        notes.append(f"Among the stable runs, lr={best.config.lr:g} ended lowest "
                     f"(training loss {best.final('train_loss'):.3f}); too small a rate crawls, and the "
                     "largest stable rates can bounce around the minimum.")
    explanation = " ".join(notes) + "\nTraining loss by epoch:\n" + loss_table(labelled)
    return question("lr-divergence", seed, params, prompt=prompt, answer=lr_label(answer_run.config.lr),
                    explanation=explanation, runs=labelled, options=list(labelled),
                    drawn={"ask": ask, "learning_rates": [run.config.lr for run in options], "input_scale": scale})


FAMILY = Family(
    name="lr-divergence",
    description="A real learning-rate sweep: which rate diverged, or which reached the lowest training loss.",
    params_model=LrDivergenceParams,
    build=generate,
)
