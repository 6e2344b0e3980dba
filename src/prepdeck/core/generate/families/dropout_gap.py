"""dropout-gap: the gap between training and validation loss with and without dropout, in real runs."""

from __future__ import annotations

import random
from typing import Literal

from pydantic import Field

from ...model import Tolerance
from ..errors import GenerationError
from ..question import GeneratedQuestion
from .base import MAX_ATTEMPTS, Family, FamilyParams, loss_table, question, subseed

MARGIN = 0.02  # the smallest gap must beat the next by this much


class DropoutGapParams(FamilyParams):
    dropout: float | None = Field(None, gt=0, lt=1, description="Dropout rate of the regularised run (drawn).")
    epochs: int = Field(30, ge=5, le=60)
    ask: Literal["shrink", "smallest", "largest"] | None = None


def _gap(run) -> float:
    return run.final("val_loss") - run.final("train_loss")


def _label(rate: float) -> str:
    return "no dropout" if rate == 0 else f"dropout={rate:g}"


def _reading(labelled: dict) -> str:
    """What dropout did to each loss in these runs, said only where the runs show it."""
    base = labelled["no dropout"]
    parts = []
    for label, run in labelled.items():
        if label == "no dropout":
            continue
        train = "higher" if run.final("train_loss") > base.final("train_loss") else "not higher"
        val = "lower" if run.final("val_loss") < base.final("val_loss") else "not lower"
        parts.append(f"with {label} the training loss ended {train} ({run.final('train_loss'):.3f} against "
                     f"{base.final('train_loss'):.3f}) and the validation loss {val} "
                     f"({run.final('val_loss'):.3f} against {base.final('val_loss'):.3f})")
    text = "Compared with no dropout, " + "; ".join(parts) + "."
    if any(run.final("val_loss") >= base.final("val_loss") for label, run in labelled.items() if label != "no dropout"):
        text += (" A narrower gap does not by itself mean better generalisation: here dropout narrowed the gap "
                 "partly by raising the training loss.")
    return text


def generate(seed: int, params: DropoutGapParams) -> GeneratedQuestion:
    from ..datasets import make_dataset
    from ..trainer import TrainConfig, train_many

    rng = random.Random(seed)
    ask = params.ask or rng.choice(["shrink", "smallest", "largest"])
    for _ in range(MAX_ATTEMPTS):
        if ask == "shrink":
            rates = [0.0, params.dropout or rng.choice([0.5, 0.6, 0.7, 0.8])]
        else:
            # Far enough apart to differ; for "largest" the light rate is further from 0, since
            # the no-dropout run must beat it clearly.
            light = rng.choice([0.3, 0.4] if ask == "largest" else [0.2, 0.3])
            rates = [0.0, light, rng.choice([0.6, 0.8])]
        data = make_dataset("small-noisy", n_train=60, n_val=300, features=20, classes=3, seed=subseed(rng))
        run_seed = subseed(rng)
        runs = train_many(data, [TrainConfig(hidden=64, lr=0.1, batch_size=16, epochs=params.epochs, dropout=rate,
                                             seed=run_seed) for rate in rates])
        if any(run.diverged for run in runs):
            continue
        gaps = sorted(_gap(run) for run in runs)
        if ask == "shrink" and _gap(runs[0]) - _gap(runs[1]) > MARGIN or \
                ask == "smallest" and gaps[1] - gaps[0] > MARGIN or \
                ask == "largest" and gaps[-1] - gaps[-2] > MARGIN:
            break
    else:
        raise GenerationError("dropout-gap: repeated runs gave no clear difference in the gap; "
                              "try a higher dropout rate or more epochs")
    labelled = {_label(rate): run for rate, run in zip(rates, runs)}
    finals = "\n".join(f"  {label:<12} train {run.final('train_loss'):.3f}   validation {run.final('val_loss'):.3f}"
                       for label, run in labelled.items())
    setting = (f"A wide MLP (20 inputs, 64 hidden units) is trained on only 60 noisy samples for {params.epochs} "
               f"epochs (SGD, lr=0.1, batch size 16), from the same initial weights, with inverted dropout on the "
               f"hidden layer at different rates. Losses are measured with dropout switched off (evaluation mode).")
    gap_lines = ", ".join(f"{label}: {_gap(run):.3f}" for label, run in labelled.items())
    explanation = (f"The gap is validation loss minus training loss: {gap_lines}. Dropout trains many thinned "
                   "networks that cannot rely on any single hidden unit, which limits how closely the network "
                   f"can fit the noise in 60 samples. {_reading(labelled)}\n"
                   "Validation loss by epoch:\n" + loss_table(labelled, "val_loss"))
    drawn = {"dropout": rates[1] if ask == "shrink" else rates[1:], "ask": ask}
    if ask == "shrink":
        without, with_ = runs
        answer = _gap(without) - _gap(with_)
        prompt = (f"{setting} Final losses:\n{finals}\nBy how much does dropout={rates[1]:g} shrink the gap between "
                  "validation and training loss?")
        wrong = [(without.final("val_loss") - with_.final("val_loss"), "That compares validation losses only; "
                  "the gap is validation minus training loss of each run."),
                 (_gap(without), "That is the gap without dropout; subtract the gap with dropout.")]
        return question("dropout-gap", seed, params, prompt=prompt, answer=answer, explanation=explanation,
                        runs=labelled, tolerance=Tolerance(abs=0.005), wrong=wrong, drawn=drawn)
    pick_gap = min if ask == "smallest" else max
    answer_label = pick_gap(labelled, key=lambda label: _gap(labelled[label]))
    prompt = (f"{setting} Which run ends with the {ask} gap between validation and training loss?")
    return question("dropout-gap", seed, params, prompt=prompt, answer=answer_label, explanation=explanation,
                    runs=labelled, options=list(labelled), drawn=drawn)


FAMILY = Family(
    name="dropout-gap",
    description="Real runs with and without dropout on a small noisy dataset: how dropout changes the gap "
                "between training and validation loss.",
    params_model=DropoutGapParams,
    build=generate,
)
