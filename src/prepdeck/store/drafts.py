"""Drafts: what the candidate has typed for a card and not yet submitted, one per card.

Saved as they type, so an answer survives escape, ctrl+q, a restart or a crash;
removed once the answer is recorded.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from ..core.clock import to_ms
from .connection import transaction


def save_draft(conn: sqlite3.Connection, deck_id: str, item_id: str, text: str, now: datetime) -> None:
    """Keep ``text`` as the card's draft; an empty (or blank) text removes it."""
    with transaction(conn):
        if not text.strip():
            conn.execute("DELETE FROM drafts WHERE deck_id = ? AND item_id = ?", (deck_id, item_id))
        else:
            conn.execute("INSERT INTO drafts (deck_id, item_id, text, saved_ms) VALUES (?, ?, ?, ?) "
                         "ON CONFLICT (deck_id, item_id) DO UPDATE SET text = excluded.text, "
                         "saved_ms = excluded.saved_ms", (deck_id, item_id, text, to_ms(now)))


def load_draft(conn: sqlite3.Connection, deck_id: str, item_id: str) -> str | None:
    row = conn.execute("SELECT text FROM drafts WHERE deck_id = ? AND item_id = ?", (deck_id, item_id)).fetchone()
    return None if row is None else str(row[0])
