"""What a study session needs from the progress store, as a Protocol.

The core never imports the store (an import-linter contract checks it); the
SQLite ``prepdeck.store.Store`` satisfies this, and tests may pass a fake.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Iterable, Protocol

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


class UndoneAttempt(Protocol):
    """What undoing an attempt left: the card's state now (None: new again)."""

    @property
    def card(self) -> CardState | None: ...


class ProgressStore(Protocol):
    """Card states, attempts and sessions, each committed on return."""

    def cards(self) -> dict[tuple[str, str], CardState]: ...

    def damaged_cards(self) -> dict[tuple[str, str], str]:
        """Card rows the store could not read, each described; ``cards()`` leaves them out."""
        ...

    def new_cards_since(self, since: datetime, exclude_kinds: Iterable[str] = ()) -> int: ...

    def held(self, now: datetime) -> frozenset[tuple[str, str]]: ...

    def setting(self, key: str) -> str | None: ...

    def set_setting(self, key: str, value: str | None) -> None: ...

    def start_session(self, mode: str, seed: int | None, config: dict[str, Any], now: datetime) -> int: ...

    def record(self, attempt: NewAttempt, rating: int | None, scheduler: Scheduler) -> RecordedAttempt: ...

    def set_override(self, attempt_id: int, override: Override | None, rating: int | None,
                     scheduler: Scheduler) -> CardState | None: ...

    def undo(self, attempt_id: int, now: datetime) -> UndoneAttempt: ...

    def save_session_state(self, session_id: int, state: dict[str, Any] | None, ended: datetime | None) -> None: ...

    def save_draft(self, deck_id: str, item_id: str, text: str, now: datetime) -> None: ...

    def draft(self, deck_id: str, item_id: str) -> str | None: ...

    def bury(self, deck_id: str, item_id: str, until: datetime) -> None: ...

    def suspend(self, deck_id: str, item_id: str, now: datetime | None) -> bool: ...
