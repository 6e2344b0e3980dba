"""The progress database schema, as an ordered list of migrations tracked by ``PRAGMA user_version``.

Migration ``n`` (1-based) takes a database from version ``n - 1`` to ``n``.
Never edit a released migration: append a new one, so every existing database
follows the same path. Before migrating a database that already holds data, a
copy is saved next to it (``<name>.v<old>.bak``) in case anything goes wrong.

* v1: attempts (per-criterion results in ``criteria``, the rest of the grader's result in
  ``details``, both JSON), FSRS cards (one per deck id + item id; the due index) and review logs.
* v2: sessions; the prompt shown, hints taken and time taken per attempt; the card
  state before each review (so an override can re-rate it); an item registry
  (kind, tags) so stats can describe items that have left the decks; and a covering
  index that lets stats summarise 100,000 attempts without reading the answers.
* v3: a covering index by time, so the daily series and the last-7-days scores read
  only the days they cover, again without touching the answers.
* v4: the review loop: ``settings`` (the interview date, the new-item limit and today's extra
  new items), ``drafts`` (a typed answer per card, until it is submitted), ``holds`` (buried
  until a time, or suspended), ``undos`` (every undone attempt, kept whole with the card state
  it replaced, so an undo is never a silent loss) and the state of an unfinished session
  (its queue, the card on screen and the follow-ups pending) for "continue".
"""

from __future__ import annotations

import os
import sqlite3
import stat
import tempfile
from pathlib import Path

from ..errors import PrepdeckError
from .connection import transaction

APPLICATION_ID = 0x70726570  # "prep": marks the file as a prepdeck database

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # v1
        f"PRAGMA application_id = {APPLICATION_ID}",
        """CREATE TABLE attempts (
            id INTEGER PRIMARY KEY,
            deck_id TEXT NOT NULL,
            item_id TEXT NOT NULL,
            mode TEXT NOT NULL,
            answered_ms INTEGER NOT NULL,
            answer TEXT NOT NULL,
            score REAL,
            verdict TEXT CHECK (verdict IN ('strong', 'partial', 'weak')),
            criteria TEXT NOT NULL DEFAULT '[]',
            details TEXT NOT NULL DEFAULT '{}',
            seed INTEGER,
            override TEXT CHECK (override IN ('right', 'wrong'))
        )""",
        "CREATE INDEX attempts_by_item ON attempts (deck_id, item_id)",
        "CREATE INDEX attempts_by_time ON attempts (answered_ms)",
        """CREATE TABLE cards (
            id INTEGER PRIMARY KEY,
            deck_id TEXT NOT NULL,
            item_id TEXT NOT NULL,
            state INTEGER NOT NULL,
            step INTEGER,
            stability REAL,
            difficulty REAL,
            due_ms INTEGER NOT NULL,
            last_review_ms INTEGER,
            created_ms INTEGER NOT NULL,
            UNIQUE (deck_id, item_id)
        )""",
        "CREATE INDEX cards_by_due ON cards (due_ms)",
        """CREATE TABLE review_logs (
            id INTEGER PRIMARY KEY,
            card_id INTEGER NOT NULL REFERENCES cards (id),
            attempt_id INTEGER REFERENCES attempts (id),
            rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
            reviewed_ms INTEGER NOT NULL,
            duration_ms INTEGER
        )""",
        "CREATE INDEX review_logs_by_card ON review_logs (card_id)",
    ),
    (  # v2
        """CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            started_ms INTEGER NOT NULL,
            mode TEXT NOT NULL,
            seed INTEGER,
            config TEXT NOT NULL DEFAULT '{}'
        )""",
        "ALTER TABLE attempts ADD COLUMN session_id INTEGER REFERENCES sessions (id)",
        "ALTER TABLE attempts ADD COLUMN prompt TEXT",
        "ALTER TABLE attempts ADD COLUMN hints INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE attempts ADD COLUMN duration_ms INTEGER",
        "ALTER TABLE review_logs ADD COLUMN card_before TEXT",
        "CREATE INDEX review_logs_by_attempt ON review_logs (attempt_id)",
        # Stats aggregate attempts per item from this index alone, never touching the answers;
        # it starts with (deck_id, item_id), so it replaces the v1 index on those columns.
        "CREATE INDEX attempts_summary ON attempts (deck_id, item_id, verdict, override, score, answered_ms)",
        "DROP INDEX attempts_by_item",
        """CREATE TABLE items (
            deck_id TEXT NOT NULL,
            item_id TEXT NOT NULL,
            kind TEXT,
            tags TEXT NOT NULL DEFAULT '[]',
            first_seen_ms INTEGER NOT NULL,
            last_seen_ms INTEGER NOT NULL,
            PRIMARY KEY (deck_id, item_id)
        ) WITHOUT ROWID""",
        """INSERT INTO items (deck_id, item_id, first_seen_ms, last_seen_ms)
           SELECT deck_id, item_id, MIN(answered_ms), MAX(answered_ms) FROM attempts
           GROUP BY deck_id, item_id""",
        """INSERT OR IGNORE INTO items (deck_id, item_id, first_seen_ms, last_seen_ms)
           SELECT deck_id, item_id, created_ms, COALESCE(last_review_ms, created_ms) FROM cards""",
    ),
    (  # v3
        # It starts with answered_ms, so it also serves everything the v1 time index did.
        "CREATE INDEX attempts_by_time_summary ON attempts (answered_ms, deck_id, verdict, override, score)",
        "DROP INDEX attempts_by_time",
    ),
    (  # v4
        """CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID""",
        """CREATE TABLE drafts (
            deck_id TEXT NOT NULL,
            item_id TEXT NOT NULL,
            text TEXT NOT NULL,
            saved_ms INTEGER NOT NULL,
            PRIMARY KEY (deck_id, item_id)
        ) WITHOUT ROWID""",
        """CREATE TABLE holds (
            deck_id TEXT NOT NULL,
            item_id TEXT NOT NULL,
            buried_until_ms INTEGER,
            suspended_ms INTEGER,
            PRIMARY KEY (deck_id, item_id)
        ) WITHOUT ROWID""",
        """CREATE TABLE undos (
            id INTEGER PRIMARY KEY,
            undone_ms INTEGER NOT NULL,
            attempt_id INTEGER NOT NULL,
            session_id INTEGER,
            deck_id TEXT NOT NULL,
            item_id TEXT NOT NULL,
            attempt TEXT NOT NULL,
            review TEXT,
            card_restored TEXT
        )""",
        "ALTER TABLE sessions ADD COLUMN state TEXT",
        "ALTER TABLE sessions ADD COLUMN ended_ms INTEGER",
    ),
)

LATEST_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def check_version(conn: sqlite3.Connection, path: Path) -> int:
    """The file's schema version; refuses databases from a newer prepdeck or another program."""
    # One statement, so one snapshot: read separately, another process's migration
    # could commit in between and make a fresh file look like a foreign one.
    version, app_id, objects = conn.execute(
        "SELECT (SELECT user_version FROM pragma_user_version),"
        " (SELECT application_id FROM pragma_application_id),"
        " (SELECT count(*) FROM sqlite_master)").fetchone()
    if version > LATEST_VERSION:
        raise PrepdeckError(
            f"{path}: this progress database was written by a newer prepdeck (schema v{version}; "
            f"this version knows up to v{LATEST_VERSION}); upgrade prepdeck, or pass --db with another path")
    foreign = app_id not in (0, APPLICATION_ID) or (version == 0 and objects)
    if foreign:
        raise PrepdeckError(
            f"{path}: an SQLite database from another program, not a prepdeck progress database; "
            "it was left untouched: pass --db with another path")
    return version


def backup_path(path: Path, version: int) -> Path:
    return path.with_name(f"{path.name}.v{version}.bak")


def is_whole_backup(backup: Path, version: int) -> bool:
    """True when ``backup`` is a readable, undamaged prepdeck database at ``version``.

    A 0-byte file (a full disk) opens as an empty database, so the version is checked
    as well as ``quick_check``.
    """
    try:
        check = sqlite3.connect(f"{backup.absolute().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        verdict = check.execute("PRAGMA quick_check").fetchall()
        found = check.execute("PRAGMA user_version").fetchone()[0]
        return verdict == [("ok",)] and found == version
    except sqlite3.Error:
        return False
    finally:
        check.close()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _backup(conn: sqlite3.Connection, path: Path, version: int) -> None:
    """Save a whole copy of the database before upgrading it, or fail without upgrading.

    The copy is written to a fresh temporary name, synced, checked and only then
    renamed to ``<name>.v<version>.bak``, so the backup is whole or absent, whatever
    happens (a full disk, a kill) while it is written. An existing backup is kept
    (it is the one taken before the first upgrade attempt) unless it fails the check,
    and then it is taken again. The copy gets the database file's own permissions.
    """
    target = backup_path(path, version)
    if target.exists() and is_whole_backup(target, version):
        return
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        raise PrepdeckError(f"{path}: could not save a backup before upgrading the progress database "
                            f"({error.strerror or error}); nothing was changed") from None
    os.close(fd)
    temp = Path(name)
    try:
        os.chmod(temp, mode)
        try:
            # VACUUM INTO writes a consistent snapshot into an empty file; it does not sync it.
            conn.execute("VACUUM INTO ?", (str(temp),))
        except sqlite3.Error as error:
            raise PrepdeckError(
                f"{path}: could not save a backup before upgrading the progress database "
                f"({'the disk is full' if 'full' in str(error) else error}); nothing was changed: "
                "free some space and try again") from None
        _fsync(temp)
        if not is_whole_backup(temp, version):
            raise PrepdeckError(f"{path}: the backup taken before upgrading failed its check; nothing was "
                                "changed: free some space and try again")
        os.replace(temp, target)
        _fsync(path.parent)
    except OSError as error:
        raise PrepdeckError(f"{path}: could not save a backup before upgrading the progress database "
                            f"({error.strerror or error}); nothing was changed") from None
    finally:
        temp.unlink(missing_ok=True)
        temp.with_name(temp.name + "-journal").unlink(missing_ok=True)  # VACUUM INTO's own, if it failed


def migrate(conn: sqlite3.Connection, path: Path) -> int:
    """Bring the schema up to ``LATEST_VERSION``; returns the version found before migrating."""
    found = check_version(conn, path)
    if found == LATEST_VERSION:
        return found
    if found > 0:
        _backup(conn, path, found)
    with transaction(conn):
        # Another process may have migrated while we waited for the write lock.
        current = check_version(conn, path)
        for statements in MIGRATIONS[current:]:
            for statement in statements:
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {LATEST_VERSION}")
    return found
