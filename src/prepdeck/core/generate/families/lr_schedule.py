"""lr-schedule: the learning rate at step k under a decay, read off the rates the run actually used."""

from __future__ import annotations

import math
import random
from typing import Literal

from pydantic import Field

from ...model import Tolerance
from ..errors import GenerationError
from ..question import GeneratedQuestion
from .base import Family, FamilyParams, pick, question, subseed

STEP_GAMMAS = (0.1, 0.5, 0.2, 0.9)
EXP_GAMMAS = (0.5, 0.9, 0.96, 0.1)


class LrScheduleParams(FamilyParams):
    schedule: Literal["step", "exponential"] | None = None
    lr: float | None = Field(None, gt=0, le=10, description="Initial learning rate (drawn when omitted).")
    gamma: float | None = Field(None, gt=0, lt=1, description="Decay factor (drawn when omitted).")
    every: int | None = Field(None, ge=1, le=10000, description="Updates per decay (step_size / decay_steps).")
    n: int | None = Field(None, ge=16, le=5000, description="Training samples (drawn when omitted).")
    batch_size: int | None = Field(None, ge=1, le=1024)
    ask_by: Literal["step", "epoch"] | None = Field(None, description="Name the step directly or as an epoch start.")


def generate(seed: int, params: LrScheduleParams) -> GeneratedQuestion:
    from ..datasets import make_dataset
    from ..schedules import ExponentialDecay, StepDecay
    from ..trainer import TrainConfig, train

    rng = random.Random(seed)
    kind = params.schedule or rng.choice(["step", "exponential"])
    lr = params.lr or rng.choice([0.1, 0.05, 0.2, 0.01, 0.5])
    gamma = params.gamma or rng.choice(STEP_GAMMAS if kind == "step" else EXP_GAMMAS)
    batch = pick(rng, params.batch_size, (16, 25, 32, 50, 64, 100))
    n = params.n or rng.randrange(200, 1001, 50)
    per_epoch = math.ceil(n / batch)
    every = params.every or rng.choice([e for e in (per_epoch, 2 * per_epoch, 50, 100, 30) if e >= 10])
    ask_by = params.ask_by or rng.choice(["step", "epoch"])
    # After one to four decay periods (so the rate has moved, but not to 1e-6), and at most 30 epochs in,
    # which keeps the run quick.
    step = rng.randint(min(every, 30 * per_epoch), min(4 * every, 30 * per_epoch))
    if ask_by == "epoch":
        epoch = step // per_epoch + 1
        step = (epoch - 1) * per_epoch
    schedule = StepDecay(gamma, every) if kind == "step" else ExponentialDecay(gamma, every)
    data = make_dataset("noisy", n_train=n, n_val=32, features=4, classes=2, seed=subseed(rng))
    # Train just far enough to make update number `step` (counting from 0).
    run = train(data, TrainConfig(model="logistic", lr=lr, schedule=schedule, batch_size=batch,
                                  epochs=step // per_epoch + 1, seed=subseed(rng)))
    if step >= len(run.learning_rates):
        raise GenerationError(f"lr-schedule: the run diverged before update {step:,}; lower lr or raise batch_size")
    used = run.learning_rates[step]
    if kind == "step":
        rule = (f"step decay: the learning rate starts at {lr:g} and is multiplied by {gamma:g} every "
                f"{every} updates")
        working = f"{lr:g} × {gamma:g}^floor({step}/{every}) = {lr:g} × {gamma:g}^{step // every} = {used:.6g}"
        slips = [(lr * gamma ** (step // every + 1), "Off by one decay: floor(k / step_size) decays have happened."),
                 (lr * gamma ** (step / every), "Step decay is a staircase: use floor(k / step_size), not k / step_size.")]
    else:
        rule = (f"exponential decay: lr = {lr:g} × {gamma:g}^(k / {every}) for update k (smooth, not a "
                "staircase)")
        working = f"{lr:g} × {gamma:g}^({step}/{every}) = {used:.6g}"
        slips = [(lr * gamma ** (step // every), "This schedule is smooth: use k / decay_steps, not its floor."),
                 (lr * math.exp(-gamma * step / every), "The decay factor is a base, not a rate in exp(-rate·k).")]
    where = (f"for update number {step:,} (updates are counted from 0)" if ask_by == "step" else
             f"for the first update of epoch {epoch} (epochs count from 1, updates from 0, and the last "
             "partial batch of each epoch is kept)")
    prompt = (f"A model is trained on {n:,} samples with batch size {batch} using SGD with {rule}. The schedule "
              f"advances once per update. What learning rate does the optimiser use {where}?")
    explanation = (("" if ask_by == "step" else
                    f"Each epoch makes ceil({n:,}/{batch}) = {per_epoch} updates, so epoch {epoch} starts at update "
                    f"({epoch} − 1) × {per_epoch} = {step:,}. ")
                   + f"{working}. The run's optimiser used {used:.6g} for that update.")
    if ask_by == "epoch":
        slips.append((schedule.rate(lr, epoch - 1), "The schedule counts updates, not epochs."))
    return question("lr-schedule", seed, params, prompt=prompt, answer=used, explanation=explanation,
                    runs={kind: run}, tolerance=Tolerance(rel=0.01), wrong=slips,
                    drawn={"schedule": kind, "lr": lr, "gamma": gamma, "every": every, "n": n, "batch_size": batch,
                           "ask_by": ask_by, "step": step})


FAMILY = Family(
    name="lr-schedule",
    description="The learning rate at update k under step or exponential decay, read off the rates a real run used.",
    params_model=LrScheduleParams,
    build=generate,
)
