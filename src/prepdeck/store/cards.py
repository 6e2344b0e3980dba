"""FSRS card rows: one per (deck id, item id), read and written inside the caller's transaction.

A calculation or generated item is one card for its template: every review
draws fresh numbers, but the memory being scheduled is the method.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Iterable

from ..core.clock import from_ms, to_ms
from ..core.card_state import CardState

CARD_COLUMNS = "state, step, stability, difficulty, due_ms, last_review_ms"

CardKey = tuple[str, str]


def card_from_row(row: sqlite3.Row | tuple) -> CardState:
    state, step, stability, difficulty, due_ms, last_review_ms = row
    return CardState(state=state, step=step, stability=stability, difficulty=difficulty,
                     due=from_ms(due_ms), last_review=None if last_review_ms is None else from_ms(last_review_ms))


def card_to_json(card: CardState | None) -> str | None:
    """A snapshot of a card for a review log (None: the item was new)."""
    if card is None:
        return None
    return json.dumps({
        "state": card.state, "step": card.step, "stability": card.stability, "difficulty": card.difficulty,
        "due_ms": to_ms(card.due),
        "last_review_ms": None if card.last_review is None else to_ms(card.last_review),
    })


def card_from_json(text: str | None) -> CardState | None:
    if text is None:
        return None
    data = json.loads(text)
    return card_from_row((data["state"], data["step"], data["stability"], data["difficulty"],
                          data["due_ms"], data["last_review_ms"]))


def load_card(conn: sqlite3.Connection, deck_id: str, item_id: str) -> tuple[int, CardState] | None:
    """The card's row id and state, or None for an item never reviewed."""
    row = conn.execute(f"SELECT id, {CARD_COLUMNS} FROM cards WHERE deck_id = ? AND item_id = ?",
                       (deck_id, item_id)).fetchone()
    return None if row is None else (row[0], card_from_row(row[1:]))


def save_card(conn: sqlite3.Connection, card_id: int | None, deck_id: str, item_id: str,
              card: CardState, now: datetime) -> int:
    """Write the card (a new row when ``card_id`` is None); returns its row id."""
    values = (card.state, card.step, card.stability, card.difficulty, to_ms(card.due),
              None if card.last_review is None else to_ms(card.last_review))
    if card_id is not None:
        conn.execute("""UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due_ms = ?,
                        last_review_ms = ? WHERE id = ?""", (*values, card_id))
        return card_id
    cursor = conn.execute(f"INSERT INTO cards (deck_id, item_id, {CARD_COLUMNS}, created_ms) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (deck_id, item_id, *values, to_ms(now)))
    return int(cursor.lastrowid)


def all_cards(conn: sqlite3.Connection) -> dict[CardKey, CardState]:
    """Every card by (deck id, item id): the session filters them against the loaded decks."""
    rows = conn.execute(f"SELECT deck_id, item_id, {CARD_COLUMNS} FROM cards")
    return {(row[0], row[1]): card_from_row(row[2:]) for row in rows}


def due_cards(conn: sqlite3.Connection, until: datetime) -> list[tuple[CardKey, CardState]]:
    """Cards due at or before ``until``, most overdue first (served by the due index)."""
    rows = conn.execute(f"SELECT deck_id, item_id, {CARD_COLUMNS} FROM cards WHERE due_ms <= ? "
                        "ORDER BY due_ms, id", (to_ms(until),))
    return [((row[0], row[1]), card_from_row(row[2:])) for row in rows]


def new_cards_since(conn: sqlite3.Connection, since: datetime, exclude_kinds: Iterable[str] = ()) -> int:
    """How many items had their first review at or after ``since`` (for the new-per-day limit),
    leaving out items of ``exclude_kinds`` (practice kinds, which the limit does not cover)."""
    excluded = sorted(set(exclude_kinds))
    if not excluded:
        return int(conn.execute("SELECT count(*) FROM cards WHERE created_ms >= ?", (to_ms(since),)).fetchone()[0])
    marks = ", ".join("?" * len(excluded))
    return int(conn.execute(
        f"""SELECT count(*) FROM cards LEFT JOIN items USING (deck_id, item_id)
            WHERE cards.created_ms >= ? AND COALESCE(items.kind, '') NOT IN ({marks})""",
        (to_ms(since), *excluded)).fetchone()[0])
