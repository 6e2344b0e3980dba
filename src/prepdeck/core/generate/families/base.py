"""What a question family is, and the helpers every family shares.

A family draws a setting from its seed, runs the mini-trainer for real, and
reads the answer off the run. Families import the trainer (and so numpy)
inside ``generate``: listing them, or validating a deck's ``params``, stays
cheap enough for the TUI's start path.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence

from pydantic import BaseModel, ConfigDict, ValidationError

from ...model import Tolerance
from ..errors import GenerationError
from ..question import GeneratedQuestion, WrongAnswerValue
from ..tolerance import within

if TYPE_CHECKING:
    from ..trainer import RunResult

MAX_ATTEMPTS = 12  # redraws when a run does not give a clear-cut question


class FamilyParams(BaseModel):
    """Base of every family's parameters: unknown keys are errors; every field has a default.

    A field left at ``None`` is drawn from the question's seed.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class Family:
    """A named question family with its parameter model and generator."""

    name: str
    description: str
    params_model: type[FamilyParams]
    build: Callable[[int, Any], GeneratedQuestion]

    def validate(self, params: Mapping[str, Any] | FamilyParams | None) -> FamilyParams:
        """Parameters as this family's model; ``GenerationError`` in one line when invalid."""
        if isinstance(params, self.params_model):
            return params
        if params is not None and not isinstance(params, Mapping):
            raise GenerationError(f"family {self.name!r}: params must be a mapping, not {type(params).__name__}")
        try:
            return self.params_model.model_validate(dict(params or {}))
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "params"
            raise GenerationError(f"family {self.name!r}: params.{where}: {first['msg']}") from None

    def generate(self, seed: int, params: Mapping[str, Any] | FamilyParams | None = None) -> GeneratedQuestion:
        """One question; the same seed and params always give the same question."""
        return self.build(seed, self.validate(params))


def pick(rng: random.Random, value: Any, choices: Sequence[Any]) -> Any:
    """``value`` when the deck fixed it, else a seeded choice."""
    return rng.choice(list(choices)) if value is None else value


def subseed(rng: random.Random) -> int:
    """A seed for a dataset or a run, drawn from the question's own stream."""
    return rng.getrandbits(32)


def lr_label(lr: float) -> str:
    return f"lr={lr:g}"


def show(value: float | None, digits: int = 3) -> str:
    """A loss for a prompt or explanation: fixed decimals, or 'diverged'."""
    return "diverged" if value is None else f"{value:.{digits}f}"


def curves(runs: Mapping[str, "RunResult"]) -> dict[str, dict[str, list[float | None]]]:
    """Per-epoch training and validation loss of each run, for plotting.

    Epochs the run did not reach are None. The epoch where a run diverged is
    drawn at the divergence threshold (``divergence_factor`` × its starting
    loss), so the plot shows the run shooting up without a runaway loss of
    1e200 flattening every other curve.
    """
    def clean(series: Sequence[float | None], result: "RunResult") -> list[float | None]:
        if not result.diverged_epoch:
            return list(series)
        cut = result.diverged_epoch - 1
        ceiling = result.config.divergence_factor * result.initial_loss
        return [value if epoch < cut else
                min(value, ceiling) if epoch == cut and value is not None else
                ceiling if epoch == cut else None
                for epoch, value in enumerate(series)]

    return {label: {"train_loss": clean(result.train_loss, result), "val_loss": clean(result.val_loss, result)}
            for label, result in runs.items()}


def loss_table(runs: Mapping[str, "RunResult"], series: str = "train_loss", digits: int = 3) -> str:
    """One line per run: its per-epoch losses, as shown in prompts and explanations."""
    width = max(len(label) for label in runs)
    lines = []
    for label, result in runs.items():
        values = getattr(result, series)[: result.epochs_run]
        lines.append(f"  {label:<{width}}  " + " ".join(show(v, digits) for v in values))
    return "\n".join(lines)


def question(name: str, seed: int, params: FamilyParams, *, prompt: str, answer: float | str, explanation: str,
             runs: Mapping[str, "RunResult"], options: Sequence[str] = (), tolerance: Tolerance | None = None,
             units: str | None = None, wrong: Sequence[tuple[float, str]] = (),
             drawn: Mapping[str, Any] | None = None) -> GeneratedQuestion:
    """A family's question, carrying its seed, the params it used and the curves of its runs."""
    used = params.model_dump(mode="json")
    used.update(drawn or {})
    return GeneratedQuestion(
        seed=seed, prompt=prompt, answer=answer, explanation=explanation, family=name,
        options=tuple(options), tolerance=tolerance or Tolerance(), units=units,
        wrong_answers=tuple(WrongAnswerValue(float(v), d) for v, d in wrong
                            if isinstance(answer, str) or not within(float(v), answer, tolerance or Tolerance())),
        params=used, curves=curves(runs),
        diverged={label: run.diverged_epoch for label, run in runs.items() if run.diverged_epoch},
    )
