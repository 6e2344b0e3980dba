"""steps: how many parameter updates a run makes, read off the training loop's own counter."""

from __future__ import annotations

import math
import random

from pydantic import Field

from ...model import Tolerance
from ..question import GeneratedQuestion
from .base import Family, FamilyParams, pick, question, subseed

BATCH_SIZES = (16, 20, 32, 50, 64, 100, 128, 256)


class StepsParams(FamilyParams):
    n: int | None = Field(None, ge=1, le=5000, description="Training samples (drawn when omitted).")
    batch_size: int | None = Field(None, ge=1, le=5000)
    epochs: int | None = Field(None, ge=1, le=20)
    drop_last: bool | None = Field(None, description="Drop the last partial batch (drawn when omitted).")


def _draw_n(rng: random.Random, batch: int) -> int:
    # Usually not a multiple of the batch size, so the partial last batch matters.
    n = rng.randrange(10, 41) * 50 + rng.choice([0, 0, 0, 7, 13, 30])
    return n + 1 if n % batch == 0 and rng.random() < 0.7 else n


def generate(seed: int, params: StepsParams) -> GeneratedQuestion:
    from ..datasets import make_dataset
    from ..trainer import TrainConfig, train

    rng = random.Random(seed)
    batch = pick(rng, params.batch_size, BATCH_SIZES)
    n = params.n if params.n is not None else _draw_n(rng, batch)
    epochs = pick(rng, params.epochs, range(1, 7))
    drop_last = params.drop_last if params.drop_last is not None else rng.random() < 0.25
    if drop_last and batch > n:
        drop_last = False  # drop_last with B > N would train on nothing; ask about the kept batch instead
    data = make_dataset("noisy", n_train=n, n_val=32, features=4, classes=2, seed=subseed(rng))
    run = train(data, TrainConfig(model="logistic", lr=0.1, batch_size=batch, epochs=epochs,
                                  drop_last=drop_last, seed=subseed(rng)))
    remainder = n % batch
    last = ("there is no partial batch" if remainder == 0 else
            f"the last batch of {remainder} sample{'s' if remainder > 1 else ''} is dropped" if drop_last else
            f"the last batch holds only {remainder} sample{'s' if remainder > 1 else ''} but still counts "
            "as an update")
    rounding = "floor" if drop_last else "ceil"
    prompt = (f"A model is trained on {n:,} samples with batch size {batch} for {epochs} "
              f"epoch{'s, reshuffling every epoch' if epochs > 1 else ''}"
              f"{' with drop_last=True (the last partial batch is skipped)' if drop_last else ''}. "
              "How many parameter updates (optimizer steps) does the run make?")
    explanation = (f"Each epoch makes {rounding}({n:,} / {batch}) = {run.steps_per_epoch:,} updates: {last}. "
                   f"Over {epochs} epoch{'s' if epochs > 1 else ''} that is {run.steps_per_epoch:,} × {epochs} = "
                   f"{run.steps_per_epoch * epochs:,}. The training loop's own counter in this run "
                   f"reported {run.updates:,} updates.")
    other = math.ceil(n / batch) if drop_last else n // batch
    wrong = [
        (n * epochs / batch, "You divided samples by batch size without rounding: a batch is a whole update."),
        (other * epochs, "Check the rounding: the last partial batch is "
                         + ("dropped, so round down." if drop_last else "kept, so round up.")),
        (run.steps_per_epoch, "That is one epoch's updates; multiply by the number of epochs."),
        (n * epochs, "That counts samples seen, not updates: each update processes a whole batch."),
    ]
    return question("steps", seed, params, prompt=prompt, answer=float(run.updates), explanation=explanation,
                    runs={f"B={batch}": run}, tolerance=Tolerance(abs=0), units="updates", wrong=wrong,
                    drawn={"n": n, "batch_size": batch, "epochs": epochs, "drop_last": drop_last})


FAMILY = Family(
    name="steps",
    description="How many parameter updates a run makes: ceil(N/B) per epoch (floor with drop_last), "
                "checked against the training loop's own counter.",
    params_model=StepsParams,
    build=generate,
)
