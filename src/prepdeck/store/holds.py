"""Holds: cards the candidate buried (until a time, usually tomorrow) or suspended (until lifted).

A held card is left out of every session; its FSRS state is untouched, so lifting a
hold brings it back exactly where it was.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from ..core.clock import from_ms, to_ms
from .connection import transaction


@dataclass(frozen=True)
class Hold:
    """One held card: buried until ``buried_until`` and/or suspended since ``suspended_at``."""

    deck_id: str
    item_id: str
    buried_until: datetime | None
    suspended_at: datetime | None

    def holds_at(self, now: datetime) -> bool:
        return self.suspended_at is not None or (self.buried_until is not None and self.buried_until > now)


def bury(conn: sqlite3.Connection, deck_id: str, item_id: str, until: datetime) -> None:
    with transaction(conn):
        conn.execute("INSERT INTO holds (deck_id, item_id, buried_until_ms) VALUES (?, ?, ?) "
                     "ON CONFLICT (deck_id, item_id) DO UPDATE SET buried_until_ms = excluded.buried_until_ms",
                     (deck_id, item_id, to_ms(until)))


def suspend(conn: sqlite3.Connection, deck_id: str, item_id: str, now: datetime | None) -> bool:
    """Suspend the card (``now`` None: lift the suspension); returns whether anything changed."""
    with transaction(conn):
        if now is None:
            cursor = conn.execute("UPDATE holds SET suspended_ms = NULL WHERE deck_id = ? AND item_id = ? "
                                  "AND suspended_ms IS NOT NULL", (deck_id, item_id))
            conn.execute("DELETE FROM holds WHERE suspended_ms IS NULL AND buried_until_ms IS NULL")
            return cursor.rowcount > 0
        cursor = conn.execute(
            "INSERT INTO holds (deck_id, item_id, suspended_ms) VALUES (?, ?, ?) "
            "ON CONFLICT (deck_id, item_id) DO UPDATE SET suspended_ms = excluded.suspended_ms "
            "WHERE holds.suspended_ms IS NULL", (deck_id, item_id, to_ms(now)))
        return cursor.rowcount > 0


def holds(conn: sqlite3.Connection) -> list[Hold]:
    """Every hold, suspended ones and burials (past burials included: the caller asks ``holds_at``)."""
    rows = conn.execute("SELECT deck_id, item_id, buried_until_ms, suspended_ms FROM holds ORDER BY deck_id, item_id")
    return [Hold(d, i, None if b is None else from_ms(b), None if s is None else from_ms(s)) for d, i, b, s in rows]


def held_keys(conn: sqlite3.Connection, now: datetime) -> frozenset[tuple[str, str]]:
    """The cards held at ``now``: suspended, or buried until later."""
    rows = conn.execute("SELECT deck_id, item_id FROM holds WHERE suspended_ms IS NOT NULL OR buried_until_ms > ?",
                        (to_ms(now),))
    return frozenset((d, i) for d, i in rows)
