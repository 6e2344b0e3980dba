"""The values a study session hands to its UI: what to show, and what came of an answer.

The TUI and ``quiz --plain`` only render these; they never look inside decks,
the grader or the store themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal, Union

from ..errors import PrepdeckError
from .grading.result import GradeResult, NumericResult, Verdict

if TYPE_CHECKING:
    # Only a type here: importing the generation package would pull in pydantic (the deck
    # model) before the TUI's first frame.
    from .generate.question import GeneratedQuestion

Mode = Literal["quiz", "flash", "calc", "trainer", "review", "interview"]
MODE_TITLES: dict[Mode, str] = {
    "quiz": "Quiz",
    "flash": "Flashcards",
    "calc": "Calculation drill",
    "trainer": "Trainer lab",
    "review": "Review due",
    "interview": "Interview",
}
"""Every study mode, in the order the front ends list them, with its title (defined here only)."""
MODES: tuple[Mode, ...] = tuple(MODE_TITLES)

CardKind = Literal["question", "concept", "follow_up", "flash", "calculation", "generated", "choice"]
KIND_LABELS: dict[str, str] = {
    "question": "question",
    "concept": "concept",
    "follow_up": "follow-up",
    "flash": "flashcard",
    "calculation": "calculation",
    "generated": "trainer",
    "choice": "choice",
}
"""How each card kind is named to the candidate (both front ends)."""

PRACTICE_KINDS = frozenset({"calculation", "generated"})
"""Item kinds drawn with fresh numbers every time: practice of a method, not a new fact to
remember, so the daily new-item limit does not hold them back."""

RATING_NAMES: dict[int, str] = {1: "again", 2: "hard", 3: "good", 4: "easy"}
"""FSRS ratings by number, as the candidate sees them."""
Direction = Literal["term->definition", "definition->term"]
OverrideValue = Literal["right", "wrong"]

DEFAULT_COUNT = 10
DEFAULT_NEW_PER_DAY = 20
DEFAULT_INTERVIEW_BUDGET = timedelta(minutes=3)


class SessionError(PrepdeckError):
    """The session was asked for something its state does not allow (e.g. rating a free-text card)."""


class InvalidAnswer(SessionError):
    """The answer could not be read (e.g. no such option); nothing was recorded, ask again."""


class EmptyAnswer(InvalidAnswer):
    """Nothing was typed: not a failure, so nothing is recorded; ask for an answer (or a skip)."""


class UnreadableNumber(InvalidAnswer):
    """A numeric answer no number can be read from (e.g. "1O1"): asked again with the reason."""


@dataclass(frozen=True)
class SessionConfig:
    """What to study. ``count`` limits the cards picked (follow-ups come on top of it).

    ``count=None`` means ``DEFAULT_COUNT``, except in review mode, where it
    means everything due plus today's new items.
    """

    mode: Mode = "quiz"
    deck_ids: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    count: int | None = None
    new_per_day: int | None = None  # None: the limit kept in the store (default 20), plus today's raise
    interview_budget: timedelta = DEFAULT_INTERVIEW_BUDGET

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise SessionError(f"unknown mode {self.mode!r}; choose one of {', '.join(MODES)}")
        if self.count is not None and self.count < 1:
            raise SessionError("count must be at least 1")
        if self.new_per_day is not None and self.new_per_day < 0:
            raise SessionError("the new-per-day limit cannot be negative")

    @property
    def limit(self) -> int | None:
        if self.count is not None:
            return self.count
        return None if self.mode == "review" else DEFAULT_COUNT

    def to_dict(self) -> dict[str, object]:
        return {"mode": self.mode, "deck_ids": list(self.deck_ids), "tags": list(self.tags),
                "count": self.count, "new_per_day": self.new_per_day,
                "interview_budget_s": self.interview_budget.total_seconds()}


@dataclass(frozen=True)
class FlashFaces:
    """A concept as a flashcard, in one direction. ``extra`` is shown with the back (example, analogy)."""

    direction: Direction
    front: str
    back: str
    extra: tuple[str, ...] = ()


@dataclass(frozen=True)
class Card:
    """One card presented to the candidate, with everything a UI needs to show it."""

    kind: CardKind
    deck_id: str
    item_id: str  # the id progress is kept under; a follow-up's is "<question id>#follow-up-<n>"
    prompt: str
    path: str  # the deck file, as the author would type it
    line: int  # where the item (or follow-up) starts in that file
    position: int  # 1-based: this is the n-th card of the session
    planned: int  # cards served plus still queued, at the time this card was presented
    presented_at: datetime
    tags: tuple[str, ...] = ()
    is_new: bool = False  # never reviewed before
    flash: FlashFaces | None = None
    generated: GeneratedQuestion | None = None
    options: tuple[str, ...] = ()  # choices to pick from (true/false items: "true", "false")
    hints_available: int = 0
    parent_id: str | None = None  # follow-ups: the question they follow
    time_budget: timedelta | None = None  # interview mode
    returning: bool = False  # rated again earlier in this session, and back for another go

    @property
    def units(self) -> str | None:
        return self.generated.units if self.generated else None


@dataclass(frozen=True)
class ChoiceResult:
    """The outcome of a pick-one answer."""

    correct: bool
    chosen: str
    expected: str

    @property
    def score(self) -> float:
        return 1.0 if self.correct else 0.0

    @property
    def verdict(self) -> Verdict:
        return "strong" if self.correct else "weak"

    def to_dict(self) -> dict[str, object]:
        return {"correct": self.correct, "chosen": self.chosen, "expected": self.expected}


Result = Union[GradeResult, NumericResult, ChoiceResult]


@dataclass(frozen=True)
class Feedback:
    """What came of an answer. The attempt is already committed when this is returned."""

    card: Card
    answer: str
    attempt_id: int
    answered_at: datetime
    result: Result | None  # None: a self-rated flashcard, or a follow-up with nothing to grade against
    score: float | None
    verdict: Verdict | None
    rating: int | None  # the FSRS rating applied (1 again .. 4 easy); None when not scheduled
    next_due: datetime | None
    model_answer: str | None = None
    explanation: str | None = None
    diagnosis: str | None = None  # a known wrong answer's explanation
    follow_ups_queued: int = 0
    hints_used: int = 0
    elapsed: timedelta = timedelta(0)
    over_time: bool = False  # interview mode: slower than the budget
    override: OverrideValue | None = None
    notes: tuple[str, ...] = ()  # e.g. why an answer was not graded
    gave_up: bool = False  # the answer was revealed unanswered (``Session.give_up``): recorded as not recalled
    returns: bool = False  # rated again: the card comes back later in this session

    @property
    def correct(self) -> bool | None:
        """Right or wrong after any override; None when nothing was graded."""
        if self.override is not None:
            return self.override == "right"
        return None if self.verdict is None else self.verdict == "strong"


@dataclass(frozen=True)
class Summary:
    """The session so far: counts by verdict (after overrides), mean score and time."""

    mode: Mode
    seed: int
    answered: int
    skipped: int
    strong: int
    partial: int
    weak: int
    ungraded: int
    correct: int
    overrides: int
    mean_score: float | None
    elapsed: timedelta
    remaining: int
    feedback: tuple[Feedback, ...] = field(default=(), repr=False)
    gave_up: int = 0  # of the weak ones: answers revealed unanswered
    relearned: int = 0  # answers to cards that came back after an "again" in this session
    undone: int = 0  # answers taken back with undo (kept in the store's undo log)
    buried: int = 0
    suspended: int = 0
