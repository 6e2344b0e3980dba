"""What a study session needs from the progress store, as a Protocol.

The core never imports the store (an import-linter contract checks it); the
SQLite ``prepdeck.store.Store`` satisfies this, and tests may pass a fake.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from .attempt import NewAttempt, Override
from .card_state import CardState
from .scheduler import Scheduler


class RecordedAttempt(Protocol):
    """A committed attempt: its id and, when it was rated, the card's new state."""

    @property
    def attempt_id(self) -> int: ...

    @property
    def card(self) -> CardState | None: ...

    @property
    def rating(self) -> int | None: ...


class ProgressStore(Protocol):
    """Card states, attempts and sessions, each committed on return."""

    def cards(self) -> dict[tuple[str, str], CardState]: ...

    def damaged_cards(self) -> dict[tuple[str, str], str]:
        """Card rows the store could not read, each described; ``cards()`` leaves them out."""
        ...

    def new_cards_since(self, since: datetime) -> int: ...

    def start_session(self, mode: str, seed: int | None, config: dict[str, Any], now: datetime) -> int: ...

    def record(self, attempt: NewAttempt, rating: int | None, scheduler: Scheduler) -> RecordedAttempt: ...

    def set_override(self, attempt_id: int, override: Override | None, rating: int | None,
                     scheduler: Scheduler) -> CardState | None: ...
