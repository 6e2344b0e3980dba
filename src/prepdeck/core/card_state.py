"""One item's FSRS memory state as plain values: what the store keeps and the queue sorts by.

It lives apart from the scheduler so that the store, the queue planner and the
TUI's first screen can handle card states without importing py-fsrs; only
converting to and from py-fsrs cards (which the scheduler does) imports it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fsrs import Card as FsrsCard

STATE_NAMES = {1: "learning", 2: "review", 3: "relearning"}
"""py-fsrs ``State`` values by number (they are part of the stored format, so they never change)."""


@dataclass(frozen=True)
class CardState:
    """One item's FSRS memory state, as the store keeps it (all instants aware UTC)."""

    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None

    def to_fsrs(self) -> "FsrsCard":
        from fsrs import Card, State

        # card_id is only used in py-fsrs review logs, which the store replaces with its own.
        return Card(card_id=0, state=State(self.state), step=self.step, stability=self.stability,
                    difficulty=self.difficulty, due=self.due, last_review=self.last_review)

    @classmethod
    def from_fsrs(cls, card: "FsrsCard") -> "CardState":
        return cls(state=int(card.state), step=card.step, stability=card.stability,
                   difficulty=card.difficulty, due=card.due, last_review=card.last_review)

    @property
    def state_name(self) -> str:
        return STATE_NAMES[self.state]
