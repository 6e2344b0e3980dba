"""Opening the progress database safely, and turning SQLite failures into one-line errors.

The database holds the candidate's history, so this module never overwrites,
truncates or recreates a file it cannot read: it refuses with a message that
names the file and says what to do.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from ..errors import PrepdeckError
from ..paths import default_db_path

BUSY_TIMEOUT_MS = 5000
"""How long a write waits for another session's write to finish before giving up."""

SQLITE_HEADER = b"SQLite format 3\x00"

SYNCHRONOUS = "NORMAL"
"""SQLite's sync level for writes; see the README ("Durability") and benchmarks/store.py for the choice."""


def resolve_db_path(option: Path | str | None) -> Path:
    """``--db`` when given, else ``$PREPDECK_HOME/progress.sqlite3``, else the platform data dir."""
    return Path(option).expanduser() if option else default_db_path()


def database_error(path: Path, error: sqlite3.Error) -> PrepdeckError:
    """A one-line, actionable error for an SQLite failure on ``path``."""
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error)
    if name in ("SQLITE_NOTADB", "SQLITE_CORRUPT") or "not a database" in text or "malformed" in text:
        return PrepdeckError(
            f"{path}: the progress database is damaged or not an SQLite file ({text}); it was left "
            "untouched: restore a backup, or move it aside and prepdeck will start a new one")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return PrepdeckError(
            f"{path}: the progress database is locked by another program; close the other "
            "prepdeck session or tool using it and try again")
    if name.startswith("SQLITE_READONLY") or "readonly" in text:
        return read_only_folder_error(path) if is_writable(path) else read_only_error(path)
    if name.startswith("SQLITE_FULL"):
        return PrepdeckError(f"{path}: the disk is full; free some space and try again")
    if name.startswith("SQLITE_CANTOPEN"):
        return PrepdeckError(
            f"{path}: cannot open the progress database ({text}); check the folder exists and "
            "is accessible, or pass --db PATH")
    return PrepdeckError(f"{path}: progress database error: {text}")


def read_only_folder_error(path: Path) -> PrepdeckError:
    folder = path.absolute().parent
    return PrepdeckError(
        f"{path}: the folder {folder} is read-only, so SQLite cannot create the database's journal files "
        f"({path.name}-wal, {path.name}-shm) beside it; make the folder writable (chmod u+w {folder}) "
        "or pass --db with a path in a writable folder")


def read_only_error(path: Path) -> PrepdeckError:
    return PrepdeckError(
        f"{path}: the progress database is read-only; make it writable (chmod u+w) or pass "
        "--db with a writable path")


@contextmanager
def translate_errors(path: Path) -> Iterator[None]:
    """Re-raise SQLite errors as ``PrepdeckError`` naming ``path``."""
    try:
        yield
    except sqlite3.Error as error:
        raise database_error(path, error) from None


def is_writable(path: Path) -> bool:
    # Permission bits are checked as well as access(): root may write anywhere, but a file
    # whose owner removed every write bit is meant to be read-only, and we honour that.
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return os.access(path, os.W_OK) and bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def check_existing_file(path: Path) -> None:
    """Refuse a path that exists but is not an SQLite file (a directory, a text file, ...)."""
    if path.is_dir():
        raise PrepdeckError(f"{path}: is a directory, not a progress database; pass --db with a file path")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise PrepdeckError(f"{path}: cannot read the progress database ({error.strerror or error})") from None
    if header and header != SQLITE_HEADER:
        raise PrepdeckError(
            f"{path}: not a progress database (the file is not SQLite); it was left untouched: "
            "move it aside or pass --db with another path")


def connect(path: Path, *, write: bool = True, busy_timeout_ms: int | None = None,
            vet: Callable[[sqlite3.Connection], object] | None = None) -> sqlite3.Connection:
    """An open connection with WAL, synchronous=NORMAL, a busy timeout and foreign keys.

    ``write=True`` creates the file (and its folder) when missing and insists on a
    writable file; ``write=False`` opens an existing file read-only. ``vet`` may
    refuse the file (say, another program's database) before anything in it changes.
    """
    if busy_timeout_ms is None:
        busy_timeout_ms = BUSY_TIMEOUT_MS
    exists = path.exists()
    if exists:
        check_existing_file(path)
        if write and not is_writable(path):
            raise read_only_error(path)
        if write and not is_writable(path.absolute().parent):
            # Checked by its bits, like the file: root could write there, but the owner said no.
            raise read_only_folder_error(path)
    elif not write:
        raise PrepdeckError(f"{path}: no progress database here yet")
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise PrepdeckError(
                f"{path.parent}: cannot create the data folder ({error.strerror or error}); "
                "set PREPDECK_HOME or pass --db PATH") from None
    target = str(path) if write else f"{path.absolute().as_uri()}?mode=ro"
    with translate_errors(path):
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, one transaction per attempt.
        # check_same_thread=False: the TUI may call in from a worker thread; Store serialises access.
        conn = sqlite3.connect(target, uri=not write, timeout=busy_timeout_ms / 1000,
                               isolation_level=None, check_same_thread=False)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            # Reading the schema now turns a damaged file into an error here, not mid-session.
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            if vet is not None:
                vet(conn)  # before the switch to WAL, which would rewrite a file we then refuse
            if write:
                mode = _switch_to_wal(conn, busy_timeout_ms)
                if str(mode).lower() != "wal":
                    raise PrepdeckError(f"{path}: cannot switch the progress database to WAL mode "
                                        f"(it stays in {mode!r} mode); is it on a network drive?")
            conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
            conn.execute("PRAGMA foreign_keys = ON")
        except BaseException:
            conn.close()
            raise
    return conn


def _switch_to_wal(conn: sqlite3.Connection, busy_timeout_ms: int) -> str:
    """Put the file in WAL mode, waiting out another session doing the same.

    Changing the journal mode needs an exclusive lock, and SQLite reports
    "database is locked" at once, without its busy handler, when a second
    session opens a fresh file at the same moment; so retry within the timeout.
    """
    mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    if str(mode).lower() == "wal":
        return mode
    deadline = time.monotonic() + busy_timeout_ms / 1000
    delay = 0.005
    while True:
        try:
            return conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() + delay > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.1)


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction, taking the write lock up front so read-then-write is atomic."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
