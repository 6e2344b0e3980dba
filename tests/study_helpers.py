"""Shared fakes for the study-engine tests: a controllable clock and the example deck."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

from prepdeck.core.loader import DeckSet, load_decks
from prepdeck.core.session import Session
from prepdeck.core.session_types import SessionConfig

EXAMPLE = Path(__file__).parent / "fixtures" / "example_deck.yaml"
START = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


class FakeClock:
    """A clock that only moves when told to."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def example_decks() -> DeckSet:
    decks = load_decks([EXAMPLE])
    assert not decks.diagnostics, decks.diagnostics
    return decks


def rows(path: Path, sql: str, params: tuple = ()) -> list[tuple]:
    """Query the database through a separate connection: sees only committed data."""
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def make(decks, store, clock=None, seed=1, **config) -> Session:
    """A session on ``decks`` with a fake clock, in UTC, configured by ``config``."""
    return Session(decks, store, clock=clock or FakeClock(), seed=seed, config=SessionConfig(**config),
                   tz=timezone.utc)
