"""Session rows: one per sitting that recorded an answer, with what it was set to study.

They let a UI offer "continue where I left off" for the last sitting, whichever
front end (the TUI or ``quiz --plain``) it was started from.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..core.clock import from_ms, to_ms
from .attempt_check import TALLIED_ATTEMPT_SQL
from .connection import transaction


@dataclass(frozen=True)
class LastSession:
    """The sitting that recorded the latest answer: its mode, and the deck and tag filters it used."""

    id: int
    mode: str
    deck_ids: tuple[str, ...]
    tags: tuple[str, ...]
    seed: int | None
    started_at: datetime
    state: dict[str, Any] | None = None  # an unfinished sitting's queue (see ``Session.snapshot``)
    ended: bool = False  # the sitting ran out of cards

    @property
    def resumable(self) -> bool:
        return not self.ended and bool(self.state)


def start_session(conn: sqlite3.Connection, mode: str, seed: int | None, config: dict[str, Any],
                  now: datetime) -> int:
    with transaction(conn):
        cursor = conn.execute("INSERT INTO sessions (started_ms, mode, seed, config) VALUES (?, ?, ?, ?)",
                              (to_ms(now), mode, seed, json.dumps(config, ensure_ascii=False)))
    return int(cursor.lastrowid)


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()


def _saved_ms(state_json: str | None) -> int:
    try:
        state = json.loads(state_json) if state_json else None
    except ValueError:
        return 0
    saved = state.get("saved_ms") if isinstance(state, dict) else None
    return saved if isinstance(saved, int) else 0


def last_session(conn: sqlite3.Connection) -> LastSession | None:
    """The sitting to continue: the one that recorded the latest answer (not the most recently
    started one: a sitting left open in another terminal may have started earlier and answered
    later), unless an unfinished sitting was active more recently (say, with only a draft typed)."""
    answered = conn.execute(
        f"""SELECT attempts.session_id, attempts.answered_ms FROM attempts
           JOIN sessions ON sessions.id = attempts.session_id WHERE {TALLIED_ATTEMPT_SQL}
           ORDER BY attempts.id DESC LIMIT 1""").fetchone()
    unfinished = conn.execute(
        """SELECT id, state FROM sessions WHERE ended_ms IS NULL AND state IS NOT NULL
           ORDER BY id DESC LIMIT 1""").fetchone()
    candidates = []
    if answered is not None:
        candidates.append((answered[1], answered[0]))
    if unfinished is not None and _saved_ms(unfinished[1]):
        candidates.append((_saved_ms(unfinished[1]), unfinished[0]))
    if not candidates:
        return None
    _, chosen = max(candidates)
    row = conn.execute("""SELECT id, mode, seed, config, started_ms, state, ended_ms FROM sessions
                          WHERE id = ?""", (chosen,)).fetchone()
    session_id, mode, seed, config_json, started_ms, state_json, ended_ms = row
    try:
        config = json.loads(config_json)
    except ValueError:
        config = {}  # only the filters are lost: the mode is still worth continuing
    if not isinstance(config, dict):
        config = {}
    try:
        state = json.loads(state_json) if state_json else None
    except ValueError:
        state = None  # a damaged queue: the sitting can still be continued as a fresh one
    return LastSession(session_id, mode, _strings(config.get("deck_ids")), _strings(config.get("tags")), seed,
                       from_ms(started_ms), state if isinstance(state, dict) else None, ended_ms is not None)


def save_state(conn: sqlite3.Connection, session_id: int, state: dict[str, Any] | None,
               ended: datetime | None) -> None:
    """Keep where an unfinished sitting is (its queue), or mark it ended."""
    with transaction(conn):
        conn.execute("UPDATE sessions SET state = ?, ended_ms = ? WHERE id = ?",
                     (None if state is None else json.dumps(state, ensure_ascii=False),
                      None if ended is None else to_ms(ended), session_id))
