"""FSRS adapter: turns grades into ratings and ratings into the next review, via py-fsrs.

The interval maths is py-fsrs's (FSRS-6, the reference implementation); this
module only decides which rating an answer earns and converts card state to and
from the plain values the store keeps.

Rating policy (documented for candidates in the README):

* free text (questions, concepts, follow-ups): weak → Again, partial → Hard,
  strong → Good, strong with a score of at least ``EASY_SCORE`` → Easy;
* numbers and choices: right → Good, partly right → Hard, wrong → Again
  (fresh numbers are drawn each time, so one right answer is not "easy");
* flashcards: the candidate's own 1–4 (Again/Hard/Good/Easy);
* a hint taken caps the rating at Hard: the answer was not recalled unaided;
* an override "I was right" raises the rating to at least Good, and
  "I was wrong" sets it to Again.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Literal

from fsrs import Rating
from fsrs import Scheduler as FsrsScheduler
from fsrs import State

from .card_state import CardState
from .session_types import RATING_NAMES

__all__ = [
    "EASY_SCORE", "CardState", "Rating", "Scheduler", "State", "apply_hint_cap",
    "apply_override", "rating_for_result", "rating_name", "verdict_for_rating",
]

EASY_SCORE = 0.95
"""A strong free-text answer scoring at least this is rated Easy rather than Good."""

ResultKind = Literal["text", "number", "choice"]

def rating_name(rating: int) -> str:
    return RATING_NAMES[int(Rating(rating))]


def rating_for_result(verdict: str, score: float | None, kind: ResultKind = "text") -> Rating:
    """The FSRS rating an automatically graded answer earns (see the module docstring)."""
    if verdict == "weak":
        return Rating.Again
    if verdict == "partial":
        return Rating.Hard
    if verdict != "strong":
        raise ValueError(f"unknown verdict {verdict!r}")
    if kind == "text" and score is not None and score >= EASY_SCORE:
        return Rating.Easy
    return Rating.Good


def apply_hint_cap(rating: Rating, hints_used: int) -> Rating:
    """An answer given after a hint is at best Hard."""
    return min(rating, Rating.Hard) if hints_used else rating


def apply_override(rating: Rating, right: bool) -> Rating:
    """The rating after the candidate overrides the grade."""
    return max(rating, Rating.Good) if right else Rating.Again


def verdict_for_rating(rating: int) -> str:
    """The verdict stored for a self-rated flashcard, so accuracy counts it like other items."""
    return {1: "weak", 2: "partial"}.get(int(rating), "strong")


class Scheduler:
    """Schedules reviews with py-fsrs.

    Fuzzing is off by default: py-fsrs draws its fuzz from the global ``random``
    module, which would make a session with a fixed seed impossible to replay.
    """

    def __init__(self, desired_retention: float = 0.9, *, fuzz: bool = False,
                 maximum_interval_days: int = 36500) -> None:
        self._fsrs = FsrsScheduler(desired_retention=desired_retention, enable_fuzzing=fuzz,
                                   maximum_interval=maximum_interval_days)

    @property
    def desired_retention(self) -> float:
        return self._fsrs.desired_retention

    def new_card(self, now: datetime) -> CardState:
        """The state of an item never reviewed: learning, due now."""
        return CardState(state=int(State.Learning), step=0, stability=None, difficulty=None,
                         due=now, last_review=None)

    def review(self, card: CardState | None, rating: int, now: datetime,
               duration: timedelta | None = None) -> CardState:
        """The state after reviewing ``card`` (None: a new item) with ``rating`` at ``now``."""
        now = now.astimezone(timezone.utc)  # py-fsrs insists on the timezone.utc object itself
        current = (card or self.new_card(now)).to_fsrs()
        duration_ms = None if duration is None else int(duration.total_seconds() * 1000)
        updated, _log = self._fsrs.review_card(current, Rating(rating), now, duration_ms)
        return CardState.from_fsrs(updated)

    def retrievability(self, card: CardState, at: datetime) -> float:
        """The predicted probability of recalling the item at ``at`` (0 for an unreviewed card)."""
        return float(self._fsrs.get_card_retrievability(card.to_fsrs(), at.astimezone(timezone.utc)))
