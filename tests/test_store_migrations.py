"""Schema migrations: an old database is upgraded in place with its data intact (and a backup kept)."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from study_helpers import START, rows

from prepdeck.core.attempt import NewAttempt
from prepdeck.core.clock import to_ms
from prepdeck.core.scheduler import CardState, Rating, Scheduler
from prepdeck.store import Store
from prepdeck.store.migrations import LATEST_VERSION

# The schema prepdeck's first release wrote (user_version 1), written out here on purpose rather
# than taken from the migrations module: this is the file a candidate may have on disk.
V1_SCHEMA = """
PRAGMA application_id = 1886545264;
CREATE TABLE attempts (
    id INTEGER PRIMARY KEY, deck_id TEXT NOT NULL, item_id TEXT NOT NULL, mode TEXT NOT NULL,
    answered_ms INTEGER NOT NULL, answer TEXT NOT NULL, score REAL,
    verdict TEXT CHECK (verdict IN ('strong', 'partial', 'weak')),
    criteria TEXT NOT NULL DEFAULT '[]', details TEXT NOT NULL DEFAULT '{}', seed INTEGER,
    override TEXT CHECK (override IN ('right', 'wrong'))
);
CREATE INDEX attempts_by_item ON attempts (deck_id, item_id);
CREATE INDEX attempts_by_time ON attempts (answered_ms);
CREATE TABLE cards (
    id INTEGER PRIMARY KEY, deck_id TEXT NOT NULL, item_id TEXT NOT NULL, state INTEGER NOT NULL,
    step INTEGER, stability REAL, difficulty REAL, due_ms INTEGER NOT NULL, last_review_ms INTEGER,
    created_ms INTEGER NOT NULL, UNIQUE (deck_id, item_id)
);
CREATE INDEX cards_by_due ON cards (due_ms);
CREATE TABLE review_logs (
    id INTEGER PRIMARY KEY, card_id INTEGER NOT NULL REFERENCES cards (id),
    attempt_id INTEGER REFERENCES attempts (id), rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
    reviewed_ms INTEGER NOT NULL, duration_ms INTEGER
);
CREATE INDEX review_logs_by_card ON review_logs (card_id);
PRAGMA user_version = 1;
"""

T0 = to_ms(START)
DAY = 86_400_000
V1_ATTEMPTS = [
    (1, "ml.batch", "q-memory", "quiz", T0, "activations are stored", 0.8, "strong", '[{"met": true}]', "{}", None, None),
    (2, "ml.batch", "calc-steps", "calc", T0 + 60_000, "8000", 1.0, "strong", "[]", '{"expected": 8000}', 1234, None),
    (3, "ml.batch", "q-memory", "quiz", T0 + DAY, "no idea", 0.0, "weak", "[]", "{}", None, "right"),
]
V1_CARD = (1, "ml.batch", "q-memory", 2, None, 3.1, 5.5, T0 + 4 * DAY, T0 + DAY, T0)


def make_v1(path):
    conn = sqlite3.connect(str(path))
    conn.executescript(V1_SCHEMA)
    conn.executemany("INSERT INTO attempts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", V1_ATTEMPTS)
    conn.execute("INSERT INTO cards VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", V1_CARD)
    conn.execute("INSERT INTO review_logs VALUES (1, 1, 1, 3, ?, NULL)", (T0,))
    conn.execute("INSERT INTO review_logs VALUES (2, 1, 3, 1, ?, 5000)", (T0 + DAY,))
    conn.commit()
    conn.close()


def test_a_v1_database_migrates_with_its_data_intact(tmp_path):
    path = tmp_path / "progress.sqlite3"
    make_v1(path)
    with Store.open(path) as store:
        assert rows(path, "PRAGMA user_version") == [(LATEST_VERSION,)]
        old_columns = "id, deck_id, item_id, mode, answered_ms, answer, score, verdict, criteria, details, seed, override"
        assert rows(path, f"SELECT {old_columns} FROM attempts ORDER BY id") == V1_ATTEMPTS
        assert rows(path, "SELECT session_id, prompt, hints, duration_ms FROM attempts") == [(None, None, 0, None)] * 3
        assert rows(path, "SELECT id, card_id, attempt_id, rating, reviewed_ms, duration_ms, card_before "
                          "FROM review_logs ORDER BY id") == [(1, 1, 1, 3, T0, None, None),
                                                              (2, 1, 3, 1, T0 + DAY, 5000, None)]
        # The item registry is filled from the old history, so orphan reports cover it.
        assert rows(path, "SELECT deck_id, item_id, first_seen_ms, last_seen_ms FROM items ORDER BY item_id") == [
            ("ml.batch", "calc-steps", T0 + 60_000, T0 + 60_000), ("ml.batch", "q-memory", T0, T0 + DAY)]
        card = store.card("ml.batch", "q-memory")
        assert card == CardState(state=2, step=None, stability=3.1, difficulty=5.5,
                                 due=START + timedelta(days=4), last_review=START + timedelta(days=1))
        # The migrated card keeps being scheduled from where it was.
        later = START + timedelta(days=4)
        recorded = store.record(NewAttempt("ml.batch", "q-memory", "question", "quiz", later, "activations"),
                                Rating.Good, Scheduler())
        assert recorded.card == Scheduler().review(card, Rating.Good, later)
    backup = path.with_name("progress.sqlite3.v1.bak")
    assert rows(backup, "PRAGMA user_version") == [(1,)]
    assert len(rows(backup, "SELECT * FROM attempts")) == 3


def test_migrating_gives_the_same_schema_as_a_new_database(tmp_path):
    old, new = tmp_path / "old.sqlite3", tmp_path / "new.sqlite3"
    make_v1(old)
    Store.open(old).close()
    Store.open(new).close()
    query = "SELECT type, name, tbl_name FROM sqlite_master ORDER BY name"
    assert rows(old, query) == rows(new, query)
    for table in ("attempts", "cards", "review_logs", "items", "sessions"):
        assert rows(old, f"PRAGMA table_info({table})") == rows(new, f"PRAGMA table_info({table})")


def test_opening_a_current_database_again_changes_nothing(tmp_path):
    path = tmp_path / "progress.sqlite3"
    make_v1(path)
    Store.open(path).close()
    backup = path.with_name("progress.sqlite3.v1.bak")
    stamp = backup.stat().st_mtime_ns
    Store.open(path).close()
    assert backup.stat().st_mtime_ns == stamp
    assert len(rows(path, "SELECT * FROM attempts")) == 3


def _bulk_v1(path, attempts: int, answer_bytes: int = 1000):
    """A v1 database with many long attempts, so copying it takes measurable time and space."""
    make_v1(path)
    conn = sqlite3.connect(str(path))
    conn.executemany("INSERT INTO attempts VALUES (?, 'ml.batch', 'q-memory', 'quiz', ?, ?, 0.5, 'partial',"
                     " '[]', '{}', NULL, NULL)",
                     ((n, T0 + n, f"{n:08d}" + "x" * answer_bytes) for n in range(10, 10 + attempts)))
    conn.commit()
    conn.close()


def _quick_check_ok(path) -> bool:
    return rows(path, "PRAGMA quick_check") == [("ok",)]


def test_a_damaged_or_empty_backup_is_taken_again(tmp_path):
    path = tmp_path / "progress.sqlite3"
    make_v1(path)
    good = tmp_path / "good.sqlite3"
    good.write_bytes(path.read_bytes())
    backup = path.with_name("progress.sqlite3.v1.bak")
    for leftover in (b"", good.read_bytes()[: len(good.read_bytes()) // 2]):  # a full disk; a kill mid-copy
        path.write_bytes(good.read_bytes())
        backup.write_bytes(leftover)
        Store.open(path).close()
        assert _quick_check_ok(backup) and rows(backup, "PRAGMA user_version") == [(1,)]
        assert len(rows(backup, "SELECT * FROM attempts")) == 3


def test_the_backup_gets_the_database_files_mode(tmp_path):
    import os
    import stat

    path = tmp_path / "progress.sqlite3"
    make_v1(path)
    path.chmod(0o600)
    Store.open(path).close()
    backup = path.with_name("progress.sqlite3.v1.bak")
    assert stat.S_IMODE(os.stat(backup).st_mode) == 0o600


def _open_in_child(path, limit_bytes: int | None = None):
    """Open (and so upgrade) ``path`` through the CLI in a child process, optionally with a file size limit."""
    import os
    import resource
    import subprocess
    import sys
    from pathlib import Path

    fixture = Path(__file__).parent / "fixtures" / "example_deck.yaml"

    def limit():  # Python ignores SIGXFSZ, so a write past the limit fails with EFBIG, like a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    env = {**os.environ, "PREPDECK_HOME": str(path.parent / "home")}
    return subprocess.run([sys.executable, "-m", "prepdeck", "quiz", "--plain", str(fixture), "--db", str(path),
                           "--count", "1"], input=b"", capture_output=True, timeout=120, env=env,
                          preexec_fn=limit if limit_bytes else None)


def test_a_backup_that_cannot_be_written_leaves_no_file_and_no_upgrade(tmp_path):
    path = tmp_path / "progress.sqlite3"
    _bulk_v1(path, 3000)
    full = _open_in_child(path, limit_bytes=path.stat().st_size // 2)
    assert full.returncode == 1, full.stderr
    (line,) = full.stderr.decode().splitlines()
    assert "could not save a backup before upgrading" in line and "nothing was changed" in line, line
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["progress.sqlite3"]
    # Not upgraded, nothing lost (opening may only have switched the file to WAL mode).
    assert rows(path, "PRAGMA user_version") == [(1,)] and len(rows(path, "SELECT id FROM attempts")) == 3003
    # Space freed: the next run takes a whole backup, then upgrades.
    assert _open_in_child(path).returncode == 0
    backup = path.with_name("progress.sqlite3.v1.bak")
    assert _quick_check_ok(backup) and len(rows(backup, "SELECT id FROM attempts")) == 3003
    assert rows(path, "PRAGMA user_version") == [(LATEST_VERSION,)]


def test_a_kill_during_the_backup_leaves_it_whole_or_absent(tmp_path):
    import os
    import shutil
    import signal
    import subprocess
    import sys
    import time

    original = tmp_path / "original.sqlite3"
    _bulk_v1(original, 8_000)
    code = ("import sys; from pathlib import Path; from prepdeck.store import Store; "
            "print('go', flush=True); Store.open(Path(sys.argv[1])).close()")
    for delay in (0.0, 0.03, 0.08):
        work = tmp_path / f"run{delay}"
        work.mkdir()
        path = work / "progress.sqlite3"
        shutil.copyfile(original, path)
        child = subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE)
        assert child.stdout.readline() == b"go\n"
        time.sleep(delay)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        backup = path.with_name("progress.sqlite3.v1.bak")
        if backup.exists():  # absent is the other allowed outcome
            assert _quick_check_ok(backup) and len(rows(backup, "SELECT id FROM attempts")) == 8_003
        # Whatever was killed, the next open finishes the job from a whole backup.
        Store.open(path).close()
        assert _quick_check_ok(backup) and len(rows(backup, "SELECT id FROM attempts")) == 8_003
        assert len(rows(path, "SELECT id FROM attempts")) == 8_003
