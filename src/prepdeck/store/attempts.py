"""Recording attempts: one transaction per attempt, committed before the caller shows feedback.

Each transaction writes the attempt, refreshes the item registry, and (when the
attempt is rated) reviews the FSRS card and logs the review with a snapshot of
the card before it, so a later override can re-rate the same review.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from ..core.attempt import NewAttempt, Override
from ..core.card_state import CardState
from ..core.clock import from_ms, to_ms
from ..errors import PrepdeckError
from .attempt_check import VALID_ATTEMPT_SQL
from .cards import card_from_json, card_to_json, load_card, save_card
from .connection import transaction

if TYPE_CHECKING:
    from ..core.scheduler import Scheduler


@dataclass(frozen=True)
class Recorded:
    """The committed attempt's id and, when it was rated, the card's new state."""

    attempt_id: int
    card: CardState | None = None
    rating: int | None = None


@dataclass(frozen=True)
class AttemptRow:
    """An attempt as stored."""

    id: int
    session_id: int | None
    deck_id: str
    item_id: str
    mode: str
    answered_at: datetime
    prompt: str | None
    answer: str
    score: float | None
    verdict: str | None
    criteria: list[dict[str, Any]]
    details: dict[str, Any]
    seed: int | None
    override: str | None
    hints: int
    duration_ms: int | None


ATTEMPT_COLUMNS = ("id, session_id, deck_id, item_id, mode, answered_ms, prompt, answer, score, verdict, "
                   "criteria, details, seed, override, hints, duration_ms")


def _row_to_attempt(row: tuple) -> AttemptRow:
    values = list(row)
    values[5] = from_ms(values[5])
    values[10] = json.loads(values[10])
    values[11] = json.loads(values[11])
    return AttemptRow(*values)


def _json(value: Any) -> str:
    # Generated questions may carry numpy scalars or arrays in their parameters.
    return json.dumps(value, ensure_ascii=False,
                      default=lambda obj: obj.tolist() if hasattr(obj, "tolist") else str(obj))


def _duration_ms(duration: timedelta | None) -> int | None:
    return None if duration is None else max(0, int(duration.total_seconds() * 1000))


def record(conn: sqlite3.Connection, attempt: NewAttempt, rating: int | None,
           scheduler: Scheduler) -> Recorded:
    """Write one attempt (and its review when ``rating`` is given) and commit."""
    now = attempt.answered_at
    now_ms = to_ms(now)
    with transaction(conn):
        conn.execute(
            """INSERT INTO items (deck_id, item_id, kind, tags, first_seen_ms, last_seen_ms)
               VALUES (?, ?, ?, ?, ?, ?)
               ON CONFLICT (deck_id, item_id) DO UPDATE SET
                 kind = excluded.kind, tags = excluded.tags, last_seen_ms = excluded.last_seen_ms""",
            (attempt.deck_id, attempt.item_id, attempt.kind, _json(list(attempt.tags)), now_ms, now_ms))
        cursor = conn.execute(
            """INSERT INTO attempts (session_id, deck_id, item_id, mode, answered_ms, prompt, answer, score,
                                     verdict, criteria, details, seed, hints, duration_ms)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (attempt.session_id, attempt.deck_id, attempt.item_id, attempt.mode, now_ms, attempt.prompt,
             attempt.answer, attempt.score, attempt.verdict, _json(attempt.criteria),
             _json(attempt.details), attempt.seed, attempt.hints, _duration_ms(attempt.duration)))
        attempt_id = int(cursor.lastrowid)
        if rating is None:
            return Recorded(attempt_id)
        found = load_card(conn, attempt.deck_id, attempt.item_id)
        card_id, before = found if found else (None, None)
        after = scheduler.review(before, rating, now, attempt.duration)
        card_id = save_card(conn, card_id, attempt.deck_id, attempt.item_id, after, now)
        conn.execute(
            """INSERT INTO review_logs (card_id, attempt_id, rating, reviewed_ms, duration_ms, card_before)
               VALUES (?, ?, ?, ?, ?, ?)""",
            (card_id, attempt_id, int(rating), now_ms, _duration_ms(attempt.duration), card_to_json(before)))
    return Recorded(attempt_id, after, int(rating))


def set_override(conn: sqlite3.Connection, attempt_id: int, override: Override | None,
                 rating: int | None, scheduler: Scheduler) -> CardState | None:
    """Record the candidate's override and re-rate the attempt's review with ``rating``.

    The card is recomputed from its snapshot before the review, unless it has been
    reviewed again since (another session): then only the log and attempt change.
    Returns the card's state afterwards (None when the attempt was not rated).
    """
    with transaction(conn):
        row = conn.execute("SELECT deck_id, item_id FROM attempts WHERE id = ?", (attempt_id,)).fetchone()
        if row is None:
            raise PrepdeckError(f"no attempt #{attempt_id} in the progress database")
        conn.execute("UPDATE attempts SET override = ? WHERE id = ?", (override, attempt_id))
        log = conn.execute("""SELECT id, card_id, reviewed_ms, duration_ms, card_before FROM review_logs
                              WHERE attempt_id = ? ORDER BY id DESC LIMIT 1""", (attempt_id,)).fetchone()
        if log is None or rating is None:
            return None
        log_id, card_id, reviewed_ms, duration_ms, before_json = log
        conn.execute("UPDATE review_logs SET rating = ? WHERE id = ?", (int(rating), log_id))
        found = load_card(conn, row[0], row[1])
        if found is None:
            return None
        _, current = found
        if current.last_review is None or to_ms(current.last_review) != reviewed_ms:
            return current
        duration = None if duration_ms is None else timedelta(milliseconds=duration_ms)
        after = scheduler.review(card_from_json(before_json), rating, from_ms(reviewed_ms), duration)
        save_card(conn, card_id, row[0], row[1], after, from_ms(reviewed_ms))
    return after


def attempts(conn: sqlite3.Connection, session_id: int | None = None) -> list[AttemptRow]:
    """Stored attempts in order, all or one session's; damaged rows are left out (``damaged_attempts`` names them)."""
    where, params = ("AND session_id = ?", (session_id,)) if session_id is not None else ("", ())
    rows = conn.execute(f"SELECT {ATTEMPT_COLUMNS} FROM attempts WHERE {VALID_ATTEMPT_SQL} {where} ORDER BY id",
                        params)
    return [_row_to_attempt(row) for row in rows]


def attempt_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM attempts").fetchone()[0])


@dataclass(frozen=True)
class Undone:
    """What undoing an attempt left: the card's state now (None: the item is new again), and
    whether the card was rolled back (False when a later review, say in another session, won)."""

    card: CardState | None
    rolled_back: bool


def undo(conn: sqlite3.Connection, attempt_id: int, now: datetime) -> Undone:
    """Take an attempt back: it and its review leave the history, the card returns to its state
    before the review, and the whole attempt is kept in ``undos`` (so nothing is lost silently)."""
    with transaction(conn):
        row = conn.execute(f"SELECT {ATTEMPT_COLUMNS} FROM attempts WHERE id = ?", (attempt_id,)).fetchone()
        if row is None:
            raise PrepdeckError(f"no attempt #{attempt_id} in the progress database")
        attempt = dict(zip([c.strip() for c in ATTEMPT_COLUMNS.split(",")], row))
        deck_id, item_id = attempt["deck_id"], attempt["item_id"]
        log = conn.execute("""SELECT id, card_id, rating, reviewed_ms, duration_ms, card_before FROM review_logs
                              WHERE attempt_id = ? ORDER BY id DESC LIMIT 1""", (attempt_id,)).fetchone()
        found = load_card(conn, deck_id, item_id)
        current = found[1] if found else None
        rolled_back = False
        review = None
        if log is not None:
            log_id, card_id, rating, reviewed_ms, duration_ms, before_json = log
            review = {"rating": rating, "reviewed_ms": reviewed_ms, "duration_ms": duration_ms,
                      "card_before": json.loads(before_json) if before_json else None,
                      "card_after": json.loads(card_to_json(current) or "null")}
            conn.execute("DELETE FROM review_logs WHERE attempt_id = ?", (attempt_id,))
            latest = current is not None and current.last_review is not None and to_ms(current.last_review) == reviewed_ms
            if latest:
                before = card_from_json(before_json)
                if before is None:
                    conn.execute("DELETE FROM cards WHERE id = ?", (card_id,))
                else:
                    save_card(conn, card_id, deck_id, item_id, before, now)
                current, rolled_back = before, True
        conn.execute(
            """INSERT INTO undos (undone_ms, attempt_id, session_id, deck_id, item_id, attempt, review, card_restored)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            (to_ms(now), attempt_id, attempt["session_id"], deck_id, item_id, _json(attempt),
             None if review is None else _json(review), card_to_json(current) if rolled_back else None))
        conn.execute("DELETE FROM attempts WHERE id = ?", (attempt_id,))
    return Undone(current, rolled_back)


def undo_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM undos").fetchone()[0])
