"""Small named settings kept with the progress (the interview date, the new-item limit).

They live in the database, not in the TUI's preference file, so every front end and
every machine that shares the database sees the same values.
"""

from __future__ import annotations

import sqlite3

from .connection import transaction


def get_setting(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def set_setting(conn: sqlite3.Connection, key: str, value: str | None) -> None:
    """Store ``value`` under ``key``; None removes the setting."""
    with transaction(conn):
        if value is None:
            conn.execute("DELETE FROM settings WHERE key = ?", (key,))
        else:
            conn.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                         "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))
