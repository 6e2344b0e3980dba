"""Counting attempts: the one rule for "graded" and "right", in SQL and as a ``Tally``.

Every summary of attempts (``prepdeck stats``, the TUI's daily plot and its
last-7-days scores) aggregates with ``TALLY_SQL``, so they all agree: an
attempt is graded when it has a verdict or an override, and right when the
candidate's override says so, or else when the verdict is strong.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

GRADED_SQL = "(verdict IS NOT NULL OR override IS NOT NULL)"
CORRECT_SQL = "(CASE override WHEN 'right' THEN 1 WHEN 'wrong' THEN 0 ELSE verdict = 'strong' END)"

TALLY_SQL = f"count(*), sum({GRADED_SQL}), sum({CORRECT_SQL}), total(score), count(score)"
"""Five aggregate columns over attempts, read back with ``Tally.from_row``."""


def round_or_none(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


@dataclass(frozen=True)
class Tally:
    """Attempts and how many were right. ``graded`` excludes answers that had nothing to grade."""

    attempts: int = 0
    graded: int = 0
    correct: int = 0
    score_sum: float = 0.0
    scored: int = 0

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> "Tally":
        """The five ``TALLY_SQL`` columns (SQL sums are NULL over no rows)."""
        attempts, graded, correct, score_sum, scored = row
        return cls(attempts or 0, graded or 0, correct or 0, score_sum or 0.0, scored or 0)

    def __add__(self, other: "Tally") -> "Tally":
        return Tally(self.attempts + other.attempts, self.graded + other.graded, self.correct + other.correct,
                     self.score_sum + other.score_sum, self.scored + other.scored)

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.graded if self.graded else None

    @property
    def mean_score(self) -> float | None:
        return self.score_sum / self.scored if self.scored else None

    def to_dict(self) -> dict[str, Any]:
        return {"attempts": self.attempts, "graded": self.graded, "correct": self.correct,
                "accuracy": round_or_none(self.accuracy), "mean_score": round_or_none(self.mean_score)}
