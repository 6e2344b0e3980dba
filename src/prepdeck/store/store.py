"""``Store``: the one object the session, the CLI and the TUI use to reach the progress database.

It owns a connection, serialises calls (the TUI may call from a worker thread),
and reports every SQLite failure as a one-line ``PrepdeckError`` naming the file.
"""

from __future__ import annotations

import sqlite3
import threading
from datetime import date, datetime, tzinfo
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Iterable

from ..errors import PrepdeckError
from .connection import connect, is_writable, resolve_db_path, translate_errors
from .migrations import LATEST_VERSION, check_version, migrate

if TYPE_CHECKING:
    from ..core.attempt import NewAttempt, Override
    from ..core.card_state import CardState
    from ..core.scheduler import Scheduler
    from .attempts import AttemptRow, Recorded, Undone
    from .holds import Hold
    from .series import DayPoint, RecentScores
    from .sessions import LastSession
    from .stats import Catalog, Stats


INTERVIEW_DATE_KEY = "interview_date"


def _part(name: str) -> ModuleType:
    """One of the store's query modules, imported on first use: opening the database (which
    ``prepdeck`` does before the TUI's first frame) needs only ``connection`` and ``migrations``."""
    return import_module(f"{__package__}.{name}")


class Store:
    """The progress database. Open with ``Store.open`` (read-write) or ``Store.open_for_reading``."""

    def __init__(self, conn: sqlite3.Connection, path: Path, *, writable: bool = True) -> None:
        self._conn = conn
        self.path = path
        self.writable = writable
        self._lock = threading.RLock()

    @classmethod
    def open(cls, path: Path | str | None = None, *, busy_timeout_ms: int | None = None) -> "Store":
        """Open (creating the file and its folder if needed) and migrate to the current schema."""
        resolved = resolve_db_path(path)
        conn = connect(resolved, write=True, busy_timeout_ms=busy_timeout_ms,
                       vet=lambda conn: check_version(conn, resolved))
        try:
            with translate_errors(resolved):
                migrate(conn, resolved)
        except BaseException:
            conn.close()
            raise
        return cls(conn, resolved)

    @classmethod
    def open_for_reading(cls, path: Path | str | None = None, *,
                         busy_timeout_ms: int | None = None) -> "Store | None":
        """Open an existing database without creating anything; None when there is none yet.

        A writable file is opened normally (so an old schema is migrated); a
        read-only one is opened read-only and must already be current.
        """
        resolved = resolve_db_path(path)
        if not resolved.exists():
            return None
        if is_writable(resolved):
            return cls.open(resolved, busy_timeout_ms=busy_timeout_ms)
        conn = connect(resolved, write=False, busy_timeout_ms=busy_timeout_ms)
        try:
            with translate_errors(resolved):
                version = check_version(conn, resolved)
            if version != LATEST_VERSION:
                raise PrepdeckError(f"{resolved}: the progress database needs an upgrade (schema v{version}) "
                                    "but is read-only; make it writable and run prepdeck again")
        except BaseException:
            conn.close()
            raise
        return cls(conn, resolved, writable=False)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _call(self, function: Any, *args: Any, **kwargs: Any) -> Any:
        with self._lock, translate_errors(self.path):
            try:
                return function(self._conn, *args, **kwargs)
            except _part("cards").DamagedRow as error:
                raise PrepdeckError(f"{self.path}: a damaged card row ({error}); it was left untouched") from None

    # ------------------------------------------------------------------ writing

    def start_session(self, mode: str, seed: int | None, config: dict[str, Any], now: datetime) -> int:
        """A new session row; attempts point at it so a session can be replayed and summarised."""
        return self._call(_part("sessions").start_session, mode, seed, config, now)

    def record(self, attempt: NewAttempt, rating: int | None, scheduler: Scheduler) -> Recorded:
        """Record one attempt and, with a rating, its FSRS review; committed on return."""
        return self._call(_part("attempts").record, attempt, rating, scheduler)

    def set_override(self, attempt_id: int, override: Override | None, rating: int | None,
                     scheduler: Scheduler) -> CardState | None:
        """Record the candidate's override of an attempt and re-rate its review with ``rating``."""
        return self._call(_part("attempts").set_override, attempt_id, override, rating, scheduler)

    def undo(self, attempt_id: int, now: datetime) -> Undone:
        """Take an attempt back (kept in the undo log); the card returns to its state before it."""
        return self._call(_part("attempts").undo, attempt_id, now)

    def save_session_state(self, session_id: int, state: dict[str, Any] | None, ended: datetime | None) -> None:
        """Where an unfinished sitting is, so "continue" can bring it back; ``ended`` closes it."""
        self._call(_part("sessions").save_state, session_id, state, ended)

    def save_draft(self, deck_id: str, item_id: str, text: str, now: datetime) -> None:
        """The card's unsubmitted answer (a blank text removes it)."""
        self._call(_part("drafts").save_draft, deck_id, item_id, text, now)

    def draft(self, deck_id: str, item_id: str) -> str | None:
        return self._call(_part("drafts").load_draft, deck_id, item_id)

    def bury(self, deck_id: str, item_id: str, until: datetime) -> None:
        """Leave the card out of every session until ``until``."""
        self._call(_part("holds").bury, deck_id, item_id, until)

    def suspend(self, deck_id: str, item_id: str, now: datetime | None) -> bool:
        """Leave the card out until unsuspended (``now`` None unsuspends); whether anything changed."""
        return self._call(_part("holds").suspend, deck_id, item_id, now)

    def holds(self) -> list[Hold]:
        return self._call(_part("holds").holds)

    def held(self, now: datetime) -> frozenset[tuple[str, str]]:
        """The cards buried or suspended at ``now``."""
        return self._call(_part("holds").held_keys, now)

    def setting(self, key: str) -> str | None:
        return self._call(_part("settings").get_setting, key)

    def set_setting(self, key: str, value: str | None) -> None:
        self._call(_part("settings").set_setting, key, value)

    def interview_date(self) -> date | None:
        """The candidate's interview day, remembered for stats and readiness (None: not given)."""
        value = self.setting(INTERVIEW_DATE_KEY)
        try:
            return date.fromisoformat(value) if value else None
        except ValueError:
            return None  # a damaged value is forgotten rather than stopping stats

    def set_interview_date(self, day: date | None) -> None:
        self.set_setting(INTERVIEW_DATE_KEY, None if day is None else day.isoformat())

    def undo_count(self) -> int:
        return self._call(_part("attempts").undo_count)

    # ------------------------------------------------------------------ reading

    def card(self, deck_id: str, item_id: str) -> CardState | None:
        found = self._call(_part("cards").load_card, deck_id, item_id)
        return None if found is None else found[1]

    def cards(self) -> dict[tuple[str, str], CardState]:
        return self._call(_part("cards").all_cards)

    def damaged_cards(self) -> dict[tuple[str, str], str]:
        """Card rows holding values prepdeck never writes, each named; ``cards()`` leaves them out."""
        damaged: dict[tuple[str, str], str] = {}
        self._call(_part("cards").all_cards, damaged)
        return damaged

    def damaged_attempts(self) -> list[str]:
        """Attempt rows holding values prepdeck never writes, each named; every reader of attempts leaves them out."""
        return self._call(_part("attempt_check").damaged_attempts)

    def health(self) -> list[str]:
        """What is wrong with the file: SQLite's ``quick_check`` findings, then each damaged card and attempt row.

        Empty for a healthy database. Reading only: nothing is repaired or rewritten.
        """
        problems = [row[0] for row in self._call(lambda conn: conn.execute("PRAGMA quick_check(20)").fetchall())
                    if row[0] != "ok"]
        return problems + list(self.damaged_cards().values()) + self.damaged_attempts()

    def due_cards(self, until: datetime) -> list[tuple[tuple[str, str], CardState]]:
        return self._call(_part("cards").due_cards, until)

    def new_cards_since(self, since: datetime, exclude_kinds: Iterable[str] = ()) -> int:
        return self._call(_part("cards").new_cards_since, since, exclude_kinds)

    def attempts(self, session_id: int | None = None) -> list[AttemptRow]:
        return self._call(_part("attempts").attempts, session_id)

    def attempt_count(self) -> int:
        return self._call(_part("attempts").attempt_count)

    def last_session(self) -> LastSession | None:
        """The sitting that recorded the latest answer (TUI or ``quiz --plain``), for "continue"."""
        return self._call(_part("sessions").last_session)

    def daily(self, first: date, last: date, tz: tzinfo | None = None) -> list[DayPoint]:
        """Attempts, right answers and scores per local day from ``first`` to ``last`` (inclusive)."""
        return self._call(_part("series").daily, first, last, tz)

    def recent_scores(self, since: datetime) -> RecentScores:
        """Attempts since ``since`` tallied per deck and overall (e.g. the last-7-days mean score)."""
        return self._call(_part("series").recent_scores, since)

    def stats(self, *, now: datetime, scheduler: Scheduler, tz: tzinfo | None = None,
              catalog: Catalog | None = None, on: date | None = None, weakest: int = 10) -> Stats:
        return self._call(_part("stats").compute_stats, now=now, scheduler=scheduler, tz=tz, catalog=catalog, on=on,
                          weakest=weakest)
