"""early-stopping: where validation loss bottoms out, and where patience p stops the run."""

from __future__ import annotations

import random
from dataclasses import replace
from typing import Literal

from pydantic import Field

from ...model import Tolerance
from ..errors import GenerationError
from ..question import GeneratedQuestion
from .base import MAX_ATTEMPTS, Family, FamilyParams, question, subseed


DIGITS = 4  # validation losses as printed; the answer must be readable from them


class EarlyStoppingParams(FamilyParams):
    patience: int | None = Field(None, ge=1, le=10, description="Early-stopping patience (drawn: 2-5).")
    epochs: int = Field(30, ge=10, le=60)
    ask: Literal["best", "stop"] | None = None


def _printed_stop(values: list[float], patience: int) -> int | None:
    """Where patience stops on the values as printed: the run's own stop must agree with it."""
    best, waited = float("inf"), 0
    for epoch, value in enumerate(values, 1):
        if value < best:
            best, waited = value, 0
        else:
            waited += 1
            if waited >= patience:
                return epoch
    return None


def generate(seed: int, params: EarlyStoppingParams) -> GeneratedQuestion:
    from ..datasets import make_dataset
    from ..trainer import TrainConfig, train_many

    rng = random.Random(seed)
    ask = params.ask or rng.choice(["best", "stop"])
    patience = params.patience or rng.randint(2, 5)
    for _ in range(MAX_ATTEMPTS):
        lr = rng.choice([0.05, 0.08, 0.1, 0.15])
        data = make_dataset("small-noisy", n_train=60, n_val=300, features=20, classes=3, seed=subseed(rng))
        config = TrainConfig(hidden=64, lr=lr, batch_size=16, epochs=params.epochs, seed=subseed(rng))
        full, stopped = train_many(data, [config, replace(config, patience=patience)])
        shown = [round(v, DIGITS) for v in full.val_loss if v is not None]
        best = full.best_epoch
        unique_min = sorted(shown)[0] < sorted(shown)[1]
        # The question must be answerable from the printed values, and the curve must turn.
        if (not full.diverged and stopped.stopped_epoch is not None and 1 < best < params.epochs - patience
                and unique_min and shown.index(min(shown)) + 1 == best
                and _printed_stop(shown, patience) == stopped.stopped_epoch):
            break
    else:
        raise GenerationError("early-stopping: no run overfitted clearly; try more epochs")
    cells = [f"{epoch:>2}:{value:.{DIGITS}f}" for epoch, value in enumerate(shown, 1)]
    table = "\n".join("  " + " ".join(cells[i:i + 10]) for i in range(0, len(cells), 10))
    setting = (f"A wide MLP (20 inputs, 64 hidden units) is trained on only 60 noisy samples for {params.epochs} "
               f"epochs (SGD, lr={lr:g}, batch size 16). Validation loss after each epoch:\n{table}\n")
    explanation = (f"Validation loss is lowest after epoch {best} ({shown[best - 1]:.{DIGITS}f}); after that the network "
                   f"fits the training noise (training loss falls to {full.final('train_loss'):.3f}) while "
                   f"validation loss rises. Early stopping with patience {patience} waits {patience} epochs "
                   f"without a new best: the best so far when it stops was epoch "
                   f"{stopped.best_epoch}, so training halts after epoch {stopped.stopped_epoch} "
                   f"({stopped.stopped_epoch} = {stopped.best_epoch} + {patience}). With restore_best_weights "
                   "the model keeps the weights of the best epoch.")
    labelled = {"no early stopping": full, f"patience={patience}": stopped}
    drawn = {"patience": patience, "ask": ask, "lr": lr}
    if ask == "best":
        wrong = [(float(params.epochs), "The last epoch is not the best: validation loss turned back up."),
                 (float(best + patience), "That is where early stopping halts, not where validation loss is lowest.")]
        return question("early-stopping", seed, params, prompt=setting + "After which epoch is validation loss "
                        "lowest?", answer=float(best), explanation=explanation, runs=labelled,
                        tolerance=Tolerance(abs=0), wrong=wrong, drawn=drawn)
    wrong = [(float(stopped.best_epoch), "That is the best epoch; patience waits that many more epochs first."),
             (float(stopped.best_epoch + patience - 1), "Off by one: it stops after the p-th epoch without improvement."),
             (float(stopped.best_epoch + patience + 1), "Off by one: it stops after the p-th epoch without improvement.")]
    return question("early-stopping", seed, params, prompt=setting + f"Early stopping monitors validation loss with "
                    f"patience {patience}. After which epoch does training stop?",
                    answer=float(stopped.stopped_epoch), explanation=explanation, runs=labelled,
                    tolerance=Tolerance(abs=0), wrong=wrong, drawn=drawn)


FAMILY = Family(
    name="early-stopping",
    description="A real overfitting run: the epoch where validation loss bottoms out, and where early "
                "stopping with patience p halts.",
    params_model=EarlyStoppingParams,
    build=generate,
)
