"""Durability: SIGKILL mid-session loses nothing already shown; concurrent sessions lose nothing."""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from study_helpers import EXAMPLE, rows

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

FEEDBACK_START = re.compile(r"^(score \d|✓ correct|✗ |recorded)")
PATH_AND_LINE = re.compile(r"^\S+:\d+$")
# "1" then a blank line answers every kind of card: a choice (option 1 / true), a number, free
# text; a flashcard takes "1" as the recall, the blank line to reveal and the next "1" as its rating.
ANSWER = b"1\n\n"


def quiz_command(db: Path, seed: int) -> list[str]:
    return [sys.executable, "-m", "prepdeck", "quiz", "--plain", "--mode", "review", "--new-per-day", "1000",
            "--seed", str(seed), "--db", str(db), str(EXAMPLE)]


def shown_attempts(output: str) -> list[str]:
    """The item ids whose feedback was printed, in order."""
    shown, current = [], None
    for line in output.splitlines():
        if line.startswith("[") and "] " in line:
            parts = line.split(" · ")
            current = next(parts[i - 1] for i, part in enumerate(parts) if PATH_AND_LINE.match(part))
        elif current is not None and FEEDBACK_START.match(line):
            shown.append(current)
            current = None
    return shown


def stored_after(db: Path, last_id: int) -> list[str]:
    if not db.exists():
        return []
    return [item for (item,) in rows(db, "SELECT item_id FROM attempts WHERE id > ? ORDER BY id", (last_id,))]


def last_attempt_id(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        return rows(db, "SELECT coalesce(max(id), 0) FROM attempts")[0][0]
    except sqlite3.OperationalError:  # killed before the schema was created
        return 0


def run_and_kill(db: Path, seed: int, delay: float) -> tuple[str, int]:
    process = subprocess.Popen(quiz_command(db, seed), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, bufsize=0)
    chunks: list[bytes] = []
    started = threading.Event()

    def read() -> None:
        while data := os.read(process.stdout.fileno(), 65536):
            chunks.append(data)
            if b"\n[" in data or data.startswith(b"["):
                started.set()
        started.set()

    def write() -> None:
        try:
            for _ in range(16):
                process.stdin.write(ANSWER)
                process.stdin.flush()
                time.sleep(0.01)  # paced, so the kill lands mid-session rather than after it
        except (BrokenPipeError, ValueError):
            pass

    reader = threading.Thread(target=read)
    reader.start()
    started.wait(timeout=30)
    writer = threading.Thread(target=write)
    writer.start()
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    writer.join(timeout=30)
    reader.join(timeout=30)
    process.stdin.close()
    process.stdout.close()
    return b"".join(chunks).decode("utf-8", "replace"), process.returncode


def test_sigkill_at_random_moments_loses_no_attempt_that_was_shown(tmp_path):
    db = tmp_path / "progress.sqlite3"
    rng = random.Random(20260302)
    kills = shown_total = 0
    for attempt in range(40):
        if kills >= 20:
            break
        before = last_attempt_id(db)
        output, code = run_and_kill(db, seed=attempt, delay=rng.uniform(0.0, 0.12))
        shown = shown_attempts(output)
        stored = stored_after(db, before)
        # Every attempt whose feedback was printed is stored, in order; at most one more was
        # committed whose feedback the kill cut off.
        assert stored[: len(shown)] == shown, (output, stored)
        assert len(stored) <= len(shown) + 1
        assert rows(db, "PRAGMA integrity_check") == [("ok",)]
        kills += code == -signal.SIGKILL
        shown_total += len(shown)
    assert kills >= 20
    assert shown_total >= 20  # the kills landed mid-session, not just at start-up
    # The database is still a working progress database.
    result = subprocess.run(quiz_command(db, 99), input="", capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_two_concurrent_quiz_sessions_lose_nothing(tmp_path):
    db = tmp_path / "progress.sqlite3"
    processes = [subprocess.Popen(quiz_command(db, seed), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE) for seed in (1, 2)]
    outputs = []
    for process in processes:
        out, err = process.communicate(ANSWER * 16, timeout=120)
        assert process.returncode == 0, err.decode()
        outputs.append(out.decode())
    shown = [item for output in outputs for item in shown_attempts(output)]
    assert len(shown) >= 14
    assert sorted(stored_after(db, 0)) == sorted(shown)
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]


WRITER = """
import sys
from datetime import datetime, timedelta, timezone
from prepdeck.core.attempt import NewAttempt
from prepdeck.core.scheduler import Scheduler
from prepdeck.store import Store

db, worker = sys.argv[1], int(sys.argv[2])
start = datetime(2026, 3, 2, tzinfo=timezone.utc)
scheduler = Scheduler()
with Store.open(db) as store:
    for n in range(150):
        when = start + timedelta(seconds=n)
        store.record(NewAttempt("d", f"item-{n % 5}", "question", "quiz", when, f"w{worker}-{n}",
                                score=0.5, verdict="partial"), 1 + n % 4, scheduler)
"""


def test_two_writers_hammering_the_same_cards_lose_nothing(tmp_path):
    db = tmp_path / "progress.sqlite3"
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(worker)], stderr=subprocess.PIPE)
               for worker in (1, 2)]
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err.decode()
    answers = {answer for (answer,) in rows(db, "SELECT answer FROM attempts")}
    assert answers == {f"w{worker}-{n}" for worker in (1, 2) for n in range(150)}
    assert rows(db, "SELECT count(*) FROM review_logs") == [(300,)]
    assert rows(db, "SELECT count(*), count(DISTINCT item_id) FROM cards") == [(5, 5)]
    assert rows(db, "SELECT count(*) FROM review_logs r JOIN attempts a ON a.id = r.attempt_id") == [(300,)]
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]


def test_the_sync_level_is_one_setting_the_connection_honours(tmp_path, monkeypatch):
    from prepdeck.store import Store, connection

    levels = {}
    for name, expected in (("NORMAL", 1), ("FULL", 2)):
        monkeypatch.setattr(connection, "SYNCHRONOUS", name)
        conn = connection.connect(tmp_path / f"{name}.sqlite3")
        try:
            levels[name] = conn.execute("PRAGMA synchronous").fetchone()[0]
        finally:
            conn.close()
        assert levels[name] == expected
    monkeypatch.undo()
    with Store.open(tmp_path / "default.sqlite3") as store:
        assert store._conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL: see the README
