"""A concrete question drawn from a calculation template or a trainer family.

This is the contract between the generators, the session, the CLI and the TUI.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ..model import Tolerance


@dataclass(frozen=True)
class WrongAnswerValue:
    value: float
    diagnosis: str


@dataclass(frozen=True)
class GeneratedQuestion:
    """One drawn question. ``seed`` replays it exactly.

    ``answer`` is a number, or, when ``options`` is non-empty, the text of the
    correct option. ``curves`` maps a run label to per-epoch series such as
    ``{"train_loss": [...], "val_loss": [...]}`` for plotting; ``diverged`` maps the
    label of each run that diverged to the (1-based) epoch where it did.
    """

    seed: int
    prompt: str
    answer: float | str
    explanation: str
    item_id: str | None = None
    family: str | None = None
    options: tuple[str, ...] = ()
    tolerance: Tolerance = field(default_factory=Tolerance)
    units: str | None = None
    wrong_answers: tuple[WrongAnswerValue, ...] = ()
    params: dict[str, Any] = field(default_factory=dict)
    curves: dict[str, dict[str, list[float]]] | None = None
    diverged: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["tolerance"] = self.tolerance.model_dump(exclude_none=True)
        return data
