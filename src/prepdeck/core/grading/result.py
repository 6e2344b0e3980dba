"""What the grader returns: a score, a verdict and the evidence behind them.

These types are the contract between the grader, the session, the CLI and the
TUI. They are plain frozen dataclasses so they serialise to JSON trivially and
can be stored with each attempt.
"""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from functools import lru_cache
from typing import Any, Literal

Verdict = Literal["strong", "partial", "weak"]


_SCALARS = frozenset({str, int, float, bool, type(None)})


@lru_cache(maxsize=None)
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind))


def plain(value: Any) -> Any:
    """``dataclasses.asdict`` for these result types (dataclasses, tuples and immutable scalars).

    ``asdict`` deep-copies every leaf and looks the fields up again for each object; a graded
    answer holds a hundred of them, so in ``grade --batch`` it cost as much as the grading.
    """
    if type(value) in _SCALARS:
        return value
    if is_dataclass(value) and not isinstance(value, type):
        return {name: field_value if type(field_value) in _SCALARS else plain(field_value)
                for name in _field_names(type(value)) for field_value in (getattr(value, name),)}
    if type(value) is tuple:
        return tuple(item if type(item) in _SCALARS else plain(item) for item in value)
    return copy.deepcopy(value)  # as asdict does; these types hold nothing else today


@dataclass(frozen=True)
class Hit:
    """One keyword found in the answer: the matched text and its span in the original answer."""

    keyword: str
    text: str
    start: int
    end: int
    similarity: float  # 0..100, rapidfuzz scale
    negated: bool = False  # found inside a negated clause: shown, but does not count
    role: str = "keyword"  # keyword, or the part of a claim it stands for: subject, predicate, also
    flipped: bool = False  # found in its opposite direction ("large" for "small")


@dataclass(frozen=True)
class CriterionResult:
    description: str
    met: bool
    weight: float
    hits: tuple[Hit, ...] = ()
    missing: tuple[str, ...] = ()  # keywords (first phrasing of each) not found
    contradicted: bool = False  # the answer says the opposite of this criterion's claim
    core: bool = False  # contradicting it makes the answer weak
    claim: str | None = None  # the claim in a few words, for a claim criterion
    credit: float = 1.0  # share of the weight a met criterion earned (less for a near spelling)


@dataclass(frozen=True)
class Contradiction:
    """A clause of the answer that says the opposite of a criterion's claim, and what it cost."""

    description: str  # the criterion contradicted
    text: str  # the contradicting clause, as written
    start: int
    end: int
    penalty: float
    core: bool = False


@dataclass(frozen=True)
class Penalty:
    """A misconception found in the answer, and what it cost."""

    phrase: str
    text: str
    start: int
    end: int
    penalty: float
    explanation: str = ""


@dataclass(frozen=True)
class GradeResult:
    """The outcome of grading one free-text answer."""

    score: float  # 0..1
    verdict: Verdict
    criteria: tuple[CriterionResult, ...]
    penalties: tuple[Penalty, ...] = ()
    contradictions: tuple[Contradiction, ...] = ()
    derived: bool = False  # rubric derived from the model answer rather than authored
    notes: tuple[str, ...] = ()  # e.g. "answer truncated to 20,000 characters", "keyword list capped at partial"

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = plain(self)
        return result


@dataclass(frozen=True)
class NumericResult:
    """The outcome of grading a numeric answer."""

    correct: bool
    parsed: float | None  # None when no number could be read
    expected: float
    score: float
    verdict: Verdict
    diagnosis: str | None = None  # from a matching known wrong answer
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
